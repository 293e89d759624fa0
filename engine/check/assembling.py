"""Assembling the report: duplicate ids refused, an engine failure made every
unanswered document's ENGINE finding (fail closed), the report put together.
"""

from __future__ import annotations

from engine import __version__
from engine.check.options import CheckOptions
from engine.evaluating.errors import EngineError
from engine.evaluating.provenance import now_utc, policy_mismatch_notice
from engine.findings import (
    ENGINE_RULE,
    SCHEMA_RULE,
    DocumentResult,
    EngineInfo,
    Finding,
    Notice,
    Report,
)
from engine.reading.reader import Pending


def refuse_duplicate_ids(pending: list[Pending]) -> list[Pending]:
    """An id is unique per kind (documents.md): a second document with the same kind
    and id is invalid, so two copies of a descriptor cannot hide which one counts."""
    first: dict[tuple[str | None, str | None], Pending] = {}
    kept = []
    for item in pending:
        key = (item.result.kind, item.result.id)
        if key not in first:
            first[key] = item
            kept.append(item)
            continue
        original = first[key]
        where = f"{original.result.file}:{original.loaded.line_of('metadata.id')}"
        item.result.findings.append(
            Finding(
                rule=SCHEMA_RULE,
                severity="error",
                path="metadata.id",
                line=item.loaded.line_of("metadata.id"),
                params={
                    "code": "schema.duplicate_id",
                    "kind": item.result.kind,
                    "id": item.result.id,
                    "first": where,
                },
            )
        )
    return kept


def not_evaluated(pending: list[Pending], failure: EngineError, engine: EngineInfo) -> None:
    """The engine failed: every valid document gets the verdict error and an ENGINE
    finding, and the report says why."""
    engine.error = failure.detail
    engine.error_code, engine.error_params = failure.code, failure.params
    for item in pending:
        # Whatever was answered before the failure is dropped too: a run
        # that broke half-way is not a run to trust for any document.
        item.result.evaluated = False
        item.result.findings = [
            Finding(
                rule=ENGINE_RULE,
                severity="error",
                path="",
                line=item.loaded.start_line,
                params={
                    "detail": failure.detail,
                    "reason": failure.code,
                    **failure.params,
                },
            )
        ]


def assemble_report(
    results: list[DocumentResult],
    engine: EngineInfo,
    options: CheckOptions,
    notices: list[Notice],
) -> Report:
    report = Report(
        results=results,
        engine=engine,
        fail_on=options.fail_on,
        generated_at=now_utc(),
        patuh_version=__version__,
        notices=notices,
    )
    if engine.policy_mismatch:
        report.notices.append(policy_mismatch_notice(engine))
    return report
