"""The schema of the rule catalog (rules/<pack>/*.yaml), and its validated form.

Validating the catalog with pydantic costs more than a `patuh rules` may take:
importing pydantic and building these models is ~0.2 s of CPU (profile in
docs/benchmarks.md, issue 12). So the catalog files shipped with patuh are validated
once, by `make catalog` (`python -m engine.catalog.schema`), into
engine/catalog/validated.json: each file's validated content, keyed by the sha256 of
its bytes and of this module. engine/catalog/rules.py uses an entry only when both match,
so a file edited since (or a changed schema) is validated here again, as strictly;
tests/catalog/test_catalog.py checks that the shipped form is current.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from engine.catalog.ids import RULE_ID

# libyaml's safe loader when PyYAML has it.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

VALIDATED = Path(__file__).with_name("validated.json")


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Bilingual(_Strict):
    id: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]


class Rule(_Strict):
    id: Annotated[str, Field(pattern=RULE_ID.pattern)]
    severity: Literal["error", "warning"]
    applies_to: list[Literal["Proposal", "Procurement", "System"]]
    derived: bool = False
    params: list[str] = []
    basis: Bilingual
    quote: Annotated[str, Field(min_length=1)]
    # The source's own slips inside the quote (kept verbatim), each marked [sic]
    # wherever the quote is shown, and a short note saying what was probably meant.
    sic: list[Annotated[str, Field(min_length=1)]] = []
    sic_note: Bilingual | None = None
    title: Bilingual
    message: Bilingual
    remedy: Bilingual

    @model_validator(mode="after")
    def _sic_marks_the_quote(self) -> Rule:
        missing = [phrase for phrase in self.sic if phrase not in self.quote]
        if missing:
            raise ValueError(f"sic phrases not in the quote: {missing}")
        if bool(self.sic) != (self.sic_note is not None):
            raise ValueError("sic and sic_note go together")
        return self


class Area(_Strict):
    area: Annotated[str, Field(pattern=r"^[a-z_]+$")]
    title: Bilingual
    rules: list[Rule]


class CatalogFileError(Exception):
    pass


def validated_area(raw: bytes) -> dict[str, Any]:
    """One catalog file's content, validated: plain data (every field present)."""
    try:
        return Area.model_validate(yaml.load(raw, Loader=_SafeLoader)).model_dump(mode="json")
    except (yaml.YAMLError, ValidationError) as exc:
        raise CatalogFileError(str(exc)) from exc


def bytes_digest(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def schema_digest() -> str:
    """Of this module's text: a validated form made under another schema is not used."""
    return bytes_digest(Path(__file__).read_bytes())


def validated_forms(files: list[Path]) -> dict[str, Any]:
    """The content of engine/catalog/validated.json for `files`."""
    return {
        "schema": schema_digest(),
        "files": {
            bytes_digest(raw): validated_area(raw) for raw in (f.read_bytes() for f in files)
        },
    }


def main() -> None:  # pragma: no cover - `make catalog`
    from engine.resources import rules_dir

    files = sorted(rules_dir().glob("**/*.yaml"))
    text = json.dumps(validated_forms(files), ensure_ascii=False, indent=1, sort_keys=True)
    VALIDATED.write_text(text + "\n", encoding="utf-8")
    print(f"{VALIDATED}: {len(files)} catalog files", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    main()
