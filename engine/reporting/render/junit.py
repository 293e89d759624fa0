"""JUnit XML: for CI dashboards (GitLab, Jenkins, Azure DevOps and the like).

One <testsuite> per file, one <testcase> per document. A document with findings that
make it fail (errors, or warnings under --fail-on warning, and not waived) has one
<failure> listing them all; a document the engine never evaluated has an <error>, so
a dashboard never shows it as passed. The other findings (warnings, waived ones) are
listed in <system-out>.

Written with the standard library's ElementTree, which escapes text and attributes; the
characters XML 1.0 cannot hold at all are replaced first.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from engine.catalog.rules import Catalog
from engine.findings import ENGINE_RULE, DocumentResult, Finding, Report
from engine.i18n import Lang, t
from engine.reporting.describe import describe

# Control characters (other than tab, newline, carriage return), lone surrogates and the
# two non-characters: not allowed anywhere in an XML 1.0 document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render(report: Report, catalog: Catalog, lang: Lang) -> str:
    root = ET.Element("testsuites", name="patuh")
    # The packs applied and the run's date, as JUnit properties every suite carries.
    provenance: list[tuple[str, str]] = [
        (f"patuh.pack.{pack.name}", pack.digest) for pack in report.packs
    ]
    if report.run_date:
        provenance.append(("patuh.run_date", report.run_date))
    # The report's notices (a run date that is not today, files left unchecked, a copy
    # used for an unreachable desk...), so a dashboard reader sees them as every other
    # format's reader does.
    provenance += [
        ("patuh.notice", f"{notice.severity}: {t(notice.code, lang, **notice.params)}")
        for notice in report.notices
    ]
    if report.desk is not None:
        provenance.append(("patuh.desk.url", report.desk.url))
        for fetch in report.desk.fetches:
            provenance += [
                (f"patuh.desk.{fetch.what}.digest", fetch.digest),
                (f"patuh.desk.{fetch.what}.fetched_at", fetch.fetched_at),
                (f"patuh.desk.{fetch.what}.from_copy", str(fetch.from_copy).lower()),
            ]
    totals = {"tests": 0, "failures": 0, "errors": 0}
    files: dict[str, list[DocumentResult]] = {}
    for result in report.results:
        files.setdefault(result.file, []).append(result)
    for file, results in files.items():
        suite = ET.SubElement(root, "testsuite", name=_xml(file))
        if provenance:
            properties = ET.SubElement(suite, "properties")
            for key, text in provenance:
                ET.SubElement(properties, "property", name=key, value=_xml(text))
        counts = {"tests": 0, "failures": 0, "errors": 0}
        for result in results:
            failures, errors = _testcase(suite, result, report, catalog, lang)
            counts["tests"] += 1
            counts["failures"] += failures
            counts["errors"] += errors
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("skipped", "0")
        suite.set("time", "0")
        if report.generated_at:
            suite.set("timestamp", report.generated_at[:19])
    if not files:
        # Nothing was checked: one suite of zero tests that says why, so a dashboard
        # shows "0 tests" with the reason rather than a missing report.
        suite = ET.SubElement(root, "testsuite", name="patuh", tests="0", failures="0")
        suite.set("errors", "0")
        suite.set("skipped", "0")
        suite.set("time", "0")
        if report.generated_at:
            suite.set("timestamp", report.generated_at[:19])
        if provenance:
            properties = ET.SubElement(suite, "properties")
            for key, text in provenance:
                ET.SubElement(properties, "property", name=key, value=_xml(text))
        said = [t(n.code, lang, **n.params) for n in report.notices]
        ET.SubElement(suite, "system-out").text = _xml(
            "\n".join([t("report.overall.nothing", lang), *said])
        )
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", "0")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _testcase(
    suite: ET.Element, result: DocumentResult, report: Report, catalog: Catalog, lang: Lang
) -> tuple[int, int]:
    """Add the document's <testcase>; return its (failures, errors)."""
    name = result.id or t("report.document_n", lang, number=result.index + 1)
    if result.title:
        name = f"{name} — {result.title}"
    case = ET.SubElement(
        suite,
        "testcase",
        name=_xml(name),
        classname=_xml(f"patuh.{result.kind or 'document'}"),
        file=_xml(result.file),
        time="0",
    )
    if result.findings:
        case.set("line", str(min(f.line for f in result.findings)))
    counting = {"error"} if report.fail_on in ("error", "never") else {"error", "warning"}
    # One <failure> (or <error>) per test case, the findings listed inside it, so that
    # `failures` counts failing documents, as every JUnit consumer expects.
    failing: list[tuple[Finding, str, str]] = []
    engine: list[tuple[Finding, str, str]] = []
    others: list[str] = []
    for finding in result.findings:
        words = describe(finding, catalog, lang)
        text = _details(result, finding, words.message, words.basis, words.remedy, lang)
        headline = f"{finding.rule}: {words.title} — {words.message}"
        if finding.rule == ENGINE_RULE:
            engine.append((finding, headline, text))
        elif finding.severity in counting and not finding.waived:
            failing.append((finding, headline, text))
        else:
            label = t("word.waived" if finding.waived else f"word.{finding.severity}", lang)
            others.append(f"[{label}] {finding.rule}: {words.title}\n{text}")
    failures = errors = 0
    for tag, listed in (("error", engine), ("failure", failing)):
        if not listed:
            continue
        rules = ", ".join(dict.fromkeys(finding.rule for finding, _, _ in listed))
        element = ET.SubElement(case, tag, type=rules)
        first = listed[0][1]
        more = t("junit.more", lang, count=len(listed) - 1) if len(listed) > 1 else ""
        element.set("message", _xml(first + more))
        element.text = _xml("\n\n".join(text for _, _, text in listed))
        if tag == "error":
            errors = 1
        else:
            failures = 1
    if not result.evaluated and not errors and not result.invalid:
        # Not evaluated and no ENGINE finding to say so: still never a pass.
        ET.SubElement(case, "error", type=ENGINE_RULE, message=t("verdict.error", lang))
        errors += 1
    if others:
        ET.SubElement(case, "system-out").text = _xml("\n\n".join(others))
    return failures, errors


def _details(
    result: DocumentResult,
    finding: Finding,
    message: str,
    basis: str | None,
    remedy: str,
    lang: Lang,
) -> str:
    lines = [f"{result.file}:{finding.line}" + (f"  {finding.path}" if finding.path else "")]
    lines.append(message)
    if basis:
        lines.append(f"{t('word.basis', lang)}: {basis}")
    lines.append(f"{t('word.remedy', lang)}: {remedy}")
    if finding.waived and finding.waiver is not None:
        waiver = finding.waiver
        lines.append(
            f"{t('report.waiver.reference', lang)}: {waiver.reference} · "
            f"{t('report.waiver.approved_by', lang)} {waiver.approved_by} · "
            f"{t('report.waiver.expires', lang)} {waiver.expires} — {waiver.justification}"
        )
    return "\n".join(lines)


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
