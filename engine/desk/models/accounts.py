"""The desk's people: OPDs, users' desk roles (a pemohon bound to one OPD) and their API
tokens. Who may do what with them is engine/desk/accounts/permissions.py's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    PEMOHON = "pemohon", "pemohon"
    VERIFIKATOR = "verifikator", "verifikator"
    POKJA = "pokja", "pokja"
    PIMPINAN = "pimpinan", "pimpinan"
    ADMIN = "admin", "admin"


class Opd(models.Model):
    """An Organisasi Perangkat Daerah (a city agency), as `metadata.opd` names it."""

    name = models.CharField(max_length=300, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "OPD"
        verbose_name_plural = "OPD"

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    """A user's desk role; a pemohon is bound to one OPD."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_profile"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    opd = models.ForeignKey(Opd, null=True, blank=True, on_delete=models.PROTECT)
    # The person's choice of mail (engine/desk/core/outbox.py): each event, a daily
    # digest of what is due and late, or none.
    notify = models.CharField(
        "pemberitahuan surel",
        max_length=10,
        choices=[("each", "setiap peristiwa"), ("digest", "ringkasan harian"), ("none", "tidak")],
        default="each",
    )

    class Meta:
        verbose_name = "profil pengguna"
        verbose_name_plural = "profil pengguna"

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its sha256 is kept (shown once)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_tokens"
    )
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)  # to tell tokens apart in the admin
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "token API"
        verbose_name_plural = "token API"

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"


def profile_of(user: Any) -> Profile | None:
    """A user's desk profile; None for an anonymous user or one without a desk role."""
    if not user.is_authenticated:
        return None
    # A user without a profile has no desk role (RelatedObjectDoesNotExist is an
    # AttributeError).
    profile: Profile | None = getattr(user, "desk_profile", None)
    return profile
