"""Who a user is, as the pages and letters name them: their name (name_of), an OPD as
people type it (same_opd; names_opd, with the OPD's aliases), and who is looking at a
page (whoami: the top bar). What they may do is permissions.py's."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.http import HttpRequest

from engine.desk.core.opd_names import same_opd
from engine.desk.models import Opd, profile_of

__all__ = ["Me", "name_of", "same_opd", "whoami"]


def name_of(user: User) -> str:
    """How a person is named on letters, decisions and revocations."""
    return user.get_full_name() or user.get_username()


_CITY = re.compile(r"[\s,.]*(pemerintah\s+)?kota\s+medan[\s.]*$")


def _plain_opd(name: str) -> str:
    """An OPD's name without what people add or vary: case, spacing, a trailing
    "Kota Medan" ("Dinas Perhubungan Kota Medan" is "Dinas Perhubungan")."""
    folded = " ".join(name.split()).casefold()
    return _CITY.sub("", folded).strip(" .,") or folded


def names_opd(opd: Opd, name: str) -> bool:
    """Does `name` (a document's metadata.opd) name `opd`: its own name or one of the
    aliases the admin set for it, in any case or spacing, with or without "Kota Medan"?"""
    wanted = _plain_opd(name)
    names = [opd.name, *opd.aliases.splitlines()]
    return any(_plain_opd(known) == wanted for known in names if known.strip())


@dataclass(frozen=True)
class Me:
    username: str
    role: str | None
    opd: str | None


def whoami(request: HttpRequest | None) -> Me | None:
    """The signed-in user of a page (name, desk role and OPD), kept for the request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(request, "_patuh_me", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    profile = profile_of(user)
    role = profile.role if profile is not None else None
    opd = profile.opd if profile is not None else None
    me = Me(username=user.get_username(), role=role, opd=opd.name if opd is not None else None)
    request._patuh_me = me  # type: ignore[union-attr]
    return me
