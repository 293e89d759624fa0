"""What a report was made from: digests of the policies, the documents and the time.

The policy digest is computed the same way on both sides: from what a server given
with --opa-url says it evaluates (GET /v1/policies and each pack's data.<pack>.params,
engine/evaluating/opa/client.py) and from the policy folder patuh would load itself. When they
differ, the server runs other policies than the ones patuh ships (or was given with
--policy-dir), and its verdicts are refused unless the user accepts that explicitly.
The OPA patuh starts itself loads patuh's private copy of the folder
(engine/evaluating/policy_snapshot.py), so its digest is that copy's, computed here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from engine.evaluating.errors import EngineError
from engine.findings import EngineInfo, Notice

# Only the modules of the patuh packages take part: a shared OPA server may host
# other teams' policies, which cannot change a patuh decision (a module can only
# define rules in its own package).
PATUH_PACKAGE = "patuh"
_PACKAGE_RE = re.compile(r"^package\s+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)
_DATA_SUFFIXES = (".json", ".yaml", ".yml")


def policy_digest_of(policy_texts: Iterable[str], params: Any) -> str:
    """sha256 over the policy texts (in sorted order, so file names and load order
    do not matter) and the parameters the policies read (data.<pack>.params)."""
    canonical = json.dumps(
        {"policies": sorted(policy_texts), "params": params},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def local_policy_digest(policy_dir: Path) -> str:
    """The digest of what a managed OPA loads from `policy_dir` (engine/evaluating/opa/managed.py:
    every file except *_test.rego and hidden files or folders)."""
    texts: list[str] = []
    data: dict[str, Any] = {}
    try:
        for file in sorted(_loaded_files(policy_dir)):
            if file.suffix == ".rego":
                text = file.read_text(encoding="utf-8")
                if _package_root(text) == PATUH_PACKAGE:
                    texts.append(text)
            elif file.suffix in _DATA_SUFFIXES:
                prefix = file.parent.relative_to(policy_dir).parts
                _merge(data, prefix, _read_data(file))
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise EngineError(f"cannot read the policies in {policy_dir}: {exc}") from exc
    return policy_digest_of(texts, pack_params(data, param_packs(policy_dir)))


def patuh_policy_texts(policy_dir: Path) -> list[str]:
    """The text of every patuh policy a managed OPA loads from `policy_dir`."""
    texts: list[str] = []
    try:
        for file in sorted(_loaded_files(policy_dir)):
            if file.suffix == ".rego":
                text = file.read_text(encoding="utf-8")
                if _package_root(text) == PATUH_PACKAGE:
                    texts.append(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise EngineError(f"cannot read the policies in {policy_dir}: {exc}") from exc
    return texts


def param_packs(policy_dir: Path) -> list[str]:
    """The folders of `policy_dir` whose parameters (data.<folder>.params) count in
    the policy digest: every pack's, one folder each (policies/<pack>/data.json)."""
    try:
        return sorted(
            p.name for p in policy_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
        )
    except OSError as exc:
        raise EngineError(f"cannot read the policies in {policy_dir}: {exc}") from exc


def pack_params(data: dict[str, Any], packs: list[str]) -> dict[str, Any]:
    """Each pack's parameters as OPA holds them (packs without any are left out)."""
    found: dict[str, Any] = {}
    for pack in packs:
        section = data.get(pack)
        if isinstance(section, dict) and section.get("params") is not None:
            found[pack] = section["params"]
    return found


def check_policies(info: EngineInfo, policy_dir: Path, allow_mismatch: bool) -> None:
    """Refuse a server whose policies are not the ones patuh would load from
    `policy_dir`, unless the user allowed it (then the report records it)."""
    info.expected_policy_digest = local_policy_digest(policy_dir)
    if info.policy_digest == info.expected_policy_digest:
        return
    if not allow_mismatch:
        raise EngineError(
            f"the OPA server evaluates other policies ({info.policy_digest}) than those "
            f"in {policy_dir} ({info.expected_policy_digest}); its verdicts are refused "
            "(--allow-policy-mismatch accepts them, recorded in the report)"
        )
    info.policy_mismatch = True


def policy_mismatch_notice(info: EngineInfo) -> Notice:
    return Notice(
        "notice.policy_mismatch",
        {"actual": info.policy_digest, "expected": info.expected_policy_digest},
        "warning",
    )


def is_patuh_module(package_path: Any) -> bool:
    """Whether a module's package (as OPA's AST gives it: data, "patuh", ...) is patuh's."""
    if not isinstance(package_path, list) or len(package_path) < 2:
        return False
    term = package_path[1]
    return isinstance(term, dict) and term.get("value") == PATUH_PACKAGE


def now_utc() -> str:
    """The report's time (the one field that differs between two runs on the same
    inputs): UTC, to the second, ISO 8601."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def today_utc() -> str:
    """The run's date (YYYY-MM-DD, UTC) for the rules that depend on today."""
    return dt.datetime.now(dt.UTC).date().isoformat()


def _loaded_files(policy_dir: Path) -> Iterable[Path]:
    for path in policy_dir.rglob("*"):
        relative = path.relative_to(policy_dir).parts
        if any(part.startswith(".") for part in relative) or not path.is_file():
            continue
        if path.name.endswith("_test.rego"):
            continue
        yield path


def _package_root(text: str) -> str | None:
    found = _PACKAGE_RE.search(text)
    return found.group(1) if found else None


def _read_data(file: Path) -> Any:
    text = file.read_text(encoding="utf-8")
    if file.suffix == ".json":
        return json.loads(text)
    return yaml.safe_load(text)


def _merge(data: dict[str, Any], prefix: tuple[str, ...], value: Any) -> None:
    """Put `value` at `prefix` and merge mappings, as OPA does with data files."""
    target = data
    for part in prefix:
        target = target.setdefault(part, {})
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict) and isinstance(target.get(key), dict):
                _merge(target, (key,), item)
            else:
                target[key] = item
