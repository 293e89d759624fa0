"""How a submission's page lays a version out: its YAML line by line with each finding
under its line (listing_of), and the diff of two versions with both line numbers
(diff_rows)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.cache import cache

from engine.desk.models import Version
from engine.desk.submissions.selectors import DiffTooLarge, version_diff
from engine.desk.web.findings import finding_views
from engine.i18n import Lang
from engine.reporting.render.view import FindingView


@dataclass
class ListingRow:
    number: int
    text: str
    findings: list[FindingView] = field(default_factory=list)
    level: str | None = None  # "error" | "warning": the worst open finding on the line


@dataclass
class DiffRow:
    kind: str  # "add" | "del" | "same" | "hunk"
    old: int | None
    new: int | None
    mark: str
    text: str


def listing_of(version: Version, lang: Lang) -> tuple[list[ListingRow], list[FindingView]]:
    lines = version.yaml_text.splitlines() or [""]
    rows = [ListingRow(number, text) for number, text in enumerate(lines, start=1)]
    general: list[FindingView] = []
    for finding in finding_views(version.report_in(lang), version.filename):
        if 1 <= finding.line <= len(rows):
            row = rows[finding.line - 1]
            row.findings.append(finding)
            if finding.series == "error" or (finding.series == "warning" and row.level is None):
                row.level = finding.series
        else:
            general.append(finding)
    return rows, general


_HUNK = re.compile(r"^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@")


# Versions never change, so a diff of two is kept (per worker, Django's cache) and a
# reader who asks again, or reloads, costs nothing. A refusal is kept too.
DIFF_CACHE_SECONDS = 3600


def diff_rows(old: Version, new: Version) -> list[DiffRow]:
    """selectors.version_diff laid out with both line numbers, from the cache when
    asked before; DiffTooLarge beyond the diff's bounds."""
    key = f"patuh:diff:{old.pk}:{new.pk}"
    kept = cache.get(key)
    if kept is None:
        try:
            kept = _laid_out(old, new)
        except DiffTooLarge as refused:
            kept = refused
        cache.set(key, kept, DIFF_CACHE_SECONDS)
    if isinstance(kept, DiffTooLarge):
        raise kept
    return list(kept)


def _laid_out(old: Version, new: Version) -> list[DiffRow]:
    rows: list[DiffRow] = []
    left = right = 0
    for line in version_diff(old, new):
        hunk = _HUNK.match(line)
        if hunk:
            left, right = int(hunk.group(1)), int(hunk.group(2))
            rows.append(DiffRow("hunk", None, None, "", line))
        elif line.startswith(("---", "+++")) and not rows:
            continue  # the file header
        elif line.startswith("-"):
            rows.append(DiffRow("del", left, None, "−", line[1:]))
            left += 1
        elif line.startswith("+"):
            rows.append(DiffRow("add", None, right, "+", line[1:]))
            right += 1
        else:
            rows.append(DiffRow("same", left, right, " ", line[1:]))
            left += 1
            right += 1
    return rows
