"""Text: what a reviewer reads in a terminal. Each finding with file:line, rule,
severity, message, legal basis and remedy; then a summary.

With `color` (a terminal without NO_COLOR, decided by the CLI) verdicts and severities
are coloured; the words stay the same, so nothing depends on the colour."""

from __future__ import annotations

from typing import Any

import click

from engine.catalog import Catalog
from engine.describe import describe
from engine.findings import Report
from engine.i18n import Lang, t

STYLES: dict[str, dict[str, Any]] = {
    "compliant": {"fg": "green", "bold": True},
    "non_compliant": {"fg": "red", "bold": True},
    "invalid": {"fg": "magenta", "bold": True},
    "error": {"fg": "red", "bold": True, "reverse": True},
    "severity.error": {"fg": "red"},
    "severity.warning": {"fg": "yellow"},
    "rule": {"bold": True},
    "waived": {"dim": True},
}


def render(report: Report, catalog: Catalog, lang: Lang, *, color: bool = False) -> str:
    def paint(text: str, style: str) -> str:
        return click.style(text, **STYLES[style]) if color else text

    lines: list[str] = []
    for result in report.results:
        verdict = result.verdict(report.fail_on)
        kind = (
            t(f"kind.{result.kind}", lang)
            if result.kind in ("Proposal", "Procurement", "System")
            else "-"
        )
        where = f"{result.file}" + (f" #{result.index + 1}" if result.index else "")
        verdict_word = paint(t(f"verdict.{verdict}", lang), verdict)
        lines.append(f"{verdict_word}  {where}  {kind} {result.id or ''}".rstrip())
        if not result.findings:
            lines.append(f"    {t('text.no_findings', lang)}")
        for finding in result.findings:
            words = describe(finding, catalog, lang)
            severity = paint(t(f"word.{finding.severity}", lang), f"severity.{finding.severity}")
            waived = (
                paint(f" [{t('word.waived', lang)}: {finding.waiver.reference}]", "waived")
                if finding.waiver
                else ""
            )
            rule = paint(finding.rule, "rule")
            lines.append(
                f"  {result.file}:{finding.line}  {rule}  {severity}{waived}  {words.title}"
            )
            if finding.path:
                lines.append(f"      path: {finding.path}")
            lines.append(f"      {words.message}")
            if words.basis:
                lines.append(f"      {t('word.basis', lang)}: {words.basis}")
            lines.append(f"      {t('word.remedy', lang)}: {words.remedy}")
        lines.append("")
    for notice in report.notices:
        label = paint(t("word.notice", lang), f"severity.{notice.severity}")
        lines.append(f"{label}: {t(notice.code, lang, **notice.params)}")
    if report.notices:
        lines.append("")
    summary = report.summary()
    lines.append(t("text.summary", lang, **summary))
    if "not_evaluated" in summary:
        lines.append(t("text.not_evaluated", lang, count=summary["not_evaluated"]))
    if report.engine.policy_digest or report.engine.error:
        digest = (report.engine.policy_digest or "-")[:19]
        lines.append(t("text.engine", lang, version=report.engine.version, policy_digest=digest))
    else:
        lines.append(t("text.engine_not_run", lang))
    return "\n".join(lines) + "\n"
