"""GitHub Actions workflow commands: each finding becomes an annotation on its file and
line in the pull request (`::error file=…,line=…,title=MDN-…::message`).

Errors are `::error`, warnings `::warning`, waived findings `::notice` (shown, never
failing); report notices are `::warning::` (or `::error::`) without a file, and
those that only inform (files left as not patuh's, nothing changed) `::notice::`.
A last plain line gives the summary. Values are escaped as the runner expects (%, CR,
LF; in properties also : and ,) so a document's text can never end a command or start another one.
"""

from __future__ import annotations

from engine.catalog.rules import Catalog
from engine.findings import DeskFetch, Report
from engine.i18n import Lang, t
from engine.reporting.describe import describe, engine_error_text
from engine.reporting.render.locations import display_path


def render(report: Report, catalog: Catalog, lang: Lang) -> str:
    lines: list[str] = []
    for result in report.results:
        file = display_path(result.file)
        for finding in result.findings:
            words = describe(finding, catalog, lang)
            command = "notice" if finding.waived else finding.severity
            title = f"{finding.rule}: {words.title}"
            if finding.waived and finding.waiver is not None:
                title += f" ({t('word.waived', lang)}: {finding.waiver.reference})"
            message = f"{finding.path}: {words.message}" if finding.path else words.message
            if words.basis:
                message += f"\n{t('word.basis', lang)}: {words.basis}"
            message += f"\n{t('word.remedy', lang)}: {words.remedy}"
            properties = {"file": file, "line": str(finding.line), "title": title}
            lines.append(_command(command, properties, message))
    for notice in report.notices:
        command = "notice" if notice.severity == "info" else notice.severity
        lines.append(_command(command, {}, t(notice.code, lang, **notice.params)))
    if report.engine.error:
        lines.append(_command("error", {}, engine_error_text(report.engine, lang)))
    if report.desk is not None:
        for fetch in report.desk.fetches:
            lines.append(_desk_line(fetch, lang))
    if report.packs:
        packs = ", ".join(f"{pack.name} ({pack.digest[:19]})" for pack in report.packs)
        lines.append(t("text.packs", lang, packs=packs, run_date=report.run_date or "-"))
    summary = report.summary()
    lines.append(t("text.summary", lang, **summary))
    if "not_evaluated" in summary:
        lines.append(t("text.not_evaluated", lang, count=summary["not_evaluated"]))
    return "\n".join(lines) + "\n"


def _desk_line(fetch: DeskFetch, lang: Lang) -> str:
    return t(
        "text.desk_fetch",
        lang,
        what=t(f"word.desk_{fetch.what}", lang),
        url=fetch.url,
        digest=fetch.digest,
        fetched_at=fetch.fetched_at,
        copy=t("text.desk_copy", lang) if fetch.from_copy else "",
    )


def _command(name: str, properties: dict[str, str], message: str) -> str:
    props = ",".join(f"{key}={_property(value)}" for key, value in properties.items())
    return f"::{name}{' ' + props if props else ''}::{_data(message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
