"""The rule texts say no more than the paper (issue 10): the [sic] marks on MDN-PBJ-02's
quote in `patuh explain` and in every report, the bases of the rules that rest on
interviewees' remarks, and the terms our own Indonesian text uses."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from engine.catalog.rules import CatalogError, load_catalog
from engine.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
PBJ02_FAIL = str(ROOT / "fixtures/medan/MDN-PBJ-02.fail.yaml")
catalog = load_catalog()


def _explain(rule: str, lang: str) -> str:
    result = CliRunner().invoke(main, ["explain", rule, "--lang", lang])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(("lang", "note"), [("id", "salah tulis"), ("en", "slip")])
def test_explain_marks_the_papers_slips_sic_with_a_note(lang: str, note: str) -> None:
    shown = _explain("MDN-PBJ-02", lang)
    quote_line = next(
        line for line in shown.splitlines() if line.startswith(("Kutipan sumber:", "Source quote:"))
    )
    assert quote_line.count("aplikasi umum [sic]") == 2
    assert "Dinas Komunikasi dan Informasi [sic]" in quote_line
    basis_line = next(line for line in shown.splitlines() if line.startswith(("Dasar:", "Basis:")))
    assert "[sic]" in basis_line and note in basis_line


def test_the_quote_itself_stays_verbatim() -> None:
    rule = catalog.rules["MDN-PBJ-02"]
    assert "[sic]" not in rule.quote
    assert rule.marked_quote().replace(" [sic]", "") == rule.quote
    assert _explain("MDN-PBJ-01", "id").count("[sic]") == 0  # only where the paper slipped


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json", "sarif"])
def test_reports_carry_the_sic_note_with_the_basis(patuh: Any, fmt: str) -> None:
    code, _, output = patuh(PBJ02_FAIL, fmt=fmt)
    assert code == 1
    shown = output.replace("\\[", "[").replace("\\]", "]")  # Markdown escapes brackets
    assert "[sic]" in shown and "Dinas Komunikasi dan Informatika" in shown


def test_a_sic_phrase_must_stand_in_the_quote(tmp_path: Path) -> None:
    area = yaml.safe_load((ROOT / "rules/medan/pengadaan.yaml").read_text(encoding="utf-8"))
    area["rules"][1]["sic"] = ["aplikasi khusus Diskominfo"]
    (tmp_path / "medan").mkdir()
    (tmp_path / "medan" / "pengadaan.yaml").write_text(yaml.safe_dump(area, allow_unicode=True))
    with pytest.raises(CatalogError, match="sic phrases not in the quote"):
        load_catalog(tmp_path)


def _own_texts(lang: str) -> list[tuple[str, str]]:
    """(rule id, text) for every text we wrote ourselves: not the quotes."""
    return [
        (rule.id, text(lang))
        for rule in catalog.rules.values()
        for text in (rule.title, rule.message, rule.remedy, rule.basis)
    ]


def test_autentikasi_not_otentikasi_in_our_own_text() -> None:
    offending = [rule for rule, text in _own_texts("id") if re.search(r"\botentik", text, re.I)]
    assert offending == []


def test_confidential_is_worded_terbatas_not_rahasia() -> None:
    """Indonesian classification practice: biasa, terbatas, rahasia, sangat rahasia."""
    for rule_id in ("MDN-KAM-01", "MDN-KAM-10"):
        message = catalog.rules[rule_id].message("id")
        assert "terbatas (`confidential`)" in message and "rahasia (`secret`)" in message
        assert "Data rahasia/pribadi" not in message and "data rahasia/pribadi" not in message


def test_one_english_name_for_diskominfo() -> None:
    """The office is "the Medan Communication and Informatics Office (Diskominfo)" wherever
    our English text spells it out (the Ministry is another body)."""
    spelled = [
        (rule, match)
        for rule, text in _own_texts("en")
        for match in re.findall(r"(?:[\w]+ ){0,3}Communication and Informatics(?: \w+)?", text)
        if "Ministry" not in match
    ]
    assert spelled
    for rule, match in spelled:
        assert match.endswith("Medan Communication and Informatics Office"), (rule, match)


def test_interviewees_remarks_are_cited_as_such() -> None:
    host, sdm = catalog.rules["MDN-HOST-01"], catalog.rules["MDN-SDM-01"]
    for rule, speaker in ((host, "informan Bappeda"), (sdm, "Kepala Dinas Kominfo")):
        basis = rule.basis("id")
        assert not basis.startswith("Kebijakan TIK")
        assert speaker in basis and "bagian III.C" in basis
        assert "bukan pasal Perwali maupun kebijakan tertulis" in basis


def test_messages_claim_no_more_than_the_paper() -> None:
    rules = catalog.rules
    assert "tidak dapat dilanjutkan" not in rules["MDN-KOOR-02"].message("id")
    assert "cannot proceed" not in rules["MDN-KOOR-02"].message("en")
    assert "wajib" not in rules["MDN-RENC-03"].message("id")
    assert "dapat mempertimbangkan" in rules["MDN-RENC-02"].quote  # the sentence's verb
    assert rules["MDN-RENC-02"].derived and rules["MDN-PBJ-07"].derived
    assert "Ketua Satuan Pelaksana" in rules["MDN-ORG-01"].message("id")


def test_no_english_word_where_an_indonesian_one_exists() -> None:
    texts = dict.fromkeys(rule for rule, _ in _own_texts("id"))
    words = {
        "frekuensi backup": "frekuensi pencadangan",
        "prosedur troubleshooting": "prosedur penanganan masalah",
        "(waiver)": "pengecualian",
        "Lokasi hosting": "lokasi penempatan",
    }
    offending = [
        (rule, english) for rule, text in _own_texts("id") for english in words if english in text
    ]
    assert texts and offending == []
