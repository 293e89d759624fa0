"""The accounts' pages: Django's own login (fields username, password; django-axes
counts the failures) and logout. A locked-out login is answered by
engine/desk/web/pages.py (locked_out)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse

from engine.desk.core.language import request_lang
from engine.desk.core.words import t


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
