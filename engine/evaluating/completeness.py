"""Every rule of the selected packs' catalog is implemented by the policies OPA loaded.

A policy folder missing an area file (`--policy-dir` without `nasional/audit.rego`),
or an `--opa-url` server that lacks it, answers without that area's rules: its
documents would be checked less than the report, which names the pack, says (issue
20). A rule is implemented when a patuh policy OPA evaluates carries its id in the
rule's METADATA (`custom.id`, as every rule of policies/<pack>/ does). What is
missing is an engine failure (exit 3) naming the rules; no document is reported
compliant.

For the managed OPA the policies are the private snapshot patuh started it on
(engine/evaluating/policy_snapshot.py), read here; for a server, the annotations
OPA itself parsed from what it loaded (GET /v1/policies, engine/evaluating/opa/client.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from engine.evaluating.errors import EngineError
from engine.evaluating.provenance import patuh_policy_texts

# A METADATA block: the line `# METADATA`, then the comment lines that follow it.
_METADATA = re.compile(r"^[ \t]*# METADATA[ \t]*\n((?:[ \t]*#.*\n?)+)", re.MULTILINE)
_COMMENT = re.compile(r"^[ \t]*# ?", re.MULTILINE)


def rule_ids_in_text(text: str) -> set[str]:
    """The rule ids the METADATA blocks of one policy's text declare (custom.id)."""
    ids: set[str] = set()
    for block in _METADATA.finditer(text):
        try:
            meta = yaml.safe_load(_COMMENT.sub("", block.group(1)))
        except yaml.YAMLError:
            continue  # OPA refuses such a policy: its start fails, and says why
        ids |= _custom_id(meta)
    return ids


def local_rule_ids(policy_dir: Path) -> set[str]:
    """The rule ids of the patuh policies a managed OPA loads from `policy_dir`."""
    ids: set[str] = set()
    for text in patuh_policy_texts(policy_dir):
        ids |= rule_ids_in_text(text)
    return ids


def server_rule_ids(annotations: Iterable[Any]) -> set[str]:
    """The rule ids in the annotations OPA parsed (`ast.annotations` of each patuh
    module in GET /v1/policies)."""
    ids: set[str] = set()
    for annotation in annotations:
        if isinstance(annotation, dict) and annotation.get("scope") == "rule":
            ids |= _custom_id(annotation)
    return ids


def require_rules(required: Iterable[str], implemented: set[str]) -> None:
    """Raise EngineError naming every required rule the policies do not implement."""
    missing = sorted(set(required) - implemented)
    if missing:
        rules = ", ".join(missing)
        raise EngineError(
            f"the policies do not implement the rules {rules} of the selected packs",
            code="engine.rules_missing",
            rules=rules,
        )


def _custom_id(meta: Any) -> set[str]:
    custom = meta.get("custom") if isinstance(meta, dict) else None
    rule = custom.get("id") if isinstance(custom, dict) else None
    return {rule} if isinstance(rule, str) else set()
