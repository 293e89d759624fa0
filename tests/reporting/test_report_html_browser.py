"""The HTML report in a real headless Chromium (Debian's, driven by Playwright): no console
error, no network request but the file itself, a document's markup shown as text and
never run, every finding with its location, rule, message, basis and remedy, and a page
that fits A4 when printed."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from headless import A4_WIDTH_PX, chromium, settle
from playwright.sync_api import BrowserContext, Page, Playwright
from report_samples import NOTICE, WAIVED_RULE, WAIVER, catalog, engine_failed_report
from report_samples import mixed_report as make_mixed_report

from engine.check.run import CheckOptions, run_check
from engine.findings import Report
from engine.reporting.render import html, json_report
from reporting.test_report_formats import HOSTILE

ROOT = Path(__file__).resolve().parents[2]
# A4 (210 mm x 297 mm) less the report's page margins, at 96 px per inch.
PRINTABLE_WIDTH_PX = round((210 - 26) / 25.4 * 96)
PRINTABLE_HEIGHT_PX = round((297 - 30) / 25.4 * 96)


@dataclass
class Opened:
    page: Page
    url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[BrowserContext]:
    with chromium(playwright=playwright) as context:
        yield context


@pytest.fixture(scope="module")
def mixed(opa_url: str) -> Report:
    return make_mixed_report(opa_url)


def _open(browser: BrowserContext, report: Report, tmp_path: Path, lang: str = "id") -> Opened:
    target = tmp_path / "laporan.html"
    target.write_text(html.render(report, catalog(), lang), encoding="utf-8")  # type: ignore[arg-type]
    page = browser.new_page()
    opened = Opened(page, target.as_uri())
    page.on("request", lambda request: opened.requests.append(request.url))
    page.on(
        "console",
        lambda message: (
            opened.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: opened.page_errors.append(str(error)))

    def dismiss(dialog: object) -> None:
        opened.dialogs.append(getattr(dialog, "message", "?"))
        dialog.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", dismiss)
    page.goto(opened.url, wait_until="load")
    settle(page)  # let anything that would run, run
    return opened


def _clean(opened: Opened) -> None:
    assert opened.console_errors == []
    assert opened.page_errors == []
    assert opened.dialogs == []
    assert opened.requests == [opened.url]  # the file itself, nothing else
    assert opened.page.evaluate("document.querySelectorAll('script').length") == 0


def _catalog_words() -> dict[str, dict[str, Any]]:
    """rule id -> its entry in rules/<pack>/*.yaml (title, message, remedy, basis)."""
    found = {}
    for path in sorted((ROOT / "rules").glob("*/*.yaml")):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8")).get("rules", []):
            found[rule["id"]] = rule
    return found


def test_report_opens_clean_and_shows_every_finding(
    browser: BrowserContext, mixed: Report, tmp_path: Path
) -> None:
    opened = _open(browser, mixed, tmp_path)
    _clean(opened)
    page = opened.page
    assert page.title().startswith("Laporan Kepatuhan TIK — ")
    assert page.inner_text(".verdict-banner .verdict-word") == "TIDAK VALID"
    # The expected words come from the catalog's files (rules/<pack>/*.yaml), read here
    # as YAML, not from the engine's wording pipeline the HTML itself is made by.
    words = _catalog_words()
    verdict = {"compliant": "PATUH", "non_compliant": "TIDAK PATUH", "invalid": "TIDAK VALID"}
    for position, result in enumerate(mixed.results, start=1):
        section = page.locator(f"#dok-{position}")
        text = section.inner_text()
        assert section.locator(".badge").inner_text() == verdict[result.verdict(mixed.fail_on)]
        for finding in result.findings:
            item = section.locator(".finding", has_text=f"{result.file}:{finding.line}")
            item_text = item.first.inner_text()
            assert finding.rule in item_text
            if finding.rule not in words:  # YAML, SCHEMA: the engine's own messages
                continue
            rule = words[finding.rule]
            assert rule["title"]["id"] in item_text
            for part in ("message", "remedy"):  # the words before the first parameter
                fixed = rule[part]["id"].split("{", 1)[0].replace("`", "").strip()
                assert fixed and fixed in item_text, (finding.rule, part)
            assert rule["basis"]["id"] in item_text
        if not result.findings:
            assert "Tidak ada temuan" in text
    waived = page.locator(".finding.s-waived")
    assert waived.count() == 1
    assert WAIVED_RULE in waived.inner_text() and WAIVER.approved_by in waived.inner_text()
    assert waived.locator(".sev").inner_text() == "DIKECUALIKAN"
    absent, notice = page.locator(".alert-warning li").all_inner_texts()
    assert absent.startswith("Aturan MDN-KOOR-04, MDN-PBJ-08 memeriksa rujukan")
    assert notice == f"Tag YAML {NOTICE.params['tag']} tidak diizinkan."


def test_report_header_and_provenance(
    browser: BrowserContext, mixed: Report, tmp_path: Path
) -> None:
    page = _open(browser, mixed, tmp_path).page
    header = page.inner_text(".masthead")
    assert "7 dokumen dalam 6 berkas" in header
    assert f"OPA {mixed.engine.version}" in header
    provenance = page.inner_text(".provenance")
    for digest in (mixed.engine.policy_digest, catalog().digest, mixed.waivers_digest):
        assert digest and digest in provenance
    for result in mixed.results:
        if result.digest:
            assert result.digest in provenance


def test_report_charts_count_the_findings(
    browser: BrowserContext, mixed: Report, tmp_path: Path
) -> None:
    page = _open(browser, mixed, tmp_path).page
    charts = page.locator("figure.chart svg[role=img]")
    assert charts.count() == 3
    by_area = charts.nth(0).get_attribute("aria-label") or ""
    areas = {a.area for a in catalog().areas}
    found = {
        catalog().area_of(f.rule).area
        for r in mixed.results
        for f in r.findings
        if f.rule in catalog().rules
    }
    for area in catalog().areas:  # a row only for an area with findings
        assert (f"{area.title('id')}: " in by_area) == (area.area in found), area.area
    assert found < areas
    assert "Pengadaan barang/jasa TIK: 3" in by_area  # PBJ-03, PBJ-04, PBJ-05
    assert "Masukan tidak valid: 1" in by_area
    findings = [
        f for r in json_report.build(mixed, catalog(), "id")["results"] for f in r["findings"]
    ]
    errors = sum(1 for f in findings if f["severity"] == "error" and not f["waived"])
    warnings = sum(1 for f in findings if f["severity"] == "warning" and not f["waived"])
    assert (errors, warnings) == (3, 3)  # PBJ-03, PBJ-04, SCHEMA; PBJ-05, KAM-07, RWT-05
    assert charts.nth(1).get_attribute("aria-label") == (
        f"Galat: {errors}; Peringatan: {warnings}; Dikecualikan: 1"
    )
    assert charts.nth(2).get_attribute("aria-label") == (
        "Putusan per dokumen: PATUH 4, TIDAK PATUH 2, TIDAK VALID 1"
    )


def test_document_markup_is_text_and_never_runs(
    browser: BrowserContext, opa_url: str, tmp_path: Path
) -> None:
    document = tmp_path / "jahat.yaml"
    document.write_text(
        HOSTILE.replace('opd: "Dinas | Uji"', 'opd: "<img src=x onerror=alert(2)>"'),
        encoding="utf-8",
    )
    report = run_check([str(document)], CheckOptions(opa_url=opa_url), catalog())
    opened = _open(browser, report, tmp_path)
    _clean(opened)
    heading = opened.page.inner_text("#dok-1 h3")
    assert "<script>alert(1)</script>" in heading
    assert "<img src=x onerror=alert(2)>" in opened.page.inner_text("#dok-1 .doc-head .sub")
    assert opened.page.locator("img").count() == 0


def test_engine_failure_is_shown_as_not_evaluated(browser: BrowserContext, tmp_path: Path) -> None:
    opened = _open(browser, engine_failed_report(), tmp_path, lang="en")
    _clean(opened)
    page = opened.page
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.inner_text(".verdict-banner .verdict-word") == "NOT EVALUATED"
    assert page.inner_text("#dok-1 .badge") == "NOT EVALUATED"
    assert page.locator(".b-compliant").count() == 0
    assert "The policy engine failed" in page.inner_text(".alert-error")


def test_report_fits_a4_when_printed(
    browser: BrowserContext, mixed: Report, tmp_path: Path
) -> None:
    page = _open(browser, mixed, tmp_path).page
    page.emulate_media(media="print")
    # A4 less the page margins: nothing may stick out sideways and be cut off.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= A4_WIDTH_PX
    # Printed, the report takes as many pages as its content is long: laid out at the
    # width between the margins (reports/report.css: @page A4, 14 mm 13 mm 16 mm), its
    # height in printable page heights, rounded up; one more at most where a block that
    # is kept whole moves to the next page. Fewer pages would mean content cut off.
    page.set_viewport_size({"width": PRINTABLE_WIDTH_PX, "height": PRINTABLE_HEIGHT_PX})
    needed = math.ceil(page.evaluate("document.documentElement.scrollHeight") / PRINTABLE_HEIGHT_PX)
    assert needed >= 2  # seven documents do not fit on one page
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    [pages] = {int(n) for n in re.findall(rb"/Type /Pages\b[^>]*?/Count (\d+)", pdf)} or {
        int(n) for n in re.findall(rb"/Count (\d+)", pdf)
    }
    assert needed <= pages <= needed + 1, (needed, pages)
