"""The form of each kind, read from the document contract itself: the pydantic models
`patuh check` validates with (engine/reading/models.py) give the fields, their types,
closed lists and bounds; `patuh init`'s template (engine/reading/init_templates/) gives
their order, their help text and an example; the rules' remedies in the catalog give
the rules that ask for each field. Nothing here is written by hand per field: a field
added to the models appears in the form.

Public interface
- form_of(kind) -> Node                 the tree of a kind's document (cached)
- Node: path ("spec.hosting.location"), name, widget, children, choices, help, example,
        rules (the ids asking for it), required, item (a list's row)
- nodes(node) -> every node below (and including) `node`
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Any, Literal, Union

import yaml
from pydantic import AfterValidator, BaseModel

from engine.catalog.rules import Catalog
from engine.desk.core import checking
from engine.reading.models import MODELS
from engine.reading.templates import template_text

# The widgets a field is shown with.
TEXT, LONG_TEXT, INTEGER, NUMBER, BOOLEAN, CHOICE, DATE = (
    "text",
    "textarea",
    "integer",
    "number",
    "boolean",
    "choice",
    "date",
)
SECTION, ROWS = "section", "rows"
# Free text is one line unless it is a description: an input a clerk types a
# reference number into, a text area for what takes sentences.
_LONG = re.compile(r"(summary|description|notes|plan|management)$")


@dataclass
class Node:
    path: str  # the document path; a list's row holds "#" where its index goes
    name: str
    widget: str
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    children: list[Node] = field(default_factory=list)
    item: Node | None = None  # ROWS: what one row holds
    help: str = ""
    example: str = ""
    comment: str = ""
    rules: list[str] = field(default_factory=list)

    @property
    def leaf(self) -> bool:
        return self.widget not in (SECTION, ROWS)

    def at(self, index: int) -> str:
        """This node's path in row `index` of the list above it."""
        return self.path.replace("#", str(index), 1)


def nodes(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children:
        yield from nodes(child)
    if node.item is not None:
        yield from nodes(node.item)


@cache
def form_of(kind: str) -> Node:
    """The form of `kind` (Proposal, Procurement, System) under the desk's rule packs."""
    return build_form(kind, checking.catalog())


def build_form(kind: str, catalog: Catalog | None) -> Node:
    """The form of `kind`: the envelope's metadata and spec, every field in the
    template's order, with its help and (given a catalog) the rules asking for it."""
    model = MODELS[kind]
    order, help_of, comments = _template_facts(kind)
    root = Node("", kind, SECTION)
    for name in ("metadata", "spec"):
        info = model.model_fields[name]
        root.children.append(_node(name, name, info.annotation, info.is_required()))
    _arrange(root, order)
    for node in nodes(root):
        key = node.path.replace(".#", "")
        node.help, node.example = help_of.get(key, ("", ""))
        node.comment = comments.get(key, "")
    if catalog is not None:
        _attach_rules(root, kind, catalog)
    return root


# --- the models ----------------------------------------------------------------------------
def _node(path: str, name: str, annotation: Any, required: bool) -> Node:
    annotation, metadata = _unwrap(annotation)
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        section = Node(path, name, SECTION, required)
        for child, info in annotation.model_fields.items():
            section.children.append(
                _node(f"{path}.{child}", child, info.annotation, info.is_required())
            )
        return section
    if origin is list:
        (inner,) = typing.get_args(annotation)
        rows = Node(path, name, ROWS, required)
        rows.item = _node(f"{path}.#", name, inner, False)
        return rows
    if origin is Literal:
        return Node(path, name, CHOICE, required, choices=typing.get_args(annotation))
    if annotation is bool:
        return Node(path, name, BOOLEAN, required)
    if annotation is int:
        return Node(path, name, INTEGER, required)
    if annotation is float:
        return Node(path, name, NUMBER, required)
    if any(isinstance(m, AfterValidator) for m in metadata):
        return Node(path, name, DATE, required)  # IsoDate: the only validated text
    limit = next((m.max_length for m in metadata if hasattr(m, "max_length")), None)
    widget = LONG_TEXT if _LONG.search(name) else TEXT
    return Node(path, name, widget, required, max_length=limit)


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """The type under `X | None` and Annotated[...], with the Annotated metadata."""
    metadata: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin in (Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0]
        elif origin is Annotated:
            annotation, *extra = typing.get_args(annotation)
            for item in extra:
                metadata.append(item)
                metadata.extend(getattr(item, "metadata", ()))
        else:
            return annotation, metadata


# --- the template: order, help, examples ---------------------------------------------------
_PLACEHOLDER = re.compile(r"^<(ISI|PILIH): (.*)>$", re.S)
_KEY_LINE = re.compile(r"^(\s*)(- )?([A-Za-z_]+):")


def _template_facts(
    kind: str,
) -> tuple[dict[str, int], dict[str, tuple[str, str]], dict[str, str]]:
    """From `patuh init KIND`'s template: the position of every path (list rows
    without their index), the help and example its placeholder gives, and the
    comment written above its key."""
    text = template_text(kind)
    order: dict[str, int] = {}
    help_of: dict[str, tuple[str, str]] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                child = f"{path}.{key}" if path else str(key)
                order.setdefault(child, len(order))
                walk(inner, child)
        elif isinstance(value, list):
            for inner in value:
                walk(inner, path)
        elif isinstance(value, str):
            found = _PLACEHOLDER.match(value)
            if found and found.group(1) == "ISI":
                described, _, example = found.group(2).partition("; mis. ")
                help_of[path] = (described.strip(), example.strip())

    walk(yaml.safe_load(text), "")
    return order, help_of, _comments(text)


def _comments(text: str) -> dict[str, str]:
    """The comment lines right above each key of the template, by the key's path."""
    found: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    pending: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            pending.append(stripped.lstrip("#").strip())
            continue
        key = _KEY_LINE.match(line)
        if not key:
            pending = []
            continue
        indent = len(key.group(1)) + (2 if key.group(2) else 0)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = ".".join([p for _, p in stack] + [key.group(3)])
        stack.append((indent, key.group(3)))
        if pending and indent > 0:  # the file's own header is not a field's
            found[path] = " ".join(pending)
        pending = []
    return found


def _arrange(node: Node, order: dict[str, int]) -> None:
    """Children in the template's order; those it does not show after, as the models
    list them."""
    position = {id(child): i for i, child in enumerate(node.children)}
    node.children.sort(
        key=lambda c: (order.get(c.path.replace(".#", ""), len(order)), position[id(c)])
    )
    for child in node.children:
        _arrange(child, order)
    if node.item is not None:
        _arrange(node.item, order)


# --- the rules that ask for each field ----------------------------------------------------
_PATH_IN_REMEDY = re.compile(r"`((?:metadata|spec)(?:\.[a-z_]+)+)")


def _attach_rules(root: Node, kind: str, catalog: Catalog) -> None:
    """Each rule for `kind` is attached to the fields and sections its remedy names (a
    path the form does not have: to the nearest section that holds it)."""
    by_path = {n.path.replace(".#", ""): n for n in nodes(root)}
    for rule in catalog.rules.values():
        if kind not in rule.applies_to:
            continue
        for path in dict.fromkeys(_PATH_IN_REMEDY.findall(rule.remedy("id"))):
            while path and path not in by_path:
                path = path.rpartition(".")[0]
            target = by_path.get(path)
            if target is not None and rule.id not in target.rules:
                target.rules.append(rule.id)
