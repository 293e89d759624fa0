"""OPA's answer for each document, checked for shape: what the client makes of a
query's response and the result cache of a stored answer. Apart from the client,
so that a run answered from the cache alone never imports the OPA client and
requests (~0.05-0.1 s of a start: docs/benchmarks.md, issue 12).
"""

from __future__ import annotations

from typing import Any

from engine.evaluating.errors import EngineError
from engine.findings import RawFinding, RawResult


def batch_results(answer: Any, count: int) -> list[RawResult]:
    """The answers of one query of `count` documents, in order."""
    if not isinstance(answer, dict) or "result" not in answer:
        raise EngineError(
            "OPA answered without a result: is `patuh.main.results` loaded on this server?"
        )
    results = answer["result"]
    if not isinstance(results, list) or len(results) != count:
        got = len(results) if isinstance(results, list) else type(results).__name__
        raise EngineError(
            f"OPA answered {got} results for {count} documents: wrong shape",
            code="engine.wrong_shape",
        )
    return [raw_result(item) for item in results]


def raw_result(item: Any) -> RawResult:
    """An answer for one document (from OPA or the result cache), checked for shape."""
    if not isinstance(item, dict):
        raise EngineError(
            "OPA answered a result that is not an object: wrong shape", code="engine.wrong_shape"
        )
    return RawResult(
        errors=_findings(item.get("errors"), "errors"),
        warnings=_findings(item.get("warnings"), "warnings"),
    )


def _findings(items: Any, name: str) -> list[RawFinding]:
    if not isinstance(items, list):
        raise EngineError(
            f"OPA answered `{name}` that is not a list: wrong shape", code="engine.wrong_shape"
        )
    findings = []
    for item in items:
        if not isinstance(item, dict):
            raise EngineError(
                f"OPA answered a finding that is not an object in `{name}`",
                code="engine.wrong_shape",
            )
        rule, path, params = item.get("rule"), item.get("path"), item.get("params", {})
        if not isinstance(rule, str) or not isinstance(path, str) or not isinstance(params, dict):
            raise EngineError(
                f"OPA answered a malformed finding in `{name}`: {item!r:.200}",
                code="engine.wrong_shape",
            )
        findings.append(RawFinding(rule, path, params))
    return findings
