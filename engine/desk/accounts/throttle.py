"""Login throttling (issue 21): django-axes locks a (user name, address) pair after 5
failures in 15 minutes, and this backend adds a slower limit per address across user
names: 30 failures from one address in 15 minutes refuse every login from it, before
any password is hashed (made-up user names cost 200-300 ms of argon2 each, and an
audit row). Addresses are engine/desk/core/addresses.py's (the real client behind a
trusted proxy), so one attacker locks out only themselves.

A refused login is marked on the request (REFUSED), so that the audit log writes no row
for it: an address writes at most ADDRESS_FAILURE_LIMIT rows of failed logins in a
window, whatever it sends (engine/desk/signals.py).

The address limit is not applied to loopback: behind a proxy the operator has not named
(PATUH_DESK_TRUSTED_PROXIES) every client is 127.0.0.1, and one attacker would close the
desk to everyone. The pair's lock still holds there."""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

from engine.desk.core.addresses import client_address

ADDRESS_FAILURE_LIMIT = 30
REFUSED = "patuh_login_refused"  # the request's attribute: refused by a lock, not checked
ADDRESS_LOCKED = "patuh_address_locked"  # ... and the lock was the address's own


def address_failures(address: str) -> int:
    """Failed logins from `address` across user names within the cool-off window."""
    window = timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    found = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=timezone.now() - window
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return int(found or 0)


def _limited(address: str) -> bool:
    try:
        return not ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def address_locked(request: HttpRequest) -> bool:
    address = client_address(request)
    return _limited(address) and address_failures(address) >= ADDRESS_FAILURE_LIMIT


class ThrottledBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """django-axes' check of the pair, after the address's own limit."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is not None and address_locked(request):
            setattr(request, REFUSED, True)
            setattr(request, ADDRESS_LOCKED, True)
            request.axes_locked_out = True  # type: ignore[attr-defined]
            raise AxesBackendPermissionDenied("address locked out")
        try:
            super().authenticate(request, username=username, password=password, **kwargs)
        except AxesBackendPermissionDenied:
            setattr(request, REFUSED, True)
            raise
        return None
