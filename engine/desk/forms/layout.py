"""A kind's form laid out for one page: each field of the form tree (schema.py) with its
value, its label and help in the reader's language, the rules that ask for it, and the
findings of the check (and the loader's refusals) that concern it, so the template only
walks the result. A finding goes to the field of its path, or to the nearest section
that holds it; one about no field of the form goes to the top of the page.

Public interface
- lay_out(kind, values, lang, findings, refused, added, readonly) -> Layout
- finding_path(path) -> the form's path of a finding's ("a[0].b" -> "a.0.b")
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from engine.desk.core.words import has, t
from engine.desk.forms.schema import CHOICE, DATE, ROWS, SECTION, Node, form_of
from engine.i18n import Lang
from engine.reporting.render.view import FindingView


@dataclass
class Shown:
    node: Node
    path: str
    label: str
    help: str = ""
    value: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    findings: list[FindingView] = field(default_factory=list)
    refused: str = ""
    readonly: bool = False
    children: list[Shown] = field(default_factory=list)  # a section's fields, a list's rows
    depth: int = 0

    @property
    def widget(self) -> str:
        if self.node.widget == DATE and self.value and not _iso_date(self.value):
            return "text"  # a date input would drop what was typed; the check says why
        return self.node.widget

    @property
    def worst(self) -> str:
        series = {f.series for f in self.findings}
        return "error" if self.refused or "error" in series else next(iter(series), "")


@dataclass
class Layout:
    sections: list[Shown]
    general: list[FindingView]
    errors: int
    warnings: int


def finding_path(path: str) -> str:
    return re.sub(r"\[(\d+)\]", r".\1", path or "")


def lay_out(
    kind: str,
    values: Mapping[str, str],
    lang: Lang,
    *,
    findings: Sequence[FindingView] = (),
    refused: Mapping[str, str] | None = None,
    added: str = "",
    readonly: Sequence[str] = (),
) -> Layout:
    """`added`: the list a row was just asked for; `readonly`: fields the form fills."""
    form = form_of(kind)
    sections = [
        _shown(child, child.path, values, lang, added, frozenset(readonly), 0)
        for child in form.children
    ]
    by_path: dict[str, Shown] = {}
    for section in sections:
        _index(section, by_path)
    general: list[FindingView] = []
    for finding in findings:
        target = _nearest(finding_path(finding.path), by_path)
        (target.findings if target is not None else general).append(finding)
    for path, message in (refused or {}).items():
        target = _nearest(path, by_path)
        if target is not None:
            target.refused = message
    return Layout(
        sections,
        general,
        errors=sum(1 for f in findings if f.series == "error"),
        warnings=sum(1 for f in findings if f.series == "warning"),
    )


def _index(shown: Shown, by_path: dict[str, Shown]) -> None:
    by_path[shown.path] = shown
    for child in shown.children:
        _index(child, by_path)


def _nearest(path: str, by_path: Mapping[str, Shown]) -> Shown | None:
    while path:
        if path in by_path:
            return by_path[path]
        path = path.rpartition(".")[0]
    return None


def _shown(
    node: Node,
    path: str,
    values: Mapping[str, str],
    lang: Lang,
    added: str,
    readonly: frozenset[str],
    depth: int,
) -> Shown:
    shown = Shown(
        node=node,
        path=path,
        label=label_of(node, lang),
        help=_help(node, lang),
        rules=list(node.rules),
        readonly=path in readonly,
        depth=depth,
    )
    if node.widget == SECTION:
        shown.children = [
            _shown(c, f"{path}.{c.name}", values, lang, added, readonly, depth + 1)
            for c in node.children
        ]
    elif node.widget == ROWS:
        assert node.item is not None
        rows = _row_count(path, values) + (1 if added == path else 0)
        for index in range(rows):
            row = _shown(node.item, f"{path}.{index}", values, lang, added, readonly, depth + 1)
            row.label = t("form.row", lang, number=index + 1)
            row.rules = []
            shown.children.append(row)
        shown.rules = list(dict.fromkeys(node.rules + node.item.rules))
        shown.value = values.get(path, "")  # EMPTY_LIST: "none", said
    else:
        shown.value = values.get(path, "")
        if node.widget == CHOICE:
            shown.choices = [(c, c) for c in node.choices]
            if shown.value and shown.value not in node.choices:
                shown.choices.append((shown.value, shown.value))  # shown, and found wrong
    return shown


def _row_count(path: str, values: Mapping[str, str]) -> int:
    """The rows a list shows: those written, and one empty row to add another."""
    pattern = re.compile(re.escape(path) + r"\.(\d+)(?:\.|$)")
    written = {int(m.group(1)) for key in values if (m := pattern.match(key))}
    filled = {
        int(m.group(1)) for key, v in values.items() if v.strip() and (m := pattern.match(key))
    }
    count = max(written, default=-1) + 1
    if not written or (count - 1) in filled:
        count += 1
    return min(count, 100)


def label_of(node: Node, lang: Lang) -> str:
    """The template's own description in Bahasa Indonesia ("nilai anggaran dalam
    rupiah"), else the desk's word for the field (messages/forms.yaml field.NAME)."""
    if lang == "id" and node.help:
        return node.help[:1].upper() + node.help[1:]
    key = f"field.{node.name}"
    if has(key):
        return t(key, lang)
    return node.name.replace("_", " ").capitalize()


def _help(node: Node, lang: Lang) -> str:
    if node.path == "spec.coordination":
        # In the desk the submission is the coordination (docs/sources.md): the
        # template's comment asks for the letter the desk itself will issue.
        return t("form.coordination_in_desk", lang)
    if lang != "id":
        return ""  # the template's help is in Bahasa Indonesia only
    parts = []
    if "#" not in node.path:  # a list's comment is the list's, not each row's
        parts.append(node.comment)
    if node.example:
        parts.append(t("form.example", lang, example=node.example))
    return " ".join(p for p in parts if p)


def _iso_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10
