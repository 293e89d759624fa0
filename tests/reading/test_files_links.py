"""Linked folders in a folder walk (engine/reading/files.py): followed, once, never dropped.

Issue 13.6: `docs/2026 -> ../arsip/2026` used to be skipped in silence, so a check
reported fewer documents and could exit 0 while a non-compliant one went unread.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from engine.reading.files import collect_files

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "fixtures" / "medan"


def test_a_linked_subfolder_is_checked(patuh: Any, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(RULES / "MDN-SLA-01.pass.yaml", docs / "lolos.yaml")
    archive = tmp_path / "arsip" / "2026"
    archive.mkdir(parents=True)
    shutil.copy(RULES / "MDN-SLA-01.fail.yaml", archive / "gagal.yaml")
    (docs / "2026").symlink_to(Path("..") / "arsip" / "2026", target_is_directory=True)

    code, report, _ = patuh(str(docs))
    files = {Path(r["file"]).relative_to(docs).as_posix(): r["verdict"] for r in report["results"]}
    assert files == {"lolos.yaml": "compliant", "2026/gagal.yaml": "non_compliant"}
    assert code == 1


def test_links_back_up_and_twice_to_one_folder_are_walked_once(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "a").mkdir(parents=True)
    (docs / "a" / "x.yaml").write_text("a: 1\n")
    (docs / "y.yaml").write_text("a: 1\n")
    (docs / "a" / "loop").symlink_to(docs, target_is_directory=True)  # a loop
    (docs / "b").symlink_to(docs / "a", target_is_directory=True)  # a again
    (docs / "c").symlink_to(docs / "nowhere", target_is_directory=True)  # dangling
    (docs / ".hidden").symlink_to(docs / "a", target_is_directory=True)

    files = collect_files([str(docs)])
    assert sorted(os.path.realpath(f) for f in files) == sorted(
        os.path.realpath(p) for p in (docs / "a" / "x.yaml", docs / "y.yaml")
    )
    assert len(files) == 2
