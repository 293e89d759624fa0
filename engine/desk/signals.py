"""Audit events the workflow does not make itself: failed logins (Django's
user_login_failed, which django-axes also sends through) and user changes, whoever makes
them (`patuh desk adduser`, the admin); a change made in the admin is also recorded with
the administrator who made it (the admin's own LogEntry).

And the one place a desk role sets a user's is_staff and is_superuser (flags_from_role):
at every save of a user with a desk role, whoever saves it."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from engine.desk.accounts.throttle import REFUSED
from engine.desk.core.addresses import client_address
from engine.desk.core.audit import record
from engine.desk.models import Profile, staff_flags


@receiver(user_login_failed)
def login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **_: Any) -> None:
    """A failed login, with the client's real address. One refused by a lock (never
    checked) writes no row: an address writes at most the throttle's limit of rows."""
    if request is not None and getattr(request, REFUSED, False):
        return
    username = str(credentials.get("username") or "")[:150]
    address = client_address(request) if request is not None else ""
    record("login_failed", actor_name=username, detail={"address": address})


@receiver(pre_save, sender=User)
def flags_from_role(sender: Any, instance: User, **_: Any) -> None:
    """A user with a desk role is staff and superuser exactly when the role is admin,
    whatever the admin's check boxes or an older save said."""
    if instance.pk is None:
        return  # a new user has no role yet: its profile's save sets the flags
    role = Profile.objects.filter(user_id=instance.pk).values_list("role", flat=True).first()
    if role is not None:
        instance.is_staff, instance.is_superuser = staff_flags(role)


@receiver(post_save, sender=User)
def user_saved(
    sender: Any, instance: User, created: bool, update_fields: Any = None, **_: Any
) -> None:
    # A login stamps last_login: that is no change of the user.
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return
    _user_change(instance, "user_created" if created else "user_changed")


@receiver(post_save, sender=Profile)
def profile_saved(sender: Any, instance: Profile, created: bool, **_: Any) -> None:
    user = instance.user
    if (user.is_staff, user.is_superuser) != staff_flags(instance.role):
        user.save(update_fields=["is_staff", "is_superuser"])  # flags_from_role sets them
    _user_change(user, "role_changed")


def _user_change(user: User, action: str) -> None:
    profile = Profile.objects.filter(user=user).select_related("opd").first()
    record(
        action,
        actor_name="",
        detail={
            "username": user.get_username(),
            "active": user.is_active,
            "role": profile.role if profile else None,
            "opd": profile.opd.name if profile and profile.opd else None,
        },
    )


@receiver(post_save, sender=LogEntry)
def admin_change(sender: Any, instance: LogEntry, created: bool, **_: Any) -> None:
    """Who changed a user, a role or an OPD in the admin, and what."""
    model = instance.content_type.model if instance.content_type else ""
    if not created or model not in ("user", "profile", "opd"):
        return
    record(
        "admin_change",
        actor=instance.user,
        detail={
            "model": model,
            "object": instance.object_repr,
            "flag": {1: "added", 2: "changed", 3: "deleted"}.get(instance.action_flag, ""),
            "change": instance.get_change_message(),
        },
    )
