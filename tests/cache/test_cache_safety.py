"""Nothing unreadable, foreign, half-written, failed or shared unsafely is ever taken
for a pass: damaged stores, --no-cache, folders others may write, nondeterministic
policies, failed runs, remote servers, invalid documents, concurrent runs.

(The shared helpers and the counting OPA: counting.py, conftest.py.)
"""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cache.counting import (
    MIXED,
    ROOT,
    RULES,
    CountingOpa,
    check,
    copy_fixtures,
    copy_policies,
    fill_cache_for,
    same_answer,
    store_files,
)
from engine.cache.folder import STORE_FOLDER
from engine.cache.store import ResultCache
from engine.catalog.rules import load_catalog
from engine.check.run import CheckOptions, run_check
from engine.reading.reader import CachedDocument


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
