"""The desk's register, as OPA reads it: the data the rules of references check
procurements against (policies/medan/rujukan.rego, MDN-KOOR-04 and MDN-PBJ-08).

The register travels in each query's input (`input.register`; policies/main.rego
binds it as data.patuh.register for that query only), so one OPA server shared by
several desk processes answers every check with the register of that check. Its
shape:

    {"letter_form": "<regex (RE2) of the desk's letter numbers>",
     "letters":   {"<number>": {"opd": "<OPD name>", "valid": true | false}},
     "proposals": {"<metadata.id>": ["<OPD name>", ...]},   (recommended ones only)
     "desk": {"checked_on": "YYYY-MM-DD"}}   (only in the desk's own checks)

`desk` says the document is checked in the desk, where submitting it is the coordination
with Diskominfo that MDN-KOOR-01..03 ask for (policies/medan/koordinasi.rego,
docs/sources.md). The desk adds it to its own checks only: a register file given to
`patuh check` may not carry it, so the command line keeps asking for the fields.

The desk builds it from its database (engine/desk/letters/thread.py); a CI job may give an
exported one to `patuh check --register FILE.json`. Without a register the two rules
never fire, and a report with a procurement in it says once that they were not
applied (notice.register_absent).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from engine.catalog.rules import Catalog
from engine.findings import DocumentResult, Notice

# The rules that read the register: not applied without one.
REGISTER_RULES = ("MDN-KOOR-04", "MDN-PBJ-08")
REGISTER_KIND = "Procurement"  # the only kind they apply to
ABSENT_NOTICE = "notice.register_absent"


class RegisterError(Exception):
    """A register that is not one: never evaluated as if it were."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def validated(data: Any) -> dict[str, Any]:
    """The register as OPA gets it, or RegisterError: a register with a letter without
    its OPD would make every procurement citing it fail, or worse, pass."""
    # Its model (pydantic) only here: a check without a register never loads it.
    from pydantic import ValidationError

    from engine.evaluating.register_schema import Register

    try:
        return Register.model_validate(data).model_dump(exclude_none=True)
    except ValidationError as exc:
        raise RegisterError(str(exc)) from exc


def read_register(path: Path) -> dict[str, Any]:
    """A register exported as JSON (`patuh check --register FILE.json`)."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise RegisterError(str(exc)) from exc
    if isinstance(data, dict) and "desk" in data:
        # Only the desk's own check is the desk's: a file saying so would silence the
        # coordination rules for documents nobody submitted (fail closed).
        raise RegisterError("`desk` is the desk's own record; a register file may not carry it")
    return validated(data)


def register_digest(register: dict[str, Any]) -> str:
    """One digest of the register's content, for the result cache's key: an answer
    given with one register is never served for another."""
    text = json.dumps(register, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def absent_notice(results: list[DocumentResult], catalog: Catalog) -> Notice | None:
    """Said once, when no register was given, the applied packs have the rules of
    references, and a procurement was evaluated: the rules were not applied to it."""
    rules = [rule for rule in REGISTER_RULES if rule in catalog.rules]
    if not rules or not any(r.kind == REGISTER_KIND and r.evaluated for r in results):
        return None
    return Notice(ABSENT_NOTICE, {"rules": ", ".join(rules)})
