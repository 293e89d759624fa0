"""The accounts' pages: Django's own login (fields username, password; django-axes
counts the failures) and logout, and a user's own API tokens (made, listed, revoked).
A locked-out login is answered by engine/desk/web/pages.py (locked_out)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from engine.desk.accounts import second_factor as otp
from engine.desk.accounts import services
from engine.desk.accounts.permissions import as_user, role_of
from engine.desk.core.errors import DeskError
from engine.desk.core.language import request_lang
from engine.desk.core.words import t
from engine.desk.models import TOKEN_SCOPES, Profile, profile_of


class LoginView(auth_views.LoginView):
    """Django's own login (fields username, password; django-axes counts failures)."""

    template_name = "login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        codes = {e.code for e in form.non_field_errors().as_data()} if form.is_bound else set()
        context["login_error"] = (
            "login.inactive" if "inactive" in codes else "login.invalid" if codes else None
        )
        context["lang"] = request_lang(self.request)
        context["flash"] = " ".join(str(m) for m in messages.get_messages(self.request))
        return context


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        lang = request_lang(request)
        response = super().post(request, *args, **kwargs)
        messages.info(request, t("login.logged_out", lang))
        return response


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The signed-in user's API tokens: a new one (shown once, on this answer only), the
    list, and a revoke button each. Only ever the user's own."""
    lang = request_lang(request)
    user = as_user(request.user)
    fresh = error = None
    status = 200
    if request.method == "POST":
        if "revoke" in request.POST:
            try:
                services.revoke_token(user, int(request.POST["revoke"]))
            except (DeskError, ValueError):
                pass  # not theirs, or gone already: the list below says what there is
            else:
                messages.success(request, t("tokens.revoked", lang))
            return HttpResponseRedirect(reverse("desk:tokens"))
        try:
            fresh = services.new_token(
                user,
                scopes=request.POST.getlist("scope"),
                label=request.POST.get("label", ""),
                days=int(request.POST.get("days") or 0),
            )
        except (DeskError, ValueError) as refused:
            error = refused.message(lang) if isinstance(refused, DeskError) else ""
            error = error or t("error.token_days", lang, days="?", most=services.MAX_TOKEN_DAYS)
            status = 400
    flashes = " ".join(str(m) for m in messages.get_messages(request))
    return render(
        request,
        "tokens.html",
        {
            "lang": lang,
            "flash": flashes,
            "nav": "tokens",
            "tokens": services.own_tokens(user),
            "fresh": fresh,
            "error": error,
            "now": timezone.now(),
            "scopes": TOKEN_SCOPES,
            "default_scopes": services.DEFAULT_SCOPES.get(role_of(user) or "", ()),
        },
        status=status,
    )


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """The code of an authenticator app (PATUH_DESK_REQUIRE_2FA): set up the first time
    (QR code and key), asked at every sign-in after that."""
    from django_otp import login as otp_login
    from django_otp import match_token

    lang = request_lang(request)
    user = as_user(request.user)
    wanted = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        wanted = "/"
    if not otp.required_of(user) or user.is_verified():  # type: ignore[attr-defined]
        return HttpResponseRedirect(wanted)
    device = otp.device_to_set_up(user)
    error = None
    if request.method == "POST":
        code = "".join(request.POST.get("code", "").split())
        if device is not None:
            matched = device if code and device.verify_token(code) else None
            if matched is not None:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
        else:
            matched = match_token(user, code) if code else None
        if matched is not None:
            otp_login(request, matched)
            return HttpResponseRedirect(wanted)
        error = t("otp.wrong", lang)
    return render(
        request,
        "second_factor.html",
        {
            "lang": lang,
            "flash": "",
            "next": wanted,
            "setting_up": device is not None,
            "qr": otp.qr_data_uri(device) if device is not None else None,
            "key": otp.key_letters(device) if device is not None else None,
            "error": error,
        },
        status=400 if error else 200,
    )


class MailSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    """What a person may set of their own mail: the admin's fields, nothing more."""

    class Meta:
        model = Profile
        fields = ("notify", "language")


@login_required
def mail_settings(request: HttpRequest) -> HttpResponse:
    """A person's own mail settings (each event, a daily digest or none; the language),
    set without the admin. Only a person with a desk role has them."""
    lang = request_lang(request)
    profile = profile_of(as_user(request.user))
    if profile is None:
        raise Http404
    error, status = None, 200
    if request.method == "POST":
        form = MailSettingsForm(request.POST, instance=profile)
        if form.is_valid():
            form.save()
            messages.success(request, t("mail_settings.saved", lang))
            return HttpResponseRedirect(reverse("desk:mail_settings"))
        error, status = t("mail_settings.invalid", lang), 400
        profile.refresh_from_db()
    flashes = " ".join(str(m) for m in messages.get_messages(request))
    return render(
        request,
        "mail_settings.html",
        {
            "lang": lang,
            "flash": flashes,
            "nav": "mail",
            "error": error,
            "address": request.user.email,  # type: ignore[union-attr]
            "bounced": profile.mail_bounce_reason if profile.mail_bounced_at else "",
            "notify": profile.notify,
            "language": profile.language,
        },
        status=status,
    )
