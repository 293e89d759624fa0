"""Text: what a reviewer reads in a terminal. Each finding with file:line, rule,
severity, message, legal basis and remedy; waivers, notices, then a summary and
where the report came from (versions and digests).

Every line goes through `printable`: file names and document values are not ours,
and a control character or a bidirectional override in them must not rewrite the
reviewer's terminal or forge a line of the report.
"""

from __future__ import annotations

from engine.catalog import Catalog
from engine.describe import describe
from engine.findings import Report
from engine.i18n import Lang, t
from engine.sanitize import printable


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
        if result.file_digest:
            lines.append(f"    {t('text.file_digest', lang, digest=result.file_digest)}")
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
            if finding.waiver is not None:
                waiver = finding.waiver
                lines.append(
                    "      "
                    + t(
                        "text.waiver",
                        lang,
                        reference=waiver.reference,
                        approved_by=waiver.approved_by,
                        expires=waiver.expires,
                        justification=waiver.justification,
                    )
                )
        lines.append("")
    if report.notices:
        lines.append(f"{t('word.notices', lang)}:")
        for notice in report.notices:
            severity = t(f"word.{notice.severity}", lang)
            lines.append(f"  {severity}: {t(notice.code, lang, **notice.params)}")
        lines.append("")
    summary = report.summary()
    lines.append(t("text.summary", lang, **summary))
    if "not_evaluated" in summary:
        lines.append(t("text.not_evaluated", lang, count=summary["not_evaluated"]))
    if "waived" in summary:
        lines.append(t("text.waived_count", lang, count=summary["waived"]))
    lines.append(
        t(
            "text.engine",
            lang,
            version=report.engine.version,
            policy_digest=(report.engine.policy_digest or "-")[:19],
        )
    )
    lines.extend(_provenance(report, catalog, lang))
    return "\n".join(printable(line) for line in lines) + "\n"


def _provenance(report: Report, catalog: Catalog, lang: Lang) -> list[str]:
    """Where the report came from, one digest a line so each can be compared."""
    engine = report.engine
    digests = [("word.policies", engine.policy_digest)]
    if engine.policy_mismatch:
        digests.append(("word.expected_policies", engine.expected_policy_digest))
    digests += [("word.catalog", catalog.digest), ("word.waivers", report.waivers_digest)]
    header = t(
        "text.provenance",
        lang,
        generated_at=report.generated_at,
        patuh_version=report.patuh_version,
    )
    return [header] + [f"  {t(word, lang) + ':':<18}{digest or '-'}" for word, digest in digests]
