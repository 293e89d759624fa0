"""The API's authentication: `Authorization: Bearer TOKEN`, a live token (not expired,
of an active user) that holds the route's scope: `read` by default, `submit` or
`decide` where engine/desk/api.py says so. A missing, wrong or expired token is 401;
a live one without the scope is 403 `token_scope`."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.security import HttpBearer

from engine.desk.accounts.services import token_for
from engine.desk.core.errors import DeskError


class TokenScope(DeskError):
    code, status = "token_scope", 403


class BearerToken(HttpBearer):
    def __init__(self, scope: str = "read") -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = token_for(token)
        if found is None:
            return None
        if self.scope not in found.scopes:
            raise TokenScope(scope=self.scope)
        return found.user
