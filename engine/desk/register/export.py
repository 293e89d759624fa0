"""The register's Excel export: the rows of register/selectors.py export_rows as an
.xlsx workbook (a title row, a frozen header with filters, dates as Excel dates in WIB,
every text a text and never a formula), and as the download the queue's button and
`GET /api/v1/export.xlsx` answer."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from engine.desk.core.i18n import t
from engine.desk.core.words import t as word
from engine.desk.register.selectors import ExportRow
from engine.i18n import Lang
from engine.i18n import t as engine_t

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# WIB, Medan's time: UTC+7 all year.
WIB_OFFSET = timedelta(hours=7)


COLUMNS: tuple[tuple[str, float], ...] = (
    # (message key, width in characters)
    ("id", 8),
    ("kind", 14),
    ("document_id", 22),
    ("opd", 30),
    ("title", 48),
    ("status", 24),
    ("verdict", 20),
    ("version", 8),
    ("open_errors", 12),
    ("open_warnings", 12),
    ("letter_number", 26),
    ("created_at", 18),
    ("updated_at", 18),
    ("letter_issued_at", 18),
)
DATE_FORMAT = "yyyy-mm-dd hh:mm"


def wib_naive(moment: datetime | None) -> datetime | None:
    """Excel dates have no time zone: the moment as a clock in Medan reads it (WIB)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment.astimezone(UTC) + WIB_OFFSET).replace(tzinfo=None)


def export_workbook(rows: Iterable[ExportRow], lang: Lang, now: datetime | None = None) -> bytes:
    """The rows as an .xlsx workbook: a title row, a frozen header row with filters,
    dates as real Excel dates (WIB), every text a text (never a formula)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(t("register.xlsx.sheet", lang))
    for number, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    # The header is row 2 (row 1 is the sheet's title): frozen, and the filters' start.
    # (A write-only sheet writes its view first: set before any row.)
    sheet.freeze_panes = "A3"
    made = wib_naive(now or timezone.now())
    assert made is not None
    title = WriteOnlyCell(
        sheet, value=t("register.xlsx.title", lang, at=made.strftime("%Y-%m-%d %H:%M"))
    )
    title.font = Font(bold=True, size=13)
    sheet.append([title])
    header = []
    for key, _ in COLUMNS:
        cell = WriteOnlyCell(sheet, value=t(f"register.xlsx.col.{key}", lang))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F3A5F")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        count += 1
        sheet.append(
            [
                row.id,
                _text(sheet, _kind_word(row.kind, lang)),
                _text(sheet, row.document_id),
                _text(sheet, row.opd),
                _text(sheet, row.title),
                _text(sheet, t(f"status.{row.status}", lang)),
                _text(sheet, engine_t(f"verdict.{row.verdict}", lang) if row.verdict else ""),
                row.version,
                row.open_errors,
                row.open_warnings,
                _text(sheet, row.letter_number or ""),
                _date(sheet, row.created_at),
                _date(sheet, row.updated_at),
                _date(sheet, row.letter_issued_at),
            ]
        )
    last = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A2:{last}{count + 2}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _kind_word(kind: str, lang: Lang) -> str:
    return engine_t(f"kind.{kind}", lang) if kind in ("Proposal", "Procurement", "System") else kind


# The first characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@")


def _text(sheet: Any, value: str) -> str | Cell:
    """A text cell. openpyxl makes a formula of any text starting with "=": a title such
    as `=HYPERLINK(...)` must stay the applicant's words, so such a text (and one
    starting with + - @) is given the type text. Any other text is passed as it is:
    a cell object per value costs twice the time of the whole workbook."""
    if not value.startswith(FORMULA_START):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def _date(sheet: Any, moment: datetime | None) -> Cell:
    cell = WriteOnlyCell(sheet, value=wib_naive(moment))
    cell.number_format = DATE_FORMAT
    return cell


def xlsx_response(rows: list[ExportRow], lang: Lang) -> HttpResponse:
    """The workbook as a download named for the day it was made (WIB)."""
    now = timezone.now()
    response = HttpResponse(export_workbook(rows, lang, now), content_type=XLSX)
    day = wib_naive(now)
    stamp = day.strftime("%Y%m%d-%H%M") if day else ""
    name = f"{word('register.xlsx.filename', lang)}-{stamp}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
