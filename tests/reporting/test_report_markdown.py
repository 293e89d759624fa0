"""The Markdown report, read back with a CommonMark parser (markdown-it-py, with GitHub's
tables): its content agrees with the JSON report, and a document's text never turns
into markup, a broken table or an @mention."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from report_samples import NOTICE, WAIVER, catalog, engine_failed_report, mixed_report

from engine.check.run import CheckOptions, run_check
from engine.findings import Report
from engine.reporting.render import json_report, markdown
from reporting.test_report_formats import HOSTILE

# The only HTML the template itself writes: a line break in a table cell, small print.
OWN_HTML = {"<br>", "<sub>", "</sub>"}


def _markdown_it() -> MarkdownIt:
    # CommonMark passes raw HTML through, as GitHub does (before sanitising it).
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _parse(text: str) -> list[Token]:
    return _markdown_it().parse(text)


def _inline_html(tokens: list[Token]) -> set[str]:
    found = {t.content.strip() for t in tokens if t.type == "html_block"}
    for token in tokens:
        found |= {c.content for c in token.children or [] if c.type == "html_inline"}
    return found


def _text(tokens: list[Token]) -> str:
    """The text a reader sees, one inline run after another."""
    runs = []
    for token in tokens:
        pieces = []
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                pieces.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                pieces.append(" ")
        runs.append("".join(pieces))
    return " ".join(runs)


@pytest.fixture(scope="module")
def report(opa_url: str) -> Report:
    return mixed_report(opa_url)


def test_markdown_says_what_the_json_report_says(report: Report) -> None:
    text = markdown.render(report, catalog(), "id")
    tokens = _parse(text)
    assert _inline_html(tokens) <= OWN_HTML
    shown = _text(tokens)
    expected = json_report.build(report, catalog(), "id")
    for result in expected["results"]:
        for finding in result["findings"]:
            assert f"{result['file']}:{finding['line']}" in shown
            if finding["rule"] != "SCHEMA":
                assert finding["basis"] in shown.replace("`", "")
    assert "TIDAK VALID" in shown  # the overall verdict: one document is invalid
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == 1 + len(expected["results"])  # header + one row per document
    assert f"{WAIVER.reference}" in shown and "dikecualikan" in shown
    assert f"Tag YAML {NOTICE.params['tag']} tidak diizinkan." in shown
    assert text.startswith("## ⚠️ Laporan Kepatuhan TIK: TIDAK VALID")


def test_markdown_escapes_document_text(opa_url: str, tmp_path: Path) -> None:
    document = tmp_path / "jahat.yaml"
    document.write_text(HOSTILE, encoding="utf-8")
    report = run_check([str(document)], CheckOptions(opa_url=opa_url), catalog())
    text = markdown.render(report, catalog(), "id")
    tokens = _parse(text)
    assert _inline_html(tokens) <= OWN_HTML
    shown = _text(tokens)
    assert "<script>alert(1)</script> | @\u200bdiskominfo *tebal* kode" in shown
    assert "@diskominfo" not in text  # no mention of anyone in a PR comment
    # The table still has its six cells in every row despite the "|" in title and OPD.
    cells: list[int] = []
    for token in tokens:
        if token.type == "tr_open":
            cells.append(0)
        if token.type in ("td_open", "th_open"):
            cells[-1] += 1
    assert cells == [6, 6]
    html = _markdown_it().render(text)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<em>tebal" not in html and "<strong>tebal" not in html and "*tebal*" in html
    assert "<code>kode</code>" in html  # a `span` in a title is code, as in the catalog


def test_markdown_engine_failure_and_english() -> None:
    text = markdown.render(engine_failed_report(), catalog(), "en")
    assert text.startswith("## ⛔ ICT Compliance Report: NOT EVALUATED")
    assert "1 document was NOT evaluated" in text
    assert "COMPLIANT" not in text.replace("NON-COMPLIANT", "")
