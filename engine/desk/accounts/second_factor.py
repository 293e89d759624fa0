"""The second factor (issue 21): with PATUH_DESK_REQUIRE_2FA=1 a `pimpinan` or an `admin`
(and any superuser) signs in with a password AND a time-based code from an
authenticator app (TOTP, django-otp). The first time, the desk shows the app's key
(a QR code and the key in letters); after that, every sign-in asks for a code.

Bearer tokens are not asked (a token is its own secret, with its scopes and expiry);
only the pages are. A lost phone: an admin deletes the person's TOTP device in the
admin, and the person sets up a new one at their next sign-in."""

from __future__ import annotations

import io
from base64 import b32encode, b64encode
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from engine.desk.accounts.permissions import AnyUser, role_of
from engine.desk.models import Role

ASKED_OF = frozenset({Role.PIMPINAN, Role.ADMIN})
# What a person who still owes the code may reach: the code's page, signing out, the
# static files, and the API (bearer tokens, never the session).
_OPEN = ("/accounts/2fa/", "/accounts/logout/", "/static/", "/api/")


def required_of(user: AnyUser) -> bool:
    """Does this user owe a second factor on this desk?"""
    if not getattr(settings, "PATUH_REQUIRE_2FA", False) or not user.is_authenticated:
        return False
    return role_of(user) in ASKED_OF or bool(getattr(user, "is_superuser", False))


class RequireSecondFactorMiddleware:
    """After django-otp's OTPMiddleware: a user who owes the code and has not given it in
    this session is sent to the code's page, whatever page they asked for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            required_of(user)
            and not user.is_verified()  # type: ignore[union-attr]
            and not request.path.startswith(_OPEN)
        ):
            target = reverse("desk:second_factor")
            return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def device_to_set_up(user: User) -> TOTPDevice | None:
    """The user's device still to confirm (made now if none); None once they have one."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return None
    found = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return found or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def key_letters(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32, in groups of four."""
    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The app's set-up link as a QR code (SVG, inline: the CSP allows data: images)."""
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    return "data:image/svg+xml;base64," + b64encode(out.getvalue()).decode("ascii")
