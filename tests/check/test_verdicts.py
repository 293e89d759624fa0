"""A document's verdict (engine/findings.py): fail closed, in a fixed order."""

from __future__ import annotations

import itertools

from engine.findings import (
    ENGINE_RULE,
    INPUT_RULES,
    SCHEMA_RULE,
    YAML_RULE,
    DocumentResult,
    Finding,
    Verdict,
)

POOL = [
    Finding(rule=rule, severity=severity, path="", line=1, waived=waived)
    for rule in (YAML_RULE, SCHEMA_RULE, ENGINE_RULE, "SEC-01")
    for severity in ("error", "warning")
    for waived in (False, True)
]


def _as_specified(result: DocumentResult, fail_on: str) -> Verdict:
    """The verdict as docs/documents.md states it, written as plainly as possible:
    unreadable input first, then an engine that did not answer, then a counting
    finding not waived."""
    if any(f.rule in INPUT_RULES for f in result.findings):
        return "invalid"
    if not result.evaluated or any(f.rule == ENGINE_RULE for f in result.findings):
        return "error"
    counting = {"error"} if fail_on in ("error", "never") else {"error", "warning"}
    if any(f.severity in counting and not f.waived for f in result.findings):
        return "non_compliant"
    return "compliant"


def test_every_combination_of_findings_gets_the_verdict_in_order() -> None:
    """`verdict` is one pass over the findings (issue 12): every set of up to three
    findings, evaluated or not, under each --fail-on, gets the specified verdict."""
    seen: set[Verdict] = set()
    for size in range(4):
        for findings in itertools.combinations(POOL, size):
            for evaluated in (True, False):
                result = DocumentResult("f.yaml", 0, "System", "A", list(findings))
                result.evaluated = evaluated
                for fail_on in ("error", "warning", "never"):
                    verdict = result.verdict(fail_on)
                    assert verdict == _as_specified(result, fail_on), (findings, evaluated)
                    seen.add(verdict)
    assert seen == {"invalid", "error", "non_compliant", "compliant"}
