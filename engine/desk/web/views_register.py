"""The register's pages: the dashboard, and the Excel export behind the queue's button
(the same workbook as `GET /api/v1/export.xlsx`, with the session's login). What is
counted and who sees what is engine.desk.register's and services' business."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from engine.desk import register
from engine.desk.accounts.selectors import whoami
from engine.desk.core.language import request_lang
from engine.desk.core.words import t
from engine.desk.submissions.forms import AGES, KINDS, QueueFilter
from engine.desk.web.pages import STATUSES, page
from engine.i18n import Lang

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    lang = request_lang(request)
    me = whoami(request)
    return page(
        request,
        "register.html",
        nav="register",
        board=register.dashboard(request.user, lang),
        own_opd=me.opd if me and me.role == "pemohon" else None,
    )


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The queue page's selection (its filters, as in its address) as a workbook."""
    form = QueueFilter(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    status = (data.get("status") or "") if "status" in request.GET else "open"
    rows = register.export_rows(
        request.user,
        status=status if status in STATUSES else None,
        undecided=status == "open",
        opd=data.get("opd") or None,
        kind=data.get("kind") if data.get("kind") in KINDS else None,
        min_age_days=data.get("age") if data.get("age") in AGES else None,
    )
    return xlsx_response(rows, request_lang(request))


def xlsx_response(rows: list[register.ExportRow], lang: Lang) -> HttpResponse:
    """The workbook as a download named for the day it was made (WIB)."""
    now = timezone.now()
    response = HttpResponse(register.export_workbook(rows, lang, now), content_type=XLSX)
    day = register.wib_naive(now)
    stamp = day.strftime("%Y%m%d-%H%M") if day else ""
    name = f"{t('register.xlsx.filename', lang)}-{stamp}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
