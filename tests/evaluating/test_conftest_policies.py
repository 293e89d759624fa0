"""The policies under conftest, as the README says to run them: nothing is validated
there, so the rules themselves must not let through what the schema would refuse.

Runs the pinned conftest (`make test` builds it and exports PATUH_CONFTEST_BINARY) on
real YAML files: `conftest test --all-namespaces -p policies/lib -p policies/medan --data policies`.
Conftest's YAML reader turns an unquoted date into a timestamp, which the coordination
rule must still compare by day.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluating.conftest_runs import run_conftest

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "fixtures/medan"
NASIONAL = ROOT / "fixtures/nasional"


def _edited(source: Path, *replacements: tuple[str, str]) -> str:
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, (source.name, old)
        text = text.replace(old, new, 1)
    return text


# name -> the document (YAML text), each a compliant fixture with one change.
DOCUMENTS = {
    "compliant-proposal": (RULES / "MDN-RENC-05.pass.yaml").read_text(encoding="utf-8"),
    "compliant-procurement": (RULES / "MDN-PBJ-04.pass.yaml").read_text(encoding="utf-8"),
    "compliant-system": (RULES / "MDN-ORG-01.pass.yaml").read_text(encoding="utf-8"),
    "no-status": (RULES / "MDN-KOOR-01.tanpa-status.fail.yaml").read_text(encoding="utf-8"),
    "coordinated-late": (RULES / "MDN-KOOR-01.sesudah-pengajuan.fail.yaml").read_text(
        encoding="utf-8"
    ),
    "coordinated-same-day": _edited(
        RULES / "MDN-KOOR-01.sesudah-pengajuan.fail.yaml", ("date: 2026-02-10", "date: 2026-02-03")
    ),
    "diskominfo-full-name": (RULES / "MDN-KOOR-01.nama-lengkap.pass.yaml").read_text(
        encoding="utf-8"
    ),
    "vendor-staff-only": (RULES / "MDN-PBJ-04.staf-penyedia.fail.yaml").read_text(encoding="utf-8"),
    "audience-as-text": _edited(
        RULES / "MDN-PBJ-04.pass.yaml",
        (
            "      audience:\n        - diskominfo_staff\n        - opd_staff\n",
            "      audience: staf Pemkot\n",
        ),
    ),
    "empty-integration": (RULES / "MDN-RENC-05.integrasi-kosong.fail.yaml").read_text(
        encoding="utf-8"
    ),
    # The rules of references read the desk's register, which conftest has not.
    "unregistered-letter": (RULES / "MDN-KOOR-04.fail.yaml").read_text(encoding="utf-8"),
    "unrecommended-proposal": (RULES / "MDN-PBJ-08.fail.yaml").read_text(encoding="utf-8"),
    "periods-not-periods": _edited(
        RULES / "MDN-ORG-01.pass.yaml",
        ("malware_scan: weekly", "malware_scan: false"),
        ("physical_inspection: monthly", 'physical_inspection: "tidak pernah"'),
        ("frequency: daily", "frequency: tidak pernah"),
        ("redundancy: true", "redundancy: false"),
        ("periodic_report: quarterly", "periodic_report: false"),
    ),
}


# The nasional pack's documents (run with policies/nasional): issue 22's wrong verdicts.
NASIONAL_DOCUMENTS = {
    name: (NASIONAL / f"{name}.yaml").read_text(encoding="utf-8")
    for name in (
        "NAS-PSE-08.pass",
        "NAS-PSE-08.pengembang.fail",
        "NAS-PSE-08.perawatan-kontrak.fail",
        "NAS-PSE-07.pass",
        "NAS-PSE-07.perawatan-kontrak.fail",
        "NAS-SPBE-02.pass",
        "NAS-SPBE-02.fail",
    )
}
# The medan pack's procurements run with the desk's register given to conftest as data
# (data.patuh.register, as policies/main.rego binds it for patuh).
REGISTERED_DOCUMENTS = {
    "no-proposal": (RULES / "MDN-PBJ-08.tanpa-usulan.fail.yaml").read_text(encoding="utf-8"),
    "recommended-proposal": (RULES / "MDN-PBJ-08.pass.yaml").read_text(encoding="utf-8"),
}


def _conftest(
    folder: Path, documents: dict[str, str], pack: str, *data: Path
) -> dict[str, dict[str, list[str]]]:
    """name -> {"failures": [msg...], "warnings": [msg...]} from one conftest run of
    the policies of `pack` (with policies/lib) on `documents`, with `data` besides the
    packs' parameters."""
    for name, text in documents.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    entries = run_conftest(folder.glob("*.yaml"), [pack], *data, timeout=120)
    found: dict[str, dict[str, list[str]]] = {
        name: {"failures": [], "warnings": []} for name in documents
    }
    for entry in entries:
        name = Path(entry["filename"]).name.removesuffix(".yaml")
        for kind in ("failures", "warnings"):
            found[name][kind] += [item["msg"] for item in entry.get(kind) or []]
    return found


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, list[str]]]:
    """name -> {"failures": [msg...], "warnings": [msg...]} from one conftest run."""
    return _conftest(tmp_path_factory.mktemp("conftest"), DOCUMENTS, "medan")


@pytest.fixture(scope="module")
def national_verdicts(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, dict[str, list[str]]]:
    return _conftest(tmp_path_factory.mktemp("conftest-nasional"), NASIONAL_DOCUMENTS, "nasional")


@pytest.fixture(scope="module")
def registered_verdicts(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, dict[str, list[str]]]:
    folder = tmp_path_factory.mktemp("conftest-register")
    register = json.loads((ROOT / "fixtures/register.json").read_text(encoding="utf-8"))
    data = folder.parent / f"{folder.name}-register.json"
    data.write_text(json.dumps({"patuh": {"register": register}}), encoding="utf-8")
    return _conftest(folder, REGISTERED_DOCUMENTS, "medan", data)


def _rules(messages: list[str]) -> list[str]:
    return sorted(message.split(":", 1)[0] for message in messages)


@pytest.mark.parametrize(
    "name", ["compliant-proposal", "compliant-procurement", "compliant-system"]
)
def test_compliant_documents_pass_under_conftest(
    verdicts: dict[str, dict[str, list[str]]], name: str
) -> None:
    assert verdicts[name] == {"failures": [], "warnings": []}


def test_coordination_without_its_outcome_fails(verdicts: dict[str, dict[str, list[str]]]) -> None:
    [message] = verdicts["no-status"]["failures"]
    assert message.startswith("MDN-KOOR-01:") and "(status kosong)" in message


def test_coordination_dated_after_submission_fails_with_conftest_timestamps(
    verdicts: dict[str, dict[str, list[str]]],
) -> None:
    [message] = verdicts["coordinated-late"]["failures"]
    assert message.startswith("MDN-KOOR-01:") and "metadata.submitted" in message
    assert verdicts["coordinated-same-day"] == {"failures": [], "warnings": []}


def test_diskominfo_under_its_full_name_need_not_coordinate(
    verdicts: dict[str, dict[str, list[str]]],
) -> None:
    assert verdicts["diskominfo-full-name"] == {"failures": [], "warnings": []}


def test_training_must_reach_the_city_staff(verdicts: dict[str, dict[str, list[str]]]) -> None:
    for name in ("vendor-staff-only", "audience-as-text"):
        [message] = verdicts[name]["failures"]
        assert message.startswith("MDN-PBJ-04:") and "audience" in message, name


def test_an_empty_integration_entry_declares_nothing(
    verdicts: dict[str, dict[str, list[str]]],
) -> None:
    assert verdicts["empty-integration"]["failures"] == []
    [message] = verdicts["empty-integration"]["warnings"]
    assert message.startswith("MDN-RENC-05:") and "sistem" in message


def test_false_or_tidak_pernah_is_not_a_period(verdicts: dict[str, dict[str, list[str]]]) -> None:
    found = verdicts["periods-not-periods"]
    assert _rules(found["failures"]) == ["MDN-SLA-02"]
    assert _rules(found["warnings"]) == ["MDN-ORG-01", "MDN-RWT-04", "MDN-RWT-05"]


# --- issue 22: the wrong verdicts, under conftest as under patuh ------------------------


def test_a_third_party_that_develops_or_maintains_needs_a_data_classification(
    national_verdicts: dict[str, dict[str, list[str]]],
) -> None:
    """NAS-PSE-08: "hosted or operated by a third party" (docs/national.md) includes a
    proposal's third-party developer and a system maintained under contract."""
    for name in ("NAS-PSE-08.pengembang.fail", "NAS-PSE-08.perawatan-kontrak.fail"):
        assert "NAS-PSE-08" in _rules(national_verdicts[name]["failures"]), name
    assert "NAS-PSE-08" not in _rules(national_verdicts["NAS-PSE-08.pass"]["failures"])


def test_hardware_bought_with_contracted_maintenance_needs_the_agreements(
    national_verdicts: dict[str, dict[str, list[str]]],
) -> None:
    """NAS-PSE-07: Pasal 11 ayat (1) concerns the service bought, whatever the category."""
    bought = _rules(national_verdicts["NAS-PSE-07.perawatan-kontrak.fail"]["failures"])
    assert bought.count("NAS-PSE-07") == 2
    assert "NAS-PSE-07" not in _rules(national_verdicts["NAS-PSE-07.pass"]["failures"])


def test_infrastructure_procurement_needs_the_spbe_architecture(
    national_verdicts: dict[str, dict[str, list[str]]],
) -> None:
    assert _rules(national_verdicts["NAS-SPBE-02.fail"]["failures"]) == ["NAS-SPBE-02"]
    assert national_verdicts["NAS-SPBE-02.pass"] == {"failures": [], "warnings": []}


def test_with_the_register_a_procurement_naming_no_proposal_fires_pbj08(
    registered_verdicts: dict[str, dict[str, list[str]]],
) -> None:
    """desk.md, "The thread": with a register, leaving metadata.proposal_ref out fires
    MDN-PBJ-08 (an error); MDN-PBJ-07's warning leaves the gap to it."""
    assert registered_verdicts["no-proposal"] == {
        "failures": [
            "MDN-PBJ-08: pengadaan tidak menyebut usulan yang direkomendasikan desk"
            " (metadata.proposal_ref kosong; turunan)"
        ],
        "warnings": [],
    }
    assert registered_verdicts["recommended-proposal"] == {"failures": [], "warnings": []}


def test_without_the_register_the_rules_of_references_do_not_fire(
    verdicts: dict[str, dict[str, list[str]]],
) -> None:
    """MDN-KOOR-04 and MDN-PBJ-08 need the desk's register (data.patuh.register);
    conftest has none, so they never fire there, as under `patuh check` without one."""
    assert verdicts["unregistered-letter"] == {"failures": [], "warnings": []}
    assert verdicts["unrecommended-proposal"] == {"failures": [], "warnings": []}


def test_contradictions_the_schema_refuses_fail_under_conftest(tmp_path: Path) -> None:
    """Issue 20.16, 22.4: the engine refuses them as SCHEMA (fixtures/invalid); conftest
    validates nothing, so the rules themselves must not pass them."""
    invalid = ROOT / "fixtures/invalid"
    entries = run_conftest(
        [
            invalid / "hosting-abroad-in-datacenter.yaml",
            invalid / "personal-data-false-with-categories.yaml",
        ],
        ["medan", "nasional"],
        timeout=120,
    )
    assert any(entry.get("failures") for entry in entries)  # conftest's exit status 1
    failures: dict[str, list[str]] = {}
    for entry in entries:
        name = Path(entry["filename"]).stem
        failures.setdefault(name, [])
        failures[name] += [item["msg"] for item in entry.get("failures") or []]
    # NAS-AUD-01 fires there too (no run date under conftest); what matters is these.
    [host] = [m for m in failures["hosting-abroad-in-datacenter"] if m.startswith("MDN-HOST-01:")]
    assert "country SG" in host
    [pdp] = [
        m for m in failures["personal-data-false-with-categories"] if m.startswith("NAS-PDP-02:")
    ]
    assert "personal_data: false" in pdp
