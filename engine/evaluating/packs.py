"""Rule packs: which sets of rules a check applies.

A pack is one folder of each kind, all named after it: `rules/<pack>/` (its catalog),
`policies/<pack>/` (its Rego areas, tests and `data.json` parameters), and, in the
repository, `fixtures/<pack>/` and `features/<pack>/`. A pack exists when both its
catalog and its policies do, so another city adds its own by adding folders; nothing
here names a pack but the default.

Choose packs with `--pack NAME` (repeatable) or PATUH_PACKS (names separated by
commas or spaces); `medan` alone is the default, and gives patuh's answers from
before packs existed. The desk calls `select_packs` and `load_packs` the same way.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from engine.catalog.rules import Catalog, load_catalog
from engine.findings import AppliedPack
from engine.resources import policies_dir, rules_dir

DEFAULT_PACKS: tuple[str, ...] = ("medan",)
ENV_PACKS = "PATUH_PACKS"
_PACK_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# Not packs: the Rego helpers every pack shares.
_NOT_PACKS = frozenset({"lib"})


class UnknownPack(Exception):
    """A pack asked for that does not exist; `known` lists those that do."""

    def __init__(self, name: str, known: tuple[str, ...]) -> None:
        super().__init__(name)
        self.name = name
        self.known = known


def available_packs(rules: Path | None = None, policies: Path | None = None) -> tuple[str, ...]:
    """Every pack that has both a catalog and policies, by name."""
    rules = rules or rules_dir()
    policies = policies or policies_dir()
    names = [
        folder.name
        for folder in rules.iterdir()
        if folder.is_dir() and _PACK_NAME.match(folder.name) and folder.name not in _NOT_PACKS
    ]
    return tuple(sorted(n for n in names if (policies / n).is_dir()))


def packs_from_env() -> tuple[str, ...]:
    """The packs PATUH_PACKS names (empty when unset or blank)."""
    return tuple(name for name in re.split(r"[\s,]+", os.environ.get(ENV_PACKS, "")) if name)


def select_packs(names: Iterable[str] | None, *, policies: Path | None = None) -> tuple[str, ...]:
    """The packs to apply: `names` (in order, each once), the default when none are
    named. An unknown name raises UnknownPack: a pack that is not there must never
    read as a pack without findings."""
    chosen = tuple(dict.fromkeys(name.strip().lower() for name in names or () if name.strip()))
    if not chosen:
        chosen = DEFAULT_PACKS
    known = available_packs(policies=policies)
    for name in chosen:
        if name not in known:
            raise UnknownPack(name, known)
    return chosen


def load_packs(names: Iterable[str] | None = None, *, policies: Path | None = None) -> Catalog:
    """The catalog of the packs `select_packs` chooses (what the desk calls)."""
    return load_catalog(packs=select_packs(names, policies=policies))


def applied_packs(catalog: Catalog, policy_dir: Path | None = None) -> tuple[AppliedPack, ...]:
    """Each applied pack with its digest (engine/findings.py AppliedPack)."""
    policies = policy_dir or policies_dir()
    applied = []
    for pack in catalog.packs:
        digest = hashlib.sha256(pack.digest.encode() + b"\0")
        folder = policies / pack.name
        files = sorted(folder.rglob("*")) if folder.is_dir() else []
        for path in files:
            relative = path.relative_to(folder).as_posix()
            hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
            if hidden or not path.is_file() or path.name.endswith("_test.rego"):
                continue
            digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
        applied.append(AppliedPack(pack.name, "sha256:" + digest.hexdigest()))
    return tuple(applied)
