"""Placeholders of the `patuh init` templates: "<ISI: ...>" and "<PILIH: a | b>".

A placeholder left in a document is refused (a SCHEMA finding on its line), even
where the text would otherwise be valid, so an unfilled template can never pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from engine.findings import SCHEMA_RULE, Finding
from engine.reading.yaml_loader import LoadedDocument, child_path

PLACEHOLDER = re.compile(r"^\s*<\s*(ISI|PILIH)\b[^>]*>\s*$", re.DOTALL)


# An unfilled template holds dozens of placeholders: one summary line and the first
# few tell the writer what to do; fifty findings of four lines each would not.
SHOWN = 3


def placeholder_findings(loaded: LoadedDocument) -> list[Finding]:
    findings = _each(loaded)
    if len(findings) <= SHOWN:
        return findings
    summary = Finding(
        rule=SCHEMA_RULE,
        severity="error",
        path="",
        line=findings[0].line,
        params={"code": "schema.placeholders", "count": len(findings)},
    )
    return [summary, *findings[:SHOWN]]


def _each(loaded: LoadedDocument) -> list[Finding]:
    if not _any_angle(loaded.data):
        return []  # nearly every document: no path is built for its strings
    return [
        Finding(
            rule=SCHEMA_RULE,
            severity="error",
            path=path,
            line=loaded.line_of(path),
            params={"code": "schema.placeholder", "got": value},
        )
        for path, value in _strings(loaded.data, "")
        if PLACEHOLDER.match(value)
    ]


def _any_angle(value: Any) -> bool:
    """Whether some string in `value` holds a "<", which every placeholder does:
    a walk without paths, a tenth of the check's reading time less (issue 12)."""
    if isinstance(value, str):
        return "<" in value
    if isinstance(value, dict):
        return any(_any_angle(item) for item in value.values())
    if isinstance(value, list):
        return any(_any_angle(item) for item in value)
    return False


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, child_path(path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, child_path(path, index))
