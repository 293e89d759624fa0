"""The regulation catalog (rules/<pack>/*.yaml): what each rule means, in both languages.

The Rego policies decide *whether* a rule fires; the catalog says *what that means*:
its title, message, legal basis and remedy. It is validated as strictly as the
documents, because a rule without a basis or a remedy is a defect, not a default.

Rules come in packs (engine/packs.py): a check loads the catalog of the packs it
applies, and every rule knows its pack.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from engine.i18n import Lang, fill
from engine.resources import rules_dir

# libyaml's safe loader when PyYAML has it: the catalog is read on every run.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A pack's prefix (MDN for medan, NAS for nasional), the area, a number.
RULE_ID = re.compile(r"^[A-Z]{2,5}-[A-Z]+-[0-9]{2}$")


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Bilingual(_Strict):
    id: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]

    def __call__(self, lang: Lang) -> str:
        return self.id if lang == "id" else self.en


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

    def marked_quote(self) -> str:
        """The quote as the source has it, each slip followed by [sic]."""
        if not self.sic:
            return self.quote
        pattern = "|".join(re.escape(p) for p in sorted(self.sic, key=len, reverse=True))
        return re.sub(f"({pattern})", r"\1 [sic]", self.quote)

    def cited(self, lang: Lang) -> str:
        """The basis as every report shows it: with the note on the quote's slips."""
        if self.sic_note is None:
            return self.basis(lang)
        return f"{self.basis(lang)}. [sic] {self.sic_note(lang)}"


class Area(_Strict):
    area: Annotated[str, Field(pattern=r"^[a-z_]+$")]
    title: Bilingual
    rules: list[Rule]


class CatalogError(Exception):
    pass


@dataclass(frozen=True)
class PackCatalog:
    """One pack's rule areas, and the digest of its catalog files."""

    name: str
    areas: tuple[Area, ...]
    digest: str


@dataclass(frozen=True)
class Catalog:
    areas: tuple[Area, ...]
    digest: str
    # The packs the areas come from, in the order applied.
    packs: tuple[PackCatalog, ...] = ()

    @cached_property
    def pack_names(self) -> tuple[str, ...]:
        return tuple(pack.name for pack in self.packs)

    @cached_property
    def _pack_of(self) -> dict[str, str]:
        return {rule.id: pack.name for pack in self.packs for a in pack.areas for rule in a.rules}

    def pack_of(self, rule_id: str) -> str:
        """The pack a rule belongs to ("" for none: the YAML, SCHEMA, ENGINE findings)."""
        return self._pack_of.get(rule_id, "")

    @cached_property  # asked for every finding of every document: built once
    def rules(self) -> dict[str, Rule]:
        return {rule.id: rule for area in self.areas for rule in area.rules}

    def area_of(self, rule_id: str) -> Area:
        for area in self.areas:
            if any(rule.id == rule_id for rule in area.rules):
                return area
        raise KeyError(rule_id)

    def message(self, rule_id: str, lang: Lang, params: dict[str, object]) -> str:
        return fill(self.rules[rule_id].message(lang), dict(params))

    def remedy(self, rule_id: str, lang: Lang, params: dict[str, object]) -> str:
        return fill(self.rules[rule_id].remedy(lang), dict(params))


def load_catalog(folder: Path | None = None, packs: Sequence[str] = ("medan",)) -> Catalog:
    """The catalog of `packs` (each a subfolder of `folder`, by default patuh's rules/).

    The digest of the medan pack alone is the digest the catalog had before packs:
    a pack's digest covers its file names and bytes, and the whole catalog's is the
    pack's own when it is the only one."""
    root = folder or rules_dir()
    loaded = tuple(_load(root / name, name) for name in packs)
    seen: dict[str, str] = {}
    for pack in loaded:
        for area in pack.areas:
            for rule in area.rules:
                if rule.id in seen:
                    raise CatalogError(
                        f"rule {rule.id} is in both packs {seen[rule.id]} and {pack.name}"
                    )
                seen[rule.id] = pack.name
    if len(loaded) == 1:
        digest = loaded[0].digest
    else:
        whole = hashlib.sha256()
        for pack in loaded:
            whole.update(pack.name.encode() + b"\0" + pack.digest.encode() + b"\0")
        digest = "sha256:" + whole.hexdigest()
    areas = tuple(area for pack in loaded for area in pack.areas)
    return Catalog(areas, digest, loaded)


@cache
def _load(folder: Path, name: str) -> PackCatalog:
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise CatalogError(f"no rules/{name}/*.yaml in {folder}")
    areas: list[Area] = []
    digest = hashlib.sha256()
    seen: set[str] = set()
    for path in files:
        raw = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + raw + b"\0")
        try:
            area = Area.model_validate(yaml.load(raw, Loader=_SafeLoader))
        except (yaml.YAMLError, ValidationError) as exc:
            raise CatalogError(f"{path}: {exc}") from exc
        for rule in area.rules:
            if rule.id in seen:
                raise CatalogError(f"{path}: rule {rule.id} is defined twice")
            seen.add(rule.id)
        areas.append(area)
    return PackCatalog(name, tuple(areas), "sha256:" + digest.hexdigest())
