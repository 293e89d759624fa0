"""Which of the YAML files found in folders are patuh's documents.

An infrastructure repository holds Kubernetes manifests, Helm charts, docker-compose
and CI files beside the patuh documents; a folder walk checks only the files that
mean to be patuh's and counts the others in one notice. The judgement is on what the
YAML *means*, parsed by the reader's own safe parser (engine/reading/yaml_loader.py:
nothing constructed), never on lines of text: a key written explicitly (`? kind`),
with escapes (`"\x6fpd"`), a tag or an anchor, a value in a block scalar, after a
comment or on the next line, a `%YAML` directive, JSON: all are read as the reader
reads them (issue 20). It leans toward checking: a file with a patuh `kind` (also
`Usulan`, `Pengadaan`, `Sistem`, or a typo of one), an `apiVersion` that looks like
`patuh/v1` (a typo such as `patu/v1` included), an `opd` field (at the top or one
level down, as `metadata.opd`) or a template placeholder is checked, and so reported
invalid when it is. A file the walk cannot judge is checked, and the reader says why
it is refused: over the size limit, not UTF-8, holding a character the reader
refuses, or not YAML at all (a Helm template is judged once its `{{ ... }}` actions
are blanked, the YAML it renders to).

`--exclude` patterns and the `.patuhignore` file use .gitignore syntax (pathspec).
`.patuhignore` is read from the repository root only (the first folder up from the
working folder holding `.git`, else the working folder), so an author cannot hide a
document by adding an ignore file beside it; every patuh document it leaves out is
named in the report.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from engine.findings import Notice
from engine.reading.files import GIT_FOLDER, collect_found, display_name
from engine.reading.yaml_loader import MAX_FILE_BYTES, parse_events, text_to_parse

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

_PLACEHOLDER = re.compile(r"<\s*(?:ISI|PILIH)\b")
_API_LINE = b"\napiVersion: patuh/"
# A Go template action (Helm): `{{ .Values.x }}`, `{{- if ... -}}`.
_TEMPLATE_ACTION = re.compile(r"\{\{.*?\}\}", re.DOTALL)


@dataclass
class Skipped:
    """YAML files a folder walk (or a hook) left unchecked, and why."""

    foreign: list[Path] = field(default_factory=list)  # not patuh documents
    excluded: list[Path] = field(default_factory=list)  # --exclude
    ignored: list[Path] = field(default_factory=list)  # patuh documents .patuhignore left
    hidden: list[tuple[Path, Path]] = field(default_factory=list)  # (file, its hidden folder)


def means_patuh(raw: bytes) -> bool:
    """Whether a file's bytes are (an attempt at) a patuh document, or cannot be
    judged (then they are checked, and the reader says what is wrong)."""
    if raw.startswith(_API_LINE[1:]) or _API_LINE in raw:
        # The line nearly every patuh document has, found without decoding or
        # parsing (~1 us a file instead of a parse, issue 12). It can only make the
        # walk check a file, never skip one: the meaning decides every other file.
        return True
    text = text_to_parse(raw)
    if text is None:
        return True  # the reader refuses these bytes: check them, and it says why
    verdict = _judge(text)
    if verdict is None and "{{" in text:
        # Not YAML: perhaps a Helm template, which is YAML once rendered. Judged as
        # rendered with every action blank; still not YAML: cannot be judged.
        verdict = _judge(_TEMPLATE_ACTION.sub(_blank, text))
    return True if verdict is None else verdict


def _blank(match: re.Match[str]) -> str:
    # Spaces keep the columns (and so the YAML's indentation) of what follows.
    return re.sub(r"[^\n]", " ", match.group())


# The keys that are signs of a patuh document (casefolded).
_SIGN_KEYS = frozenset({"apiversion", "kind", "opd"})


def _cannot_hold_a_sign(text: str) -> bool:
    """Whether no scalar of `text` can be a sign, known without parsing. Without a
    backslash (the only way to escape characters, in double-quoted scalars), every
    key of the YAML is written out in the text (a tag, an anchor, a comment or a
    fold cannot form one), so a text in which `opd`, `kind` and `apiversion` never
    occur (casefolded, as the keys are compared) holds none of them; a placeholder
    is searched in the text as in the values (`\\s*` spans a fold). Most foreign
    files (docker-compose, package.json, CI files) are judged so, in a few µs."""
    if "\\" in text:
        return False
    folded = text.casefold()
    if "opd" in folded or "kind" in folded or "apiversion" in folded:
        return False
    return _PLACEHOLDER.search(text) is None


class _Node:
    """A mapping or sequence being read: its level (0: a document's own mapping, or
    an item of a document that is a list), its anchor, whether a sign's key occurs
    within it (so an alias of it may bring one), and, for a mapping, whether the next
    node is a key and the last key read."""

    __slots__ = ("anchor", "is_map", "key", "level", "signs_within", "want_key")

    def __init__(self, is_map: bool, level: int, anchor: str | None) -> None:
        self.is_map = is_map
        self.level = level
        self.anchor = anchor
        self.signs_within = False
        self.want_key = True
        self.key: str | None = None


def _judge(text: str) -> bool | None:
    """True: the YAML says it is patuh's; False: it says it is not; None: it is not
    YAML (before saying either). An alias (which the reader refuses, but which
    docker-compose and CI files use) is followed as far as it matters: an alias of
    a scalar stands for its value; an alias of a mapping or sequence within which a
    sign's key occurs, placed at a document's top or one level down (where it may
    give a document its `kind` or `metadata.opd`, `<<` merges included), makes the
    file one to check."""
    if _cannot_hold_a_sign(text):
        return False
    stack: list[_Node] = []
    scalars: dict[str, str] = {}  # anchor -> the scalar's value
    suspect: dict[str, bool] = {}  # anchor -> a sign's key occurs within
    try:
        for event in parse_events(text):
            kind = type(event)
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                node = stack.pop()
                if node.anchor is not None:
                    suspect[node.anchor] = node.signs_within
                continue
            is_scalar = kind is yaml.ScalarEvent
            is_alias = kind is yaml.AliasEvent
            starts = kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent
            if not (is_scalar or is_alias or starts):
                continue  # stream and document boundaries
            anchor: str | None = event.anchor  # type: ignore[attr-defined]
            value: str | None = None
            if is_scalar:
                value = event.value  # type: ignore[attr-defined]
                if anchor is not None:
                    scalars[anchor] = value
                if "<" in value and _PLACEHOLDER.search(value):
                    return True
            elif is_alias:
                value = scalars.get(anchor or "")
                if value is None and suspect.get(anchor or "", False):
                    if not stack or stack[-1].level <= 1:
                        return True
                    _mark_signs(stack)
            parent = stack[-1] if stack else None
            if parent is not None and parent.is_map:
                if parent.want_key:
                    parent.key = value.strip().casefold() if value is not None else None
                    if parent.key in _SIGN_KEYS:
                        if parent.key == "opd" and parent.level <= 1:
                            return True  # `metadata.opd` (or a misplaced one at the top)
                        _mark_signs(stack)
                elif value is not None and parent.level == 0 and _patuh_value(parent.key, value):
                    return True
                parent.want_key = not parent.want_key
            if starts:
                if parent is None:
                    level = 0
                elif not parent.is_map and parent.level == 0:
                    level = 0  # a document that is a list of documents
                else:
                    level = parent.level + 1
                stack.append(_Node(kind is yaml.MappingStartEvent, level, anchor))
    except yaml.YAMLError:
        return None
    return False


def _mark_signs(stack: list[_Node]) -> None:
    for node in stack:
        node.signs_within = True


def _patuh_value(key: str | None, value: str) -> bool:
    if key == "apiversion":
        return _patuh_like_api(value.strip())
    if key == "kind":
        return _patuh_like_kind(value.strip())
    return False


def _patuh_like_api(value: str) -> bool:
    group = value.split("/", 1)[0].lower()
    if API_GROUP in group:
        return True
    return difflib.SequenceMatcher(None, group, API_GROUP).ratio() >= API_SIMILARITY


def _patuh_like_kind(value: str) -> bool:
    kind = value.lower()
    return bool(difflib.get_close_matches(kind, PATUH_KINDS, n=1, cutoff=KIND_SIMILARITY))


def looks_patuh(path: Path) -> bool:
    """Whether the file means to be patuh's (or cannot be judged). A file over the
    size limit is checked, and refused as too large, as when it is named (issue
    20); so is one that cannot be read."""
    try:
        with path.open("rb") as stream:
            if os.fstat(stream.fileno()).st_size > MAX_FILE_BYTES:
                return True
            # Read whole: a buffer of the limit's size for each file costs ~0.1 ms.
            raw = stream.read()
    except OSError:
        return True
    return len(raw) > MAX_FILE_BYTES or means_patuh(raw)


def repository_root(start: Path | None = None) -> Path:
    """The root of the git repository the working folder is in (the first folder up
    holding `.git`), else the working folder: where `.patuhignore` is read."""
    here = (start or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        if os.path.lexists(folder / GIT_FOLDER):
            return folder
    return here


class IgnoreRules:
    """.gitignore patterns, matched as .gitignore matches them: against the path
    relative to each of `bases`, and, for --exclude, to the folder named."""

    def __init__(self, lines: Iterable[str], bases: Iterable[Path], *, named: bool) -> None:
        lines = list(lines)
        self.bases = [base.absolute() for base in bases]
        self.named = named
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
        absolute = file.absolute()
        bases = [*self.bases, folder.absolute()] if self.named and folder else self.bases
        for base in bases:
            try:
                relative = absolute.relative_to(base)
            except ValueError:
                continue
            if self._spec.match_file(relative.as_posix()):
                return True
        return False


def patuhignore_rules(root: Path | None = None) -> IgnoreRules:
    """The patterns of `.patuhignore` at the repository root (and only there)."""
    root = root or repository_root()
    ignore = root / IGNORE_FILE
    lines: list[str] = []
    if ignore.is_file():
        lines = ignore.read_text(encoding="utf-8", errors="replace").splitlines()
    return IgnoreRules(lines, [root], named=False)


def select_files(
    paths: Iterable[str],
    *,
    exclude: Iterable[str] = (),
    skip_foreign: bool = False,
    only: Container[Path] | None = None,
    include_hidden: bool = False,
) -> tuple[list[Path], Skipped]:
    """The files a check reads, and those it left. In folders: patuh's documents,
    not excluded, not in hidden folders (unless `include_hidden`). A file named
    itself is always read (a foreign one is then invalid), unless `skip_foreign` (a
    hook passing every changed YAML file) treats it as if found in a folder. `only`
    (resolved paths: what git says changed, engine/reading/changes.py) keeps just
    those."""
    found = collect_found(paths)
    excluded = IgnoreRules(exclude, [Path.cwd()], named=True)
    ignored = patuhignore_rules()
    skipped = Skipped()
    files = []
    for file, folder, hidden in found:
        if only is not None and file.resolve() not in only:
            continue
        if folder is None and not skip_foreign:
            files.append(file)
        elif hidden and not include_hidden:
            skipped.hidden.append((file, _hidden_folder(file, folder)))
        elif excluded.excludes(file, folder):
            skipped.excluded.append(file)
        elif not looks_patuh(file):
            skipped.foreign.append(file)
        elif ignored.excludes(file, folder):
            skipped.ignored.append(file)
        else:
            files.append(file)
    return files, skipped


def _hidden_folder(file: Path, folder: Path | None) -> Path:
    """The first hidden folder on the way from the folder named to `file`."""
    base = folder or file.parent
    parts = file.relative_to(base).parts[:-1]
    for depth, part in enumerate(parts):
        if part.startswith("."):
            return base.joinpath(*parts[: depth + 1])
    return file.parent


EXAMPLES = 3  # files named in the notice, so a reader can tell what was left


def skip_notices(skipped: Skipped) -> list[Notice]:
    """One notice for the files left as foreign or --exclude'd, saying how many and
    why; one naming every patuh document `.patuhignore` left (an author could add
    their own: a reviewer must see each name); one saying how many files were left
    in which hidden folders."""
    notices = []
    foreign, excluded = len(skipped.foreign), len(skipped.excluded)
    if foreign or excluded:
        examples = [display_name(path) for path in skipped.foreign[:EXAMPLES]]
        params = {"count": foreign + excluded, "foreign": foreign, "excluded": excluded}
        if foreign and excluded:
            code = "notice.skipped_both"
        elif foreign:
            code = "notice.skipped_foreign"
        else:
            code = "notice.skipped_excluded"
        # Information, not a warning: leaving other YAML alone is the expected case.
        notices.append(Notice(code, {**params, "examples": examples}, severity="info"))
    if skipped.ignored:
        files = [display_name(path) for path in skipped.ignored]
        notices.append(
            Notice(
                "notice.skipped_patuhignore",
                {"count": len(files), "files": files},
                severity="warning",
            )
        )
    if skipped.hidden:
        by_folder: dict[str, int] = {}
        for _file, folder in skipped.hidden:
            name = display_name(folder) + "/"
            by_folder[name] = by_folder.get(name, 0) + 1
        where = [f"{name} ({count})" for name, count in by_folder.items()]
        notices.append(
            Notice(
                "notice.skipped_hidden",
                {"count": len(skipped.hidden), "folders": where},
                severity="warning",
            )
        )
    return notices
