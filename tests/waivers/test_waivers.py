"""Governed waivers: approved, referenced, expiring; never implicit, never for invalid input.

End-to-end cases run the real CLI against the session's real OPA (`patuh` fixture); the
expiry rule is also checked on `apply_waivers` with an explicit day, including the edge
(a waiver is current on its `expires` day, UTC, and expired the day after).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from engine.catalog.rules import load_catalog
from engine.cli.main import main
from engine.findings import DocumentResult, EngineInfo, Finding, Report
from engine.waivers.applying import apply_waivers
from engine.waivers.waiver_file import WaiverFileError, load_waivers, utc_today

ROOT = Path(__file__).resolve().parents[2]
KOOR_FAIL = ROOT / "fixtures/medan/MDN-KOOR-01.fail.yaml"  # id UJI-KOOR-01-GAGAL
KOOR_DOC = "UJI-KOOR-01-GAGAL"
TODAY = utc_today()


def waiver(
    rule: str = "MDN-KOOR-01",
    document: str = KOOR_DOC,
    kind: str = "Proposal",
    expires: dt.date | str = TODAY + dt.timedelta(days=30),
    reference: str = "555/321/Diskominfo/2026",
    path: str | None = None,
    opd: str | None = None,
) -> str:
    lines = [
        f"  - rule: {rule}",
        f"    kind: {kind}",
        f'    document: "{document}"',
        "    justification: Surat koordinasi menyusul; rapat 12 Januari sudah menyetujui.",
        "    approved_by: Kepala Dinas Kominfo Kota Medan",
        f"    reference: {reference}",
        f"    expires: {expires}",
    ]
    if path is not None:
        lines.append(f"    path: {path}")
    if opd is not None:
        lines.append(f'    opd: "{opd}"')
    return "\n".join(lines) + "\n"


def waiver_file(tmp_path: Path, *entries: str, name: str = "waivers.yaml") -> Path:
    path = tmp_path / name
    path.write_text("apiVersion: patuh/v1\nkind: Waivers\nwaivers:\n" + "".join(entries))
    return path


def notices(report: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(n["code"], n["params"].get("reference")) for n in report["notices"]]


# --- the acceptance criteria of issue 4, end to end ------------------------------------------


def test_current_waiver_passes_the_document_and_the_report_shows_it(
    patuh: Any, tmp_path: Path
) -> None:
    file = waiver_file(tmp_path, waiver())
    code, report, _ = patuh("--waivers", str(file), str(KOOR_FAIL))
    assert code == 0
    [result] = report["results"]
    assert result["verdict"] == "compliant"
    [finding] = result["findings"]  # still in the report
    assert (finding["rule"], finding["path"]) == ("MDN-KOOR-01", "spec.coordination.diskominfo")
    assert finding["waived"] is True
    assert finding["waiver"]["reference"] == "555/321/Diskominfo/2026"
    assert finding["waiver"]["approved_by"] == "Kepala Dinas Kominfo Kota Medan"
    assert finding["waiver"]["document"] == KOOR_DOC
    assert finding["waiver"]["kind"] == "Proposal"
    assert report["summary"]["waived"] == 1
    assert report["notices"] == []
    digest = "sha256:" + hashlib.sha256(file.read_bytes()).hexdigest()
    assert report["engine"]["waivers_digest"] == digest

    code, _, text = patuh("--waivers", str(file), str(KOOR_FAIL), fmt="text")
    assert code == 0
    assert "[dikecualikan: 555/321/Diskominfo/2026]" in text
    assert "disetujui Kepala Dinas Kominfo Kota Medan" in text


# --- issue 20.13: ids are unique per OPD only ---------------------------------------------------


def test_a_waiver_naming_an_opd_covers_only_that_opds_document(patuh: Any, tmp_path: Path) -> None:
    """The fixture is Dinas Pendidikan's; Dinas Kesehatan's waiver for the same kind and
    id must not cover it, Dinas Pendidikan's (under any folding of its name) does."""
    other = waiver_file(tmp_path, waiver(opd="Dinas Kesehatan"), name="lain.yaml")
    code, report, _ = patuh("--waivers", str(other), str(KOOR_FAIL))
    assert code == 1
    [result] = report["results"]
    assert result["verdict"] == "non_compliant"
    assert [f["waived"] for f in result["findings"]] == [False]
    assert notices(report) == [("notice.waiver_unused", "555/321/Diskominfo/2026")]
    for name in ("Dinas Pendidikan", " dinas\u00a0 PENDIDIKAN  Kota Medan "):
        own = waiver_file(tmp_path, waiver(opd=name), name="sendiri.yaml")
        code, report, _ = patuh("--waivers", str(own), str(KOOR_FAIL))
        assert code == 0, name
        [finding] = report["results"][0]["findings"]
        assert finding["waived"] is True
        assert finding["waiver"]["opd"] == name


def test_a_waiver_naming_an_opd_never_covers_a_document_without_one(tmp_path: Path) -> None:
    finding = Finding("MDN-KOOR-01", "error", "spec.coordination.diskominfo", 9)
    file = waiver_file(tmp_path, waiver(opd="Dinas Pendidikan"))
    [loaded] = load_waivers(file, load_catalog()).waivers
    assert loaded.covers("Proposal", KOOR_DOC, finding, "Dinas Pendidikan")
    assert not loaded.covers("Proposal", KOOR_DOC, finding, None)
    assert not loaded.covers("Proposal", KOOR_DOC, finding, "Dinas Pendidikan Provinsi")


def test_expired_waiver_is_not_applied_and_warns(patuh: Any, tmp_path: Path) -> None:
    yesterday = TODAY - dt.timedelta(days=1)
    file = waiver_file(tmp_path, waiver(expires=yesterday, reference="555/1/2025"))
    code, report, _ = patuh("--waivers", str(file), str(KOOR_FAIL))
    assert code == 1
    [result] = report["results"]
    assert result["verdict"] == "non_compliant"
    assert result["findings"][0]["waived"] is False
    assert "waiver" not in result["findings"][0]
    assert notices(report) == [("notice.waiver_expired", "555/1/2025")]
    [notice] = report["notices"]
    assert notice["severity"] == "warning"
    assert notice["params"]["findings"] == 1  # what it would have covered now counts
    assert notice["params"]["line"] == 4  # where the waiver starts in its file
    assert str(yesterday) in notice["message"]


def test_unused_waiver_warns(patuh: Any, tmp_path: Path) -> None:
    file = waiver_file(
        tmp_path,
        waiver(),
        waiver(rule="MDN-SLA-01", reference="REF-UNUSED"),
    )
    code, report, _ = patuh("--waivers", str(file), str(KOOR_FAIL))
    assert code == 0
    assert notices(report) == [("notice.waiver_unused", "REF-UNUSED")]
    assert f"{file}:11" in report["notices"][0]["message"]
    _, _, text = patuh("--lang", "en", "--waivers", str(file), str(KOOR_FAIL), fmt="text")
    assert "Note: Waiver REF-UNUSED" in text
    assert "Waiver REF-UNUSED" in text and "covered no finding" in text


def test_waivers_from_the_environment(opa_url: str, tmp_path: Path) -> None:
    file = waiver_file(tmp_path, waiver())
    args = ["check", "--format", "json", "--opa-url", opa_url, str(KOOR_FAIL)]
    result = CliRunner().invoke(main, args, env={"PATUH_WAIVERS": str(file)})
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, args, env={"PATUH_WAIVERS": ""})
    assert result.exit_code == 1


def test_a_waiver_file_beside_the_documents_is_never_picked_up(patuh: Any, tmp_path: Path) -> None:
    """An OPD cannot waive its own submission by adding a waiver file to it."""
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / "usulan.yaml").write_bytes(KOOR_FAIL.read_bytes())
    waiver_file(folder, waiver(), name="pengecualian.yaml")
    code, report, _ = patuh(str(folder))
    assert code == 2
    verdicts = {Path(r["file"]).name: r["verdict"] for r in report["results"]}
    assert verdicts == {"usulan.yaml": "non_compliant", "pengecualian.yaml": "invalid"}
    [refused] = [r for r in report["results"] if r["file"].endswith("pengecualian.yaml")]
    [finding] = refused["findings"]
    assert (finding["rule"], finding["path"], finding["line"]) == ("SCHEMA", "kind", 2)
    assert "--waivers" in finding["message"]
    assert report["engine"]["waivers_digest"] is None


def test_the_waiver_file_named_with_waivers_is_not_read_as_a_document(
    patuh: Any, tmp_path: Path
) -> None:
    (tmp_path / "usulan.yaml").write_bytes(KOOR_FAIL.read_bytes())
    file = waiver_file(tmp_path, waiver())
    code, report, _ = patuh("--waivers", str(file), str(tmp_path))
    assert code == 0
    assert [Path(r["file"]).name for r in report["results"]] == ["usulan.yaml"]


def test_path_and_glob_narrow_a_waiver(patuh: Any, tmp_path: Path) -> None:
    two = ROOT / "fixtures/medan/MDN-PBJ-03.fail.yaml"
    file = waiver_file(
        tmp_path,
        waiver(document="UJI-KOOR-*", path="spec.coordination", reference="PREFIX"),
        waiver(document="UJI-KOOR-*", path="spec.hosting", reference="OTHER-PATH"),
        waiver(document="uji-koor-01-gagal", reference="WRONG-CASE"),
    )
    code, report, _ = patuh("--waivers", str(file), str(KOOR_FAIL), str(two))
    koor = next(r for r in report["results"] if r["id"] == KOOR_DOC)
    assert koor["findings"][0]["waiver"]["reference"] == "PREFIX"  # a path covers below it
    assert sorted(notices(report)) == [
        ("notice.register_absent", None),  # MDN-PBJ-03.fail.yaml is a procurement
        ("notice.waiver_unused", "OTHER-PATH"),
        ("notice.waiver_unused", "WRONG-CASE"),  # ids match case-sensitively
    ]
    other = next(r for r in report["results"] if r["id"] != KOOR_DOC)
    assert other["verdict"] == "non_compliant"  # not covered by UJI-KOOR-*
    assert code == 1


def _system_reusing_the_proposal_id(folder: Path) -> Path:
    """A System with the id of the Proposal in KOOR_FAIL, and no coordination either:
    ids are unique per kind only (documents.md), so both are valid together."""
    source = (ROOT / "fixtures/medan/MDN-ORG-01.pass.yaml").read_text()
    coordination = (
        "  coordination:\n    diskominfo:\n      reference: 555/061/Diskominfo/2023\n"
        "      date: 2023-04-11\n      status: recommended\n"
    )
    assert coordination in source
    system = folder / "sistem.yaml"
    system.write_text(
        source.replace("id: UJI-ORG-01-LOLOS", f"id: {KOOR_DOC}").replace(coordination, "")
    )
    return system


def test_a_waiver_covers_only_the_kind_it_names(patuh: Any, tmp_path: Path) -> None:
    """Issue 13.2: a Proposal that reuses a System's id does not inherit the System's
    waiver (nor the other way round)."""
    system = _system_reusing_the_proposal_id(tmp_path)
    file = waiver_file(tmp_path, waiver(kind="System", reference="UNTUK-SISTEM"))
    code, report, _ = patuh("--waivers", str(file), str(KOOR_FAIL), str(system))
    by_kind = {r["kind"]: r for r in report["results"]}
    assert [r["id"] for r in report["results"]] == [KOOR_DOC, KOOR_DOC]
    [system_finding] = by_kind["System"]["findings"]
    assert system_finding["rule"] == "MDN-KOOR-01"
    assert system_finding["waived"] is True
    assert system_finding["waiver"]["kind"] == "System"
    assert by_kind["System"]["verdict"] == "compliant"
    [proposal_finding] = by_kind["Proposal"]["findings"]
    assert (proposal_finding["rule"], proposal_finding["waived"]) == ("MDN-KOOR-01", False)
    assert by_kind["Proposal"]["verdict"] == "non_compliant"
    assert code == 1


def test_a_waiver_must_name_a_kind_its_rule_applies_to(tmp_path: Path) -> None:
    catalog = load_catalog()
    without_kind = waiver().replace("    kind: Proposal\n", "")
    with pytest.raises(WaiverFileError) as caught:
        load_waivers(waiver_file(tmp_path, without_kind), catalog)
    assert [(f.path, f.params["code"]) for f in caught.value.findings] == [
        ("waivers[0].kind", "schema.missing")
    ]
    with pytest.raises(WaiverFileError) as caught:
        load_waivers(waiver_file(tmp_path, waiver(kind="Waivers")), catalog)
    assert [f.path for f in caught.value.findings] == ["waivers[0].kind"]
    # MDN-PBJ-03 (source code handover) applies to a Procurement only.
    with pytest.raises(WaiverFileError) as caught:
        load_waivers(waiver_file(tmp_path, waiver(rule="MDN-PBJ-03")), catalog)
    [problem] = caught.value.findings
    assert (problem.path, problem.line) == ("waivers[0].kind", 5)
    assert problem.params == {
        "code": "waiver.kind_not_applicable",
        "rule": "MDN-PBJ-03",
        "kind": "Proposal",
        "allowed": "Procurement",
    }


# --- the waiver file is validated like a document: file:line, exit 2 ---------------------------


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        (waiver(expires="2026-02-30"), 10, "waivers[0].expires: `2026-02-30` bukan tanggal ISO"),
        (waiver(document="*"), 6, "`*` saja tidak diizinkan"),
        (waiver(rule="MDN-XXX-99"), 4, "Aturan `MDN-XXX-99` tidak ada di katalog"),
        (waiver(rule="SCHEMA"), 4, "`SCHEMA` bukan id aturan"),
        (waiver(path="spec..x"), 11, "`spec..x` bukan path dokumen"),
        (
            waiver().replace("    approved_by: Kepala Dinas Kominfo Kota Medan\n", ""),
            4,
            "Kolom wajib `approved_by` tidak ada",
        ),
        (
            waiver().replace("justification:", "justifikasi:"),
            7,
            "Kolom `justifikasi` tidak dikenal",
        ),
        (
            waiver().replace("reference: 555/321/Diskominfo/2026", "reference: ' '"),
            9,
            "waivers[0].reference: Kolom ini wajib diisi",
        ),
        (waiver() + "  - *x\n", 11, "Alias YAML"),
    ],
)
def test_waiver_file_errors_name_file_and_line(
    tmp_path: Path, opa_url: str, body: str, line: int, words: str
) -> None:
    file = waiver_file(tmp_path, body)
    result = CliRunner().invoke(
        main, ["check", "--opa-url", opa_url, "--waivers", str(file), str(KOOR_FAIL)]
    )
    assert result.exit_code == 2, result.output
    assert result.stdout == ""  # nothing is checked with a broken waiver file
    assert f"{file}:{line}: " in result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_waiver_file_must_be_one_waivers_document(tmp_path: Path) -> None:
    catalog = load_catalog()
    two = tmp_path / "two.yaml"
    two.write_text(waiver_file(tmp_path, waiver()).read_text() + "---\na: 1\n")
    with pytest.raises(WaiverFileError) as caught:
        load_waivers(two, catalog)
    assert [(f.line, f.params["code"]) for f in caught.value.findings] == [
        (12, "waiver.one_document")
    ]
    document = tmp_path / "doc.yaml"
    document.write_bytes(KOOR_FAIL.read_bytes())
    with pytest.raises(WaiverFileError) as caught:
        load_waivers(document, catalog)
    assert "kind" in [f.path for f in caught.value.findings]


# --- applying: the day, and what can never be waived --------------------------------------------


def _report(*results: DocumentResult) -> Report:
    return Report(results=list(results), engine=EngineInfo(version="1.22.4"))


def _evaluated(doc_id: str, *findings: Finding) -> DocumentResult:
    return DocumentResult(
        file="a.yaml", index=0, kind="Proposal", id=doc_id, findings=list(findings), evaluated=True
    )


def _koor_finding() -> Finding:
    return Finding("MDN-KOOR-01", "error", "spec.coordination.diskominfo", 9)


@pytest.mark.parametrize(
    ("expires", "today", "waived"),
    [
        ("2026-03-31", dt.date(2026, 3, 30), True),
        ("2026-03-31", dt.date(2026, 3, 31), True),  # current through its last day
        ("2026-03-31", dt.date(2026, 4, 1), False),
    ],
)
def test_expiry_is_inclusive_of_the_last_day(
    tmp_path: Path, expires: str, today: dt.date, waived: bool
) -> None:
    waivers = load_waivers(waiver_file(tmp_path, waiver(expires=expires)), load_catalog())
    result = _evaluated(KOOR_DOC, _koor_finding())
    report = _report(result)
    apply_waivers(report, waivers, today)
    assert result.findings[0].waived is waived
    assert result.verdict("error") == ("compliant" if waived else "non_compliant")
    codes = [n.code for n in report.notices]
    assert codes == ([] if waived else ["notice.waiver_expired"])
    assert report.exit_code() == (0 if waived else 1)


def test_invalid_and_unevaluated_documents_are_never_waived(tmp_path: Path) -> None:
    waivers = load_waivers(waiver_file(tmp_path, waiver(document="UJI-*")), load_catalog())
    # A document that also has a SCHEMA finding cannot be waived into compliance.
    invalid = _evaluated("UJI-1", _koor_finding(), Finding("SCHEMA", "error", "metadata", 3))
    # A document the engine did not answer for stays "error", waiver or not.
    unevaluated = _evaluated("UJI-2", _koor_finding())
    unevaluated.evaluated = False
    engine_failed = _evaluated("UJI-3", Finding("ENGINE", "error", "", 1, {"detail": "x"}))
    report = _report(invalid, unevaluated, engine_failed)
    apply_waivers(report, waivers, TODAY)
    assert not any(f.waived for r in report.results for f in r.findings)
    assert report.verdicts() == ["invalid", "error", "error"]
    assert report.exit_code() == 3
    assert [n.code for n in report.notices] == ["notice.waiver_unused"]


def test_first_current_waiver_in_file_order_is_the_one_shown(tmp_path: Path) -> None:
    file = waiver_file(
        tmp_path,
        waiver(reference="OLD", expires="2020-01-01"),
        waiver(reference="FIRST"),
        waiver(reference="SECOND", document="UJI-*"),
    )
    waivers = load_waivers(file, load_catalog())
    result = _evaluated(KOOR_DOC, _koor_finding())
    report = _report(result)
    apply_waivers(report, waivers, TODAY)
    assert result.findings[0].waiver is not None
    assert result.findings[0].waiver.reference == "FIRST"
    # SECOND covered the finding too, so it is used; OLD is expired.
    assert [(n.code, n.params["reference"]) for n in report.notices] == [
        ("notice.waiver_expired", "OLD")
    ]


def test_no_unused_notice_after_an_engine_failure(tmp_path: Path) -> None:
    waivers = load_waivers(waiver_file(tmp_path, waiver()), load_catalog())
    report = _report(_evaluated(KOOR_DOC))
    report.engine.error = "cannot reach OPA"
    apply_waivers(report, waivers, TODAY)
    assert report.notices == []


def test_waiver_opd_names_fold_as_the_rules_fold_them(opa_binary: Path) -> None:
    """office_name is the rules' lib.office_name (policies/lib/patuh.rego), asked of the
    real OPA for the same names."""
    import json
    import subprocess

    from engine.resources import policies_dir
    from engine.waivers.waiver_file import office_name

    names = [
        "Dinas Kesehatan",
        "  DINAS\u00a0\u00a0Kesehatan  Kota Medan ",
        "Dinas\tKesehatan\nKota  medan",
        "Kota Medan",
        "Dinas Kesehatan Kota Medan Kota Medan",
        "Ünïcode Dinas",
    ]
    run = subprocess.run(
        [
            str(opa_binary),
            "eval",
            "--format",
            "json",
            "-d",
            str(policies_dir() / "lib" / "patuh.rego"),
            "--stdin-input",
            "[data.patuh.lib.office_name(n) | some n in input]",
        ],
        input=json.dumps(names),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    folded = json.loads(run.stdout)["result"][0]["expressions"][0]["value"]
    assert [office_name(name) for name in names] == folded
