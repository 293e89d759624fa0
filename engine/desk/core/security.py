"""A strict Content-Security-Policy on every answer (Django 5.2 has none built in), and
`Cache-Control: no-store` on what a browser or a proxy must never keep (NoStoreMiddleware)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy: str = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every page a signed-in user gets, every API answer,
    and every download (exports, the audit file): a shared computer's browser cache or
    a proxy must not keep an OPD's documents or a token's answers (issue 21). Static
    files (WhiteNoise, earlier in the chain) and public pages are left cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.path.startswith("/api/")
            or (user is not None and user.is_authenticated)
            or "attachment" in response.get("Content-Disposition", "")
        ):
            patch_cache_control(response, no_store=True, private=True)
        return response
