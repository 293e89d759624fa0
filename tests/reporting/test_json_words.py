"""The JSON report words each finding as `describe` does, however often it repeats."""

from __future__ import annotations

import json

from engine.catalog.rules import load_catalog
from engine.findings import SCHEMA_RULE, DocumentResult, EngineInfo, Finding, Report
from engine.reporting.describe import describe
from engine.reporting.render.json_report import render


def test_findings_with_params_that_compare_equal_keep_their_own_words() -> None:
    """The JSON report words each (rule, params) once (issue 12). Params that Python
    counts equal but that read differently (1 and True, 0.0 and -0.0) are still
    worded each their own way, and a repeated finding the same way."""
    catalog = load_catalog()
    values: list[object] = [1, True, 0.0, -0.0, 1, "1"]
    findings = [
        Finding(
            rule=SCHEMA_RULE,
            severity="error",
            path=f"spec.a[{i}]",
            line=i + 1,
            params={"code": "schema.greater_than_equal", "got": value, "limit": 5},
        )
        for i, value in enumerate(values)
    ]
    result = DocumentResult("a.yaml", 0, "System", "A-1", findings)
    answer = json.loads(render(Report([result], EngineInfo()), catalog, "en"))
    messages = [item["message"] for item in answer["results"][0]["findings"]]
    assert messages == [describe(finding, catalog, "en").message for finding in findings]
    assert messages[0] == "The value 1 is below the limit 5."
    assert messages[1] == "The value True is below the limit 5." and messages[4] == messages[0]
