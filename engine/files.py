"""Which files a check reads: the files named, and *.yaml / *.yml below folders."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

YAML_SUFFIXES = (".yaml", ".yml")


def collect_files(paths: Iterable[str]) -> list[Path]:
    """Files in a stable order, each once. A file named explicitly is read whatever
    its suffix; in folders only YAML files are, hidden folders (.git) skipped."""
    seen: set[Path] = set()
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        found = [path] if not path.is_dir() else sorted(_walk(path))
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files


def _walk(folder: Path) -> Iterable[Path]:
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).parts
        if any(part.startswith(".") for part in relative[:-1]):
            continue
        if path.suffix.lower() in YAML_SUFFIXES and path.is_file():
            yield path


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
