"""What the safe YAML loader answers (yaml_loader.py): each document's value with the
line of every key path, or the error that stopped it; and the bounds it reads within.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

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
