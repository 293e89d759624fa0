"""The policies a managed OPA loads, copied first into a private folder of the run.

What patuh reports about the policies (their digest, the cache key) and what OPA
evaluates must come from the same bytes. A folder the user can edit while a check
runs gives no such guarantee; a private copy, made once and read by nothing but
this run, does: the digest is computed from the copy and OPA is started on it, so
OPA need not be asked which policies it holds (a listing of every policy's syntax
tree, 20-100 ms of each check: docs/benchmarks.md, issue 12, third session).

Kept free of heavy imports: the CLI makes the copy before it imports its readers,
so that OPA can start on it while they load.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from engine.resources import policies_dir

# What the managed OPA is told to skip (engine/evaluating/opa/managed.py: --ignore).
OPA_IGNORED = ("*_test.rego", ".*")


class RunPolicies(NamedTuple):
    """The folder a managed OPA loads (`folder`) and the folder it is patuh's private
    copy of (`source`); `source` is None when `folder` is the user's folder itself."""

    folder: Path
    source: Path | None


@contextlib.contextmanager
def private_policies(policy_dir: Path | None) -> Iterator[RunPolicies]:
    """A private copy of what the managed OPA would load from `policy_dir` (default:
    patuh's own policies), removed on exit. When the folder cannot be read whole, the
    folder itself, with no source: OPA is then started on it, says why it cannot load
    it, and is asked which policies it holds."""
    source = policy_dir or policies_dir()
    with tempfile.TemporaryDirectory(prefix="patuh-policies-") as private:
        try:
            copy = snapshot_policies(source, Path(private) / "policies")
        except OSError:
            yield RunPolicies(source, None)
        else:
            yield RunPolicies(copy, source)


def snapshot_policies(policy_dir: Path, target: Path) -> Path:
    """Copy every file the managed OPA would load from `policy_dir` into `target`
    (a new, private folder), and answer it.

    The key is computed from the snapshot and the managed OPA loads the snapshot, so
    answers and key come from the same bytes: a policy edited during a run cannot
    file the new policies' answers under the old policies' key (a stale pass that
    later runs would serve).
    """
    if not policy_dir.is_dir():
        raise NotADirectoryError(f"the policy folder {policy_dir} does not exist")
    target.mkdir(mode=0o700)
    for relative, path in policy_files(policy_dir):
        destination = target / relative
        destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
    return target


def policy_files(policy_dir: Path) -> list[tuple[str, Path]]:
    """Every file the managed OPA loads from `policy_dir`: (relative name, path)."""
    files = []
    # A folder that cannot be read is an error, not a folder without policies: the
    # snapshot would lack what OPA, loading the folder itself, would refuse.
    for folder, dirs, names in os.walk(policy_dir, onerror=_raise):
        dirs[:] = [d for d in dirs if not _ignored(d)]
        for name in names:
            if not _ignored(name):
                path = Path(folder) / name
                files.append((path.relative_to(policy_dir).as_posix(), path))
    return files


def _raise(error: OSError) -> None:
    raise error


def _ignored(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in OPA_IGNORED)
