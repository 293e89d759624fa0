"""The fixtures as the fixture tests see them: every pack's failing and passing documents,
the invalid ones, the README's examples, and how each is named and run."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bdd"))
from patuh_run import (
    EXAMPLE_FIXTURES,
    INVALID_FIXTURES,
    PACK_FIXTURES,
    REGISTER_FIXTURE,
    iter_yaml_files,
)

# Every pack's fixtures; each is checked with its own pack alone (--pack).
FAIL = sorted(f for folder in PACK_FIXTURES.values() for f in folder.glob("*.fail.yaml"))
PASS = sorted(f for folder in PACK_FIXTURES.values() for f in folder.glob("*.pass.yaml"))
PACKS = sorted(PACK_FIXTURES)
INVALID = list(iter_yaml_files(INVALID_FIXTURES))
EXAMPLES = list(iter_yaml_files(EXAMPLE_FIXTURES))
EXIT_FOR_SEVERITY = {"error": 1, "warning": 0}
VERDICT_FOR_SEVERITY = {"error": "non_compliant", "warning": "compliant"}


def _rule_of(fixture: Path) -> str:
    return fixture.name.split(".")[0]


def _pack_of(fixture: Path) -> str:
    return fixture.parent.name


# MDN-PBJ-07 is the warning outside the desk: with the register the same gap (no
# proposal named) is MDN-PBJ-08's error, and MDN-PBJ-07 leaves it to that rule
# (policies/medan/pengadaan.rego, issue 22). Its fixtures are checked without the
# register; in a run with it, its failing fixture gives MDN-PBJ-08.
OUTSIDE_THE_DESK = {"MDN-PBJ-07": "MDN-PBJ-08"}


def _pack_args(fixture: Path) -> list[str]:
    if _rule_of(fixture) in OUTSIDE_THE_DESK:
        return ["--pack", _pack_of(fixture)]
    return _args_of_pack(_pack_of(fixture))


def rule_with_the_register(fixture: Path) -> str:
    """The rule a failing fixture gives in a run with the register."""
    rule = _rule_of(fixture)
    return OUTSIDE_THE_DESK.get(rule, rule)


def _args_of_pack(pack: str) -> list[str]:
    """The medan pack's fixtures are checked with the register (fixtures/register.json),
    so that its rules of references (MDN-KOOR-04, MDN-PBJ-08) apply."""
    register = ["--register", str(REGISTER_FIXTURE)] if pack == "medan" else []
    return ["--pack", pack, *register]


def _ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


def expected_invalid_rule(fixture: Path) -> str:
    first = fixture.read_text(encoding="utf-8").splitlines()[0]
    match = re.match(r"# Temuan yang diharapkan: (YAML|SCHEMA)\b", first)
    assert match, f"{fixture.name}: line 1 must name the expected finding (YAML or SCHEMA)"
    return match.group(1)


EXPECTED_INVALID = {
    "malformed.yaml",
    "duplicate-key.yaml",
    "unknown-field.yaml",
    "wrong-enum.yaml",
    "alias-bomb.yaml",
    "not-patuh.yaml",
    "wrong-kind.yaml",
    "missing-id.yaml",
    "yes-no-boolean.yaml",
    "percent-out-of-range.yaml",
    # Issue 20.15-16, 22.4: numbers without sense, facts that contradict each other.
    "hours-out-of-range.yaml",
    "hosting-abroad-in-datacenter.yaml",
    "personal-data-false-with-categories.yaml",
}
