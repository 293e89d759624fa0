"""The register's pages: the dashboard, and the Excel export behind the queue's button
(the same workbook as `GET /api/v1/export.xlsx`, with the session's login). What is
counted is register/selectors.py's, who sees what accounts/permissions.py's."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from engine.desk.accounts import permissions
from engine.desk.core.language import request_lang
from engine.desk.register.export import xlsx_response
from engine.desk.register.selectors import STATUSES as REGISTER_STATUSES
from engine.desk.register.selectors import dashboard as dashboard_of
from engine.desk.register.selectors import export_rows
from engine.desk.submissions.forms import AGES, KINDS, QueueFilter
from engine.desk.web.pages import STATUSES, page


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    lang = request_lang(request)
    return page(
        request,
        "register.html",
        nav="register",
        board=dashboard_of(request.user, lang),
        own_opd=permissions.applicant_opd(request.user),
        statuses=REGISTER_STATUSES,  # every status of the register (drafts are in none)
    )


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The queue page's selection (its filters, as in its address) as a workbook."""
    form = QueueFilter(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    status = (data.get("status") or "") if "status" in request.GET else "open"
    rows = export_rows(
        request.user,
        status=status if status in STATUSES else None,
        undecided=status == "open",
        opd=data.get("opd") or None,
        kind=data.get("kind") if data.get("kind") in KINDS else None,
        min_age_days=data.get("age") if data.get("age") in AGES else None,
    )
    return xlsx_response(rows, request_lang(request))
