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


def staff_flags(role: str) -> tuple[bool, bool]:
    """(is_staff, is_superuser) of a desk role: only an `admin` reaches the admin and holds
    every permission there. engine/desk/signals.py applies it at every save of a user
    with a desk role, so a role change (adduser, the admin, the demo) sets both flags,
    and a demoted admin is no superuser any more (issue 21)."""
    admin = role == Role.ADMIN
    return admin, admin


class Opd(models.Model):
    """An Organisasi Perangkat Daerah (a city agency), as `metadata.opd` names it."""

    name = models.CharField(max_length=300, unique=True, verbose_name="nama OPD")
    # Other names people write in `metadata.opd` for this OPD ("Dishub"), one a line,
    # set in the admin: a document naming one is this OPD's (accounts/selectors.py).
    aliases = models.TextField(
        "nama lain",
        blank=True,
        default="",
        help_text="Nama lain OPD ini di metadata.opd (mis. singkatan), satu per baris.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "OPD"
        verbose_name_plural = "OPD"

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    """A user's desk role; a pemohon is bound to one OPD."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="desk_profile",
        verbose_name="pengguna",
    )
    role = models.CharField(max_length=20, choices=Role.choices, verbose_name="peran")
    opd = models.ForeignKey(
        Opd, null=True, blank=True, on_delete=models.PROTECT, verbose_name="OPD"
    )
    # Nomor Induk Pegawai: a civil servant's number, printed under a signer's name.
    nip = models.CharField(max_length=40, blank=True, verbose_name="NIP")
    # The person's choice of mail (engine/desk/core/outbox.py): each event, a daily
    # digest of what is due and late, or none.
    notify = models.CharField(
        "pemberitahuan surel",
        max_length=10,
        choices=[("each", "setiap peristiwa"), ("digest", "ringkasan harian"), ("none", "tidak")],
        default="each",
    )
    # The language of the person's mail (engine/desk/core/outbox.py).
    language = models.CharField(
        "bahasa surel",
        max_length=2,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        default="id",
    )
    # A permanent refusal of the address by the mail server (5xx to RCPT TO): no mail is
    # written to it until an admin clears the mark (admin action "Hapus tanda pantulan").
    mail_bounced_at = models.DateTimeField("surel memantul sejak", null=True, blank=True)
    mail_bounce_reason = models.CharField("jawaban server surel", max_length=500, blank=True)

    class Meta:
        verbose_name = "profil pengguna"
        verbose_name_plural = "profil pengguna"

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


# What a token may do (issue 21): `read` every GET and POST /check (nothing stored),
# `submit` uploads and waiver requests, `decide` transitions, waiver decisions and
# revocations. A token holds one or more, kept as "read,submit".
TOKEN_SCOPES = ("read", "submit", "decide")
TOKEN_DAYS = 90  # a token's life unless its maker says otherwise


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its sha256 is kept (shown once). It works
    until `expires_at`, for the scopes it holds, while its user is active."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="desk_tokens",
        verbose_name="pengguna",
    )
    digest = models.CharField(max_length=64, unique=True, verbose_name="sidik (sha256)")
    prefix = models.CharField(
        max_length=12, verbose_name="awalan"
    )  # to tell tokens apart in the admin
    label = models.CharField(
        max_length=100, blank=True, verbose_name="keterangan"
    )  # what it is for ("CI Dinkes")
    scope = models.CharField(
        max_length=40, default="read", verbose_name="cakupan"
    )  # TOKEN_SCOPES, comma-separated
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="dibuat")
    expires_at = models.DateTimeField(
        null=True, blank=True, verbose_name="berlaku sampai"
    )  # null only before 0006
    last_used_at = models.DateTimeField(null=True, blank=True, verbose_name="terakhir dipakai")

    class Meta:
        verbose_name = "token API"
        verbose_name_plural = "token API"

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"

    @property
    def scopes(self) -> frozenset[str]:
        return frozenset(part for part in self.scope.split(",") if part)


def profile_of(user: Any) -> Profile | None:
    """A user's desk profile; None for an anonymous user or one without a desk role."""
    if not user.is_authenticated:
        return None
    # A user without a profile has no desk role (RelatedObjectDoesNotExist is an
    # AttributeError).
    profile: Profile | None = getattr(user, "desk_profile", None)
    return profile
