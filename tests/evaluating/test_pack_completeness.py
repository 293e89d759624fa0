"""Every rule of a selected pack's catalog is implemented by the policies OPA loaded
(issue 20, item 9): a policy folder or an `--opa-url` server missing an area file
(`nasional/audit.rego`) used to be checked less in silence while the report named the
pack. Now: exit 3, the missing rules named, no document compliant. Real OPA, both
managed and as a server, real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from engine.cli.main import main
from engine.evaluating.completeness import local_rule_ids, rule_ids_in_text
from engine.evaluating.opa.managed import managed_opa
from engine.evaluating.packs import load_packs
from engine.resources import policies_dir

ROOT = Path(__file__).resolve().parents[2]
# Passes every nasional rule but the audit's (which the missing file would fire).
DOCUMENT = str(ROOT / "fixtures/nasional/NAS-SPBE-01.pass.yaml")
BOTH = ["--pack", "medan", "--pack", "nasional"]


@pytest.fixture
def without_audit(tmp_path: Path) -> Path:
    policies = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", policies)
    (policies / "nasional/audit.rego").unlink()
    return policies


def _check(*args: str, env: dict[str, str] | None = None) -> tuple[int, Any, str]:
    result = CliRunner().invoke(main, ["check", "--format", "json", "--lang", "en", *args], env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    report = json.loads(result.stdout) if result.stdout.strip() else None
    return result.exit_code, report, result.output


def _assert_refused(code: int, report: Any, output: str) -> None:
    assert code == 3, output
    assert report["summary"]["compliant"] == 0
    assert {r["verdict"] for r in report["results"]} == {"error"}
    assert "do not implement the rules NAS-AUD-01, NAS-AUD-02 of the selected packs" in output


def test_a_policy_dir_missing_an_area_file_is_refused(without_audit: Path) -> None:
    _assert_refused(*_check("--no-cache", "--policy-dir", str(without_audit), *BOTH, DOCUMENT))


def test_a_cached_run_is_refused_as_well(without_audit: Path, tmp_path: Path) -> None:
    env = {"PATUH_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # the second run would be answered from the cache, if any
        _assert_refused(*_check("--policy-dir", str(without_audit), *BOTH, DOCUMENT, env=env))


def test_an_opa_url_server_missing_an_area_file_is_refused(
    opa_binary: Path, without_audit: Path
) -> None:
    with managed_opa(opa_binary, without_audit) as url:
        # The server runs exactly the folder given, so the digests agree: only the
        # catalog says three rules are not there.
        _assert_refused(
            *_check("--opa-url", url, "--policy-dir", str(without_audit), *BOTH, DOCUMENT)
        )
        # And with a mismatch accepted, against patuh's own policies.
        _assert_refused(*_check("--opa-url", url, "--allow-policy-mismatch", *BOTH, DOCUMENT))


def test_the_missing_area_of_a_pack_not_selected_does_not_matter(
    opa_binary: Path, without_audit: Path
) -> None:
    code, report, output = _check(
        "--no-cache", "--policy-dir", str(without_audit), "--pack", "medan", DOCUMENT
    )
    assert code in (0, 1), output
    assert report["results"][0]["verdict"] != "error"


def test_the_bundled_policies_implement_every_rule_of_every_pack() -> None:
    catalog = load_packs(["medan", "nasional"])
    assert set(catalog.rules) <= local_rule_ids(policies_dir())


def test_rule_ids_are_read_from_metadata_blocks_only() -> None:
    text = (
        "package patuh.rules.x.y\n\n# METADATA\n# title: T\n# custom:\n#   id: NAS-X-01\n"
        "#   severity: error\ndeny contains f if { f := 1 }\n\n"
        "# a comment naming NAS-X-02 is not an implementation\n"
    )
    assert rule_ids_in_text(text) == {"NAS-X-01"}
