"""The people's pages (included by engine.desk.urls at the root)."""

from __future__ import annotations

from django.urls import path

from engine.desk.accounts import views as accounts
from engine.desk.letters import views as letters
from engine.desk.waivers import views as waivers
from engine.desk.web import views, views_register

app_name = "desk"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", accounts.LogoutView.as_view(), name="logout"),
    path("submit/", views.submit, name="submit"),
    path("submissions/<int:pk>/", views.submission, name="submission"),
    path("submissions/<int:pk>/transition/", views.transition, name="transition"),
    path("submissions/<int:pk>/audit.csv", views.audit_csv, name="audit_csv"),
    path("submissions/<int:pk>/letter/", letters.letter, name="letter"),
    path("submissions/<int:pk>/letter/revoke/", letters.revoke_letter, name="letter_revoke"),
    path("submissions/<int:pk>/waivers/new/", waivers.request_waiver, name="waiver_request"),
    path("waivers/", waivers.waivers, name="waivers"),
    path("waivers/<int:wid>/", waivers.waiver, name="waiver"),
    path("waivers/<int:wid>/decision/", waivers.decide, name="waiver_decide"),
    path("verify/<str:code>/", letters.verify, name="verify"),
    path("verify/<str:code>", letters.verify),
    path("register/", views_register.dashboard, name="register"),
    path("register/export.xlsx", views_register.export, name="register_export"),
]
