"""The accounts' writes: a desk user made or changed (`patuh desk adduser`, the demo) or
deactivated (`patuh desk deactivate`: their tokens and sessions go too), and API
tokens, made (`patuh desk token`, the tokens page: shown once, only their sha256 kept,
with a label, scopes and an expiry), revoked by their owner, and checked (the API's
bearer authentication, accounts/api.py)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from engine.desk.core.audit import record
from engine.desk.core.errors import DeskError, NotFound
from engine.desk.models import TOKEN_DAYS, TOKEN_SCOPES, ApiToken, Opd, Profile, Role, profile_of


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
    email: str | None = None,
    language: str | None = None,
) -> User:
    """Make or update a desk user (a pemohon needs an OPD; made when new); `email` and
    `language` (of their mail) change only when given."""
    if role not in Role.values:
        raise UnknownRole(role=role)
    if role == Role.PEMOHON and not opd_name:
        raise OpdRequired()
    with transaction.atomic():
        opd = Opd.objects.get_or_create(name=" ".join(opd_name.split()))[0] if opd_name else None
        user, created = User.objects.get_or_create(username=username)
        if full_name:
            user.first_name = full_name[:150]
        if email is not None:
            user.email = email.strip()
        if password:
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        user.save()
        # Saving the user and the profile records the change, and sets is_staff and
        # is_superuser from the role (engine/desk/signals.py, flags_from_role).
        profile = {"role": role, "opd": opd} | ({"nip": nip.strip()[:40]} if nip.strip() else {})
        if language is not None:
            profile["language"] = language
        Profile.objects.update_or_create(user=user, defaults=profile)
    return user


TOKEN_PREFIX = "patuh_"
# The scopes a new token gets when its maker names none: what the role's work needs.
DEFAULT_SCOPES: dict[str, tuple[str, ...]] = {
    Role.PEMOHON: ("read", "submit"),
    Role.VERIFIKATOR: ("read", "decide"),
    Role.POKJA: ("read", "decide"),
    Role.PIMPINAN: ("read", "decide"),
    Role.ADMIN: ("read",),
}
MAX_TOKEN_DAYS = 366


class UnknownScope(DeskError):
    code = "unknown_scope"


class BadTokenDays(DeskError):
    code = "token_days"


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token(
    user: User,
    *,
    scopes: Iterable[str] | None = None,
    label: str = "",
    days: int = TOKEN_DAYS,
) -> str:
    """A new API token for `user` (issue_token's, the token alone)."""
    return issue_token(user, scopes=scopes, label=label, days=days)[0]


def issue_token(
    user: User,
    *,
    scopes: Iterable[str] | None = None,
    label: str = "",
    days: int = TOKEN_DAYS,
) -> tuple[str, ApiToken]:
    """A new API token for `user`: 256 random bits; only its sha256 is stored. It holds
    `scopes` (default: what the user's role needs) and works for `days` days."""
    profile = profile_of(user)
    chosen = tuple(scopes) if scopes else DEFAULT_SCOPES.get(profile.role if profile else "", ())
    unknown = [scope for scope in chosen if scope not in TOKEN_SCOPES]
    if unknown or not chosen:
        raise UnknownScope(scope=", ".join(unknown), known=", ".join(TOKEN_SCOPES))
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise BadTokenDays(days=days, most=MAX_TOKEN_DAYS)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    scope = ",".join(s for s in TOKEN_SCOPES if s in chosen)
    made = ApiToken.objects.create(
        user=user,
        digest=_token_digest(token),
        prefix=token[:12],
        label=label.strip()[:100],
        scope=scope,
        expires_at=timezone.now() + timedelta(days=days),
    )
    record("token_created", actor=user, detail={"prefix": token[:12], "scope": scope})
    return token, made


def token_for(token: str) -> ApiToken | None:
    """The live token `token` is (not expired, of an active user; its last use noted),
    or None."""
    if not token or len(token) > 200:
        return None
    found = (
        ApiToken.objects.select_related("user")
        .filter(
            digest=_token_digest(token),
            user__is_active=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )
    if found is None:
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found


def user_for_token(token: str) -> User | None:
    """The active user a live token belongs to, or None."""
    found = token_for(token)
    return found.user if found is not None else None


def own_tokens(user: User) -> list[ApiToken]:
    """A user's tokens, the newest first (the tokens page)."""
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-pk"))


def revoke_token(user: User, pk: int) -> None:
    """A user revokes one of their own tokens (another's is NotFound)."""
    with transaction.atomic():
        found = ApiToken.objects.filter(user=user, pk=pk).first()
        if found is None:
            raise NotFound()
        found.delete()
        record("token_revoked", actor=user, detail={"prefix": found.prefix})


def deactivate_user(username: str) -> tuple[int, int]:
    """`patuh desk deactivate`: the user may no longer sign in, and every token and
    session of theirs ends now. Answers (tokens revoked, sessions ended)."""
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        if user is None:
            raise NoSuchUser(username=username)
        user.is_active = False
        user.save(update_fields=["is_active"])
        tokens, _ = ApiToken.objects.filter(user=user).delete()
        sessions = _end_sessions(user)
        record(
            "user_deactivated",
            detail={"username": username, "tokens": tokens, "sessions": sessions},
        )
    return tokens, sessions


def _end_sessions(user: User) -> int:
    """Delete the user's sessions (Django keeps the user's id inside each session's
    data, so every live session is read once)."""
    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(pk__in=mine).delete()
    return len(mine)


class NoSuchUser(DeskError):
    code, status = "no_such_user", 404


# An expired token is kept this long (listed as expired on its owner's page), then gone.
EXPIRED_TOKENS_KEPT = timedelta(days=30)


def clean_expired() -> dict[str, int]:
    """`patuh desk cleanup` (and `serve`, daily): expired sessions, login failures past
    django-axes' cool-off, and tokens expired more than 30 days ago. Answers what went."""
    from axes.models import AccessAttempt
    from django.conf import settings

    now = timezone.now()
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    window = timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=now - window).delete()
    tokens, _ = ApiToken.objects.filter(expires_at__lt=now - EXPIRED_TOKENS_KEPT).delete()
    return {"sessions": sessions, "attempts": attempts, "tokens": tokens}
