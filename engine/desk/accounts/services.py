"""The accounts' writes: a desk user made or changed (`patuh desk adduser`, the demo),
and API tokens, made (`patuh desk token`: shown once, only their sha256 kept) and
checked (the API's bearer authentication, accounts/api.py)."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from engine.desk.core.audit import record
from engine.desk.core.errors import DeskError
from engine.desk.models import ApiToken, Opd, Profile, Role


class UnknownRole(DeskError):
    code = "unknown_role"


class OpdRequired(DeskError):
    code = "opd_required"


def create_user(
    username: str,
    role: str,
    opd_name: str | None,
    password: str | None,
    *,
    full_name: str = "",
    nip: str = "",
) -> User:
    """Make or update a desk user (a pemohon needs an OPD; made when new)."""
    if role not in Role.values:
        raise UnknownRole(role=role)
    if role == Role.PEMOHON and not opd_name:
        raise OpdRequired()
    with transaction.atomic():
        opd = Opd.objects.get_or_create(name=" ".join(opd_name.split()))[0] if opd_name else None
        user, created = User.objects.get_or_create(username=username)
        if full_name:
            user.first_name = full_name[:150]
        if password:
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        if role == Role.ADMIN:
            user.is_staff = user.is_superuser = True
        user.save()
        # Saving the user and the profile records the change (engine/desk/signals.py).
        profile = {"role": role, "opd": opd} | ({"nip": nip.strip()[:40]} if nip.strip() else {})
        Profile.objects.update_or_create(user=user, defaults=profile)
    return user


TOKEN_PREFIX = "patuh_"


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token(user: User) -> str:
    """A new API token for `user`: 256 random bits; only its sha256 is stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=_token_digest(token), prefix=token[:12])
    record("token_created", actor=user, detail={"prefix": token[:12]})
    return token


def user_for_token(token: str) -> User | None:
    """The active user a token belongs to (its last use noted), or None."""
    if not token or len(token) > 200:
        return None
    found = (
        ApiToken.objects.select_related("user")
        .filter(digest=_token_digest(token), user__is_active=True)
        .first()
    )
    if found is None:
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found.user
