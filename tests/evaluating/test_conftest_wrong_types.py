"""Every failing fixture, with what it gets wrong written in the wrong type, still fails
under conftest: the README promises that the rules themselves refuse what only the
schema would, because conftest validates nothing.

Each rule fixture `<RULE>[.<variant>].fail.yaml` is its rule's passing fixture with a
change, which its first line names. For every value the change wrote (a number, a
boolean, a list of words), two variants write a value in the wrong type, as a
hand-written YAML file might (the number as text, "0"; the boolean as text, "false";
the list as one text): the failing fixture's value, and the passing fixture's ("24"
hours, "true", "diskominfo_staff, opd_staff"). The engine's schema refuses each variant
(checked here, with the engine's own models); under `conftest test` the fixture's rule
must fire on both, never pass them: a value the schema refuses is no value the rule
may accept.

Runs the pinned conftest (PATUH_CONFTEST_BINARY) once on all the variants, with the same
policies, namespaces and data as test_conftest_policies.py. Self-contained (no OPA
server, no engine run): bench/mutants.py runs it on a copy of the policies.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from engine.reading.models import MODELS
from evaluating.conftest_runs import rules_of_variants

ROOT = Path(__file__).resolve().parents[2]
PACKS = ("medan", "nasional")
# The rules of references read the desk's register, which conftest has not (see
# test_conftest_policies.py): they never fire there.
NEEDS_REGISTER = {"MDN-KOOR-04", "MDN-PBJ-08"}


def _plain(value: Any) -> Any:
    """The document as the engine validates it: YAML dates as their ISO text."""
    return json.loads(
        json.dumps(value, default=lambda v: v.isoformat() if isinstance(v, datetime.date) else v)
    )


def _leaves(value: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """path -> value of every scalar and every list of scalars in a mapping tree."""
    if isinstance(value, dict):
        found: dict[tuple[str, ...], Any] = {}
        for key, item in value.items():
            found.update(_leaves(item, (*path, str(key))))
        return found
    return {path: value}


def _wrong_type(value: Any) -> Any:
    """`value` written in the wrong type, saying the same; None when there is no such."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    return None


def _named(comment: str, path: tuple[str, ...]) -> bool:
    """The fixture's first line (what it changed) names the field at `path`, whole
    ("spec.sla.redundancy") or by its last parts ("breach_notification.within_hours")."""
    dotted = ".".join(path)
    words = re.findall(r"[a-z_]+(?:\.[a-z_]+)+", comment)
    return any(dotted == word or dotted.endswith("." + word) for word in words)


def _set(document: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(document))
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return copy


def _refused_by_the_schema(document: dict[str, Any]) -> bool:
    try:
        MODELS[document["kind"]].model_validate(document)
    except ValidationError:
        return True
    return False


def _variants() -> list[tuple[str, str, str, dict[str, Any]]]:
    """(pack, rule, name, document) for every wrong-typed variant of every fail fixture."""
    made = []
    for pack in PACKS:
        for fixture in sorted((ROOT / "fixtures" / pack).glob("*.fail.yaml")):
            rule = fixture.name.split(".")[0]
            if rule in NEEDS_REGISTER:
                continue
            failing = _plain(yaml.safe_load(fixture.read_text(encoding="utf-8")))
            passing = _plain(
                yaml.safe_load((fixture.parent / f"{rule}.pass.yaml").read_text(encoding="utf-8"))
            )
            before = _leaves(passing)
            stem = fixture.name.removesuffix(".fail.yaml")
            said = fixture.read_text(encoding="utf-8").splitlines()[0]
            for path, value in _leaves(failing).items():
                if before.get(path) == value or not _named(said, path):
                    continue
                # The failing value in the wrong type still fails...
                wrong = _wrong_type(value)
                if wrong is not None:
                    variant = _set(failing, path, wrong)
                    assert _refused_by_the_schema(variant), (fixture.name, path)
                    made.append((pack, rule, f"{stem}--{'.'.join(path)}", variant))
                # ...and the passing value in the wrong type fails too: only the
                # schema knows "24" is no number, and conftest has no schema. (Set in
                # the failing document: where the fact may be stated in two places,
                # as documentation is, the passing document states it in the other.)
                right = _wrong_type(before.get(path))
                if right is not None and _refused_by_the_schema(_set(failing, path, right)):
                    variant = _set(failing, path, right)
                    made.append((pack, rule, f"{stem}--{'.'.join(path)}--lolos", variant))
    return made


VARIANTS = _variants()


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    return rules_of_variants(VARIANTS, PACKS, tmp_path_factory.mktemp("wrong-types"))


def test_there_are_variants_of_every_kind_of_value() -> None:
    """The variants cover numbers, booleans and lists written as text (so that this
    file cannot pass by finding nothing to change)."""
    names = {name for _, _, name, _ in VARIANTS}
    assert "MDN-SLA-05--spec.sla.reliability.incident_response_hours" in names
    assert "MDN-SLA-02--spec.sla.redundancy" in names
    assert "MDN-PBJ-05--spec.deliverables.source_code.includes--lolos" in names
    assert "NAS-PDP-03--spec.security.data_protection.breach_notification.within_hours" in names
    assert len(VARIANTS) >= 20


@pytest.mark.parametrize(
    ("rule", "name"), [(rule, name) for _, rule, name, _ in VARIANTS], ids=[v[2] for v in VARIANTS]
)
def test_a_failing_fixture_in_the_wrong_types_still_fails_under_conftest(
    verdicts: dict[str, list[str]], rule: str, name: str
) -> None:
    assert rule in verdicts[name], verdicts[name]
