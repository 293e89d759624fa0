"""The regulation catalog (rules/<pack>/*.yaml): what each rule means, in both languages.

The Rego policies decide *whether* a rule fires; the catalog says *what that means*:
its title, message, legal basis and remedy. It is validated as strictly as the
documents, because a rule without a basis or a remedy is a defect, not a default.

Rules come in packs (engine/evaluating/packs.py): a check loads the catalog of the packs it
applies, and every rule knows its pack.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Literal

from engine.i18n import Lang, fill
from engine.resources import rules_dir

# A pack's prefix (MDN for medan, NAS for nasional), the area, a number.

# The validated form of the shipped catalog files (engine/catalog/schema.py): with
# it, reading the catalog imports neither pydantic nor the YAML parser's models.
_VALIDATED = Path(__file__).with_name("validated.json")
_SCHEMA = Path(__file__).with_name("schema.py")


@dataclass(frozen=True)
class Bilingual:
    id: str
    en: str

    def __call__(self, lang: Lang) -> str:
        return self.id if lang == "id" else self.en


@dataclass(frozen=True)
class Rule:
    """A rule as engine/catalog/schema.py validated it."""

    id: str
    severity: Literal["error", "warning"]
    applies_to: list[Literal["Proposal", "Procurement", "System"]]
    derived: bool
    params: list[str]
    basis: Bilingual
    quote: str
    sic: list[str]
    sic_note: Bilingual | None
    title: Bilingual
    message: Bilingual
    remedy: Bilingual

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


@dataclass(frozen=True)
class Area:
    area: str
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
    validated = _validated_forms()
    for path in files:
        raw = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + raw + b"\0")
        form = validated.get("sha256:" + hashlib.sha256(raw).hexdigest())
        if form is None:  # edited since `make catalog`: validated now, as strictly
            form = _validate(path, raw)
        area = _area(form)
        for rule in area.rules:
            if rule.id in seen:
                raise CatalogError(f"{path}: rule {rule.id} is defined twice")
            seen.add(rule.id)
        areas.append(area)
    return PackCatalog(name, tuple(areas), "sha256:" + digest.hexdigest())


def _validate(path: Path, raw: bytes) -> dict[str, Any]:
    from engine.catalog.schema import CatalogFileError, validated_area

    try:
        return validated_area(raw)
    except CatalogFileError as exc:
        raise CatalogError(f"{path}: {exc}") from exc


@cache
def _validated_forms() -> dict[str, Any]:
    """The shipped validated forms by file digest; none when they were made under
    another schema, or cannot be read (then every file is validated)."""
    try:
        forms = json.loads(_VALIDATED.read_bytes())
        schema = "sha256:" + hashlib.sha256(_SCHEMA.read_bytes()).hexdigest()
    except (OSError, ValueError):
        return {}
    if not isinstance(forms, dict) or forms.get("schema") != schema:
        return {}
    files = forms.get("files")
    return files if isinstance(files, dict) else {}


def _bilingual(form: dict[str, str]) -> Bilingual:
    return Bilingual(id=form["id"], en=form["en"])


def _area(form: dict[str, Any]) -> Area:
    rules = [
        Rule(
            **{
                **rule,
                **{key: _bilingual(rule[key]) for key in ("basis", "title", "message", "remedy")},
                "sic_note": _bilingual(rule["sic_note"]) if rule["sic_note"] else None,
            }
        )
        for rule in form["rules"]
    ]
    return Area(area=form["area"], title=_bilingual(form["title"]), rules=rules)
