"""Waivers applied to a finished report.

Waivers are applied after evaluation: a waived finding is marked (`waived`, with the
waiver) and stays in every format; it no longer counts toward the verdict or the exit
status. Only rule findings of evaluated documents can be waived: never an invalid
document, never an engine failure.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.findings import ENGINE_RULE, INPUT_RULES, Notice, Report
from engine.waivers.waiver_file import LoadedWaiver, Waivers


def apply_waivers(report: Report, waivers: Waivers, today: dt.date) -> None:
    """Mark the findings current waivers cover; add a notice for each expired waiver
    and each current one that covered nothing. Only rule findings of evaluated
    documents can be waived: an invalid document is never waived into compliance,
    and an engine failure never into a pass."""
    report.waivers_digest = waivers.digest
    used: set[int] = set()
    would_cover: dict[int, int] = {}
    for result in report.results:
        if result.invalid or not result.evaluated:
            continue
        for finding in result.findings:
            if finding.rule in INPUT_RULES or finding.rule == ENGINE_RULE:
                continue
            for number, waiver in enumerate(waivers.waivers):
                if not waiver.covers(
                    result.kind, result.id, finding, opd=result.opd, digest=result.digest
                ):
                    continue
                if waiver.expired(today):
                    would_cover[number] = would_cover.get(number, 0) + 1
                    continue
                used.add(number)
                if not finding.waived:  # the first current waiver in the file wins
                    finding.waived = True
                    finding.waiver = waiver.as_waiver()
    for number, waiver in enumerate(waivers.waivers):
        params = _notice_params(waivers.file, waiver)
        if waiver.expired(today):
            params["findings"] = would_cover.get(number, 0)
            report.notices.append(Notice("notice.waiver_expired", params, "warning"))
        elif number not in used and not report.engine.error:
            # After an engine failure nothing was evaluated, so "unused" would be noise.
            report.notices.append(Notice("notice.waiver_unused", params, "warning"))


def _notice_params(file: str, waiver: LoadedWaiver) -> dict[str, Any]:
    entry = waiver.entry
    return {
        "file": file,
        "line": waiver.line,
        "rule": entry.rule,
        "kind": entry.kind,
        "document": entry.document,
        "path": entry.path,
        "opd": entry.opd,
        "reference": entry.reference,
        "expires": entry.expires,
    }
