"""Issue 13: the ways a stale or planted answer could still pass, each closed.

(The shared helpers and the counting OPA: counting.py, conftest.py.)
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

from cache.counting import (
    RULES,
    CountingOpa,
    check,
    copy_policies,
    fill_cache_for,
    same_answer,
    store_files,
)
from engine.cache.folder import STORE_FOLDER, default_dir
from engine.cache.store import ResultCache
from engine.catalog.rules import load_catalog
from engine.check import answering
from engine.check.run import CheckOptions, run_check


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
