"""The desk's addresses: the admin, the JSON API (every route: engine/desk/api.py) and
every page, each page's view in its domain's views.py. Page names are in the `desk`
namespace (reverse("desk:submission", args=[pk]))."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from engine.desk.accounts import views as accounts
from engine.desk.api import api
from engine.desk.attachments import views as attachments
from engine.desk.letters import views as letters
from engine.desk.register import views as register
from engine.desk.rulebook import views as rulebook
from engine.desk.submissions import editing
from engine.desk.submissions import views as submissions
from engine.desk.waivers import views as waivers
from engine.desk.workflow import views as workflow

pages = [
    path("", submissions.queue, name="queue"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", accounts.LogoutView.as_view(), name="logout"),
    path("accounts/tokens/", accounts.tokens, name="tokens"),
    path("accounts/mail/", accounts.mail_settings, name="mail_settings"),
    path("accounts/2fa/", accounts.second_factor, name="second_factor"),
    path("submit/", submissions.submit, name="submit"),
    path("submit/form/", editing.new_document, name="submit_form"),
    path("submissions/<int:pk>/edit/", editing.edit, name="edit"),
    path("submissions/<int:pk>/edit/yaml/", editing.edit_yaml, name="edit_yaml"),
    path(
        "submissions/<int:pk>/versions/<int:number>.yaml", editing.version_yaml, name="version_yaml"
    ),
    path("submissions/<int:pk>/", submissions.submission, name="submission"),
    path("submissions/<int:pk>/transition/", workflow.transition, name="transition"),
    path("submissions/<int:pk>/audit.csv", workflow.audit_csv, name="audit_csv"),
    path("submissions/<int:pk>/comments/", workflow.comment, name="comment"),
    path("submissions/<int:pk>/letter/", letters.letter, name="letter"),
    path("submissions/<int:pk>/letter/revoke/", letters.revoke_letter, name="letter_revoke"),
    path("submissions/<int:pk>/waivers/new/", waivers.request_waiver, name="waiver_request"),
    path("waivers/", waivers.waivers, name="waivers"),
    path("waivers/<int:wid>/", waivers.waiver, name="waiver"),
    path("waivers/<int:wid>/decision/", waivers.decide, name="waiver_decide"),
    path("verify/", letters.verify_form, name="verify_form"),
    path("letters/<str:code>.pdf", letters.letter_pdf, name="letter_pdf"),
    path("waivers/<int:wid>/withdraw/", waivers.withdraw, name="waiver_withdraw"),
    path("verify/<str:code>/", letters.verify, name="verify"),
    path("verify/<str:code>", letters.verify),
    path("register/", register.dashboard, name="register"),
    path("register/export.xlsx", register.export, name="register_export"),
    path("submissions/<int:pk>/attachments/", attachments.attachments, name="attachments"),
    path("submissions/<int:pk>/attachments/<int:aid>/", attachments.download, name="attachment"),
    path("rules/", rulebook.rules, name="rules"),
    path("rules/<str:rule_id>/", rulebook.rule, name="rule"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include((pages, "desk"))),
]

handler403 = "engine.desk.web.pages.forbidden"
handler404 = "engine.desk.web.pages.not_found"
handler500 = "engine.desk.web.pages.server_error"
