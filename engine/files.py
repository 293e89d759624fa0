"""Which files a check reads: the files named, and *.yaml / *.yml below folders."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

YAML_SUFFIXES = (".yaml", ".yml")


def collect_files(paths: Iterable[str]) -> list[Path]:
    """Files in a stable order, each once. A file named explicitly is read whatever
    its suffix; in folders only YAML files are, hidden folders (.git) skipped."""
    return [file for file, _folder in collect_found(paths)]


def collect_found(paths: Iterable[str]) -> list[tuple[Path, Path | None]]:
    """Each file with the folder named on the command line it was found in (None for
    a file named itself): engine/selection.py checks only patuh's documents among
    the files found in folders."""
    seen: set[object] = set()
    files: list[tuple[Path, Path | None]] = []
    for raw in paths:
        path = Path(raw)
        folder = path if path.is_dir() else None
        # Sorted as Paths sort (part by part), by a key that compares in C.
        found = [path] if folder is None else sorted(_walk(path), key=_parts)
        for file in found:
            key = _identity(file)
            if key not in seen:
                seen.add(key)
                files.append((file, folder))
    return files


def _parts(path: Path) -> tuple[str, ...]:
    return path.parts


def _identity(file: Path) -> object:
    """The same file reached twice (a symbolic or hard link) has one identity; one
    stat call (resolving the path costs one per folder on the way)."""
    try:
        info = os.stat(file)
    except OSError:
        return file.resolve()
    return (info.st_dev, info.st_ino)


def _walk(folder: Path) -> Iterable[Path]:
    """YAML files below `folder`: hidden folders and links to folders are not
    entered; links to files count (as with Path.rglob)."""
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith("."):
                    pending.append(current / entry.name)
            elif os.path.splitext(entry.name)[1].lower() in YAML_SUFFIXES and entry.is_file():
                yield current / entry.name


def display_name(path: Path) -> str:
    """A file name as reports show it. Linux file names are bytes: one that is not
    UTF-8 (or holds control characters) is shown with escapes instead of breaking
    the JSON output or a reviewer's terminal."""
    raw = os.fsencode(path)
    text = raw.decode("utf-8", "backslashreplace")
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )
