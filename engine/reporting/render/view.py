"""What the HTML and Markdown reports show, prepared once: the words of each finding in
the reader's language, counts, chart geometry and provenance.

The two templates (reports/report.html.j2, reports/report.md.j2) only lay this out, so
both say exactly the same thing and no logic is written twice.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from engine.catalog.rules import Catalog
from engine.findings import (
    ENGINE_RULE,
    INPUT_RULES,
    AppliedPack,
    DeskFetch,
    DocumentResult,
    Finding,
    Report,
    Verdict,
    Waiver,
)
from engine.i18n import Lang, t
from engine.reporting.describe import describe, engine_error_text
from engine.reporting.render.text import nothing_checked_text

KINDS = ("Proposal", "Procurement", "System")
VERDICTS: tuple[Verdict, ...] = ("compliant", "non_compliant", "invalid", "error")
# A finding is counted once, under the first that applies: waived, else its severity.
SERIES = ("error", "warning", "waived")
LONG_TEXT = 200  # longer titles from a (possibly invalid) document are shortened


@dataclass(frozen=True)
class FindingView:
    rule: str
    severity: str  # "error" | "warning"
    series: str  # "error" | "warning" | "waived": what it counts as
    title: str
    message: str
    basis: str | None
    remedy: str
    file: str
    line: int
    path: str
    waiver: Waiver | None

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class DocumentView:
    position: int  # in the report, from 1
    anchor: str
    file: str
    number: int  # the document's position in its file, from 1
    several_in_file: bool
    kind: str | None  # the kind in the reader's language
    id: str | None
    title: str | None
    opd: str | None
    verdict: Verdict
    digest: str | None
    file_digest: str | None  # sha256 of the file's bytes, as `sha256sum` prints it
    findings: tuple[FindingView, ...]
    counts: dict[str, int]  # per series


@dataclass(frozen=True)
class Segment:
    series: str
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class ChartRow:
    label: str
    total: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class NoticeView:
    severity: str
    text: str


@dataclass(frozen=True)
class ReportView:
    lang: Lang
    generated_at: str  # "YYYY-MM-DD HH:MM WIB": Medan's time, for the reader
    generated_at_utc: str  # "YYYY-MM-DD HH:MM:SS UTC": for the provenance
    patuh_version: str
    engine_name: str
    engine_version: str
    engine_url: str | None
    engine_binary: str | None
    engine_error: str | None
    policy_digest: str | None
    catalog_digest: str
    waivers_digest: str | None
    packs: tuple[AppliedPack, ...]
    run_date: str | None
    fail_on: str
    # The worst verdict: what the report says as a whole; "nothing" when no document
    # was checked, and then `nothing_text` says why.
    overall: str
    nothing_text: str | None
    desk_url: str | None  # the desk the waivers and the register came from (--desk)
    desk: tuple[DeskFetch, ...]
    summary: dict[str, int]
    files: tuple[str, ...]
    notices: tuple[NoticeView, ...]
    documents: tuple[DocumentView, ...]
    by_area: tuple[ChartRow, ...]
    by_severity: tuple[ChartRow, ...]
    by_verdict: tuple[Segment, ...]  # one bar, 0..CHART_WIDTH
    findings_total: int


CHART_WIDTH = 100.0  # chart geometry is in percent of the bar's track


def build_view(report: Report, catalog: Catalog, lang: Lang) -> ReportView:
    per_file = Counter(result.file for result in report.results)
    documents = tuple(
        _document(result, position, per_file[result.file] > 1, report, catalog, lang)
        for position, result in enumerate(report.results)
    )
    all_findings = [f for d in documents for f in d.findings]
    verdicts = Counter(d.verdict for d in documents)
    files = tuple(dict.fromkeys(r.file for r in report.results))
    return ReportView(
        lang=lang,
        generated_at=_wib(report.generated_at),
        generated_at_utc=_when(report.generated_at),
        patuh_version=report.patuh_version,
        engine_name=report.engine.name,
        engine_version=(
            t("word.unknown", lang) if report.engine.version == "unknown" else report.engine.version
        ),
        engine_url=report.engine.url,
        engine_binary=report.engine.binary,
        engine_error=engine_error_text(report.engine, lang) if report.engine.error else None,
        policy_digest=report.engine.policy_digest,
        catalog_digest=catalog.digest,
        waivers_digest=report.waivers_digest,
        packs=report.packs,
        run_date=report.run_date,
        fail_on=report.fail_on,
        overall="nothing" if report.nothing_checked is not None else _overall(report),
        nothing_text=(
            nothing_checked_text(report, lang) if report.nothing_checked is not None else None
        ),
        desk_url=report.desk.url if report.desk is not None else None,
        desk=report.desk.fetches if report.desk is not None else (),
        summary=report.summary(),
        files=files,
        notices=tuple(NoticeView(n.severity, t(n.code, lang, **n.params)) for n in report.notices),
        documents=documents,
        by_area=_rows(_by_area(all_findings, catalog, lang)),
        by_severity=_rows(
            [(t(f"chart.series.{s}", lang), {s: _count(all_findings, s)}) for s in SERIES]
        ),
        by_verdict=_stack({v: verdicts[v] for v in VERDICTS}),
        findings_total=len(all_findings),
    )


def _overall(report: Report) -> Verdict:
    """The report as a whole: compliant only when every document is; never compliant
    when nothing was checked or the engine failed."""
    verdicts = report.verdicts()
    if report.engine.error or "error" in verdicts or not verdicts:
        return "error"
    if "invalid" in verdicts:
        return "invalid"
    if "non_compliant" in verdicts:
        return "non_compliant"
    return "compliant"


def _document(
    result: DocumentResult,
    position: int,
    several_in_file: bool,
    report: Report,
    catalog: Catalog,
    lang: Lang,
) -> DocumentView:
    findings = tuple(_finding(result.file, f, catalog, lang) for f in result.findings)
    return DocumentView(
        position=position + 1,
        anchor=f"dok-{position + 1}",
        file=result.file,
        number=result.index + 1,
        several_in_file=several_in_file,
        kind=t(f"kind.{result.kind}", lang) if result.kind in KINDS else None,
        id=result.id,
        title=_shorten(result.title),
        opd=_shorten(result.opd),
        verdict=result.verdict(report.fail_on),
        digest=result.digest,
        # Bare hex, as `sha256sum FILE` prints it, so a reader can compare by eye.
        file_digest=(result.file_digest or "").removeprefix("sha256:") or None,
        findings=findings,
        counts={s: _count(findings, s) for s in SERIES},
    )


def _finding(file: str, finding: Finding, catalog: Catalog, lang: Lang) -> FindingView:
    words = describe(finding, catalog, lang)
    return FindingView(
        rule=finding.rule,
        severity=finding.severity,
        series="waived" if finding.waived else finding.severity,
        title=words.title,
        message=words.message,
        basis=words.basis,
        remedy=words.remedy,
        file=file,
        line=finding.line,
        path=finding.path,
        waiver=finding.waiver if finding.waived else None,
    )


def _by_area(
    findings: list[FindingView], catalog: Catalog, lang: Lang
) -> list[tuple[str, dict[str, int]]]:
    """The areas of the catalog that have findings, in the catalog's order, then input
    and engine failures when there are any. A row for every area would fill a printed
    page with zeros; the verdict and the summary already say when nothing was found."""
    groups: dict[str, list[FindingView]] = {}
    for finding in findings:
        if finding.rule in INPUT_RULES:
            key = "input"
        elif finding.rule == ENGINE_RULE:
            key = "engine"
        else:
            key = catalog.area_of(finding.rule).area
        groups.setdefault(key, []).append(finding)
    rows = [
        (area.title(lang), {s: _count(groups.get(area.area, []), s) for s in SERIES})
        for area in catalog.areas
        if area.area in groups
    ]
    for key in ("input", "engine"):
        if key in groups:
            rows.append((t(f"chart.area.{key}", lang), {s: _count(groups[key], s) for s in SERIES}))
    return rows


def _count(findings: tuple[FindingView, ...] | list[FindingView], series: str) -> int:
    return sum(1 for f in findings if f.series == series)


def _rows(items: list[tuple[str, dict[str, int]]]) -> tuple[ChartRow, ...]:
    """Horizontal stacked bars on one scale: the longest bar fills the track."""
    longest = max((sum(counts.values()) for _, counts in items), default=0)
    scale = CHART_WIDTH / longest if longest else 0.0
    rows = []
    for label, counts in items:
        x = 0.0
        segments = []
        for series, count in counts.items():
            if count:
                segments.append(Segment(series, count, round(x, 3), round(count * scale, 3)))
                x += count * scale
        rows.append(ChartRow(label, sum(counts.values()), tuple(segments)))
    return tuple(rows)


def _stack(counts: dict[Verdict, int]) -> tuple[Segment, ...]:
    """One bar, 100 % wide, split by share."""
    total = sum(counts.values())
    x = 0.0
    segments = []
    for verdict, count in counts.items():
        if count:
            width = CHART_WIDTH * count / total
            segments.append(Segment(verdict, count, round(x, 3), round(width, 3)))
            x += width
    return tuple(segments)


def _when(generated_at: str) -> str:
    # "2026-03-01T08:30:00+00:00" -> "2026-03-01 08:30:00 UTC": unambiguous in both languages.
    if len(generated_at) >= 19 and generated_at.endswith("+00:00"):
        return f"{generated_at[:10]} {generated_at[11:19]} UTC"
    return generated_at or "-"


WIB = dt.timezone(dt.timedelta(hours=7), "WIB")  # Waktu Indonesia Barat: Medan's time


def _wib(generated_at: str) -> str:
    """The time as a reader in Medan reads it (UTC+7, no daylight saving)."""
    try:
        when = dt.datetime.fromisoformat(generated_at)
    except ValueError:
        return generated_at or "-"
    if when.tzinfo is None:
        return generated_at
    return when.astimezone(WIB).strftime("%Y-%m-%d %H:%M WIB")


def _shorten(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    return text if len(text) <= LONG_TEXT else text[: LONG_TEXT - 1] + "…"
