"""Text: what a reviewer reads in a terminal. Each finding with file:line, rule,
severity, message, legal basis and remedy; waivers, notices, then a summary and
where the report came from (versions and digests).

File names and document values are not ours: a control character or a bidirectional
override in them must not rewrite the reviewer's terminal or forge a line of the
report, so every outside text goes through `printable` before it is placed (and,
without colour, every whole line once more).

With `color` (a terminal without NO_COLOR, decided by the CLI) verdicts and severities
are coloured; the words stay the same, so nothing depends on the colour."""

from __future__ import annotations

from typing import Any

import click

from engine.catalog.rules import Catalog
from engine.findings import Report
from engine.i18n import Lang, t
from engine.reporting.describe import describe
from engine.reporting.sanitize import printable

STYLES: dict[str, dict[str, Any]] = {
    "compliant": {"fg": "green", "bold": True},
    "non_compliant": {"fg": "red", "bold": True},
    "invalid": {"fg": "magenta", "bold": True},
    "error": {"fg": "red", "bold": True, "reverse": True},
    "severity.error": {"fg": "red"},
    "severity.warning": {"fg": "yellow"},
    "severity.info": {"fg": "cyan"},
    "rule": {"bold": True},
    "waived": {"dim": True},
}


def render(report: Report, catalog: Catalog, lang: Lang, *, color: bool = False) -> str:
    def paint(text: str, style: str) -> str:
        return click.style(text, **STYLES[style]) if color else text

    p = printable
    lines: list[str] = []
    if report.nothing_checked is not None:
        lines += [nothing_checked_text(report, lang), ""]
    for result in report.results:
        verdict = result.verdict(report.fail_on)
        kind = (
            t(f"kind.{result.kind}", lang)
            if result.kind in ("Proposal", "Procurement", "System")
            else "-"
        )
        where = p(result.file) + (f" #{result.index + 1}" if result.index else "")
        verdict_word = paint(t(f"verdict.{verdict}", lang), verdict)
        lines.append(f"{verdict_word}  {where}  {kind} {p(result.id or '')}".rstrip())
        if result.file_digest:
            lines.append(f"    {t('text.file_digest', lang, digest=result.file_digest)}")
        if not result.findings:
            lines.append(f"    {t('text.no_findings', lang)}")
        for finding in result.findings:
            words = describe(finding, catalog, lang)
            severity = paint(t(f"word.{finding.severity}", lang), f"severity.{finding.severity}")
            waived = (
                paint(f" [{t('word.waived', lang)}: {p(finding.waiver.reference)}]", "waived")
                if finding.waiver
                else ""
            )
            rule = paint(finding.rule, "rule")
            lines.append(
                f"  {p(result.file)}:{finding.line}  {rule}  {severity}{waived}  {words.title}"
            )
            if finding.path:
                lines.append(f"      {t('word.path', lang)}: {p(finding.path)}")
            lines.append(f"      {p(words.message)}")
            if words.basis:
                lines.append(f"      {t('word.basis', lang)}: {words.basis}")
            lines.append(f"      {t('word.remedy', lang)}: {p(words.remedy)}")
            if finding.waiver is not None:
                waiver = finding.waiver
                lines.append(
                    "      "
                    + p(
                        t(
                            "text.waiver",
                            lang,
                            reference=waiver.reference,
                            approved_by=waiver.approved_by,
                            expires=waiver.expires,
                            justification=waiver.justification,
                        )
                    )
                )
        lines.append("")
    for notice in report.notices:
        label = paint(t("word.notice", lang), f"severity.{notice.severity}")
        lines.append(f"{label}: {p(t(notice.code, lang, **notice.params))}")
    if report.notices:
        lines.append("")
    summary = report.summary()
    lines.append(t("text.summary", lang, **summary))
    if "not_evaluated" in summary:
        lines.append(t("text.not_evaluated", lang, count=summary["not_evaluated"]))
    if "waived" in summary:
        lines.append(t("text.waived_count", lang, count=summary["waived"]))
    if report.engine.policy_digest or report.engine.error:
        digest = (report.engine.policy_digest or "-")[:19]
        version = report.engine.version
        if version == "unknown":
            version = t("word.unknown", lang)
        lines.append(t("text.engine", lang, version=version, policy_digest=digest))
    else:
        lines.append(t("text.engine_not_run", lang))
    lines.extend(_provenance(report, catalog, lang))
    if color:  # the outside texts were made printable where they were placed
        return "\n".join(lines) + "\n"
    return "\n".join(printable(line) for line in lines) + "\n"


def nothing_checked_text(report: Report, lang: Lang) -> str:
    """Why a report has no document: its notice, in a sentence that says no
    document was checked and none is stated compliant."""
    reason = next(
        (t(n.code, lang, **n.params) for n in report.notices if n.code == report.nothing_checked),
        "",
    )
    return t("report.overall.nothing_why", lang, reason=reason)


def _provenance(report: Report, catalog: Catalog, lang: Lang) -> list[str]:
    """Where the report came from, one digest a line so each can be compared."""
    engine = report.engine
    digests = [("word.policies", engine.policy_digest)]
    if engine.policy_mismatch:
        digests.append(("word.expected_policies", engine.expected_policy_digest))
    digests += [("word.catalog", catalog.digest), ("word.waivers", report.waivers_digest)]
    digests += [(f"{t('word.pack', lang)} {pack.name}", pack.digest) for pack in report.packs]
    if report.run_date:
        digests.append(("word.run_date", report.run_date))
    if report.desk is not None:
        for fetch in report.desk.fetches:
            what = f"{t('word.desk', lang)} {t(f'word.desk_{fetch.what}', lang)}"
            copy = t("text.desk_copy", lang) if fetch.from_copy else ""
            digests.append((what, f"{fetch.digest} ({fetch.url}, {fetch.fetched_at}){copy}"))
    header = t(
        "text.provenance",
        lang,
        generated_at=report.generated_at,
        patuh_version=report.patuh_version,
    )
    if engine.binary:
        digests.append(("word.opa_binary", engine.binary))
    return [header] + [
        f"  {(t(word, lang) if word.startswith('word.') else word) + ':':<18}{digest or '-'}"
        for word, digest in digests
    ]
