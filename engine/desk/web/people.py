"""Who is looking at a page: name, desk role and OPD, for the top bar and the menus.
What that role may do is asked of engine.desk.services, never decided here."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from engine.desk import services
from engine.desk.models import profile_of


@dataclass(frozen=True)
class Me:
    username: str
    role: str | None
    opd: str | None
    can_submit: bool
    is_staff: bool


def whoami(request: HttpRequest | None) -> Me | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(request, "_patuh_me", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    profile = profile_of(user)
    role = profile.role if profile is not None else None
    opd = profile.opd if profile is not None else None
    me = Me(
        username=user.get_username(),
        role=role,
        opd=opd.name if opd is not None else None,
        can_submit=services.may_submit(user),
        is_staff=bool(user.is_staff),
    )
    request._patuh_me = me  # type: ignore[union-attr]
    return me
