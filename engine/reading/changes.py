"""`--changed-since REF`: the files git says changed since REF (added, modified,
renamed, copied, their type changed: anything but deleted, which is not there to
check). Compared with the working tree, so a change not yet committed counts too,
and so does a new file not yet added; a rename counts under its new name.

Checking only what changed is right only when nothing else that decides a verdict
changed (issue 20): a waiver file, the `--register` file, the `--policy-dir`
policies, the root's `.patuhignore`, or the pack selection (a changed line naming
`--pack` or `PATUH_PACKS`, say in a CI file). When one of them changed, or git cannot
tell (it lies outside the repository, or git ignores it), every document is checked,
and a notice says why. A submodule whose commit changed has every document in it
checked; one that is not checked out cannot be, and is the caller's to refuse.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from engine.findings import Notice

# git's mode of a submodule's entry (a "gitlink").
SUBMODULE_MODE = "160000"
# A changed line that names the pack selection (the option or the variable).
PACK_SELECTION = r"PATUH_PACKS|--pack\b"


class ChangesError(Exception):
    """git could not answer (not a repository, an unknown REF, no git)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass
class Changes:
    """What changed since REF: files (resolved paths), submodules whose documents
    all count as changed, and why every document must be checked (notices; none:
    only the changed ones)."""

    files: set[Path] = field(default_factory=set)
    submodules: list[Path] = field(default_factory=list)
    missing_submodules: list[Path] = field(default_factory=list)  # changed, not checked out
    everything: list[Notice] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    def __contains__(self, path: object) -> bool:
        if path in self.files:
            return True
        return isinstance(path, Path) and any(path.is_relative_to(s) for s in self.submodules)


@dataclass
class Input:
    """A file or folder that decides verdicts without being a document: `option`
    names it in the notice (`--waivers`, `--register`, `--policy-dir`, `.patuhignore`)."""

    option: str
    path: Path


def changed_since(ref: str, where: Path | None = None, inputs: Iterable[Input] = ()) -> Changes:
    """The changes since `ref` in the repository `where` is in."""
    cwd = where or Path.cwd()
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip()).resolve()
    changes = Changes()
    deleted: set[Path] = set()
    # Asked at the top, every path relative to it whatever `diff.relative` says.
    # `--end-of-options` keeps a REF beginning with `-` from being read as an option.
    raw = _git(
        [
            "diff",
            "--raw",
            "-z",
            "--no-abbrev",
            "--find-renames",
            "--no-ext-diff",
            # A submodule's change is seen whatever .gitmodules or the config ignore.
            "--ignore-submodules=none",
            "--end-of-options",
            ref,
            "--",
        ],
        top,
    )
    for old_mode, new_mode, status, path in _raw_entries(raw):
        full = (top / path).resolve()
        if status == "D":
            deleted.add(full)
        elif new_mode == SUBMODULE_MODE:
            if (top / path / ".git").exists():
                changes.submodules.append(full)
                changes.notices.append(
                    Notice("notice.changed_submodule", {"path": path, "ref": ref}, "warning")
                )
            else:
                changes.missing_submodules.append(full)
        else:
            changes.files.add(full)
        if old_mode == SUBMODULE_MODE and new_mode != SUBMODULE_MODE:
            deleted.add(full)  # a submodule replaced: what was in it is gone
    # Files not yet added to git are new documents too (a reviewer's fresh draft);
    # ignored ones (.gitignore) are not.
    others = _git(["ls-files", "-z", "--others", "--exclude-standard"], top)
    changes.files |= {(top / name).resolve() for name in others.split("\0") if name}
    _inputs(ref, top, list(inputs), changes, deleted)
    selection = _git(
        [
            "diff",
            "--name-only",
            "-z",
            "--no-ext-diff",
            "--no-textconv",
            "-G",
            PACK_SELECTION,
            "--end-of-options",
            ref,
            "--",
        ],
        top,
    )
    named = [name for name in selection.split("\0") if name]
    if named:
        changes.everything.append(
            Notice(
                "notice.changed_input",
                {"option": "--pack/PATUH_PACKS", "path": ", ".join(named), "ref": ref},
                "warning",
            )
        )
    return changes


def _raw_entries(raw: str) -> Iterable[tuple[str, str, str, str]]:
    """(old mode, new mode, status letter, path) of `git diff --raw -z`; a rename or
    copy counts under its new path."""
    fields = raw.split("\0")
    at = 0
    while at < len(fields) and fields[at].startswith(":"):
        meta = fields[at][1:].split()
        old_mode, new_mode, status = meta[0], meta[1], meta[4][:1]
        if status in "RC":
            path, at = fields[at + 2], at + 3
        else:
            path, at = fields[at + 1], at + 2
        yield old_mode, new_mode, status, path


def _inputs(ref: str, top: Path, inputs: list[Input], changes: Changes, deleted: set[Path]) -> None:
    """Add a notice to `changes.everything` for each input that changed since REF,
    or of which git cannot tell."""
    inside: list[tuple[Input, Path]] = []
    for item in inputs:
        path = item.path.resolve()
        if not path.is_relative_to(top):
            if path.exists():
                changes.everything.append(_notice("notice.unknown_input", item, ref))
            continue
        inside.append((item, path))
    if not inside:
        return
    listed = _git(
        ["ls-files", "-z", "--", *(str(path.relative_to(top)) for _, path in inside)], top
    )
    tracked = {(top / name).resolve() for name in listed.split("\0") if name}
    for item, path in inside:
        touched = changes.files | deleted
        if path in touched or any(p.is_relative_to(path) for p in touched):
            changes.everything.append(_notice("notice.changed_input", item, ref))
        elif path.exists() and not (
            path in tracked or any(p.is_relative_to(path) for p in tracked)
        ):
            # There, but git ignores it: nothing says whether it changed.
            changes.everything.append(_notice("notice.unknown_input", item, ref))


def _notice(code: str, item: Input, ref: str) -> Notice:
    return Notice(code, {"option": item.option, "path": str(item.path), "ref": ref}, "warning")


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(
            # The user's configuration must not change what is read: paths relative
            # to the working folder (diff.relative), quoted names, an external diff.
            ["git", "-c", "core.quotepath=off", "-c", "diff.relative=false", *args],
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
