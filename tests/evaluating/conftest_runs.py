"""patuh's policies run by the pinned conftest (`make test` builds it; PATUH_CONFTEST_BINARY
names it), as the README's recipe runs them: `conftest test --all-namespaces` with
policies/lib, the packs asked for, and the packs' parameters as data. Shared by the
conftest tests (test_conftest_policies.py, test_conftest_kinds.py,
test_conftest_wrong_types.py).

This module is a helper; it has no test of its own.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def conftest_binary() -> Path:
    named = os.environ.get("PATUH_CONFTEST_BINARY")
    if not named:
        tools = subprocess.run(
            ["make", "-s", "tools-path"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        named = str(Path(tools) / "conftest")
    binary = Path(named)
    if not binary.is_file():
        pytest.fail(f"conftest is not built at {binary}: `make test` builds it")
    return binary


def run_conftest(
    files: Iterable[Path], packs: Sequence[str], *data: Path, timeout: int = 300
) -> list[dict[str, Any]]:
    """conftest's JSON answer, one entry per file (exit 1, some failures, is an answer)."""
    run = subprocess.run(
        [
            str(conftest_binary()),
            "test",
            "--all-namespaces",
            "--no-color",
            "-o",
            "json",
            "-p",
            str(ROOT / "policies/lib"),
            *[arg for pack in packs for arg in ("-p", str(ROOT / "policies" / pack))],
            "--data",
            str(ROOT / "policies"),
            *[arg for file in data for arg in ("--data", str(file))],
            *sorted(str(file) for file in files),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert run.returncode in (0, 1), run.stderr
    entries: list[dict[str, Any]] = json.loads(run.stdout)
    return entries


def rules_by_file(entries: list[dict[str, Any]]) -> dict[str, list[str]]:
    """file stem -> the rule ids of every failure and warning conftest reports for it."""
    found: dict[str, list[str]] = {}
    for entry in entries:
        rules = found.setdefault(Path(entry["filename"]).stem, [])
        for kind in ("failures", "warnings"):
            rules += [item["msg"].split(":", 1)[0] for item in entry.get(kind) or []]
    return found


def rules_of_variants(
    variants: Iterable[tuple[str, str, str, dict[str, Any]]], packs: Sequence[str], folder: Path
) -> dict[str, list[str]]:
    """Each (pack, rule, name, document) variant written as `name.yaml` and run under its
    own pack, one conftest run a pack: name -> the rule ids it fires."""
    chosen = list(variants)
    found: dict[str, list[str]] = {}
    for pack in packs:
        place = folder / pack
        place.mkdir(parents=True, exist_ok=True)
        for variant_pack, _, name, document in chosen:
            if variant_pack == pack:
                (place / f"{name}.yaml").write_text(
                    yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8"
                )
        found.update(rules_by_file(run_conftest(place.glob("*.yaml"), [pack])))
    return found
