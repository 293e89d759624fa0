"""The desk's URLs: the admin, the JSON API, and the people's pages (engine.desk.web)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from engine.desk.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("engine.desk.web.urls")),
]

handler403 = "engine.desk.web.pages.forbidden"
handler404 = "engine.desk.web.pages.not_found"
handler500 = "engine.desk.web.pages.server_error"
