"""The first minutes of a new user (issue 11): one language at a time, English that
reads as English, messages that say how to fix the mistake, the pinned OPA found
after `make setup`, and `patuh version` without OPA."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from report_samples import catalog, closed_port, engine_failed_report

from engine.cli.main import main
from engine.evaluating.opa.binary import PINNED_OPA_VERSION
from engine.reporting.render import html, text

ROOT = Path(__file__).resolve().parents[2]
PATUH = Path(sys.executable).with_name("patuh")
HEAD = "apiVersion: patuh/v1\nkind: Proposal\nmetadata: {id: P-1, title: T, opd: O}\n"


def _cli(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(main, list(args), env=env, prog_name="patuh")


# --- click's words in the reader's language -------------------------------------------


@pytest.mark.parametrize(
    ("args", "indonesian", "english"),
    [
        (["check"], "Galat: Argumen PATH... belum diberikan.", "Error: Missing argument PATH..."),
        (
            ["check", "tidak-ada.yaml"],
            "Galat: Berkas atau folder `tidak-ada.yaml` tidak ada.",
            "Error: The file or folder `tidak-ada.yaml` does not exist.",
        ),
        (
            ["check", "--formt", "json", "x"],
            "Opsi --formt tidak dikenal.",
            "No such option: --formt.",
        ),
        (["chek"], "Perintah `chek` tidak ada", "No such command `chek`"),
        (["explain"], "Argumen RULE_ID belum diberikan.", "Missing argument RULE_ID."),
    ],
)
def test_click_errors_in_one_language(args: list[str], indonesian: str, english: str) -> None:
    result = _cli(*args)
    assert result.exit_code == 2
    assert indonesian in result.stderr
    assert "Penggunaan: patuh" in result.stderr and "untuk bantuan" in result.stderr
    for word in ("Usage:", "Error:", "does not exist", "Missing argument", "Try "):
        assert word not in result.stderr
    result = _cli(*args, env={"PATUH_LANG": "en"})
    assert result.exit_code == 2
    assert english in result.stderr and "Usage: patuh" in result.stderr
    assert "Galat" not in result.stderr


def test_click_help_in_one_language() -> None:
    indonesian = _cli("check", "-h").stdout
    assert indonesian.startswith("Penggunaan: patuh check")
    assert "Opsi:" in indonesian and "[bawaan: text]" in indonesian
    assert "Tampilkan bantuan ini lalu keluar." in indonesian
    for word in ("Usage:", "Options:", "Show this message", "[default:"):
        assert word not in indonesian
    english = _cli("check", "--lang", "en", "-h").stdout
    assert english.startswith("Usage: patuh check") and "Options:" in english
    assert "Check YAML documents" in english and "Memeriksa" not in english
    group = _cli("-h").stdout
    assert "Perintah:" in group and "Commands:" not in group


def test_lang_value_refused_in_indonesian() -> None:
    result = _cli("rules", "--lang", "fr")
    assert result.exit_code == 2
    assert "Nilai --lang `fr` tidak dikenal; pilih salah satu: 'id', 'en'." in result.stderr


# --- OPA failures and YAML errors: a sentence, then the original quoted ---------------


def test_engine_failure_in_the_readers_language() -> None:
    report = engine_failed_report()
    indonesian = text.render(report, catalog(), "id")
    assert "OPA di http://127.0.0.1:" in indonesian and "tidak dapat dihubungi" in indonesian
    assert "Rincian teknis: “cannot reach OPA at" in indonesian  # the original, quoted
    english = text.render(report, catalog(), "en")
    assert "cannot be reached (connection refused or lost)" in english
    assert "Engine: OPA unknown" in english and "Mesin: OPA tidak diketahui" in indonesian


def test_no_opa_binary_in_the_readers_language(tmp_path: Path) -> None:
    env = _without_opa(tmp_path)
    document = str(ROOT / "fixtures/examples/usulan-telemedicine.yaml")
    done = subprocess.run(
        [str(PATUH), "check", document], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 3
    assert "Tidak ada biner OPA: jalankan `make setup`" in done.stdout + done.stderr
    assert "Rincian teknis: “no OPA binary" in done.stderr


def test_yaml_error_is_a_sentence_with_the_parser_quoted(patuh: Any, tmp_path: Path) -> None:
    broken = tmp_path / "rusak.yaml"
    broken.write_text(HEAD + "spec:\n  sla:\n    availability_percent: 99\n   backup: daily\n")
    code, report, _ = patuh(str(broken))
    [finding] = report["results"][0]["findings"]
    assert code == 2 and finding["line"] == 7
    assert finding["message"].startswith("Berkas ini bukan YAML yang valid: ")
    assert "Pesan pengurai YAML: “" in finding["message"]
    _, report, _ = patuh("--lang", "en", str(broken))
    assert "The YAML parser said: “" in report["results"][0]["findings"][0]["message"]


@pytest.mark.parametrize(
    ("text_", "line"),
    [
        (HEAD + 'spec:\n  summary: "tidak ditutup\n', 5),  # the quote left open
        (HEAD + "spec: {dimensions: [smart_living\n\n\n", 4),  # the bracket left open
    ],
)
def test_yaml_error_at_the_end_points_where_it_was_left_open(
    patuh: Any, tmp_path: Path, text_: str, line: int
) -> None:
    broken = tmp_path / "akhir.yaml"
    broken.write_text(text_)
    _, report, _ = patuh(str(broken))
    [finding] = report["results"][0]["findings"]
    assert (finding["rule"], finding["line"]) == ("YAML", line)


# --- English that reads as English -----------------------------------------------------


def test_english_plurals(patuh: Any) -> None:
    one = str(ROOT / "fixtures/medan/MDN-SLA-01.pass.yaml")
    _, _, out = patuh("--lang", "en", one, fmt="text")
    assert "Summary: 1 document, 1 compliant" in out
    _, _, out = patuh(
        "--lang", "en", one, str(ROOT / "fixtures/invalid/malformed.yaml"), fmt="html"
    )
    assert "1 of 2 documents is invalid" in out and "1 document in" not in out
    assert "2 documents in 2 files" in out


def test_explain_shows_parameter_values() -> None:
    english = _cli("explain", "MDN-PBJ-04", "--lang", "en").stdout
    assert "(1 hour, 1 participant)" in english
    indonesian = _cli("explain", "MDN-SLA-01").stdout
    assert "di bawah 99%" in indonesian
    for rule in ("MDN-PBJ-04", "MDN-SLA-01", "MDN-HOST-01", "MDN-KAM-07"):
        for lang in ("id", "en"):
            out = _cli("explain", rule, "--lang", lang).stdout
            assert not re.search(r"\{[a-z_]+\}", out), (rule, lang, out)


def test_rules_and_explain_name_kinds_alike() -> None:
    listing = _cli("rules").stdout
    line = next(x for x in listing.splitlines() if x.strip().startswith("MDN-PBJ-04"))
    assert "Pengadaan" in line and "Procurement" not in line
    assert "Berlaku untuk: Pengadaan" in _cli("explain", "MDN-PBJ-04").stdout
    english = _cli("rules", "--lang", "en").stdout
    assert "Procurement" in english and "Pengadaan" not in english


# --- a remedy per schema mistake ------------------------------------------------------


def _schema_findings(patuh: Any, tmp_path: Path, body: str, *args: str) -> list[dict[str, Any]]:
    document = tmp_path / "usulan.yaml"
    document.write_text(HEAD + body)
    code, report, _ = patuh(*args, str(document))
    assert code == 2
    return list(report["results"][0]["findings"])


def test_remedy_per_schema_mistake(patuh: Any, tmp_path: Path) -> None:
    findings = _schema_findings(
        patuh,
        tmp_path,
        "spec:\n"
        "  rpo_hours: 24\n"  # belongs in spec.sla.disaster_recovery
        "  sla: {availability_percent: '99.5'}\n"
        "  funding: {amount_idr: 1.500.000.000}\n",
    )
    by_path = {f["path"]: f for f in findings}
    misplaced = by_path["spec.rpo_hours"]
    assert "ada di bagian `spec.sla.disaster_recovery`" in misplaced["message"]
    assert "Pindahkan `rpo_hours` ke bawah `spec.sla.disaster_recovery`" in misplaced["remedy"]
    assert by_path["spec.sla.availability_percent"]["remedy"] == (
        "Hapus tanda kutipnya: `availability_percent: 99.5`."
    )
    assert by_path["spec.funding.amount_idr"]["remedy"] == (
        "Tulis angkanya tanpa pemisah ribuan: `amount_idr: 1500000000`."
    )
    for finding in findings:
        assert "README" not in finding["remedy"]
    english = _schema_findings(
        patuh, tmp_path, "spec:\n  funding: {amount_idr: '1,500,000'}\n", "--lang", "en"
    )
    assert english[0]["remedy"] == (
        "Write the number without thousands separators: `amount_idr: 1500000`."
    )


def test_waiver_file_among_documents_says_to_move_it(patuh: Any, tmp_path: Path) -> None:
    waivers = tmp_path / "pengecualian.yaml"
    waivers.write_text("apiVersion: patuh/v1\nkind: Waivers\nwaivers: []\n")
    code, report, _ = patuh(str(tmp_path))
    [finding] = report["results"][0]["findings"]
    assert code == 2 and "--waivers FILE" in finding["remedy"] and "Pindahkan" in finding["remedy"]


def test_foreign_file_named_says_what_it_is(patuh: Any, tmp_path: Path) -> None:
    compose = tmp_path / "docker-compose.yml"
    compose.write_text("services:\n  web: {image: nginx}\n")
    code, report, _ = patuh(str(compose))
    [finding] = report["results"][0]["findings"]
    assert code == 2 and "Ini bukan dokumen patuh" in finding["message"]
    assert "patuh/v1" in finding["remedy"] and "field ini" not in finding["remedy"]


# --- the HTML report ------------------------------------------------------------------


def test_html_report_times_digests_reviewer_box_and_charts(opa_url: str) -> None:
    from report_samples import mixed_report

    report = mixed_report(opa_url)
    page = html.render(report, catalog(), "id")
    assert re.search(r"<dd>\d{4}-\d\d-\d\d \d\d:\d\d WIB</dd>", page)  # the header, in WIB
    assert re.search(r"\d\d:\d\d WIB \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)", page)  # provenance
    for result in report.results:
        if result.file_digest:
            bare = result.file_digest.removeprefix("sha256:")
            assert re.fullmatch(r"[0-9a-f]{64}", bare)
            assert f">{bare}</code>" in page  # as sha256sum prints it
    for decision in ("Sesuai", "Perlu perbaikan", "Tidak sesuai"):
        assert f"</span> {decision}</li>" in page
    assert "NIP" in page and "Nama peninjau" in page and "Paraf" in page
    chart = page.split("<figcaption>Temuan per area aturan</figcaption>")[1].split("</svg>")[0]
    counts = re.findall(r'class="count(?: zero)?">(\d+)</text>', chart)
    assert counts and "0" not in counts  # no row for an area without findings


# --- the first command after `make setup` ----------------------------------------------


def _without_opa(tmp_path: Path) -> dict[str, str]:
    """An environment where OPA is neither named, nor on the PATH, nor in a tools
    folder: HOME and XDG_CACHE_HOME point at empty folders."""
    path = os.pathsep.join(
        p for p in os.environ["PATH"].split(os.pathsep) if not (Path(p) / "opa").exists()
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PATUH_OPA_BINARY", "PATUH_OPA_URL")}
    return {**env, "PATH": path, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}


def test_pinned_opa_found_in_the_tools_folder(opa_binary: Path, tmp_path: Path) -> None:
    env = _without_opa(tmp_path)
    tools = tmp_path / "cache" / "patuh" / "tools" / f"opa-{PINNED_OPA_VERSION}_conftest-v0"
    tools.mkdir(parents=True)
    (tools / "opa").symlink_to(opa_binary.resolve())
    document = str(ROOT / "fixtures/medan/MDN-SLA-01.fail.yaml")
    done = subprocess.run(
        [str(PATUH), "check", "--format", "json", document],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["engine"]["binary"] == str(tools / "opa")  # the provenance says which
    done = subprocess.run(
        [str(PATUH), "check", document], capture_output=True, text=True, env=env, timeout=120
    )
    assert f"biner OPA:        {tools / 'opa'}" in done.stdout


def test_makefile_builds_the_opa_patuh_looks_for() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"OPA_VERSION := {PINNED_OPA_VERSION}\n" in makefile
    assert "TOOLS_DIR := $(CACHE_HOME)/patuh/tools/opa-$(OPA_VERSION)_" in makefile


def test_version_without_opa(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(PATUH), "version"], capture_output=True, text=True, env=_without_opa(tmp_path)
    )
    assert done.returncode == 0
    first, second = done.stdout.splitlines()
    assert first.startswith("patuh ")
    assert second.startswith("opa: tidak tersedia. Tidak ada biner OPA")


def test_version_names_the_opa_binary(opa_binary: Path) -> None:
    result = _cli("version", "--opa-binary", str(opa_binary))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == f"opa 1.22.4 ({opa_binary})"


def test_unreachable_url_in_english() -> None:
    result = _cli(
        "check",
        "--lang",
        "en",
        "--opa-url",
        f"http://127.0.0.1:{closed_port()}",
        str(ROOT / "fixtures/medan/MDN-SLA-01.pass.yaml"),
    )
    assert result.exit_code == 3
    assert "The policy engine failed: OPA at http://127.0.0.1:" in result.stderr
    assert "Technical detail: “cannot reach OPA" in result.stderr


def test_engine_finding_points_at_each_documents_first_line() -> None:
    """Guard (it held before): the ENGINE finding of each document of a file points at
    the line where that document begins, not at line 1 or at a comment."""
    report = engine_failed_report()
    [result] = report.results
    [finding] = result.findings
    source = (ROOT / "fixtures/examples/usulan-telemedicine.yaml").read_text().splitlines()
    assert source[finding.line - 1].startswith("apiVersion:")
