"""A rule applies only to the kinds its catalog entry names (applies_to), under conftest
too: there the schema does not refuse a document of an unknown kind, or a proposal's
sections under another kind, so each rule's own kind guard must.

Every failing fixture (its rule fires on it) is written again under each kind its rule
does not apply to, and under a kind patuh does not know ("Lainnya"); under `conftest
test` the fixture's rule must not fire on any of them. Self-contained (no OPA server):
bench/mutants.py runs it on a copy of the policies.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from evaluating.conftest_runs import rules_of_variants

ROOT = Path(__file__).resolve().parents[2]
PACKS = ("medan", "nasional")
KINDS = ("Proposal", "Procurement", "System", "Lainnya")
# The rules of references never fire under conftest (no register): nothing to show.
NEEDS_REGISTER = {"MDN-KOOR-04", "MDN-PBJ-08"}


def _applies_to() -> dict[str, set[str]]:
    """rule id -> the kinds it applies to, from the catalog's files (rules/<pack>/)."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "rules").glob("*/*.yaml")):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8")).get("rules", []):
            found[rule["id"]] = set(rule["applies_to"])
    return found


def _variants() -> list[tuple[str, str, str, dict[str, Any]]]:
    """(pack, rule, name, document): each failing fixture under each other kind."""
    applies = _applies_to()
    made = []
    for pack in PACKS:
        for fixture in sorted((ROOT / "fixtures" / pack).glob("*.fail.yaml")):
            rule = fixture.name.split(".")[0]
            if rule in NEEDS_REGISTER:
                continue
            document = yaml.safe_load(fixture.read_text(encoding="utf-8"))
            for kind in KINDS:
                if kind in applies[rule]:
                    continue
                name = f"{fixture.name.removesuffix('.fail.yaml')}--{kind}"
                made.append((pack, rule, name, {**document, "kind": kind}))
    return made


VARIANTS = _variants()


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """file stem -> the rule ids of every failure and warning conftest reports for it."""
    return rules_of_variants(VARIANTS, PACKS, tmp_path_factory.mktemp("kinds"))


def test_every_rule_has_a_kind_it_does_not_apply_to() -> None:
    """Every rule but those of every kind is written under some other kind here; a
    document of an unknown kind is tried for all."""
    rules = {rule for _, rule, _, _ in VARIANTS}
    assert {"MDN-SLA-05", "MDN-PBJ-04", "NAS-PSE-07", "NAS-AUD-01", "MDN-KOOR-01"} <= rules
    assert len(VARIANTS) >= 100


@pytest.mark.parametrize(
    ("rule", "name"), [(rule, name) for _, rule, name, _ in VARIANTS], ids=[v[2] for v in VARIANTS]
)
def test_a_rule_does_not_fire_on_a_kind_it_does_not_apply_to(
    verdicts: dict[str, list[str]], rule: str, name: str
) -> None:
    assert rule not in verdicts[name], verdicts[name]
