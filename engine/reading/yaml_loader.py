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

import re
from collections.abc import Iterator

import yaml

# What the loader answers is defined in loaded.py and named here too, so that a caller
# imports the loader's whole interface from this one module.
from engine.reading.loaded import (
    MAX_DEPTH,
    MAX_DOCUMENTS,
    MAX_FILE_BYTES,
    MAX_NODES,
    LoadedDocument,
    LoadedFile,
    PackedLines,
    YamlError,
    child_path,
    parent_path,
)
from engine.reading.yaml_events import build_document, codepoint, event_line

__all__ = [
    "MAX_DEPTH",
    "MAX_DOCUMENTS",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "LoadedDocument",
    "LoadedFile",
    "PackedLines",
    "YamlError",
    "child_path",
    "load_bytes",
    "load_text",
    "parent_path",
    "parse_events",
    "text_to_parse",
]

try:  # libyaml's composer is several times faster; fall back to pure Python.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# Characters that make what a reviewer sees differ from what is parsed: line breaks
# other than LF/CRLF (YAML breaks lines at NEL, U+2028, U+2029 and a lone CR where
# editors and git may not, so "a comment" can hide a key and every later line number
# shifts), and bidirectional overrides ("Trojan Source": text displayed reordered).
_AMBIGUOUS = re.compile("[\x85\u2028\u2029]|\r(?!\n)")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


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
                    raise YamlError(
                        "yaml.too_many_documents", event_line(event), limit=MAX_DOCUMENTS
                    )
                documents.append(build_document(parser, len(documents), checked))
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
            return YamlError(code, _line_at(text, found.start()), char=codepoint(found.group()))
    return None


def _indented_with_tab(text: str, line: int) -> bool:
    lines = text.split("\n", line)
    if line > len(lines):
        return False
    source = lines[line - 1]
    return "\t" in source[: len(source) - len(source.lstrip(" \t"))]


def text_to_parse(raw: bytes) -> str | None:
    """The text `load_bytes` would parse, or None when it refuses the bytes before
    parsing them (too large, UTF-16/32, not UTF-8, a NUL, a line break or a
    bidirectional character that makes a file read differently from how it shows).
    The folder walk (engine/reading/selection.py) judges a file on this same text."""
    if len(raw) > MAX_FILE_BYTES or raw.startswith(_WIDE_BOMS):
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
        return None
    if not _plain_ascii(text) and _refused_character(text) is not None:
        return None
    return text


def parse_events(text: str) -> Iterator[yaml.Event]:
    """The YAML events of `text`, from the loader's own safe parser: nothing is
    constructed (no tag runs, no alias expands). Raises yaml.YAMLError where the
    text stops being YAML."""
    parser = _Loader(text)
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            yield event
    finally:
        parser.dispose()


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
