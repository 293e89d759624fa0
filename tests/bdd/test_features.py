"""Step definitions for the Gherkin scenarios in features/ (Bahasa Indonesia, `# language: id`).

Every scenario runs the real `patuh check --format json` against the real OPA server of the
test session and asserts on specific rule ids, paths, lines, verdicts and exit codes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from patuh_run import ALL_RULES, FEATURES, REPO, Outcome, run_check
from pytest_bdd import given, parsers, scenarios, then, when
from pytest_bdd.scenario import registry_get_safe, scenario_wrapper_template_registry

# Every feature file under features/ (bdd_features_base_dir in pyproject.toml) but the
# desk's (features/desk_*.feature), whose steps drive a browser: tests/desk/browser/.
scenarios(
    *sorted(
        p.relative_to(FEATURES).as_posix()
        for p in FEATURES.rglob("*.feature")
        if not p.name.startswith("desk_")
    )
)

KIND_BY_WORD = {"usulan": "Proposal", "pengadaan": "Procurement", "sistem": "System"}


# --- Diketahui (Given) -------------------------------------------------------------------------


def _repo_file(berkas: str) -> Path:
    path = (REPO / berkas).resolve()
    assert path.is_file(), f"berkas {berkas} tidak ada"
    return path


@given(parsers.parse('{jenis:w} "{berkas}"'), target_fixture="berkas")
def given_document_of_kind(jenis: str, berkas: str) -> Path:
    path = _repo_file(berkas)
    if jenis == "berkas":
        return path
    assert jenis in KIND_BY_WORD, f"jenis dokumen tidak dikenal: {jenis}"
    kinds = {d.get("kind") for d in yaml.safe_load_all(path.read_text(encoding="utf-8"))}
    assert kinds == {KIND_BY_WORD[jenis]}, f"{berkas} bukan {jenis}: {kinds}"
    return path


@given("dokumen berikut:", target_fixture="berkas")
def given_inline_document(docstring: str, tmp_path: Path) -> Path:
    path = tmp_path / "dokumen.yaml"
    path.write_text(docstring + "\n", encoding="utf-8")
    return path


# --- Ketika (When) -----------------------------------------------------------------------------


@when("patuh memeriksa dokumen itu", target_fixture="hasil")
@when("patuh memeriksa berkas itu", target_fixture="hasil")
def when_checked(opa_url: str, berkas: Path) -> Outcome:
    return run_check(opa_url, [berkas])


@given("pengecualian berikut:", target_fixture="pengecualian")
def given_waivers(docstring: str, tmp_path: Path) -> Path:
    path = tmp_path / "pengecualian.yaml"
    path.write_text(docstring + "\n", encoding="utf-8")
    return path


@when("patuh memeriksa berkas itu dengan pengecualian itu", target_fixture="hasil")
def when_checked_with_waivers(opa_url: str, berkas: Path, pengecualian: Path) -> Outcome:
    return run_check(opa_url, [berkas], "--waivers", str(pengecualian))


@when(
    parsers.parse('patuh memeriksa dokumen itu dengan --fail-on "{level}"'), target_fixture="hasil"
)
def when_checked_fail_on(opa_url: str, berkas: Path, level: str) -> Outcome:
    return run_check(opa_url, [berkas], "--fail-on", level)


@when(parsers.parse('patuh memeriksa dokumen itu dengan paket "{paket}"'), target_fixture="hasil")
@when(parsers.parse('patuh memeriksa berkas itu dengan paket "{paket}"'), target_fixture="hasil")
def when_checked_with_packs(opa_url: str, berkas: Path, paket: str) -> Outcome:
    packs = [name.strip() for name in paket.split(",")]
    return run_check(opa_url, [berkas], *[arg for name in packs for arg in ("--pack", name)])


@when(
    parsers.parse('patuh memeriksa dokumen itu dengan register "{register}"'),
    target_fixture="hasil",
)
def when_checked_with_register(opa_url: str, berkas: Path, register: str) -> Outcome:
    return run_check(opa_url, [berkas], "--register", str(_repo_file(register)))


@when(parsers.parse('patuh memeriksa dokumen itu dalam bahasa "{lang}"'), target_fixture="hasil")
def when_checked_in_language(opa_url: str, berkas: Path, lang: str) -> Outcome:
    return run_check(opa_url, [berkas], "--lang", lang)


# --- Maka (Then) -------------------------------------------------------------------------------


def _with_rule(hasil: Outcome, rule: str) -> list[dict[str, Any]]:
    found = [f for f in hasil.findings() if f["rule"] == rule]
    assert found, f"temuan {rule} tidak muncul: {hasil.describe()}"
    return found


def _file_line(berkas: Path, line: int) -> str:
    lines = berkas.read_text(encoding="utf-8").splitlines()
    assert 1 <= line <= len(lines), f"baris {line} di luar berkas ({len(lines)} baris)"
    return lines[line - 1]


@then(parsers.parse('temuan "{rule}" muncul pada path "{path}"'))
def then_finding_at(hasil: Outcome, rule: str, path: str) -> None:
    paths = [f["path"] for f in _with_rule(hasil, rule)]
    assert path in paths, f"{rule} muncul pada {paths}, bukan {path}: {hasil.describe()}"


@then(parsers.parse('hanya temuan "{rule}" yang muncul'))
def then_only_rule(hasil: Outcome, rule: str) -> None:
    assert hasil.rule_ids() == {rule}, hasil.describe()


@then("tidak ada temuan")
def then_no_finding(hasil: Outcome) -> None:
    assert hasil.results, hasil.describe()
    assert hasil.findings() == [], hasil.describe()


@then(parsers.parse('temuan "{rule}" tidak muncul'))
def then_rule_absent(hasil: Outcome, rule: str) -> None:
    assert rule not in hasil.rule_ids(), hasil.describe()


@then(parsers.parse('temuan "{rule}" berderajat "{severity}"'))
def then_severity(hasil: Outcome, rule: str, severity: str) -> None:
    if rule in ALL_RULES:
        assert ALL_RULES[rule] == severity, f"katalog memberi {rule} derajat {ALL_RULES[rule]}"
    assert {f["severity"] for f in _with_rule(hasil, rule)} == {severity}, hasil.describe()


@then(parsers.parse('jumlah temuan "{rule}" adalah {count:d}'))
def then_count(hasil: Outcome, rule: str, count: int) -> None:
    found = [f for f in hasil.findings() if f["rule"] == rule]
    assert len(found) == count, hasil.describe()


@then(parsers.parse('temuan pada path "{path}" menunjuk baris yang memuat "{teks}"'))
def then_path_line(hasil: Outcome, berkas: Path, path: str, teks: str) -> None:
    found = [f for f in hasil.findings() if f["path"] == path]
    assert len(found) == 1, f"bukan satu temuan pada {path}: {hasil.describe()}"
    line = found[0]["line"]
    assert isinstance(line, int) and line >= 1, hasil.describe()
    assert teks in _file_line(berkas, line), f"baris {line}: {_file_line(berkas, line)!r}"


@then(parsers.parse('temuan "{rule}" menunjuk baris yang memuat "{teks}"'))
def then_rule_line(hasil: Outcome, berkas: Path, rule: str, teks: str) -> None:
    lines = [f["line"] for f in _with_rule(hasil, rule)]
    assert all(isinstance(n, int) and n >= 1 for n in lines), hasil.describe()
    assert any(teks in _file_line(berkas, n) for n in lines), (
        f"tidak ada temuan {rule} pada baris yang memuat {teks!r}: "
        f"{[(n, _file_line(berkas, n)) for n in lines]}"
    )


@then(parsers.parse('pesan temuan "{rule}" menyebut "{teks}"'))
def then_message_mentions(hasil: Outcome, rule: str, teks: str) -> None:
    messages = [f["message"] for f in _with_rule(hasil, rule)]
    assert any(teks in m for m in messages), messages


@then(parsers.parse('putusan dokumen adalah "{verdict}"'))
def then_verdict(hasil: Outcome, verdict: str) -> None:
    assert hasil.only_result()["verdict"] == verdict, hasil.describe()


@then(parsers.parse("kode keluar adalah {code:d}"))
def then_exit_code(hasil: Outcome, code: int) -> None:
    assert hasil.exit_code == code, hasil.describe()


@then(parsers.parse('dokumen "{doc_id}" berputusan "{verdict}"'))
def then_document_verdict(hasil: Outcome, doc_id: str, verdict: str) -> None:
    assert hasil.result_for(doc_id)["verdict"] == verdict, hasil.describe()


@then(parsers.parse('dokumen "{doc_id}" tidak memiliki temuan'))
def then_document_clean(hasil: Outcome, doc_id: str) -> None:
    assert hasil.result_for(doc_id)["findings"] == [], hasil.describe()


@then(parsers.parse('dokumen "{doc_id}" memiliki temuan "{rule}" pada path "{path}"'))
def then_document_finding(hasil: Outcome, doc_id: str, rule: str, path: str) -> None:
    found = {(f["rule"], f["path"]) for f in hasil.result_for(doc_id)["findings"]}
    assert (rule, path) in found, hasil.describe()


@then(parsers.parse('dokumen ditolak dengan temuan "{rule}"'))
def then_refused(hasil: Outcome, rule: str) -> None:
    assert hasil.results, hasil.describe()
    assert {r["verdict"] for r in hasil.results} == {"invalid"}, hasil.describe()
    assert hasil.rule_ids() == {rule}, hasil.describe()
    assert all(f["line"] >= 1 for f in hasil.findings()), hasil.describe()


@then(parsers.parse('temuan "{rule}" dikecualikan dengan rujukan "{rujukan}"'))
def then_waived(hasil: Outcome, rule: str, rujukan: str) -> None:
    for finding in _with_rule(hasil, rule):
        assert finding["waived"] is True, hasil.describe()
        assert finding["waiver"]["reference"] == rujukan, finding["waiver"]


@then(parsers.parse('temuan "{rule}" tidak dikecualikan'))
def then_not_waived(hasil: Outcome, rule: str) -> None:
    assert all(f["waived"] is False for f in _with_rule(hasil, rule)), hasil.describe()


@then(parsers.parse('ada pemberitahuan "{kode}" untuk "{rujukan}"'))
def then_notice(hasil: Outcome, kode: str, rujukan: str) -> None:
    found = [(n["code"], n["params"].get("reference")) for n in hasil.report["notices"]]
    assert (kode, rujukan) in found, found


@then(parsers.parse('ada pemberitahuan "{kode}"'))
def then_notice_once(hasil: Outcome, kode: str) -> None:
    codes = [n["code"] for n in hasil.report["notices"]]
    assert codes.count(kode) == 1, codes


@then("tidak ada pemberitahuan")
def then_no_notice(hasil: Outcome) -> None:
    # The scenarios run on a fixed day (PATUH_RUN_DATE, patuh_run.py), which every
    # report rightly notes; any other notice is what this step refuses.
    notices = [n for n in hasil.report["notices"] if n["code"] != "notice.run_date_not_today"]
    assert notices == [], notices


@then(parsers.parse('keluaran tidak memuat "{teks}"'))
def then_output_lacks(hasil: Outcome, teks: str) -> None:
    assert teks not in hasil.output


# --- the feature files themselves ------------------------------------------------------------

# Every feature file, the rule scenarios of each pack in features/<pack>/.
FEATURE_FILES = sorted(FEATURES.rglob("*.feature"))
# Which rules (by id prefix) each file must have a scenario for.
AREAS = {
    "medan/koordinasi.feature": "MDN-(KOOR)",
    "medan/perencanaan.feature": "MDN-(RENC)",
    "medan/pusat_data.feature": "MDN-(HOST)",
    "medan/pengadaan.feature": "MDN-(PBJ)",
    "medan/perawatan.feature": "MDN-(RWT)",
    "medan/sla.feature": "MDN-(SLA)",
    "medan/keamanan.feature": "MDN-(KAM)",
    "medan/sdm.feature": "MDN-(SDM|ORG)",
    "nasional/pse.feature": "NAS-(PSE)",
    "nasional/pdp.feature": "NAS-(PDP)",
    "nasional/audit.feature": "NAS-(AUD)",
    "nasional/spbe.feature": "NAS-(SPBE)",
    "masukan_tidak_valid.feature": None,
    "pengecualian.feature": None,
}


def _name(feature: Path) -> str:
    return feature.relative_to(FEATURES).as_posix()


# Keywords that are not Bahasa Indonesia: in a `# language: id` file the parser does not know
# them, so a line starting with one silently becomes description text, and its steps vanish.
FOREIGN_KEYWORDS = re.compile(
    r"^\s*(Feature|Scenario|Scenario Outline|Skenario Outline|Background|Examples|Given|When"
    r"|Then|And|But|Rule)\b"
)


def test_every_area_has_its_feature_file() -> None:
    rules = {_name(p) for p in FEATURE_FILES if not p.name.startswith("desk_")}
    assert rules == set(AREAS)


@pytest.mark.parametrize("feature", FEATURE_FILES, ids=[p.name for p in FEATURE_FILES])
def test_feature_file_is_in_bahasa_indonesia(feature: Path) -> None:
    lines = feature.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# language: id"
    foreign = [(n, t) for n, t in enumerate(lines, 1) if FOREIGN_KEYWORDS.match(t)]
    assert not foreign, f"kata kunci bukan bahasa Indonesia: {foreign}"


# The steps that assert a rule's finding is there (each names the rule): a scenario
# counts for a rule only with one of them, not by naming the rule in its title, nor
# with a step that says the rule does *not* fire.
FIRING_STEPS = re.compile(
    r'^(?:temuan "(?P<a>[A-Z]+-[A-Z]+-\d{2})" (?:muncul pada path|berderajat|menunjuk baris'
    r"|dikecualikan|tidak dikecualikan)"
    r'|hanya temuan "(?P<b>[A-Z]+-[A-Z]+-\d{2})" yang muncul'
    r'|jumlah temuan "(?P<c>[A-Z]+-[A-Z]+-\d{2})" adalah [1-9]'
    r'|pesan temuan "(?P<d>[A-Z]+-[A-Z]+-\d{2})" menyebut'
    r'|dokumen "[^"]+" memiliki temuan "(?P<e>[A-Z]+-[A-Z]+-\d{2})"'
    r'|dokumen ditolak dengan temuan "(?P<f>[A-Z]+-[A-Z]+-\d{2})")'
)


def _bound_scenarios() -> list[Any]:
    """The scenarios this module runs, as pytest-bdd bound them (its templates)."""
    return [
        template
        for value in list(globals().values())
        if callable(value)
        and (template := registry_get_safe(scenario_wrapper_template_registry, value)) is not None
    ]


def _rules_asserted_to_fire() -> dict[str, set[str]]:
    """feature (relative to features/) -> the rule ids some scenario of it asserts to
    fire, each outline row rendered into its steps."""
    fired: dict[str, set[str]] = {}
    for template in _bound_scenarios():
        contexts = [c for examples in template.examples for c in examples.as_contexts()] or [{}]
        name = _name(Path(template.feature.filename))
        for context in contexts:
            for step in template.render(context).steps:
                found = FIRING_STEPS.match(step.name)
                if found:
                    fired.setdefault(name, set()).add(next(g for g in found.groups() if g))
    return fired


@pytest.mark.parametrize(
    "feature",
    [p for p in FEATURE_FILES if AREAS.get(_name(p))],
    ids=[_name(p) for p in FEATURE_FILES if AREAS.get(_name(p))],
)
def test_every_rule_of_the_area_has_a_scenario(feature: Path) -> None:
    """A scenario whose steps assert that the rule's finding is there, not a rule id in
    a scenario's title."""
    area = AREAS[_name(feature)]
    assert area is not None
    expected = {r for r in ALL_RULES if re.match(rf"^{area}-", r)}
    assert expected
    fired = _rules_asserted_to_fire().get(_name(feature), set())
    assert expected <= fired, (
        f"aturan tanpa skenario yang memunculkannya: {sorted(expected - fired)}"
    )


def test_every_rule_has_a_scenario_somewhere() -> None:
    fired = set().union(*_rules_asserted_to_fire().values())
    missing = sorted(r for r in ALL_RULES if r not in fired)
    assert not missing


# `scenarios("...feature")` in a test module (the desk's journeys bind theirs in
# tests/desk/browser/, whose steps drive a browser).
_SCENARIOS_CALL = re.compile(r"\bscenarios\(\s*((?:\"[^\"]+\"\s*,?\s*)+)\)")


def test_every_feature_file_is_bound_by_a_test() -> None:
    """A feature file that no test binds to its steps would never run, silently: this
    module binds each one it finds (pytest-bdd's own record), any other test module by
    a `scenarios(...)` naming it."""
    bound = {Path(t.feature.filename).resolve() for t in _bound_scenarios()}
    here = Path(__file__).resolve()
    for module in (REPO / "tests").rglob("test_*.py"):
        if module.resolve() == here:
            continue
        for call in _SCENARIOS_CALL.finditer(module.read_text(encoding="utf-8")):
            bound |= {(FEATURES / n).resolve() for n in re.findall(r'"([^"]+)"', call.group(1))}
    unbound = [_name(p) for p in FEATURE_FILES if p.resolve() not in bound]
    assert not unbound, f"berkas fitur yang tidak dijalankan tes mana pun: {unbound}"


@pytest.mark.parametrize("feature", FEATURE_FILES, ids=[p.name for p in FEATURE_FILES])
def test_scenario_names_are_unique(feature: Path) -> None:
    # pytest-bdd keys a feature's scenarios by name: a second one of the same name would
    # silently replace the first.
    names = re.findall(
        r"^\s*(?:Skenario|Garis-Besar Skenario|Skenario konsep):\s*(.+?)\s*$",
        feature.read_text(encoding="utf-8"),
        flags=re.MULTILINE,
    )
    duplicates = sorted({n for n in names if names.count(n) > 1})
    assert not duplicates
