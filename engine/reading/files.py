"""Which files a check reads: the files named, and *.yaml / *.yml / *.json below folders
(JSON is YAML: a document saved as JSON is a document, issue 20)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

YAML_SUFFIXES = (".yaml", ".yml", ".json")
# Never entered: git's own database holds no document, and is large.
GIT_FOLDER = ".git"


class Found(NamedTuple):
    """A file, the folder named on the command line it was found in (None for a file
    named itself), and whether it lies in a hidden folder below that one (`.bapenda/`):
    engine/reading/selection.py leaves those, and says how many and where, unless
    --include-hidden."""

    file: Path
    folder: Path | None
    hidden: bool = False


def collect_files(paths: Iterable[str]) -> list[Path]:
    """Files in a stable order, each once. A file named explicitly is read whatever
    its suffix; in folders only YAML (and JSON) files are, hidden folders skipped."""
    return [found.file for found in collect_found(paths) if not found.hidden]


def collect_found(paths: Iterable[str]) -> list[Found]:
    """Each file found, with where it was found (`Found`): engine/reading/selection.py
    checks only patuh's documents among the files found in folders."""
    seen: set[object] = set()
    files: list[Found] = []
    for raw in paths:
        path = Path(raw)
        try:
            info: os.stat_result | None = os.stat(path)
        except OSError:
            info = None
        if info is None or not stat.S_ISDIR(info.st_mode):
            # A file named itself (a check is handed 10,000 of them by the folder
            # walk of the command line): one stat tells what it is and which file,
            # not one for each (issue 12).
            key: object = (info.st_dev, info.st_ino) if info is not None else path.resolve()
            if key not in seen:
                seen.add(key)
                files.append(Found(path, None))
            continue
        # Sorted as Paths sort (part by part), by a key that compares in C; the files
        # of hidden folders after the others, so that a file reached both ways (a
        # link) counts as found in the open.
        for file, hidden in sorted(_walk(path), key=_hidden_last):
            key = _identity(file)
            if key not in seen:
                seen.add(key)
                files.append(Found(file, path, hidden))
    return files


def _hidden_last(item: tuple[Path, bool]) -> tuple[bool, tuple[str, ...]]:
    return item[1], item[0].parts


def _identity(file: Path) -> object:
    """The same file reached twice (a symbolic or hard link) has one identity; one
    stat call (resolving the path costs one per folder on the way)."""
    try:
        info = os.stat(file)
    except OSError:
        return file.resolve()
    return (info.st_dev, info.st_ino)


def _walk(folder: Path) -> Iterable[tuple[Path, bool]]:
    """YAML files below `folder`, each with whether it lies in a hidden folder. The
    open folders are walked first, then the hidden ones (never `.git`): a folder
    reached both ways counts as open. Links to files count, and links to folders are
    followed (`_first_visit`)."""
    visited: set[tuple[int, int]] = set()
    _first_visit(folder, visited)
    hidden: list[Path] = []
    yield from _walk_from([folder], visited, hidden, below_hidden=False)
    hidden = [path for path in hidden if _first_visit(path, visited)]
    yield from _walk_from(hidden, visited, [], below_hidden=True)


def _walk_from(
    pending: list[Path], visited: set[tuple[int, int]], hidden: list[Path], *, below_hidden: bool
) -> Iterable[tuple[Path, bool]]:
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir():
                if entry.name == GIT_FOLDER:
                    continue
                if not below_hidden and entry.name.startswith("."):
                    hidden.append(current / entry.name)  # walked after the open folders
                elif _first_visit(entry, visited):
                    pending.append(current / entry.name)
            elif os.path.splitext(entry.name)[1].lower() in YAML_SUFFIXES and entry.is_file():
                yield current / entry.name, below_hidden


def _first_visit(folder: os.DirEntry[str] | Path, visited: set[tuple[int, int]]) -> bool:
    """Whether the folder (the link's target, for a link) is entered for the first
    time. A linked folder (`docs/2026 -> /arsip/2026`) is walked like any other, never
    skipped in silence (a check would report fewer documents and pass); a folder
    reached again, by a link back up (a loop) or by two links, is walked once."""
    try:
        info = folder.stat()  # follows links
    except OSError:
        return False
    identity = (info.st_dev, info.st_ino)
    if identity in visited:
        return False
    visited.add(identity)
    return True


def display_name(path: Path) -> str:
    """A file name as reports show it. Linux file names are bytes: one that is not
    UTF-8 (or holds control characters) is shown with escapes instead of breaking
    the JSON output or a reviewer's terminal."""
    raw = os.fsencode(path)
    text = raw.decode("utf-8", "backslashreplace")
    if text.isprintable():  # nearly every name: one call, not one a character
        return text
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )
