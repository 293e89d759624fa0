"""A version's stored check answer as the pages show its findings: the report's own
FindingView (reports/finding.html.j2 lays it out), each waived one with the waiver that
covered it (who approved it, until when), its remedy worded for the web (remedies.py)."""

from __future__ import annotations

from typing import Any

from engine.desk.web.remedies import desk_remedy
from engine.findings import Waiver
from engine.reporting.render.view import FindingView


def finding_views(report: dict[str, Any] | None, filename: str) -> list[FindingView]:
    """The findings of a stored `patuh check` answer, as the report shows them."""
    if not report:
        return []
    found = []
    for result in report.get("results", []):
        for item in result.get("findings", []):
            waived = bool(item.get("waived"))
            found.append(
                FindingView(
                    rule=item["rule"],
                    severity=item["severity"],
                    series="waived" if waived else item["severity"],
                    title=item.get("title", ""),
                    message=item.get("message", ""),
                    basis=item.get("basis"),
                    remedy=desk_remedy(item.get("remedy", "")),
                    file=filename,
                    line=int(item.get("line") or 0),
                    path=item.get("path", ""),
                    waiver=waiver_of(item),
                )
            )
    return found


def waiver_of(item: dict[str, Any]) -> Waiver | None:
    """The waiver a stored answer names for a waived finding (who approved it, until when)."""
    given = item.get("waiver") if item.get("waived") else None
    if not isinstance(given, dict):
        return None
    return Waiver(
        reference=str(given.get("reference", "")),
        approved_by=str(given.get("approved_by", "")),
        expires=str(given.get("expires", "")),
        justification=str(given.get("justification", "")),
    )
