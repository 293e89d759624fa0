"""The API's authentication: `Authorization: Bearer TOKEN`, a token from `patuh desk
token` (engine/desk/api.py gives it to every route but the public verification)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.security import HttpBearer

from engine.desk.accounts.services import user_for_token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return user_for_token(token)
