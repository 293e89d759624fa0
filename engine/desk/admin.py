"""The admin at /admin/: users with their desk role and OPD, OPDs, settings and tokens.
Submissions, versions, letters and the audit log are shown, never edited there: they
change only through the domains' services, and the audit log never changes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import translation
from django.utils.html import format_html

from engine.desk.accounts import permissions
from engine.desk.core.words import t
from engine.desk.letters.letterhead import (
    LOGO_TYPES,
    MAX_LOGO_BYTES,
    LogoRefused,
    judge_logo,
    logo_uri,
)
from engine.desk.letters.selectors import valid_letter_pattern
from engine.desk.models import (
    MAIL_WAITING,
    ApiToken,
    AuditEvent,
    DayOff,
    DeskSettings,
    Letter,
    Opd,
    OutboxMail,
    Profile,
    Recheck,
    Submission,
    Version,
    Waiver,
    profile_of,
)
from engine.i18n import Lang

# The admin speaks the office's language: Django's own words come in Bahasa Indonesia
# (LANGUAGE_CODE), the desk's models are named in it (their Meta), and so is the site.
admin.site.site_header = "Administrasi Meja Telaah"
admin.site.site_title = "Administrasi Meja Telaah"
admin.site.index_title = "Data dan pengaturan Meja Telaah"


class ProfileInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Profile
    can_delete = False
    extra = 0
    # Set by the mail server's refusal (core/outbox.py), cleared by the action below.
    readonly_fields = ("mail_bounced_at", "mail_bounce_reason")


class MailBouncedFilter(admin.SimpleListFilter):
    """Whose address the mail server refused for good."""

    title = "surel memantul"
    parameter_name = "memantul"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("ya", "Ya"), ("tidak", "Tidak")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        if self.value() == "ya":
            return queryset.filter(desk_profile__mail_bounced_at__isnull=False)
        if self.value() == "tidak":
            return queryset.exclude(desk_profile__mail_bounced_at__isnull=False)
        return queryset


class DeskUserAdmin(UserAdmin):  # type: ignore[type-arg]
    inlines = [ProfileInline]
    list_display = ("username", "first_name", "is_active", "role", "opd", "bounced", "email")
    list_select_related = ("desk_profile", "desk_profile__opd")  # role, OPD, bounce: one query
    list_filter = (*UserAdmin.list_filter, MailBouncedFilter)
    actions = ["clear_bounce"]

    @admin.display(description="surel memantul")
    def bounced(self, user: User) -> str:
        profile = profile_of(user)
        if profile is None or profile.mail_bounced_at is None:
            return "-"
        # Short in the list; the server's whole answer is on the user's profile.
        return f"{profile.mail_bounced_at:%Y-%m-%d}: {profile.mail_bounce_reason[:40]}"

    @admin.action(description="Hapus tanda pantulan")
    def clear_bounce(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """The address is fixed (or the mailbox is back): mail is written to it again."""
        cleared = Profile.objects.filter(user__in=queryset, mail_bounced_at__isnull=False).update(
            mail_bounced_at=None, mail_bounce_reason=""
        )
        self.message_user(request, f"Tanda pantulan dihapus dari {cleared} pengguna.")

    @admin.display(description="peran")
    def role(self, user: User) -> str:
        return permissions.role_of(user) or "-"

    @admin.display(description="OPD")
    def opd(self, user: User) -> str:
        profile = profile_of(user)
        return profile.opd.name if profile and profile.opd else "-"


admin.site.unregister(User)
admin.site.register(User, DeskUserAdmin)


@admin.register(Opd)
class OpdAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    search_fields = ("name", "aliases")
    fields = ("name", "aliases")


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ("kind", "document_id", "opd", "title", "status", "updated_at")
    list_filter = ("status", "kind", "opd")


@admin.register(Version)
class VersionAdmin(ReadOnlyAdmin):
    list_display = ("submission", "number", "verdict", "uploaded_by", "uploaded_at")
    exclude = ("report", "report_en")


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ("number", "opd_name", "title", "signer_name", "issued_at", "revoked")
    list_filter = ("revoked",)


@admin.register(Waiver)
class WaiverAdmin(ReadOnlyAdmin):
    """Decided in the desk by a pimpinan (engine/desk/waivers/), never edited here."""

    list_display = ("submission", "rule", "path", "status", "expires", "decided_by_name")
    list_filter = ("status", "rule")


@admin.register(Recheck)
class RecheckAdmin(ReadOnlyAdmin):
    """The answers versions held before a re-check (engine/desk/waivers/): history, read-only."""

    list_display = ("version", "at", "cause", "before_verdict", "after_verdict")
    list_filter = ("cause",)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_name", "role", "action", "submission", "version", "to_status")
    list_filter = ("action", "role")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Tokens are made by `patuh desk token` or their owner's tokens page (shown once);
    here they are revoked."""

    list_display = ("user", "label", "prefix", "scope", "expires_at", "last_used_at")
    readonly_fields = (
        "user",
        "label",
        "prefix",
        "scope",
        "digest",
        "created_at",
        "expires_at",
        "last_used_at",
    )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _admin_lang() -> Lang:
    return "en" if (translation.get_language() or "").startswith("en") else "id"


class DeskSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    # The letterhead's logo: uploaded here, judged by its bytes (letters/letterhead.py)
    # and kept in the settings row; labels and refusals in the reader's words.
    letterhead_logo_file = forms.FileField(required=False)
    letterhead_logo_remove = forms.BooleanField(required=False)

    class Meta:
        model = DeskSettings
        fields = "__all__"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = _admin_lang()
        upload = self.fields["letterhead_logo_file"]
        upload.label = t("letterhead.logo_label", lang)
        upload.help_text = t("letterhead.logo_help", lang)
        upload.widget.attrs["accept"] = ",".join(LOGO_TYPES)
        self.fields["letterhead_logo_remove"].label = t("letterhead.logo_remove", lang)

    def clean_letterhead_logo_file(self) -> tuple[bytes, str] | None:
        upload = self.cleaned_data.get("letterhead_logo_file")
        if not upload:
            return None
        data = upload.read(MAX_LOGO_BYTES + 1)
        try:
            return data, judge_logo(data)
        except LogoRefused as refused:
            raise forms.ValidationError(t(refused.key, _admin_lang(), **refused.params)) from None

    def save(self, commit: bool = True) -> DeskSettings:
        settings: DeskSettings = super().save(commit=False)
        logo = self.cleaned_data.get("letterhead_logo_file")
        if logo:
            settings.letterhead_logo, settings.letterhead_logo_type = logo
        elif self.cleaned_data.get("letterhead_logo_remove"):
            settings.letterhead_logo, settings.letterhead_logo_type = b"", ""
        if commit:
            settings.save()
        return settings

    def clean_letter_pattern(self) -> str:
        pattern: str = self.cleaned_data["letter_pattern"]
        if not valid_letter_pattern(pattern):
            raise forms.ValidationError(
                "Hanya {seq} dan {year} (mis. {seq:03d}), dan keduanya wajib: nomor berurut "
                "mulai lagi tiap tahun. / Only {seq} and {year} (e.g. {seq:03d}), and both are "
                "required: the sequence starts again each year."
            )
        return pattern


OUTBOX_STATES = {"sent": "Terkirim", "waiting": "Menunggu", "failed": "Gagal (dihentikan)"}


class OutboxStateFilter(admin.SimpleListFilter):
    """Sent, waiting for the next run of `patuh desk notify`, or given up (bounced)."""

    title = "keadaan"
    parameter_name = "keadaan"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return list(OUTBOX_STATES.items())

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[OutboxMail]
    ) -> QuerySet[OutboxMail]:
        if self.value() == "sent":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "waiting":
            return queryset.filter(MAIL_WAITING)
        if self.value() == "failed":
            return queryset.filter(sent_at__isnull=True, gave_up_at__isnull=False)
        return queryset


@admin.register(OutboxMail)
class OutboxMailAdmin(ReadOnlyAdmin):
    """The mail outbox: what waits, what was sent, and why a mail failed (last_error)."""

    list_display = ("created_at", "to", "event", "state", "sent_at", "attempts", "last_error")
    list_filter = (OutboxStateFilter, "event")

    @admin.display(description="keadaan")
    def state(self, mail: OutboxMail) -> str:
        return OUTBOX_STATES[mail.state]


@admin.register(DayOff)
class DayOffAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Cuti bersama and other days the office is closed: not working days for deadlines."""

    list_display = ("date", "name")


@admin.register(DeskSettings)
class DeskSettingsAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = DeskSettingsForm
    readonly_fields = ("logo_preview",)

    @admin.display(description="logo saat ini")
    def logo_preview(self, settings: DeskSettings) -> str:
        uri = logo_uri(settings)
        if not uri:
            return t("letterhead.logo_none", _admin_lang())
        return format_html('<img src="{}" alt="" class="kop-logo-preview" height="80">', uri)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not DeskSettings.objects.exists()
