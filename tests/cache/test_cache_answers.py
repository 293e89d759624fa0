"""The result cache answers exactly as a fresh run would, and any change that could
change an answer (a file OPA loads, the catalog, the binary, its version) empties it.

(The shared helpers and the counting OPA: counting.py, conftest.py.)
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from cache.counting import (
    MIXED,
    RULES,
    CountingOpa,
    check,
    copy_fixtures,
    copy_policies,
    same_answer,
    store_files,
)
from engine.cache.key import managed_engine_key
from engine.catalog.rules import load_catalog
from engine.cli.main import main
from engine.evaluating.opa.binary import binary_version
from engine.resources import policies_dir


def test_a_recheck_answers_from_the_cache_exactly_as_a_fresh_run(
    counting_opa: CountingOpa, tmp_path: Path
) -> None:
    folder = copy_fixtures(tmp_path / "docs", *MIXED)
    code, fresh = check(counting_opa, "--no-cache", str(folder))
    assert counting_opa.starts == 1
    assert store_files() == []  # --no-cache writes nothing

    check(counting_opa, str(folder))  # fills the cache
    assert counting_opa.starts == 2
    assert store_files()

    again_code, again = check(counting_opa, str(folder))
    assert counting_opa.starts == 2, "every document was cached: OPA must not start"
    assert (again_code, code) == (1, 1)
    assert same_answer(again, fresh)
    sla = next(r for r in again["results"] if r["file"].endswith("MDN-SLA-01.fail.yaml"))
    assert [(f["rule"], f["line"]) for f in sla["findings"]] == [
        (f["rule"], f["line"])
        for f in next(r for r in fresh["results"] if r["file"] == sla["file"])["findings"]
    ]
    assert again["engine"]["policy_digest"] == fresh["engine"]["policy_digest"]
    assert again["engine"]["version"] == fresh["engine"]["version"]


def test_every_report_format_says_the_same_from_the_cache(
    counting_opa: CountingOpa, tmp_path: Path
) -> None:
    """Titles, OPDs and file digests come back from a cached file as from a fresh
    read (the Markdown report shows the first two, the JSON one the last)."""
    folder = copy_fixtures(tmp_path / "docs", *MIXED)
    check(counting_opa, str(folder))  # fills the cache

    def markdown(*options: str) -> str:
        opa = str(counting_opa.binary)
        arguments = ["check", "--format", "markdown", "--opa-binary", opa, *options, str(folder)]
        result = CliRunner().invoke(main, arguments)
        # All but the line that says when the report was made.
        return "\n".join(
            line for line in result.stdout.splitlines() if "Waktu pemeriksaan" not in line
        )

    starts = counting_opa.starts
    cached = markdown()
    assert counting_opa.starts == starts
    assert "Dinas Kesehatan" in cached
    assert cached == markdown("--no-cache")


def test_lines_come_from_the_file_as_it_is_now(counting_opa: CountingOpa, tmp_path: Path) -> None:
    """Same document, new layout: the answer comes from the cache (the document digest
    is unchanged), the lines from the file as it is now."""
    target = tmp_path / "docs" / "sla.yaml"
    target.parent.mkdir()
    original = (RULES / "MDN-SLA-01.fail.yaml").read_text()
    target.write_text(original)
    _, before = check(counting_opa, str(target))
    [finding] = before["results"][0]["findings"]

    moved = "# dipindahkan\n# oleh\n# reviewer\n\n" + original.replace("\nspec:\n", "\n\nspec:\n")
    target.write_text(moved)
    evaluations = counting_opa.evaluations
    assert evaluations >= 1
    _, after = check(counting_opa, str(target))
    # (A file to parse begins OPA ahead of need, issue 12; it is not asked anything.)
    assert counting_opa.evaluations == evaluations, "the document did not change: cached"
    [moved_finding] = after["results"][0]["findings"]
    assert moved_finding["rule"] == finding["rule"] == "MDN-SLA-01"
    assert moved_finding["line"] == finding["line"] + 5
    assert moved_finding["line"] == moved.splitlines().index("    availability_percent: 98.9") + 1
    _, fresh = check(counting_opa, "--no-cache", str(target))
    assert same_answer(after, fresh)


def test_a_changed_document_is_evaluated_again(counting_opa: CountingOpa, tmp_path: Path) -> None:
    target = tmp_path / "sla.yaml"
    target.write_text((RULES / "MDN-SLA-01.fail.yaml").read_text())
    code, _ = check(counting_opa, str(target))
    assert code == 1
    target.write_text(
        target.read_text().replace("availability_percent: 98.9", "availability_percent: 99.9")
    )
    code, report = check(counting_opa, str(target))
    assert counting_opa.starts == 2
    assert code == 0
    assert report["results"][0]["verdict"] == "compliant"


def test_any_file_opa_loads_is_in_the_key(counting_opa: CountingOpa, tmp_path: Path) -> None:
    policies = copy_policies(tmp_path / "policies")
    document = str(RULES / "MDN-SLA-01.pass.yaml")  # availability 99.0, the minimum
    code, _ = check(counting_opa, "--policy-dir", str(policies), document)
    assert (code, counting_opa.starts) == (0, 1)

    # What OPA does not load does not matter: tests, hidden files.
    (policies / "medan" / "sla_test.rego").write_text(
        (policies / "medan" / "sla_test.rego").read_text() + "\n"
    )
    (policies / ".notes.rego").write_text("package nothing\n")
    check(counting_opa, "--policy-dir", str(policies), document)
    assert counting_opa.starts == 1

    # A parameter (data.json) changes the answer: the cache must not give the old one.
    data = json.loads((policies / "medan" / "data.json").read_text())
    data["params"]["min_availability_percent"] = 99.5
    (policies / "medan" / "data.json").write_text(json.dumps(data))
    code, report = check(counting_opa, "--policy-dir", str(policies), document)
    assert counting_opa.starts == 2
    assert code == 1
    assert [f["rule"] for f in report["results"][0]["findings"]] == ["MDN-SLA-01"]

    # A policy, even a comment in one.
    (policies / "medan" / "sla.rego").write_text(
        (policies / "medan" / "sla.rego").read_text() + "\n# komentar\n"
    )
    check(counting_opa, "--policy-dir", str(policies), document)
    assert counting_opa.starts == 3


def test_the_key_covers_catalog_binary_version_and_policies(
    opa_binary: Path, tmp_path: Path
) -> None:
    catalog = load_catalog()
    version = binary_version(opa_binary)

    def key(
        catalog: Any = catalog,
        binary: Path = opa_binary,
        version: str = version,
        day: str = "2026-06-30",
    ) -> str:
        return managed_engine_key(
            catalog=catalog,
            opa_binary=binary,
            opa_version=version,
            policy_dir=policies_dir(),
            run_date=day,
        )

    assert key() == key()
    assert key() != key(catalog=replace(catalog, digest="sha256:another-catalog"))
    # A rule may depend on today (NAS-AUD-01): no answer is served across dates.
    assert key() != key(day="2026-07-01")
    # The packs applied, even with the same catalog digest.
    assert key() != key(catalog=replace(catalog, packs=load_catalog(packs=["nasional"]).packs))
    assert key() != key(version="1.0.0")
    other_binary = tmp_path / "opa"
    shutil.copy2(opa_binary, other_binary)
    assert key() != key(binary=other_binary)
