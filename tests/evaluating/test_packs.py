"""Rule packs (engine/evaluating/packs.py): choosing them, what every report says of them, and
the nasional pack on the README's examples. Real OPA, real files, no mocks."""

from __future__ import annotations

import hashlib
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from engine.catalog.rules import load_catalog
from engine.check.run import CheckOptions, run_check
from engine.cli.main import main
from engine.evaluating.packs import (
    DEFAULT_PACKS,
    UnknownPack,
    available_packs,
    load_packs,
    select_packs,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = str(ROOT / "fixtures/examples")
NASIONAL = ROOT / "fixtures/nasional"
BOTH = ["--pack", "medan", "--pack", "nasional"]
PACK_N = ["--pack", "nasional"]


def _check(opa_url: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, Any, str]:
    result = CliRunner().invoke(
        main, ["check", "--format", "json", "--opa-url", opa_url, *args], env=env
    )
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    parsed = json.loads(result.stdout) if result.stdout.strip() else None
    return result.exit_code, parsed, result.output


def _findings(report: dict[str, Any]) -> dict[str, list[tuple[str, str, str, int]]]:
    return {
        r["id"]: [(f["rule"], f["severity"], f["path"], f["line"]) for f in r["findings"]]
        for r in report["results"]
    }


# --- choosing packs ------------------------------------------------------------------------


def test_the_packs_there_are() -> None:
    assert available_packs() == ("medan", "nasional")
    assert DEFAULT_PACKS == ("medan",)


def test_select_packs_for_the_desk() -> None:
    assert select_packs(None) == ("medan",)
    assert select_packs([" Nasional ", "medan", "nasional"]) == ("nasional", "medan")
    with pytest.raises(UnknownPack) as raised:
        select_packs(["medan", "jakarta"])
    assert raised.value.name == "jakarta"
    assert raised.value.known == ("medan", "nasional")
    catalog = load_packs(["medan", "nasional"])
    assert catalog.pack_names == ("medan", "nasional")
    assert catalog.pack_of("NAS-PDP-02") == "nasional"
    assert catalog.pack_of("MDN-KOOR-01") == "medan"
    assert len(catalog.rules) == 41 + 18  # NAS-SPBE-02 and -03 (issue 22)


def test_medan_alone_keeps_the_catalog_digest_of_before_packs() -> None:
    # Before packs, the catalog digest covered each rules/*.yaml's name and bytes, in
    # name order; medan alone must keep exactly that digest (the files only moved).
    before = hashlib.sha256()
    for path in sorted((ROOT / "rules" / "medan").glob("*.yaml")):
        before.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    assert load_catalog().digest == "sha256:" + before.hexdigest()
    assert load_catalog(packs=["medan", "nasional"]).digest != load_catalog().digest


def test_another_city_adds_a_pack_with_folders_only(tmp_path: Path) -> None:
    rules, policies = tmp_path / "rules", tmp_path / "policies"
    shutil.copytree(ROOT / "rules", rules)
    shutil.copytree(ROOT / "policies", policies)
    (rules / "binjai").mkdir()
    (policies / "binjai").mkdir()
    (rules / "lib").mkdir()  # not a pack: no policies/lib is a pack either
    assert available_packs(rules, policies) == ("binjai", "medan", "nasional")
    shutil.rmtree(policies / "binjai")
    assert available_packs(rules, policies) == ("medan", "nasional")


@pytest.mark.parametrize(
    ("lang", "words"),
    [("id", "Paket aturan `jakarta` tidak ada"), ("en", "There is no rule pack `jakarta`")],
)
def test_unknown_pack_is_refused_with_exit_2(opa_url: str, lang: str, words: str) -> None:
    code, report, output = _check(opa_url, "--lang", lang, "--pack", "jakarta", EXAMPLES)
    assert code == 2
    assert report is None
    assert words in output and "medan, nasional" in output
    assert "Traceback" not in output


def test_unknown_pack_from_the_environment_is_refused(opa_url: str) -> None:
    code, report, output = _check(opa_url, EXAMPLES, env={"PATUH_PACKS": "medan,jakarta"})
    assert code == 2 and report is None
    assert "jakarta" in output


def test_patuh_packs_chooses_and_pack_overrides_it(opa_url: str) -> None:
    fixture = str(NASIONAL / "NAS-SPBE-01.fail.yaml")
    _, by_env, _ = _check(opa_url, fixture, env={"PATUH_PACKS": "nasional"})
    assert [p["name"] for p in by_env["engine"]["packs"]] == ["nasional"]
    assert {f["rule"] for f in by_env["results"][0]["findings"]} == {"NAS-SPBE-01"}
    _, by_option, _ = _check(opa_url, "--pack", "medan", fixture, env={"PATUH_PACKS": "nasional"})
    assert [p["name"] for p in by_option["engine"]["packs"]] == ["medan"]
    assert not any(f["rule"].startswith("NAS-") for f in by_option["results"][0]["findings"])


def test_default_is_exactly_the_medan_pack(opa_url: str) -> None:
    default = _check(opa_url, EXAMPLES, str(ROOT / "fixtures/medan"))
    medan = _check(opa_url, "--pack", "medan", EXAMPLES, str(ROOT / "fixtures/medan"))
    assert default[0] == medan[0] == 1
    assert _findings(default[1]) == _findings(medan[1])
    assert default[1]["summary"] == medan[1]["summary"]
    assert default[1]["engine"]["packs"] == medan[1]["engine"]["packs"]
    assert [r["verdict"] for r in default[1]["results"]] == [
        r["verdict"] for r in medan[1]["results"]
    ]


# --- the nasional pack on the README's examples --------------------------------------------


def test_examples_with_both_packs_report_the_national_gaps_with_their_bases(
    opa_url: str,
) -> None:
    _, medan, _ = _check(opa_url, EXAMPLES)
    code, both, _ = _check(opa_url, *BOTH, EXAMPLES)
    assert code == 1
    # The two complete examples (the telemedicine proposal, the Satu Data portal) meet the
    # national duties too (issue 22); SIMPUS shows the national gaps.
    assert both["summary"]["non_compliant"] == 3 and both["summary"]["compliant"] == 2
    catalog = load_packs(["medan", "nasional"])
    for before, after in zip(medan["results"], both["results"], strict=True):
        mdn = [f for f in after["findings"] if f["rule"].startswith("MDN-")]
        assert [(f["rule"], f["path"], f["line"]) for f in mdn] == [
            (f["rule"], f["path"], f["line"]) for f in before["findings"]
        ]
        for finding in after["findings"]:
            rule = catalog.rules[finding["rule"]]
            assert finding["pack"] == ("nasional" if finding["rule"][:3] == "NAS" else "medan")
            assert finding["basis"].startswith(rule.basis("id")), finding
    simpus = next(r for r in both["results"] if r["id"] == "SIMPUS")
    national = {(f["rule"], f["path"]) for f in simpus["findings"] if f["pack"] == "nasional"}
    # A health centre system with patients' data: no DPIA, no officer, an old audit.
    assert ("NAS-PDP-02", "spec.security.data_protection.dpia_ref") in national
    assert ("NAS-PDP-04", "spec.security.data_protection.officer.appointment_ref") in national
    assert ("NAS-AUD-01", "spec.audit.last_date") in national
    pdp02 = next(f for f in simpus["findings"] if f["rule"] == "NAS-PDP-02")
    assert pdp02["basis"] == "UU 27/2022 Pasal 34 ayat (1) dan ayat (2)"


def test_a_medan_document_stays_valid_with_the_nasional_pack(opa_url: str) -> None:
    code, report, _ = _check(opa_url, *BOTH, str(ROOT / "fixtures/medan"))
    assert report["summary"]["invalid"] == 0
    assert code == 1


# --- every report says which packs, with a digest each, and the run date -------------------


def test_every_format_names_the_packs_and_the_run_date(opa_url: str) -> None:
    fixture = str(NASIONAL / "NAS-AUD-01.fail.yaml")
    args = [*BOTH, "--run-date", "2026-06-30", fixture]
    _, report, _ = _check(opa_url, *args)
    packs = report["engine"]["packs"]
    assert [p["name"] for p in packs] == ["medan", "nasional"]
    assert all(p["digest"].startswith("sha256:") and len(p["digest"]) == 71 for p in packs)
    assert packs[0]["digest"] != packs[1]["digest"]
    assert report["engine"]["run_date"] == "2026-06-30"

    def rendered(fmt: str) -> str:
        result = CliRunner().invoke(
            main, ["check", "--format", fmt, "--opa-url", opa_url, "--lang", "en", *args]
        )
        assert result.exit_code == 1, result.output
        return result.stdout

    text = rendered("text")
    assert f"Pack nasional:    {packs[1]['digest']}" in text
    assert "run date:         2026-06-30" in text
    sarif = json.loads(rendered("sarif"))["runs"][0]["properties"]
    assert sarif["packs"] == packs and sarif["runDate"] == "2026-06-30"
    suite = ET.fromstring(rendered("junit")).find("testsuite")
    assert suite is not None
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties["patuh.pack.nasional"] == packs[1]["digest"]
    assert properties["patuh.run_date"] == "2026-06-30"
    assert packs[1]["digest"] in rendered("html")
    markdown = rendered("markdown")
    assert "Pack nasional" in markdown and packs[1]["digest"][:19] in markdown
    github = rendered("github")
    assert f"nasional ({packs[1]['digest'][:19]})" in github and "2026-06-30" in github


def test_pack_digest_changes_with_its_policies_and_parameters(tmp_path: Path) -> None:
    from engine.evaluating.packs import applied_packs

    catalog = load_packs(["medan", "nasional"])
    policies = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", policies)
    before = applied_packs(catalog, policies)
    data = policies / "medan" / "data.json"
    data.write_text(data.read_text().replace("99.0", "99.9"))
    after = applied_packs(catalog, policies)
    assert before[0].digest != after[0].digest  # medan's parameters changed
    assert before[1] == after[1]  # nasional did not


# --- the run date and the cache --------------------------------------------------------------


def test_the_cache_never_serves_an_answer_across_dates(opa_binary: Path) -> None:
    """The same unchanged file, checked on two dates with the managed OPA and one cache:
    the second date is evaluated again, not served the first date's pass."""
    document = str(NASIONAL / "NAS-AUD-01.pass.yaml")  # audited 2024-07-01
    catalog = load_packs(["nasional"])

    def run(day: str) -> Any:
        options = CheckOptions(opa_binary=str(opa_binary), run_date=day)
        return run_check([document], options, catalog)

    first = run("2026-06-30")
    assert first.exit_code() == 0 and first.run_date == "2026-06-30"
    again = run("2026-06-30")  # answered from the cache: the same answer
    assert again.exit_code() == 0
    later = run("2026-07-02")  # more than two years after the audit
    assert later.run_date == "2026-07-02"
    assert [f.rule for f in later.results[0].findings] == ["NAS-AUD-01"]
    assert later.exit_code() == 1


# --- rules, explain, schema --------------------------------------------------------------------


def test_rules_lists_every_pack() -> None:
    listing = CliRunner().invoke(main, ["rules", "--lang", "en"]).output
    assert "[Pack: medan]" in listing and "[Pack: nasional]" in listing
    assert "NAS-PDP-02" in listing and "MDN-KOOR-01" in listing


def test_explain_says_the_pack_basis_and_quote() -> None:
    result = CliRunner().invoke(main, ["explain", "NAS-AUD-01"])
    assert result.exit_code == 0
    assert "Paket: nasional" in result.output
    assert "Permenkominfo 16/2022 Pasal 4 ayat (3)" in result.output
    assert "dilaksanakan paling sedikit 1 (satu) kali dalam 2 (dua) tahun" in result.output


def test_schema_shows_the_national_fields() -> None:
    schema = CliRunner().invoke(main, ["schema", "System"]).output
    for field in (
        "data_protection",
        "dpia_ref",
        "lawful_basis",
        "breach_notification",
        "appointment_ref",
        "registration",
        "fitness_test",
        "auditor_registration_ref",
        "continuity_plan_ref",
        "custom_software",
        "country",
        "provider",
    ):
        assert f'"{field}"' in schema, field
    proposal = CliRunner().invoke(main, ["schema", "Proposal"]).output
    assert '"spbe_architecture_ref"' in proposal
    procurement = CliRunner().invoke(main, ["schema", "Procurement"]).output
    assert '"information_security_ref"' in procurement and '"escrow"' in procurement


# --- waivers across packs --------------------------------------------------------------------


def _waiver_of_the_old_audit(tmp_path: Path) -> Path:
    file = tmp_path / "pengecualian.yaml"
    file.write_text(
        "apiVersion: patuh/v1\nkind: Waivers\nwaivers:\n"
        "  - rule: NAS-AUD-01\n    kind: System\n    document: UJI-AUD-01-GAGAL\n"
        "    justification: Audit TIK 2026 sudah dikontrak; laporan menyusul.\n"
        "    approved_by: Kepala Dinas Kominfo Kota Medan\n"
        "    reference: 555/400/Diskominfo/2026\n    expires: 2099-12-31\n"
    )
    return file


def test_a_waiver_of_a_national_rule_covers_its_finding(opa_url: str, tmp_path: Path) -> None:
    waivers = str(_waiver_of_the_old_audit(tmp_path))
    fixture = str(NASIONAL / "NAS-AUD-01.fail.yaml")
    code, report, _ = _check(opa_url, "--pack", "nasional", "--waivers", waivers, fixture)
    assert code == 0
    [finding] = report["results"][0]["findings"]
    assert (finding["rule"], finding["waived"]) == ("NAS-AUD-01", True)


def test_a_waiver_of_a_pack_not_applied_is_accepted_and_unused(
    opa_url: str, tmp_path: Path
) -> None:
    """One waiver file serves runs of either pack: with medan alone, the nasional
    waiver is no error (exit 2 before), it covers nothing and is reported unused."""
    waivers = str(_waiver_of_the_old_audit(tmp_path))
    fixture = str(NASIONAL / "NAS-AUD-01.fail.yaml")
    code, report, output = _check(opa_url, "--pack", "medan", "--waivers", waivers, fixture)
    assert report is not None, output
    assert [n["code"] for n in report["notices"]] == ["notice.waiver_unused"]
    assert report["results"][0]["findings"] == []  # the fixture meets every medan rule
    assert code == 0


def test_a_policy_folder_without_the_pack_is_an_engine_failure(tmp_path: Path) -> None:
    """--policy-dir lacking a selected pack's policies: OPA answers nothing for it
    (policies/main.rego), so no document is ever reported compliant (exit 3)."""
    policies = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", policies, ignore=shutil.ignore_patterns("nasional"))
    fixture = str(NASIONAL / "NAS-SPBE-01.pass.yaml")
    result = CliRunner().invoke(
        main,
        [
            "check",
            "--format",
            "json",
            "--no-cache",
            "--policy-dir",
            str(policies),
            *PACK_N,
            fixture,
        ],
    )
    assert result.exit_code == 3, result.output
    report = json.loads(result.stdout)
    assert report["summary"]["compliant"] == 0
    assert report["results"][0]["verdict"] == "error"
