"""What a policy change does: the same documents checked under two policy folders.

`patuh impact` (and the desk's replay, `patuh desk impact`: engine/desk/register/replay.py)
runs the ordinary check twice, once under the base policies and once under the
draft, and compares the two reports document by document: the verdict before and
after, and the findings (rule, path, severity) the draft adds and removes. Nothing
here evaluates anything itself: both runs are `run_check`, with its fail-closed
rules, so a document the engine could not evaluate in either run is `error`, never
compliant.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from engine.catalog.rules import Catalog
from engine.check.run import CheckOptions, run_check
from engine.findings import DocumentResult, EngineInfo, Report, Verdict
from engine.i18n import Lang, t


@dataclass(frozen=True, order=True)
class FindingKey:
    """A finding as a policy change sees it: which rule fires where, how severely.
    (Its line and wording depend on the document and the catalog, not the policy.)"""

    rule: str
    path: str
    severity: str

    def as_json(self) -> dict[str, str]:
        return {"rule": self.rule, "path": self.path, "severity": self.severity}


@dataclass(frozen=True)
class Change:
    """One document whose verdict or findings differ between the two policy folders."""

    file: str
    index: int
    id: str | None
    before: Verdict
    after: Verdict
    added: tuple[FindingKey, ...]
    removed: tuple[FindingKey, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "index": self.index,
            "id": self.id,
            "before": self.before,
            "after": self.after,
            "added": [key.as_json() for key in self.added],
            "removed": [key.as_json() for key in self.removed],
        }


@dataclass(frozen=True)
class Impact:
    before: Report
    after: Report
    changes: tuple[Change, ...]

    def summary(self) -> dict[str, Any]:
        return {
            "documents": len(self.after.results),
            "changed": len(self.changes),
            "verdicts_changed": sum(c.before != c.after for c in self.changes),
            "findings_added": sum(len(c.added) for c in self.changes),
            "findings_removed": sum(len(c.removed) for c in self.changes),
            "before": self.before.summary(),
            "after": self.after.summary(),
        }

    def exit_code(self) -> int:
        """As `patuh check` for what went wrong (3 engine, 2 input), else 1 when
        anything changes and 0 when nothing does."""
        worst = max(self.before.exit_code(), self.after.exit_code())
        if worst >= 2:
            return worst
        return 1 if self.changes else 0

    def failed_engines(self) -> list[EngineInfo]:
        """The runs whose engine failed, each said once at the end."""
        return [r.engine for r in (self.before, self.after) if r.engine.error]


def run_impact(
    paths: list[str],
    options: CheckOptions,
    draft: Path,
    catalog: Catalog,
    base: Path | None = None,
    *,
    register: dict[str, Any] | None = None,
) -> Impact:
    """Check `paths` under `base` (default: the policies `options` names, else
    patuh's own) and under `draft`, with the same options otherwise (and the same
    register, when the desk gives one: engine/evaluating/register.py)."""
    base_options = replace(options, policy_dir=base or options.policy_dir)
    before = run_check(paths, base_options, catalog, register=register)
    after = run_check(paths, replace(options, policy_dir=draft), catalog, register=register)
    return Impact(before, after, compare(before, after))


def compare(before: Report, after: Report) -> tuple[Change, ...]:
    """The documents whose verdict or findings differ, in the order of `after`.

    Documents are matched by file and position in the file; one found by only one of
    the runs (the files changed in between) is compared with nothing, as `error`.
    """
    earlier = {(r.file, r.index): r for r in before.results}
    changes = []
    for result in after.results:
        old = earlier.pop((result.file, result.index), None)
        change = _change(old, before, result, after)
        if change is not None:
            changes.append(change)
    for old in earlier.values():
        change = _change(old, before, None, after)
        if change is not None:
            changes.append(change)
    return tuple(changes)


def _change(
    old: DocumentResult | None, before: Report, new: DocumentResult | None, after: Report
) -> Change | None:
    known = new or old
    assert known is not None
    was: Verdict = old.verdict(before.fail_on) if old else "error"
    now: Verdict = new.verdict(after.fail_on) if new else "error"
    keys_before = _keys(old)
    keys_after = _keys(new)
    added = tuple(sorted(keys_after - keys_before))
    removed = tuple(sorted(keys_before - keys_after))
    if was == now and not added and not removed:
        return None
    return Change(known.file, known.index, known.id, was, now, added, removed)


def _keys(result: DocumentResult | None) -> set[FindingKey]:
    if result is None:
        return set()
    return {FindingKey(f.rule, f.path, f.severity) for f in result.findings}


# --- the two answers: text for people (in their language), JSON for tools ------------


def render_json(impact: Impact) -> str:
    answer = {
        "changes": [change.as_json() for change in impact.changes],
        "summary": impact.summary(),
    }
    return json.dumps(answer, ensure_ascii=False, indent=2) + "\n"


def render_text(impact: Impact, lang: Lang, base: str, draft: str) -> str:
    lines = [t("impact.title", lang, base=base, draft=draft), ""]
    if not impact.changes:
        lines.append(t("impact.no_change", lang))
    for change in impact.changes:
        lines.append(
            t(
                "impact.document",
                lang,
                file=change.file,
                number=change.index + 1,
                id=change.id or "-",
                before=t(f"verdict.{change.before}", lang),
                after=t(f"verdict.{change.after}", lang),
            )
        )
        lines += finding_lines(change, lang)
    lines += ["", *summary_lines(impact, lang)]
    return "\n".join(lines) + "\n"


def finding_lines(change: Change, lang: Lang) -> list[str]:
    """The findings a change adds (+) and removes (-), one line each (also the desk's
    `patuh desk impact`, engine/desk/register/replay.py)."""
    lines = []
    for sign, keys in (("+", change.added), ("-", change.removed)):
        for key in keys:
            severity = t(f"word.{key.severity}", lang)
            lines.append(f"  {sign} {key.rule} ({severity}) {key.path}")
    return lines


def summary_lines(impact: Impact, lang: Lang) -> list[str]:
    summary = impact.summary()
    lines = [t("impact.summary", lang, **summary)]
    for name in ("before", "after"):
        lines.append(t(f"impact.summary_{name}", lang, **summary[name]))
    return lines
