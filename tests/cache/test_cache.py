"""The result cache (engine/cache/store.py): an answer from the cache is exactly the answer
of a fresh run, any change that could change an answer empties it, and nothing
unreadable, foreign or half-written is ever taken for a pass.

Every test runs patuh in managed mode with a real OPA. `counting_opa` is that real
OPA behind a two-line wrapper that records each start, so a test can tell a run
answered from the cache (OPA never started) from a fresh one.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import stat
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from engine.cache.store import (
    STORE_FOLDER,
    CachedDocument,
    ResultCache,
    default_dir,
    managed_engine_key,
)
from engine.catalog.rules import load_catalog
from engine.check import answering
from engine.check.run import CheckOptions, run_check
from engine.cli.main import main
from engine.evaluating.opa.binary import binary_version
from engine.resources import policies_dir

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "fixtures" / "medan"
EXAMPLES = ROOT / "fixtures" / "examples"


@dataclass
class CountingOpa:
    binary: Path
    log: Path
    requests: Path

    @property
    def starts(self) -> int:
        return len(self.log.read_text().splitlines()) if self.log.exists() else 0

    @property
    def evaluations(self) -> int:
        """Queries of patuh's results answered by any server started so far (OPA's own
        request log: one "Received request." line each)."""
        if not self.requests.exists():
            return 0
        return sum(
            '"Received request."' in line and f'"req_path":"{RESULTS_PATH}"' in line
            for line in self.requests.read_text().splitlines()
        )


RESULTS_PATH = "/v1/data/patuh/main/results"


@pytest.fixture
def counting_opa(opa_binary: Path, tmp_path: Path) -> CountingOpa:
    """The real OPA, behind a wrapper that appends a line to a log at each server start
    and has the server log its requests (OPA's --log-level info, on its stderr; its
    start-up errors are on its stdout, which patuh still reads)."""
    log = tmp_path / "opa-starts.log"
    requests = tmp_path / "opa-requests.log"
    wrapper = tmp_path / "bin" / "opa"
    wrapper.parent.mkdir()
    wrapper.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = run ]; then echo started >> "{log}"; '
        f'exec "{opa_binary}" "$@" --log-level info 2>> "{requests}"; fi\n'
        f'exec "{opa_binary}" "$@"\n'
    )
    wrapper.chmod(0o755)
    return CountingOpa(wrapper, log, requests)


def check(opa: CountingOpa, *args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(
        main, ["check", "--format", "json", "--opa-binary", str(opa.binary), *args]
    )
    assert not (result.exception and not isinstance(result.exception, SystemExit)), result.output
    return result.exit_code, json.loads(result.stdout)


def same_answer(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two reports say the same, whenever they were made."""
    return {**a, "generated_at": None} == {**b, "generated_at": None}


def copy_fixtures(target: Path, *sources: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for source in sources:
        shutil.copy(source, target / source.name)
    return target


def store_files() -> list[Path]:
    stores = default_dir() / STORE_FOLDER
    return sorted(stores.glob("*.json")) if stores.exists() else []


MIXED = (
    RULES / "MDN-SLA-01.fail.yaml",
    RULES / "MDN-KAM-07.fail.yaml",
    RULES / "MDN-PBJ-03.fail.yaml",
    RULES / "MDN-HOST-01.pass.yaml",
    EXAMPLES / "sistem-dan-usulan-lain.yaml",  # two documents in one file
    EXAMPLES / "pengadaan-aplikasi-telemedicine.yaml",
)


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


def copy_policies(target: Path) -> Path:
    for path in policies_dir().rglob("*"):
        if path.is_file():
            destination = target / path.relative_to(policies_dir())
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(path.read_bytes())
    return target


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


def fill_cache_for(counting_opa: CountingOpa, document: Path) -> tuple[int, dict[str, Any]]:
    fresh = check(counting_opa, "--no-cache", str(document))
    check(counting_opa, str(document))
    assert store_files()
    return fresh


@pytest.mark.parametrize(
    "damage",
    [
        "truncated",
        "not json",
        "wrong key",
        "entries of the wrong shape",
        "unknown rule",
        "rule at the wrong severity",
    ],
)
def test_a_damaged_cache_is_a_miss_never_a_pass(
    counting_opa: CountingOpa, tmp_path: Path, damage: str
) -> None:
    document = tmp_path / "sla.yaml"
    document.write_text((RULES / "MDN-SLA-01.fail.yaml").read_text())
    fresh_code, fresh = fill_cache_for(counting_opa, document)
    starts = counting_opa.starts

    for store in store_files():
        if store.name.endswith(".engine.json"):
            continue
        text = store.read_text()
        content = json.loads(text)
        entries = content["entries"]
        if damage == "truncated":
            store.write_text(text[: len(text) // 2])
        elif damage == "not json":
            store.write_bytes(b"\x00\xffgarbage")
        elif damage == "wrong key":
            store.write_text(json.dumps({**content, "key": "0" * 64}))
        elif damage == "entries of the wrong shape":
            store.write_text(json.dumps({**content, "entries": {k: 42 for k in entries}}))
        else:
            for value in entries.values():
                # a file entry: [[index, kind, id, digest, start, id_line, findings]]
                # a document entry: {"errors": [...], "warnings": [...]}
                findings = value[0][6] if isinstance(value, list) else value["errors"]
                for finding in findings:
                    if isinstance(finding, list):
                        finding[0 if damage == "unknown rule" else 1] = (
                            "MDN-FAKE-99" if damage == "unknown rule" else "warning"
                        )
                    elif damage == "unknown rule":
                        finding["rule"] = "MDN-FAKE-99"
                    else:  # a document entry listing an error as a warning
                        value["warnings"], value["errors"] = value["errors"], []
            store.write_text(json.dumps(content))

    code, report = check(counting_opa, str(document))
    assert counting_opa.starts == starts + 1, "a damaged entry is not an answer: ask OPA"
    assert code == fresh_code == 1
    assert same_answer(report, fresh)


def test_no_cache_bypasses_even_a_planted_pass(counting_opa: CountingOpa, tmp_path: Path) -> None:
    """Whoever can write the cache folder can plant answers: the folder must be the
    user's own (see the next test), and --no-cache ignores it whatever it holds."""
    document = tmp_path / "sla.yaml"
    document.write_text((RULES / "MDN-SLA-01.fail.yaml").read_text())
    fill_cache_for(counting_opa, document)
    for store in store_files():
        if store.name.endswith(".engine.json"):
            continue
        content = json.loads(store.read_text())
        for value in content["entries"].values():
            if isinstance(value, list):
                value[0][6] = []  # the file: no findings
            elif "errors" in value:
                value["errors"] = []  # the document: no findings
        store.write_text(json.dumps(content))
    planted = {path: path.read_bytes() for path in store_files()}

    code, _ = check(counting_opa, str(document))
    assert code == 0  # the planted answer, from the cache
    code, report = check(counting_opa, "--no-cache", str(document))
    assert code == 1
    assert report["results"][0]["verdict"] == "non_compliant"
    assert {path: path.read_bytes() for path in store_files()} == planted  # untouched


def test_a_folder_others_may_write_is_not_used(
    opa_binary: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("PATUH_CACHE_DIR", str(shared))
    report = run_check(
        [str(RULES / "MDN-SLA-01.fail.yaml")],
        CheckOptions(opa_binary=str(opa_binary)),
        load_catalog(),
    )
    assert [n.code for n in report.notices] == ["cache.unavailable"]
    assert "written by other users" in report.notices[0].params["detail"]
    assert report.exit_code() == 1
    assert list(shared.iterdir()) == []


def test_policies_with_nondeterministic_builtins_are_not_cached(
    opa_binary: Path, tmp_path: Path
) -> None:
    policies = copy_policies(tmp_path / "policies")
    (policies / "jam.rego").write_text("package patuh.rules.jam\n\nsekarang := time.now_ns()\n")
    report = run_check(
        [str(RULES / "MDN-SLA-01.fail.yaml")],
        CheckOptions(opa_binary=str(opa_binary), policy_dir=policies),
        load_catalog(),
    )
    assert [n.code for n in report.notices] == ["cache.unavailable"]
    assert "time.now_ns" in report.notices[0].params["detail"]
    assert report.exit_code() == 1
    assert store_files() == []


def test_a_failed_run_stores_nothing(counting_opa: CountingOpa, tmp_path: Path) -> None:
    policies = copy_policies(tmp_path / "policies")
    (policies / "rogue.rego").write_text(
        "package patuh.rules.medan.rogue\n\n"
        'deny contains {"rule": "MDN-FAKE-99", "path": "spec", "msg": "x", "params": {}} if {\n'
        "\tinput.kind\n}\n"
    )
    code, report = check(
        counting_opa, "--policy-dir", str(policies), str(RULES / "MDN-SLA-01.pass.yaml")
    )
    assert code == 3
    assert report["summary"]["compliant"] == 0
    assert store_files() == []


def test_a_remote_server_is_never_cached(patuh: Any) -> None:
    code, _, _ = patuh(str(RULES / "MDN-SLA-01.fail.yaml"))
    assert code == 1
    assert store_files() == []


def test_duplicate_ids_are_refused_the_same_from_the_cache(
    counting_opa: CountingOpa, tmp_path: Path
) -> None:
    source = (RULES / "MDN-SLA-01.fail.yaml").read_text()
    (tmp_path / "a.yaml").write_text(source)
    (tmp_path / "b.yaml").write_text(source)
    (tmp_path / "c.yaml").write_text((RULES / "MDN-KAM-07.fail.yaml").read_text())
    _, fresh = check(counting_opa, "--no-cache", str(tmp_path))
    check(counting_opa, str(tmp_path))
    code, again = check(counting_opa, str(tmp_path))
    assert counting_opa.starts == 2
    assert code == 2
    assert same_answer(again, fresh)
    assert [r["verdict"] for r in again["results"]] == ["non_compliant", "invalid", "compliant"]


def test_invalid_documents_are_never_cached_but_their_valid_neighbours_are(
    counting_opa: CountingOpa, tmp_path: Path
) -> None:
    valid = (RULES / "MDN-SLA-01.fail.yaml").read_text()
    invalid = (ROOT / "fixtures" / "invalid" / "unknown-field.yaml").read_text()
    target = tmp_path / "mixed.yaml"
    target.write_text(valid + "\n---\n" + invalid)
    _, fresh = check(counting_opa, "--no-cache", str(target))
    check(counting_opa, str(target))
    evaluations = counting_opa.evaluations
    assert evaluations == 2
    code, again = check(counting_opa, str(target))
    assert counting_opa.evaluations == evaluations, "the valid document's answer is cached"
    assert code == 2
    assert same_answer(again, fresh)
    assert [r["verdict"] for r in again["results"]] == ["non_compliant", "invalid"]


def test_concurrent_runs_share_the_cache_safely(counting_opa: CountingOpa, tmp_path: Path) -> None:
    """Four patuh processes at once on one cache: each answers right, the stores stay
    whole, and a later run finds everything cached."""
    folder = copy_fixtures(tmp_path / "docs", *MIXED, *sorted(RULES.glob("MDN-KAM-*.yaml")))
    _, fresh = check(counting_opa, "--no-cache", str(folder))
    patuh = Path(sys.executable).with_name("patuh")
    command = [str(patuh), "check", "--format", "json", "--opa-binary", str(counting_opa.binary)]
    processes = [
        subprocess.Popen([*command, str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 1, err
        assert same_answer(json.loads(out), fresh)
    for store in store_files():
        json.loads(store.read_text())  # whole, whoever wrote last
    starts = counting_opa.starts
    _, again = check(counting_opa, str(folder))
    assert counting_opa.starts == starts
    assert same_answer(again, fresh)


def _save_many(folder: str, key: str, writer: int) -> None:
    cache = ResultCache.open(Path(folder), key, load_catalog())
    for round_ in range(40):
        document = CachedDocument(0, "System", f"W{writer}", f"sha256:{round_}", 1, 5, [])
        cache.add_file(f"{writer}-{round_}", [document])
        cache.save("1.22.4", "sha256:policies")


def test_a_store_is_replaced_whole_never_written_in_place(tmp_path: Path) -> None:
    """Writers save over and over while this process reads: every read is a whole
    store (JSON that parses), never a half-written one."""
    key = "a" * 64
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_save_many, args=(str(tmp_path), key, n)) for n in range(4)]
    for writer in writers:
        writer.start()
    reads = 0
    store = tmp_path / STORE_FOLDER / f"{key[:40]}.files.json"
    while any(writer.is_alive() for writer in writers):
        try:
            raw = store.read_bytes()
        except FileNotFoundError:
            continue
        content = json.loads(raw)
        assert content["key"] == key
        reads += 1
    for writer in writers:
        writer.join()
        assert writer.exitcode == 0
    assert reads > 0
    assert not [p for p in (tmp_path / STORE_FOLDER).iterdir() if p.name.startswith(".tmp-")]


def test_the_cache_folder_is_private(
    counting_opa: CountingOpa, tmp_path: Path, monkeypatch: Any
) -> None:
    folder = tmp_path / "new" / "cache"
    monkeypatch.setenv("PATUH_CACHE_DIR", str(folder))
    check(counting_opa, str(RULES / "MDN-SLA-01.fail.yaml"))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in folder.iterdir())
    assert os.environ["PATUH_CACHE_DIR"] == str(folder)


# --- issue 13: the ways a stale or planted answer could still pass ---------------------------


def test_a_policy_edited_between_key_and_load_leaves_no_stale_pass(
    counting_opa: CountingOpa, tmp_path: Path, monkeypatch: Any
) -> None:
    """Issue 13.1, deterministically: the policy folder is loosened exactly between
    the moment the cache key is computed and the moment the managed OPA loads the
    policies (a fault injected at `engine.check.answering.managed_opa`), and restored after
    the run. The answers must not be filed under the strict policies' key."""
    policies = copy_policies(tmp_path / "policies")
    data_file = policies / "medan" / "data.json"
    strict = data_file.read_text()
    loose = json.loads(strict)
    loose["params"]["min_availability_percent"] = 90
    document = str(RULES / "MDN-SLA-01.fail.yaml")  # availability 98.9, the minimum 99

    real_managed_opa = answering.managed_opa

    def loosen_then_start(binary: Path, policy_dir: Path, **options: Any) -> Any:
        data_file.write_text(json.dumps(loose))  # the edit lands here
        return real_managed_opa(binary, policy_dir, **options)

    monkeypatch.setattr(answering, "managed_opa", loosen_then_start)
    during_code, during = check(counting_opa, "--policy-dir", str(policies), document)
    monkeypatch.setattr(answering, "managed_opa", real_managed_opa)
    data_file.write_text(strict)  # restored

    fresh_code, fresh = check(counting_opa, "--no-cache", "--policy-dir", str(policies), document)
    assert (fresh_code, fresh["results"][0]["verdict"]) == (1, "non_compliant")
    # The run evaluated the policies its key was computed from (the strict ones) ...
    assert (during_code, during["results"][0]["verdict"]) == (1, "non_compliant")
    # ... so what it stored under that key is the strict answer, now and later.
    for _ in range(2):
        code, later = check(counting_opa, "--policy-dir", str(policies), document)
        assert (code, later["results"][0]["verdict"]) == (1, "non_compliant")
        assert same_answer(later, fresh)


def test_the_cleanup_touches_only_patuh_stores(
    counting_opa: CountingOpa, tmp_path: Path, monkeypatch: Any
) -> None:
    """Issue 13.4: a PATUH_CACHE_DIR pointed at a project folder keeps the project's
    month-old *.json files; only patuh's own stores, in its own subfolder, go."""
    project = tmp_path / "project"
    (project / STORE_FOLDER).mkdir(mode=0o700, parents=True)
    project.chmod(0o700)
    monkeypatch.setenv("PATUH_CACHE_DIR", str(project))
    old = time.time() - 40 * 24 * 3600
    theirs = [project / "package-lock.json", project / STORE_FOLDER / "catatan.json"]
    stale_store = project / STORE_FOLDER / ("b" * 40 + ".files.json")
    stale_temporary = project / STORE_FOLDER / (".tmp-" + "c" * 40 + "-" + "d" * 16 + ".json")
    for path in [*theirs, stale_store, stale_temporary]:
        path.write_text("{}")
        os.utime(path, (old, old))

    check(counting_opa, str(RULES / "MDN-SLA-01.fail.yaml"))  # saves, then cleans up
    assert [path.exists() for path in theirs] == [True, True]
    assert store_files()  # this run's stores
    assert not stale_store.exists()
    assert not stale_temporary.exists()


def test_a_cache_below_a_folder_others_may_write_is_not_used(
    opa_binary: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    """Issue 13.5: whoever may write a folder above the cache could swap the cache
    for one with planted answers; a sticky folder (like /tmp) is safe."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    mine = shared / "mine"
    mine.mkdir(mode=0o700)
    monkeypatch.setenv("PATUH_CACHE_DIR", str(mine))

    def run() -> Any:
        document = str(RULES / "MDN-SLA-01.fail.yaml")
        return run_check([document], CheckOptions(opa_binary=str(opa_binary)), load_catalog())

    report = run()
    assert [n.code for n in report.notices] == ["cache.unavailable"]
    assert report.notices[0].params["detail"] == (
        f"{shared} (above the cache) may be written by other users"
    )
    assert report.exit_code() == 1
    assert list(mine.iterdir()) == []

    shared.chmod(0o1777)  # sticky: others cannot rename what is not theirs
    report = run()
    assert report.notices == []
    assert store_files()


def test_a_cache_folder_swapped_after_its_check_is_not_read(
    counting_opa: CountingOpa, tmp_path: Path, monkeypatch: Any
) -> None:
    """Issue 13.5: the cache folder is renamed away right after patuh checked it
    and a folder with planted passes put in its place (a fault injected at
    `ResultCache.open`, where a rename race would land). The stores are read
    through the descriptor of the folder that was checked, never by path again."""
    document = tmp_path / "sla.yaml"
    document.write_text((RULES / "MDN-SLA-01.fail.yaml").read_text())
    fresh_code, fresh = fill_cache_for(counting_opa, document)
    folder = default_dir()
    planted = tmp_path / "planted"
    shutil.copytree(folder, planted)
    for store in planted.rglob("*.json"):
        if store.name.endswith(".engine.json"):
            continue
        content = json.loads(store.read_text())
        for value in content["entries"].values():
            if isinstance(value, list):
                value[0][6] = []  # the file: no findings
            elif "errors" in value:
                value["errors"] = []  # the document: no findings
        store.write_text(json.dumps(content))

    real_open = ResultCache.open

    def open_then_swap(cls: type[ResultCache], *args: Any) -> ResultCache:
        cache = real_open(*args)
        folder.rename(tmp_path / "checked")
        planted.rename(folder)
        return cache

    monkeypatch.setattr(ResultCache, "open", classmethod(open_then_swap))
    code, report = check(counting_opa, str(document))
    assert (code, fresh_code) == (1, 1)
    assert report["results"][0]["verdict"] == "non_compliant"
    assert same_answer(report, fresh)


def test_messages_name_the_policy_folder_not_its_snapshot(
    counting_opa: CountingOpa, tmp_path: Path
) -> None:
    """The managed OPA loads a private snapshot of the policies (issue 13.1); what
    goes wrong is still said of the folder the user gave."""
    nowhere = tmp_path / "nowhere"
    options = CheckOptions(opa_binary=str(counting_opa.binary), policy_dir=nowhere)
    report = run_check([str(RULES / "MDN-SLA-01.pass.yaml")], options, load_catalog())
    assert report.exit_code() == 3
    assert report.engine.error == f"the policy folder {nowhere} does not exist"

    policies = copy_policies(tmp_path / "policies")
    (policies / "rusak.rego").write_text("package patuh.rules.rusak\n\ndeny contains x if {\n")
    code, report = check(
        counting_opa, "--policy-dir", str(policies), str(RULES / "MDN-SLA-01.pass.yaml")
    )
    assert code == 3
    error = report["engine"]["error"]
    assert f"OPA did not start with the policies in {policies}: " in error
    assert f"{policies}/rusak.rego" in error and "rego_parse_error" in error
    assert "patuh-policies-" not in error
    assert store_files() == []


def test_a_store_replaced_by_a_link_is_not_followed(
    counting_opa: CountingOpa, tmp_path: Path
) -> None:
    """Issue 13.5: stores are opened without following links (O_NOFOLLOW), so a
    link to planted answers elsewhere is a miss, never a pass."""
    document = tmp_path / "sla.yaml"
    document.write_text((RULES / "MDN-SLA-01.fail.yaml").read_text())
    fresh_code, fresh = fill_cache_for(counting_opa, document)
    for store in store_files():
        if store.name.endswith(".engine.json"):
            continue
        content = json.loads(store.read_text())
        for value in content["entries"].values():
            if isinstance(value, list):
                value[0][6] = []
            elif "errors" in value:
                value["errors"] = []
        planted = tmp_path / f"planted-{store.name}"
        planted.write_text(json.dumps(content))
        store.unlink()
        store.symlink_to(planted)
    starts = counting_opa.starts
    code, report = check(counting_opa, str(document))
    assert counting_opa.starts == starts + 1, "a link is not a store: ask OPA"
    assert (code, fresh_code) == (1, 1)
    assert same_answer(report, fresh)
