"""The register's routes of the JSON API (desk.md, "The register"), on the desk's
ninja API (engine/desk/api.py registers it): the Excel export of the list.

`GET /api/v1/export.xlsx?status=&opd=&kind=`: the submissions `GET /api/v1/submissions`
gives the caller for the same query, one row each (register/selectors.py, export.py);
401 without a valid token, like every route of the API. A handler's docstring is its
description in openapi.json.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from engine.desk.core.i18n import lang_of
from engine.desk.register.export import xlsx_response
from engine.desk.register.selectors import export_rows


def export(
    request: HttpRequest,
    status: str | None = None,
    opd: str | None = None,
    kind: str | None = None,
) -> HttpResponse:
    rows = export_rows(request.auth, status=status, opd=opd, kind=kind)  # type: ignore[attr-defined]
    english = lang_of(request.headers.get("Accept-Language")) == "en"
    return xlsx_response(rows, "en" if english else "id")
