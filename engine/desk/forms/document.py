"""A document and its form are two views of one thing: a document's values as the
form's fields (values_of: path -> text, list rows as `spec.dimensions.0`), the form's
fields back as the document (document_of), and the document as the YAML a person would
write (yaml_of). document_of(values_of(doc)) == doc for every document the form shows
(tests/desk/forms/test_round_trip.py, on every fixture).

A value the form cannot turn into its type (letters in a number) is kept as the text
typed, so the check reports it beside its field with the schema's own message, rather
than the form silently dropping it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

import yaml

from engine.desk.forms.schema import (
    BOOLEAN,
    INTEGER,
    NUMBER,
    ROWS,
    SECTION,
    Node,
    form_of,
)
from engine.i18n import Lang, t
from engine.reading.yaml_loader import load_text

API_VERSION = "patuh/v1"
# A list's own field holds this when the author says the list is empty ("no high-risk
# processing": `high_risk: []`), which is not the same as leaving it out.
EMPTY_LIST = "[]"
# The file name of a version saved from the form ("proposal-formulir.yaml"): its page
# shows it as the form by default.
FORM_FILENAME = "-formulir.yaml"
# As many rows as a list may hold in the form: far more than any honest document has,
# few enough that a posted form stays small (the loader's limits bound the rest).
MAX_ROWS = 100


class TooManyRows(Exception):
    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


# --- document -> form ---------------------------------------------------------------------
def values_of(document: Mapping[str, Any]) -> dict[str, str]:
    """Every value of `document` as the text its field shows, by the field's path."""
    found: dict[str, str] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, Mapping):
            for key, inner in value.items():
                walk(inner, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            if not value:
                found[path] = EMPTY_LIST  # "none", said, is not "not said"
            for index, inner in enumerate(value):
                walk(inner, f"{path}.{index}")
        elif value is not None:
            found[path] = _text(value)

    for top in ("metadata", "spec"):
        if top in document:
            walk(document[top], top)
    return found


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def fits(document: Any, kind: str) -> bool:
    """Whether the form can show every value of `document` (no field it lacks, no
    value of a shape its field cannot hold): only then may it be edited in the form
    without losing anything. A document that does not fit opens in YAML."""
    if not isinstance(document, Mapping) or document.get("kind") != kind:
        return False
    if set(document) - {"apiVersion", "kind", "metadata", "spec"}:
        return False
    if document.get("apiVersion") != API_VERSION:
        return False
    try:
        return bool(document_of(values_of(document), kind) == _without_empty(dict(document)))
    except TooManyRows:
        return False


def _without_empty(value: Any) -> Any:
    """`value` as the form gives it back: an empty text is a field not filled in, so a
    section or a row of empty texts is not filled in either; a list said to be empty
    (`[]`) stays one."""
    if isinstance(value, Mapping):
        found = {k: _without_empty(v) for k, v in value.items()}
        return {k: v for k, v in found.items() if v is not None} or None
    if isinstance(value, list):
        rows = [v for v in (_without_empty(item) for item in value) if v is not None]
        return rows if rows or not value else None
    return None if isinstance(value, str) and not value.strip() else value


# --- form -> document ---------------------------------------------------------------------
def document_of(values: Mapping[str, str], kind: str) -> dict[str, Any]:
    """The document the form's fields describe: empty fields left out, each value in
    its field's type (or as typed, for the check to report)."""
    form = form_of(kind)
    document: dict[str, Any] = {"apiVersion": API_VERSION, "kind": kind}
    for section in form.children:
        value = _collect(section, section.path, values)
        if value is not None:
            document[section.name] = value
    return document


def _collect(node: Node, path: str, values: Mapping[str, str]) -> Any:
    if node.widget == SECTION:
        found = {}
        for child in node.children:
            value = _collect(child, f"{path}.{child.name}", values)
            if value is not None:
                found[child.name] = value
        return found or None
    if node.widget == ROWS:
        assert node.item is not None
        rows = []
        for index in _indexes(path, values):
            value = _collect(node.item, f"{path}.{index}", values)
            if value is not None:
                rows.append(value)
        if not rows and values.get(path) == EMPTY_LIST:
            return []
        return rows or None
    raw = values.get(path)
    if raw is None:
        return None
    # Text is kept as typed (a value's spaces are the author's); a field of spaces
    # only is an empty one.
    text = raw.replace("\r\n", "\n")
    return _typed(node, text) if text.strip() else None


def _indexes(path: str, values: Mapping[str, str]) -> list[int]:
    pattern = re.compile(re.escape(path) + r"\.(\d+)(?:\.|$)")
    found = sorted({int(m.group(1)) for key in values if (m := pattern.match(key))})
    if len(found) > MAX_ROWS or (found and found[-1] >= 10 * MAX_ROWS):
        raise TooManyRows(path)
    return found


_GROUPED = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")


def _typed(node: Node, typed: str) -> Any:
    if node.widget not in (BOOLEAN, INTEGER, NUMBER):
        return typed
    text = typed.strip()
    if node.widget == BOOLEAN:
        return {"true": True, "false": False}.get(text, text)
    if node.widget == INTEGER:
        plain = text.replace(" ", "")
        if _GROUPED.match(plain):  # "850.000.000", as a clerk writes rupiah
            plain = re.sub(r"[.,]", "", plain)
        return int(plain) if re.fullmatch(r"-?\d{1,19}", plain) else text
    if node.widget == NUMBER:
        plain = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text
        if re.fullmatch(r"-?\d{1,15}", plain):
            return int(plain)
        try:
            number = float(plain)
        except ValueError:
            return text
        return number if math.isfinite(number) else text
    return text


# --- the YAML -----------------------------------------------------------------------------
class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, as the templates are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text_block(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Sentences with line breaks as a literal block, as a person writes them.
    style = "|" if "\n" in value and not value.endswith((" ", "\n")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text_block)


def yaml_of(document: Mapping[str, Any]) -> str:
    return yaml.dump(
        dict(document),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


def refused_characters(values: Mapping[str, str], lang: Lang) -> dict[str, str]:
    """The fields whose text the loader would refuse (a control or text-direction
    character, a line separator), with the loader's own message."""
    refused: dict[str, str] = {}
    for path, value in values.items():
        if value.replace("\r\n", "").replace("\n", "").isprintable():
            continue  # no control, format or separator character: nothing to refuse
        loaded = load_text(json.dumps(value.replace("\r\n", "\n"), ensure_ascii=False))
        if loaded.error is not None:
            refused[path] = t(loaded.error.code, lang, **loaded.error.params)
    return refused
