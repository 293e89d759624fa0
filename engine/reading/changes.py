"""`--changed-since REF`: the files git says were added, modified or renamed since
REF (deleted files are not there to check). Compared with the working tree, so a
change not yet committed counts too, and so does a new file not yet added; a rename
counts under its new name."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class ChangesError(Exception):
    """git could not answer (not a repository, an unknown REF, no git)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def changed_since(ref: str, where: Path | None = None) -> set[Path]:
    """The changed files, as resolved paths."""
    cwd = where or Path.cwd()
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    # `--end-of-options` keeps a REF beginning with `-` from being read as an option.
    out = _git(
        [
            "diff",
            "--name-only",
            "-z",
            "--diff-filter=AMR",
            "--find-renames",
            "--end-of-options",
            ref,
            "--",
        ],
        cwd,
    )
    # Files not yet added to git are new documents too (a reviewer's fresh draft);
    # ignored ones (.gitignore) are not.
    out += _git(["ls-files", "-z", "--others", "--exclude-standard"], top)
    return {(top / name).resolve() for name in out.split("\0") if name}


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "LC_ALL": "C"},
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise ChangesError(str(exc)) from exc
    if done.returncode != 0:
        raise ChangesError(done.stderr.strip() or f"git {args[0]} failed ({done.returncode})")
    return done.stdout
