"""The fixtures themselves, no engine needed: every rule of every pack has its failing and
passing document, each one document with its comment, every id unique, every invalid
fixture saying what it expects."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bdd"))
from patuh_run import (
    PACK_FIXTURES,
    PACK_RULES,
    REPO,
    RULE_ID,
)

from evaluating.fixture_sets import (
    EXAMPLES,
    EXPECTED_INVALID,
    FAIL,
    INVALID,
    PACKS,
    PASS,
    _ids,
    _pack_of,
    _rule_of,
    expected_invalid_rule,
)

# --- the fixtures themselves (no engine needed) --------------------------------------------


@pytest.mark.parametrize("pack", PACKS)
def test_every_rule_of_the_contract_has_both_fixtures(pack: str) -> None:
    fail = [p for p in FAIL if _pack_of(p) == pack]
    passing = [p for p in PASS if _pack_of(p) == pack]
    assert {_rule_of(p) for p in fail} == set(PACK_RULES[pack])
    assert {_rule_of(p) for p in passing} == set(PACK_RULES[pack])
    strays = {p.name for p in PACK_FIXTURES[pack].iterdir()} - {p.name for p in fail + passing}
    assert not strays, f"files in fixtures/{pack} that are neither .fail nor .pass: {strays}"


def test_every_pack_has_its_folders() -> None:
    """A pack is its catalog, policies, fixtures and scenarios, one folder each."""
    for kind in ("rules", "policies", "fixtures", "features"):
        folders = {p.name for p in (REPO / kind).iterdir() if p.is_dir()}
        assert set(PACKS) <= folders, (kind, folders)
    assert {p.name for p in (REPO / "rules").iterdir() if p.is_dir()} == set(PACKS)


def _catalog_rules(pack: str) -> dict[str, str | None]:
    """rule id -> severity (None when the catalog entry does not say), from rules/<pack>/."""
    found: dict[str, str | None] = {}

    def walk(node: Any, key: Any = None) -> None:
        if isinstance(node, dict):
            rule_id = node.get("id")
            if isinstance(rule_id, str) and RULE_ID.match(rule_id):
                severity = node.get("severity")
                found[rule_id] = severity if isinstance(severity, str) else None
            for k, v in node.items():
                if isinstance(k, str) and RULE_ID.match(k) and isinstance(v, dict):
                    severity = v.get("severity")
                    found.setdefault(k, severity if isinstance(severity, str) else None)
                walk(v, k)
        elif isinstance(node, list):
            for item in node:
                walk(item, key)

    for file in sorted((REPO / "rules" / pack).glob("*.y*ml")):
        for document in yaml.safe_load_all(file.read_text(encoding="utf-8")):
            walk(document)
    return found


@pytest.mark.parametrize("pack", PACKS)
def test_every_catalog_rule_has_a_failing_and_a_passing_fixture(pack: str) -> None:
    catalog = _catalog_rules(pack)
    contract = PACK_RULES[pack]
    assert catalog, f"no rule found in rules/{pack}/*.yaml"
    missing = [
        f"{rule}.{kind}.yaml"
        for rule in sorted(catalog)
        for kind in ("fail", "pass")
        if not (PACK_FIXTURES[pack] / f"{rule}.{kind}.yaml").is_file()
    ]
    assert not missing, f"catalog rules without fixtures: {missing}"
    assert set(catalog) == set(contract), "the catalog and the docs disagree on the rule ids"
    wrong = {r: s for r, s in catalog.items() if s is not None and s != contract[r]}
    assert not wrong, f"catalog severities that differ from the docs: {wrong}"


_POLICY_RULE = re.compile(r"^#\s+id: ((?:MDN|NAS)-[A-Z]+-\d{2})\s*\n#\s+severity: (\w+)", re.M)
_FINDING_RULE = re.compile(r'"((?:MDN|NAS)-[A-Z]+-\d{2})"')


@pytest.mark.parametrize("pack", PACKS)
def test_every_pack_policy_answers_only_its_own_catalog_rules(pack: str) -> None:
    """policies/<pack>/ declares (METADATA custom id/severity) and reports exactly the
    rules of rules/<pack>/, at the catalog's severity."""
    texts = [
        p.read_text(encoding="utf-8")
        for p in sorted((REPO / "policies" / pack).glob("*.rego"))
        if not p.name.endswith("_test.rego")
    ]
    declared = {rule: severity for text in texts for rule, severity in _POLICY_RULE.findall(text)}
    reported = {rule for text in texts for rule in _FINDING_RULE.findall(text)}
    catalog = _catalog_rules(pack)
    assert declared == catalog
    assert reported == set(catalog)


@pytest.mark.parametrize("fixture", FAIL + PASS, ids=_ids(FAIL + PASS))
def test_rule_fixture_is_one_document_with_a_comment_on_line_1(fixture: Path) -> None:
    text = fixture.read_text(encoding="utf-8")
    assert text.startswith("# "), "line 1 says what was changed from the compliant base"
    documents = list(yaml.safe_load_all(text))
    assert len(documents) == 1
    assert documents[0]["apiVersion"] == "patuh/v1"
    assert documents[0]["kind"] in ("Proposal", "Procurement", "System")


def test_fixture_document_ids_are_unique() -> None:
    seen: dict[tuple[str, str], str] = {}
    for file in FAIL + PASS + EXAMPLES:
        for document in yaml.safe_load_all(file.read_text(encoding="utf-8")):
            key = (document["kind"], document["metadata"]["id"])
            assert key not in seen, f"{key} in both {seen[key]} and {file.name}"
            seen[key] = file.name


def test_invalid_fixtures_are_all_there_and_say_what_they_expect() -> None:
    assert {p.name for p in INVALID} == EXPECTED_INVALID
    for fixture in INVALID:
        expected_invalid_rule(fixture)
