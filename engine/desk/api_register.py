"""The register's routes of the JSON API (desk.md, "The register"), on the desk's
ninja API (api.py adds this router): the Excel export of the list.

`GET /api/v1/export.xlsx?status=&opd=&kind=`: the submissions `GET /api/v1/submissions`
gives the caller for the same query, one row each (engine/desk/register.py); 401
without a valid token, like every route of the API.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from engine.desk import register
from engine.desk.core.i18n import lang_of
from engine.desk.web.views_register import xlsx_response


def export(
    request: HttpRequest,
    status: str | None = None,
    opd: str | None = None,
    kind: str | None = None,
) -> HttpResponse:
    rows = register.export_rows(request.auth, status=status, opd=opd, kind=kind)  # type: ignore[attr-defined]
    english = lang_of(request.headers.get("Accept-Language")) == "en"
    return xlsx_response(rows, "en" if english else "id")
