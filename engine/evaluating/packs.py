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


class BlankPack(UnknownPack):
    """An empty or blank pack name (`--pack ""`, `PATUH_PACKS=medan,`): refused, never
    read as "no pack named" (which applied the default and silently dropped the packs
    PATUH_PACKS names, issue 20). A kind of UnknownPack, so every caller that refuses
    an unknown pack refuses this one too."""

    def __init__(self, known: tuple[str, ...]) -> None:
        super().__init__("", known)


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
    """The packs PATUH_PACKS names (none when unset or empty). Names are separated by
    commas or spaces; a blank one between commas (`medan,,nasional`, `medan,`, ` `)
    raises BlankPack: a typo must not quietly apply fewer packs."""
    value = os.environ.get(ENV_PACKS, "")
    if not value:
        return ()
    names: list[str] = []
    for part in value.split(","):
        if not part.strip():
            raise BlankPack(available_packs())
        names += part.split()
    return tuple(names)


def select_packs(names: Iterable[str] | None, *, policies: Path | None = None) -> tuple[str, ...]:
    """The packs to apply: `names` (in order, each once), the default when none are
    named. An unknown name raises UnknownPack, an empty or blank one BlankPack: a pack
    that is not there must never read as a pack without findings."""
    asked = [name.strip().lower() for name in names or ()]
    if "" in asked:
        raise BlankPack(available_packs(policies=policies))
    chosen = tuple(dict.fromkeys(asked))
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
