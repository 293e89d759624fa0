"""Safe YAML loading that keeps, for every key path, the line it was written on.

PyYAML alone is not safe enough for documents that OPDs write and CI gates:
- duplicate keys are silently accepted (the last one wins), so a reviewer could read
  one value while the engine checks another;
- aliases expand on serialisation: a few hundred bytes become gigabytes of JSON;
- YAML 1.1 turns `no`, `off`, `yes`, `on` into booleans and `010` into 8;
- unquoted dates become `date` objects that JSON cannot carry.

So we compose the node graph ourselves (which gives us line numbers for free) and
construct plain JSON values from it, refusing what a patuh document never needs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

try:  # libyaml's composer is several times faster; fall back to pure Python.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# Bounds that no honest document comes near, and that keep a hostile one cheap.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
# An honest document holds a few hundred values; each wrong one costs a schema error
# (a few KiB in pydantic), so this also bounds the memory a hostile one can take.
MAX_NODES = 20_000
MAX_SCALAR_CHARS = 64 * 1024
MAX_DOCUMENTS = 1_000  # per file: each document costs a result and its findings
# Integers must fit in 64 bits: no honest amount comes near, and Python refuses to
# even parse integers longer than 4300 digits (a crash, not a message).
MAX_INT = 2**63 - 1

_INT_RE = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_LEADING_ZERO_RE = re.compile(r"^[-+]?0[0-9]+$")
_FLOAT_RE = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")

# Characters that make what a reviewer sees differ from what is parsed: line breaks
# other than LF/CRLF (YAML breaks lines at NEL, U+2028, U+2029 and a lone CR where
# editors and git may not, so "a comment" can hide a key and every later line number
# shifts), and bidirectional overrides ("Trojan Source": text displayed reordered).
_AMBIGUOUS = re.compile("[\x85\u2028\u2029]|\r(?!\n)")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
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


class YamlError(Exception):
    """A file that cannot be read as patuh YAML; `line` is 1-based.

    `code` names the message in the message catalog (engine/messages.yaml), so the
    reader gets it in their language; `params` fill it in.
    """

    def __init__(self, code: str, line: int = 1, **params: Any) -> None:
        super().__init__(f"{code} at line {line}: {params}")
        self.code = code
        self.line = max(1, line)
        self.params = params


@dataclass
class LoadedDocument:
    """One YAML document of a file: its JSON value and where each path was written."""

    index: int
    data: Any
    lines: Mapping[str, int] = field(default_factory=dict)
    start_line: int = 1

    def line_of(self, path: str) -> int:
        """The line of `path`, or of its nearest parent that exists in the file."""
        lines = self.lines
        while path:
            line = lines.get(path)
            if line is not None:
                return line
            path = parent_path(path)
        return self.start_line


class PackedLines(Mapping[str, int]):
    """A document's lines (path -> line) as one text, for sending from a reader
    process to the main one. Pickling a dict of ~50-150 paths and building it
    again on the other side cost ~45 us a document, more than half of what
    crossing the process boundary cost (64 -> 29 us a file in all, issue 12, third
    session); one text is copied whole, and only the few paths of OPA's findings
    are ever looked up (`str.find`).

    Entries are `\\x00path\\x01line`: no path holds either character (the loader
    refuses control characters in keys), so a lookup matches one whole path only.
    Each `str.find` reads the text: after FIND_LOOKUPS of them (a document with
    thousands of findings, say a hostile one) the text is unpacked into a dict
    once, so that no document costs a search of its whole text per finding (a
    document of 3,900 list items, each with a finding: 0.59 s of searching
    without this bound, 0.012 s with it).
    """

    FIND_LOOKUPS = 32  # a usual document asks for ~5-10 (a finding's path, its parents)

    __slots__ = ("_asked", "_lines", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: dict[str, int] | None = None
        self._asked = 0

    @classmethod
    def of(cls, lines: Mapping[str, int]) -> PackedLines:
        return cls("".join([f"\x00{path}\x01{line}" for path, line in lines.items()]) + "\x00")

    def __getitem__(self, path: str) -> int:
        line: int | None = self.get(path)
        if line is None:
            raise KeyError(path)
        return line

    def get(self, path: str, default: Any = None) -> Any:
        if self._lines is None:
            self._asked += 1
            if self._asked <= self.FIND_LOOKUPS:
                key = f"\x00{path}\x01"
                start = self._text.find(key)
                if start < 0:
                    return default
                start += len(key)
                return int(self._text[start : self._text.index("\x00", start)])
            self._lines = {entry: int(line) for entry, line in self._entries()}
        return self._lines.get(path, default)

    def _entries(self) -> Iterator[tuple[str, str]]:
        for entry in self._text.split("\x00")[1:-1]:
            path, _, line = entry.rpartition("\x01")
            yield path, line

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and self.get(path) is not None

    def __iter__(self) -> Iterator[str]:
        for path, _ in self._entries():
            yield path

    def __len__(self) -> int:
        return self._text.count("\x00") - 1

    def __reduce__(self) -> tuple[Any, ...]:
        return (PackedLines, (self._text,))


@dataclass
class LoadedFile:
    documents: list[LoadedDocument]
    error: YamlError | None = None  # set when the file as a whole could not be read


def parent_path(path: str) -> str:
    """`spec.a[2].b` -> `spec.a[2]` -> `spec.a` -> `spec` -> ``."""
    if path.endswith("]"):
        return path[: path.rindex("[")]
    return path.rpartition(".")[0]


def child_path(parent: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def load_text(text: str) -> LoadedFile:
    """Parse every document of `text`; stop at the first broken one.

    Documents before an error are kept (a file's good documents are still checked);
    the error is reported once, for the file.
    """
    documents: list[LoadedDocument] = []
    if "\x00" in text:
        return LoadedFile(documents, YamlError("yaml.nul", _line_at(text, text.index("\x00"))))
    plain = _plain_ascii(text)
    refused = None if plain else _refused_character(text)
    if refused is not None:
        return LoadedFile(documents, refused)
    checked = not _may_hold_control(text, plain)
    parser = _Loader(text)
    try:
        while True:
            event = parser.get_event()
            if isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, yaml.DocumentStartEvent):
                if len(documents) >= MAX_DOCUMENTS:
                    raise YamlError("yaml.too_many_documents", _line(event), limit=MAX_DOCUMENTS)
                documents.append(_build_document(parser, len(documents), checked))
    except yaml.MarkedYAMLError as exc:
        line = _error_line(text, exc)
        problem = exc.problem or exc.context or ""
        if _indented_with_tab(text, line):
            return LoadedFile(documents, YamlError("yaml.tab", line))
        return LoadedFile(documents, YamlError("yaml.syntax", line, detail=problem))
    except yaml.reader.ReaderError as exc:  # a control character, say
        line = text.count("\n", 0, max(0, exc.position)) + 1
        return LoadedFile(documents, YamlError("yaml.syntax", line, detail=exc.reason))
    except yaml.YAMLError as exc:
        return LoadedFile(documents, YamlError("yaml.syntax", 1, detail=str(exc)))
    except YamlError as exc:
        return LoadedFile(documents, exc)
    finally:
        parser.dispose()
    return LoadedFile(documents)


# The characters of _CONTROL, but a carriage return only when not before a line
# feed: YAML reads CRLF as a line break, so no value holds that CR.
_CONTROL_IN_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)"
)


def _may_hold_control(text: str, plain: bool) -> bool:
    """Whether some value of `text` may hold a character _CONTROL refuses. A value
    holds the characters of the text, line breaks read as LF, and what the escapes
    of double-quoted text stand for: so a text with neither such a character nor a
    backslash cannot, and its values need not be searched one by one (one search
    of the text instead of one per value, issue 12). `plain`: see `_plain_ascii`."""
    return "\\" in text or (not plain and _CONTROL_IN_TEXT.search(text) is not None)


# Printable ASCII, tab and the line ends.
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"


def _plain_ascii(text: str) -> bool:
    """Whether `text` is printable ASCII, tabs and line breaks (LF, CRLF) only, as
    nearly every document is: then it holds none of the characters that
    `_refused_character` and `_CONTROL_IN_TEXT` look for. Those searches take
    ~50 us each on a 2 KB document (the regular expression looks at each
    character); this one ~4 us (bytes.translate deletes the allowed bytes in C,
    and nothing may be left)."""
    return (
        text.isascii()
        and not text.encode("ascii").translate(None, _PLAIN_ASCII)
        and text.count("\r") == text.count("\r\n")
    )


def _error_line(text: str, exc: yaml.MarkedYAMLError) -> int:
    """The line a syntax error is reported on. At the end of the file (something left
    open: a quote, a bracket) the parser stops after the last line, which tells the
    reader nothing: the line where the open construct began does, else the last line
    that holds anything."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return 1
    at_end = not text[mark.index :].strip() if 0 <= mark.index <= len(text) else False
    if at_end:
        if exc.context_mark is not None and exc.context_mark.index < mark.index:
            return exc.context_mark.line + 1
        return _line_at(text, len(text.rstrip())) if text.strip() else 1
    return min(mark.line + 1, text.count("\n") + 1)


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _refused_character(text: str) -> YamlError | None:
    for pattern, code in ((_AMBIGUOUS, "yaml.line_break"), (_BIDI, "yaml.bidi")):
        found = pattern.search(text)
        if found is not None:
            return YamlError(code, _line_at(text, found.start()), char=_codepoint(found.group()))
    return None


def _codepoint(char: str) -> str:
    return f"U+{ord(char[0]):04X}"


def _indented_with_tab(text: str, line: int) -> bool:
    lines = text.split("\n", line)
    if line > len(lines):
        return False
    source = lines[line - 1]
    return "\t" in source[: len(source) - len(source.lstrip(" \t"))]


# Byte-order marks of the encodings people save YAML in by mistake (Windows
# Notepad's "Unicode" is UTF-16): say so, rather than "not valid UTF-8".
_WIDE_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff")


def load_bytes(raw: bytes) -> LoadedFile:
    if len(raw) > MAX_FILE_BYTES:
        return LoadedFile(
            [], YamlError("yaml.too_large", 1, limit_mib=MAX_FILE_BYTES // (1024 * 1024))
        )
    if raw.startswith(_WIDE_BOMS):
        return LoadedFile([], YamlError("yaml.utf16", 1))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return LoadedFile([], YamlError("yaml.utf8", line))
    return load_text(text)


def _line(event: yaml.Event) -> int:
    mark = event.start_mark
    return int(mark.line) + 1 if mark is not None else 1


def _build_document(parser: Any, index: int, checked: bool) -> LoadedDocument:
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
        doc.start_line = _line(event)
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
            raise YamlError("yaml.alias", _line(event))
        else:
            raise YamlError("yaml.syntax", _line(event), detail=f"unexpected {kind.__name__}")
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
        raise YamlError("yaml.control", line, char=_codepoint(control.group()))
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
