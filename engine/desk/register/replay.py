"""The replay (desk.md, "Replay"): every submission's latest version checked again under
draft policies, to see what a policy change would do to the register before it lands.

It is `patuh impact` (engine/check/impact.py) on the register: the latest versions' YAML is
written to a temporary folder, one file per submission, and run_impact checks them all
under the desk's policies and under the draft (each with its own managed OPA) and
compares the two reports with the same comparison. The changes are then told per
submission (its number, kind, id, OPD and version) instead of per file.

Public interface
- replay(draft, base=None, opa_binary=None, opa_timeout=60.0) -> Replay
- render_text(replay, lang, draft) -> str ; render_json(replay) -> str
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.check.impact import Change, Impact, finding_lines, run_impact, summary_lines
from engine.check.run import CheckOptions
from engine.desk.core.checking import catalog
from engine.desk.core.i18n import cli_t
from engine.desk.letters.thread import register
from engine.desk.models import Submission, Version
from engine.desk.register.selectors import latest_versions
from engine.i18n import Lang, t

_FILE = re.compile(r"submission-(\d+)\.yaml$")


@dataclass(frozen=True)
class SubmissionChange:
    """What the draft changes in one submission's latest version."""

    submission: int
    kind: str
    document_id: str
    opd: str
    title: str
    status: str
    version: int
    change: Change

    def as_json(self) -> dict[str, Any]:
        return {
            "submission": self.submission,
            "kind": self.kind,
            "document_id": self.document_id,
            "opd": self.opd,
            "title": self.title,
            "status": self.status,
            "version": self.version,
            "before": self.change.before,
            "after": self.change.after,
            "added": [key.as_json() for key in self.change.added],
            "removed": [key.as_json() for key in self.change.removed],
        }


@dataclass(frozen=True)
class Replay:
    impact: Impact | None  # None: the register has no submission
    changes: tuple[SubmissionChange, ...]
    submissions: int

    def exit_code(self) -> int:
        """3 when a run's engine failed, else 1 when something changes, 0 when nothing
        does. Unlike `patuh impact`, an invalid document is not exit 2: the register
        keeps invalid versions on purpose (the applicant sees why), they are its
        content, not a mistake in the command's input."""
        if self.impact is None:
            return 0
        if self.impact.failed_engines():
            return 3
        return 1 if self.changes else 0


def replay(
    draft: Path,
    *,
    base: Path | None = None,
    opa_binary: str | None = None,
    opa_timeout: float = 60.0,
) -> Replay:
    versions = list(
        latest_versions(Submission.objects.all())
        .select_related("submission__opd")
        .only(
            "number",
            "yaml_text",
            "submission__kind",
            "submission__document_id",
            "submission__title",
            "submission__status",
            "submission__opd__name",
        )
        .order_by("submission_id")
    )
    if not versions:
        return Replay(None, (), 0)
    by_submission: dict[int, Version] = {v.submission_id: v for v in versions}
    with tempfile.TemporaryDirectory(prefix="patuh-desk-replay-") as folder:
        files = []
        for version in versions:
            path = Path(folder) / f"submission-{version.submission_id}.yaml"
            path.write_text(version.yaml_text, encoding="utf-8")
            files.append(str(path))
        options = CheckOptions(opa_binary=opa_binary, opa_timeout=opa_timeout, cache=False)
        # The register as the desk's own checks see it, so the rules of references
        # (MDN-KOOR-04, MDN-PBJ-08) are replayed too, not reported "not applied".
        impact = run_impact(
            files, options, draft, catalog(), base=base, register=register(desk=True)
        )
    changes = []
    for change in impact.changes:
        found = _FILE.search(change.file)
        if found is None:  # pragma: no cover - every file is named above
            raise RuntimeError(f"not a submission's file: {change.file}")
        version = by_submission[int(found.group(1))]
        submission = version.submission
        changes.append(
            SubmissionChange(
                submission=submission.pk,
                kind=submission.kind,
                document_id=submission.document_id,
                opd=submission.opd.name,
                title=submission.title,
                status=submission.status,
                version=version.number,
                change=change,
            )
        )
    return Replay(impact, tuple(changes), len(versions))


def render_json(replayed: Replay) -> str:
    summary: dict[str, Any] = {"submissions": replayed.submissions}
    if replayed.impact is not None:
        summary.update(replayed.impact.summary())
    answer = {"changes": [c.as_json() for c in replayed.changes], "summary": summary}
    return json.dumps(answer, ensure_ascii=False, indent=2) + "\n"


def render_text(replayed: Replay, lang: Lang, draft: str) -> str:
    lines = [cli_t("desk.impact.title", lang, draft=draft, count=replayed.submissions), ""]
    if not replayed.changes:
        lines.append(cli_t("desk.impact.no_change", lang))
    for item in replayed.changes:
        kind = t(f"kind.{item.kind}", lang) if item.kind in KINDS else item.kind
        lines.append(
            cli_t(
                "desk.impact.submission",
                lang,
                id=item.submission,
                kind=kind,
                document_id=item.document_id,
                opd=item.opd,
                version=item.version,
                before=t(f"verdict.{item.change.before}", lang),
                after=t(f"verdict.{item.change.after}", lang),
            )
        )
        lines += finding_lines(item.change, lang)
    if replayed.impact is not None:
        lines += ["", *summary_lines(replayed.impact, lang)]
    return "\n".join(lines) + "\n"


KINDS = ("Proposal", "Procurement", "System")
