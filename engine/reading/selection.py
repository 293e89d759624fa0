"""Which of the YAML files found in folders are patuh's documents.

An infrastructure repository holds Kubernetes manifests, Helm charts, docker-compose
and CI files beside the patuh documents; a folder walk checks only the files that
mean to be patuh's and counts the others in one notice. The test is on the file's
text, not its parse, so a broken patuh document (or a Helm template, which is not
YAML at all) is judged as well as a valid one, and it leans toward checking: a file
with a patuh `kind`, an `apiVersion` that looks like `patuh/v1` (a typo such as
`patu/v1` included), a template placeholder or an `opd` field is checked, and so
reported invalid when it is; a file that cannot be decoded is checked too (it may
be a patuh document saved in another encoding).

`--exclude` patterns and the `.patuhignore` file use .gitignore syntax (pathspec).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.findings import Notice
from engine.reading.files import collect_found, display_name
from engine.reading.yaml_loader import MAX_FILE_BYTES

IGNORE_FILE = ".patuhignore"
API_GROUP = "patuh"
# The kinds patuh reads, and the words a user writing in Bahasa Indonesia may use.
PATUH_KINDS = (
    "proposal",
    "procurement",
    "system",
    "waivers",
    "usulan",
    "pengadaan",
    "sistem",
    "pengecualian",
)
# Close enough to be a typo: `patu`, `pathu` (0.8), `patuh.io` (0.77); not `batch` (0.6).
API_SIMILARITY = 0.75
# `Proposl` (0.93), `Sistem` (0.83); not `Secret` (0.47) or `Service` (0.31).
KIND_SIMILARITY = 0.8

_KEY = re.compile(
    r"""(?:^|[\s{,])["']?(apiVersion|kind|opd)["']?[ \t]*:[ \t]*["']?([^\s"'#,{}\[\]]*)""",
    re.MULTILINE,
)
_PLACEHOLDER = re.compile(r"<\s*(?:ISI|PILIH)\b")
_API_LINE = b"\napiVersion: patuh/"


@dataclass
class Skipped:
    """YAML files a folder walk (or a hook) left unchecked, and why."""

    foreign: list[Path] = field(default_factory=list)  # not patuh documents
    excluded: list[Path] = field(default_factory=list)  # --exclude or .patuhignore


def means_patuh(raw: bytes) -> bool:
    """Whether a file's bytes look like (an attempt at) a patuh document."""
    if raw.startswith(_API_LINE[1:]) or _API_LINE in raw:
        # The line nearly every patuh document has, found without decoding the text
        # or running the pattern below over it (which finds it too): ~11 -> ~1 us a
        # file, out of the main process's time at 10,000 files (issue 12).
        return True
    text = _decode(raw)
    if text is None:
        return True  # cannot tell: check it, and let the loader say what is wrong
    for match in _KEY.finditer(text):  # the first sign is enough: usually line 1
        key, value = match.groups()
        if key == "opd":
            return True
        if key == "apiVersion" and _patuh_like_api(value):
            return True
        if key == "kind" and _patuh_like_kind(value):
            return True
    return _PLACEHOLDER.search(text) is not None


def _decode(raw: bytes) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        return None  # UTF-16/32 or binary: the loader names it
    # "utf-8-sig": a file saved with a byte-order mark (Windows Notepad) begins with
    # its key, as the loader reads it, not with U+FEFF (which hid line 1's key).
    return raw.decode("utf-8-sig", "replace")


def _patuh_like_api(value: str) -> bool:
    group = value.split("/", 1)[0].lower()
    if API_GROUP in group:
        return True
    return difflib.SequenceMatcher(None, group, API_GROUP).ratio() >= API_SIMILARITY


def _patuh_like_kind(value: str) -> bool:
    kind = value.lower()
    return bool(difflib.get_close_matches(kind, PATUH_KINDS, n=1, cutoff=KIND_SIMILARITY))


HEAD_BYTES = 64 * 1024  # a patuh document says so on its first lines


def looks_patuh(path: Path) -> bool:
    """Whether the file means to be patuh's: judged on its first bytes, and on the
    rest (as far as the loader would read) only when those say nothing. A file that
    cannot be read is checked, and the check says why."""
    try:
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES)
            if means_patuh(head):
                return True
            if len(head) < HEAD_BYTES:
                return False
            return means_patuh(head + stream.read(MAX_FILE_BYTES + 1 - HEAD_BYTES))
    except OSError:
        return True


class IgnoreRules:
    """--exclude patterns and those of `.patuhignore` (in the current folder and in
    each folder checked), matched as .gitignore matches them: against the path
    relative to the current folder, and relative to the folder named."""

    def __init__(self, patterns: Iterable[str], folders: Iterable[Path]) -> None:
        lines = list(patterns)
        for folder in dict.fromkeys([Path.cwd(), *folders]):
            ignore = folder / IGNORE_FILE
            if ignore.is_file():
                lines += ignore.read_text(encoding="utf-8", errors="replace").splitlines()
        self.empty = not any(line.strip() and not line.startswith("#") for line in lines)
        # pathspec is imported only when there is a pattern: ~0.05 s of a check's start
        # (`python -X importtime`), and most checks have none.
        self._spec: Any = None
        if not self.empty:
            import pathspec

            self._spec = pathspec.GitIgnoreSpec.from_lines(lines)

    def excludes(self, file: Path, folder: Path | None) -> bool:
        if self.empty:
            return False
        for base in (Path.cwd(), folder):
            if base is None:
                continue
            try:
                relative = file.absolute().relative_to(base.absolute())
            except ValueError:
                continue
            if self._spec.match_file(relative.as_posix()):
                return True
        return False


def select_files(
    paths: Iterable[str],
    *,
    exclude: Iterable[str] = (),
    skip_foreign: bool = False,
    only: set[Path] | None = None,
) -> tuple[list[Path], Skipped]:
    """The files a check reads, and those it left. In folders: patuh's documents,
    not excluded. A file named itself is always read (a foreign one is then
    invalid), unless `skip_foreign` (a hook passing every changed YAML file) treats
    it as if found in a folder. `only` (resolved paths: git's changed files) keeps
    just those."""
    found = collect_found(paths)
    folders = [folder for _file, folder in found if folder is not None]
    rules = IgnoreRules(exclude, dict.fromkeys(folders))
    skipped = Skipped()
    files = []
    for file, folder in found:
        if only is not None and file.resolve() not in only:
            continue
        if folder is None and not skip_foreign:
            files.append(file)
        elif rules.excludes(file, folder):
            skipped.excluded.append(file)
        elif looks_patuh(file):
            files.append(file)
        else:
            skipped.foreign.append(file)
    return files, skipped


EXAMPLES = 3  # files named in the notice, so a reader can tell what was left


def skip_notices(skipped: Skipped) -> list[Notice]:
    """One notice for the files left, saying how many and why."""
    foreign, excluded = len(skipped.foreign), len(skipped.excluded)
    if not foreign and not excluded:
        return []
    examples = [display_name(path) for path in skipped.foreign[:EXAMPLES]]
    params = {"count": foreign + excluded, "foreign": foreign, "excluded": excluded}
    if foreign and excluded:
        code = "notice.skipped_both"
    elif foreign:
        code = "notice.skipped_foreign"
    else:
        code = "notice.skipped_excluded"
    # Information, not a warning: leaving other YAML alone is the expected case.
    return [Notice(code, {**params, "examples": examples}, severity="info")]
