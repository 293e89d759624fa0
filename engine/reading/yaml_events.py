"""The event walk of the safe YAML loader: one document's JSON value built from PyYAML's
parser events, iteratively, with the line of every key path.

Working on events rather than composed nodes means nothing is ever expanded: an alias
is refused the moment it appears, depth and value count are bounded before memory is
spent, and no recursion can overflow the stack. Scalars are read as YAML 1.2's core
schema would, refusing what a patuh document never needs (yaml_loader.py says why).
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

import yaml

from engine.reading.loaded import (
    MAX_DEPTH,
    MAX_INT,
    MAX_NODES,
    MAX_SCALAR_CHARS,
    LoadedDocument,
    YamlError,
)

_INT_RE = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_LEADING_ZERO_RE = re.compile(r"^[-+]?0[0-9]+$")
_FLOAT_RE = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")

# Control characters written as escapes ("\e", "\x07", "\0") inside quoted text:
# a raw one is refused by the YAML reader, an escaped one must be too. They could
# rewrite a reviewer's terminal (ANSI sequences) or cut a report line.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# The first characters of every plain scalar that is not text: null (~, null, or
# empty), true/false, numbers, .inf/.nan. Any other first character means text.
_MAY_NOT_BE_TEXT = frozenset("~nNtTfF+-.0123456789") | {""}
# The same, split: the first characters of numbers (and .inf, .nan), and the words
# of null, true and false; a plain scalar that is neither is text.
_NUMBER_START = frozenset("+-.0123456789") | {""}
_WORDS = frozenset({"~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"})

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


def event_line(event: yaml.Event) -> int:
    mark = event.start_mark
    return int(mark.line) + 1 if mark is not None else 1


def build_document(parser: Any, index: int, checked: bool) -> LoadedDocument:
    """Build one document's JSON value from parser events, iteratively.

    Working on events rather than composed nodes means nothing is ever expanded:
    an alias is refused the moment it appears, nesting depth and value count are
    bounded before memory is spent, and no recursion can overflow the stack.

    `checked`: the text was found free of control characters and escapes
    (`_may_hold_control`), so no value can hold one and none is searched.

    This loop runs once per YAML event (about 160 per document) and was, after
    libyaml itself, the largest cost of a large check (issue 12, third session:
    0.31 ms of Python a document on top of libyaml's 0.17 ms). So it is written
    for speed: events dispatched on their exact type, most frequent first; the
    open container held in local variables (the enclosing ones saved on a stack)
    rather than in objects; the usual scalar (plain text, quoted or block text,
    no tag) taken without a call, every other one through `_key` and `_scalar`;
    each key's path built once (it is also the path of its value). Measured on
    1,500 bench documents, best of 10 rounds in turns with the loop before:
    0.37 -> 0.34 ms a document for `load_bytes`; 0.25 ms with `_plain_ascii`.
    """
    lines: dict[str, int] = {}
    doc = LoadedDocument(index=index, data=None, lines=lines)
    # The enclosing containers of the open one: (value, path, is_map). Its length
    # is the nesting depth. The open container's pending key is None whenever a
    # child container is opened (the key then belongs to the child).
    saved: list[tuple[Any, str, bool]] = []
    container: Any = None  # the open mapping or sequence; None at the root
    path = ""  # the open container's path
    is_map = False
    key: str | None = None  # the open mapping's key, awaiting its value
    nodes = 0
    get_event = parser.get_event
    event = get_event()
    if type(event) is not _DOC_END:
        doc.start_line = event_line(event)
    while True:
        kind = type(event)
        if kind is _SCALAR:
            line = event.start_mark.line + 1
            nodes += 1
            if nodes > MAX_NODES:
                raise YamlError("yaml.too_many", line, limit=MAX_NODES)
            value = event.value
            # Text: no tag, not too long, quoted or block (style), or plain and
            # neither a number nor a word of null, true or false (as in `_scalar`).
            text = (
                checked
                and event.tag is None
                and len(value) <= MAX_SCALAR_CHARS
                and (event.style or (value[:1] not in _NUMBER_START and value not in _WORDS))
            )
            if is_map:
                if key is None:  # a key
                    if not text or value == "<<":
                        value = _key(event, container, line)
                    elif value in container:
                        raise YamlError("yaml.duplicate_key", line, key=_shown(value))
                    key = value
                    lines[f"{path}.{value}" if path else value] = line
                else:
                    container[key] = value if text else _scalar(event, line, checked)
                    key = None
            elif container is not None:
                lines[f"{path}[{len(container)}]"] = line
                container.append(value if text else _scalar(event, line, checked))
            else:
                doc.data = value if text else _scalar(event, line, checked)
        elif kind is _MAP_END or kind is _SEQ_END:
            container, path, is_map = saved.pop()
            key = None
        elif kind is _MAP_START or kind is _SEQ_START:
            line = event.start_mark.line + 1
            nodes += 1
            if nodes > MAX_NODES:
                raise YamlError("yaml.too_many", line, limit=MAX_NODES)
            if is_map and key is None:
                raise YamlError("yaml.complex_key", line)  # a mapping as a key
            opens_map = kind is _MAP_START
            _check_tag(event, _MAP if opens_map else _SEQ, line)
            if len(saved) >= MAX_DEPTH:
                raise YamlError("yaml.too_deep", line, limit=MAX_DEPTH)
            child: Any = {} if opens_map else []
            at: str
            if is_map:
                at = f"{path}.{key}" if path else key  # type: ignore[assignment]
                container[key] = child
            elif container is not None:
                at = f"{path}[{len(container)}]"
                lines[at] = line
                container.append(child)
            else:
                at = ""
                doc.data = child
            saved.append((container, path, is_map))
            container, path, is_map, key = child, at, opens_map, None
        elif kind is _DOC_END:
            return doc
        elif kind is yaml.AliasEvent:
            # Refused at first use: a patuh document never needs aliases, and they
            # are how a few hundred bytes become gigabytes ("billion laughs").
            raise YamlError("yaml.alias", event_line(event))
        else:
            raise YamlError("yaml.syntax", event_line(event), detail=f"unexpected {kind.__name__}")
        event = get_event()


_SCALAR = yaml.ScalarEvent
_MAP_START = yaml.MappingStartEvent
_SEQ_START = yaml.SequenceStartEvent
_MAP_END = yaml.MappingEndEvent
_SEQ_END = yaml.SequenceEndEvent
_DOC_END = yaml.DocumentEndEvent


def _key(event: yaml.Event, mapping: dict[str, Any], line: int) -> str:
    if not isinstance(event, yaml.ScalarEvent):
        raise YamlError("yaml.complex_key", line)
    if event.value == "<<" and not event.style and event.tag is None:
        raise YamlError("yaml.merge", line)
    key = _scalar(event, line)
    if not isinstance(key, str):
        # `1: x` or `true: x` as a key: JSON keys are text, say it plainly.
        key = event.value
    if key in mapping:
        raise YamlError("yaml.duplicate_key", line, key=_shown(key))
    return key


def _check_tag(event: Any, expected: str, line: int) -> None:
    tag = event.tag
    if tag is not None and tag != "!" and tag != expected:
        raise YamlError("yaml.tag", line, tag=_shown(tag))


def _scalar(event: Any, line: int, checked: bool = False) -> Any:
    """The JSON value of a scalar; `checked`: its text holds no control character
    (see `_may_hold_control`)."""
    value: str = event.value
    if len(value) > MAX_SCALAR_CHARS:
        raise YamlError("yaml.too_long", line, limit=MAX_SCALAR_CHARS)
    tag = event.tag
    if tag is not None and tag not in ("!", _STR):
        # Only `!!str` may be written explicitly; `!!python/...` and friends never.
        raise YamlError("yaml.tag", line, tag=_shown(tag))
    control = None if checked else _CONTROL.search(value)
    if control is not None:
        raise YamlError("yaml.control", line, char=codepoint(control.group()))
    if tag == _STR or tag == "!" or event.style:  # quoted or block text: a string
        return value
    if value[:1] not in _MAY_NOT_BE_TEXT:  # most plain scalars: skip the patterns below
        return value
    # Plain scalars: YAML 1.2 core schema, so `yes`/`no`/`on`/`off` stay text and
    # `010` is ten (the schema then decides whether text is acceptable there).
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if _INT_RE.match(value) or _LEADING_ZERO_RE.match(value):
        # Checked on the text first: int() itself refuses > 4300 digits with a crash.
        if len(value.lstrip("+-0")) > len(str(MAX_INT)) or abs(int(value, 10)) > MAX_INT:
            raise YamlError("yaml.int_range", line, value=_shown(value))
        return int(value, 10)
    if _FLOAT_RE.match(value):
        number = float(value)
        if not math.isfinite(number):  # 1e400 is a float literal, and infinite
            raise YamlError("yaml.nonfinite", line, value=_shown(value))
        if not _exact(value, number):
            raise YamlError("yaml.float_precision", line, value=_shown(value), read=repr(number))
        return number
    if value.lower() in (".inf", "+.inf", "-.inf", ".nan"):
        raise YamlError("yaml.nonfinite", line, value=value)
    # Dates and everything else stay text: the schema checks ISO dates.
    return value


def _exact(text: str, number: float) -> bool:
    """Whether the number written is the number evaluated. A float holds about 17
    significant digits: `98.99999999999999999` reads as 99.0 and would pass a
    `>= 99` that the number as written fails (OPA, given the literal, says no). So
    the text must have the value of the float's shortest decimal form, the form
    OPA is sent: `99.5`, `0.1`, `1e5` and `99.50` do, `1e-400` (read as 0) does not."""
    return Decimal(text) == Decimal(repr(number))


def _shown(value: str) -> str:
    """A value quoted back in a message: never more than a line of it."""
    return value if len(value) <= 40 else value[:37] + "..."


def codepoint(char: str) -> str:
    return f"U+{ord(char[0]):04X}"
