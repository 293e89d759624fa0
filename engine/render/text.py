"""Text: what a reviewer reads in a terminal. Each finding with file:line, rule,
severity, message, legal basis and remedy; then a summary."""

from __future__ import annotations

from engine.catalog import Catalog
from engine.describe import describe
from engine.findings import Report
from engine.i18n import Lang, t


def render(report: Report, catalog: Catalog, lang: Lang) -> str:
    lines: list[str] = []
    for result in report.results:
        verdict = result.verdict(report.fail_on)
        kind = (
            t(f"kind.{result.kind}", lang)
            if result.kind in ("Proposal", "Procurement", "System")
            else "-"
        )
        where = f"{result.file}" + (f" #{result.index + 1}" if result.index else "")
        lines.append(f"{t(f'verdict.{verdict}', lang)}  {where}  {kind} {result.id or ''}".rstrip())
        if not result.findings:
            lines.append(f"    {t('text.no_findings', lang)}")
        for finding in result.findings:
            words = describe(finding, catalog, lang)
            severity = t(f"word.{finding.severity}", lang)
            waived = (
                f" [{t('word.waived', lang)}: {finding.waiver.reference}]" if finding.waiver else ""
            )
            lines.append(
                f"  {result.file}:{finding.line}  {finding.rule}  {severity}{waived}  {words.title}"
            )
            if finding.path:
                lines.append(f"      path: {finding.path}")
            lines.append(f"      {words.message}")
            if words.basis:
                lines.append(f"      {t('word.basis', lang)}: {words.basis}")
            lines.append(f"      {t('word.remedy', lang)}: {words.remedy}")
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
