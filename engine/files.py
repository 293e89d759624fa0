"""Which files a check reads: the files named, and *.yaml / *.yml below folders."""

from __future__ import annotations

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
