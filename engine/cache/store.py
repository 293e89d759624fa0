"""A local cache of OPA's answers, so that re-checking unchanged documents costs a
file read instead of an evaluation.

Two kinds of entry, both written only after a run in which OPA answered every batch:
- per document, keyed by the document digest (sha256 of its canonical JSON): OPA's
  answer (rule, path, params). The findings are rebuilt from it exactly as from a
  fresh answer, with line numbers from the file as it is now;
- per file, keyed by the sha256 of the file's bytes, when every document in it was
  valid and evaluated: each document's kind, id, digest and findings with their
  lines. The same bytes give the same parse and the same lines, so such a file is
  not parsed again. This is what makes a re-check of thousands of unchanged files
  take well under a second; parsing alone would not.

Every entry belongs to one *engine key* (key.py), a digest of everything else an
answer depends on: any change gives a new key and so an empty cache.

Safe with concurrent runs: a store is never written in place. A run writes a new
file beside it and renames it over the old one (atomic), so a reader sees the old
or the new store, never half of one. Two runs saving at once may lose one run's new
entries (a later miss), never mix them. Whatever cannot be read or does not have
the expected shape is a miss, never a pass. The stores live in a folder only the
user can change (folder.py). The policies are hashed and loaded from one private
snapshot (engine/evaluating/policy_snapshot.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import stat
import time
from pathlib import Path
from typing import Any

import orjson

from engine.cache.folder import STORE_FOLDER, open_private_dir
from engine.cache.key import FORMAT
from engine.catalog.rules import Catalog
from engine.evaluating.errors import EngineError
from engine.evaluating.opa.answers import raw_result
from engine.findings import Finding, RawFinding, RawResult
from engine.reading.reader import CachedDocument

# A bound on each store, so that loading it stays cheap: far above a CI
# repository's descriptors or a year of proposals. Beyond it the oldest entries go.
MAX_DOCUMENTS = 50_000
MAX_FILES = 50_000
# Stores of other engine keys (older policies, another OPA) are removed after this.
STALE_SECONDS = 30 * 24 * 3600
_STORE_NAME = re.compile(r"^[0-9a-f]{40}\.(files|documents|engine)\.json$")
_TEMPORARY_NAME = re.compile(r"^\.tmp-[0-9a-f]{40}-[0-9a-f]{16}\.json$")


# --- entries --------------------------------------------------------------------
def _answer_json(answer: RawResult) -> dict[str, Any]:
    def items(findings: list[RawFinding]) -> list[dict[str, Any]]:
        return [{"rule": f.rule, "path": f.path, "params": f.params} for f in findings]

    return {"errors": items(answer.errors), "warnings": items(answer.warnings)}


def _cached_document(entry: Any, catalog: Catalog) -> CachedDocument:
    """Read one document of a file entry back, as strictly as OPA's answers are
    read: a malformed entry raises ValueError (and the file is a miss)."""
    if not isinstance(entry, list) or len(entry) != 9:
        raise ValueError("not a document entry")
    index, kind, doc_id, digest, start_line, id_line, raw_findings, title, opd = entry
    if not (
        _is_int(index)
        and isinstance(kind, str)
        and isinstance(doc_id, str)
        and isinstance(digest, str)
        and _is_int(start_line)
        and _is_int(id_line)
        and isinstance(raw_findings, list)
        and (title is None or isinstance(title, str))
        and (opd is None or isinstance(opd, str))
    ):
        raise ValueError("malformed document entry")
    findings = []
    for item in raw_findings:
        if not isinstance(item, list) or len(item) != 5:
            raise ValueError("malformed finding")
        rule_id, severity, path, line, params = item
        rule = catalog.rules.get(rule_id) if isinstance(rule_id, str) else None
        if (
            rule is None
            or rule.severity != severity
            or kind not in rule.applies_to
            or not isinstance(path, str)
            or not _is_int(line)
            or not isinstance(params, dict)
        ):
            raise ValueError("finding does not match the catalog")
        findings.append(
            Finding(rule=rule.id, severity=rule.severity, path=path, line=line, params=params)
        )
    return CachedDocument(
        index, kind, doc_id, digest, start_line, id_line, findings, title=title, opd=opd
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --- the stores -----------------------------------------------------------------
class ResultCache:
    """The entries of one engine key: read when first looked at, written by `save`.

    Three stores: files, documents, and what OPA said of itself when it made the
    answers. A re-check whose files are all unchanged reads only the file store.
    """

    def __init__(self, folder: Path, key: str, catalog: Catalog, directory: int) -> None:
        self.folder = folder
        self.key = key
        self._catalog = catalog
        # Every store is opened relative to this descriptor of the checked folder, so
        # a folder renamed and replaced after the check (with planted answers) is
        # never read: the descriptor still names the folder that was checked.
        self._directory = directory
        self._stores: dict[str, dict[str, Any]] = {}
        self._new: dict[str, dict[str, Any]] = {"files": {}, "documents": {}}

    @classmethod
    def open(cls, folder: Path, key: str, catalog: Catalog) -> ResultCache:
        """The stores of `key` in the subfolder STORE_FOLDER of `folder`."""
        stores = folder / STORE_FOLDER
        return cls(stores, key, catalog, open_private_dir(stores))

    def close(self) -> None:
        if self._directory >= 0:
            os.close(self._directory)
            self._directory = -1

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- lookups
    def file(self, digest: str) -> list[CachedDocument] | None:
        entry = self._store("files").get(digest)
        if entry is None:
            return None
        try:
            if not isinstance(entry, list) or not entry:
                raise ValueError("not a file entry")
            return [_cached_document(item, self._catalog) for item in entry]
        except ValueError:
            return None

    def document(self, digest: str) -> RawResult | None:
        entry = self._store("documents").get(digest)
        if entry is None:
            return None
        try:
            return raw_result(entry)
        except EngineError:  # the shape every answer of OPA is checked for
            return None

    def engine(self) -> tuple[str, str] | None:
        """(OPA version, policy digest) as OPA reported them with these answers."""
        recorded = self._store("engine").get("opa")
        if (
            isinstance(recorded, list)
            and len(recorded) == 2
            and all(isinstance(part, str) for part in recorded)
        ):
            return recorded[0], recorded[1]
        return None

    # -- new entries
    def add_file(self, digest: str, documents: list[CachedDocument]) -> None:
        self._new["files"][digest] = [doc.to_json() for doc in documents]

    def add_document(self, digest: str, answer: RawResult) -> None:
        self._new["documents"][digest] = _answer_json(answer)

    def save(self, opa_version: str, policy_digest: str) -> None:
        """Merge the new entries into the stores on disk. Best effort: a cache that
        cannot be written costs speed in the next run, nothing else."""
        if not any(self._new.values()):
            return
        try:
            if self.engine() != (opa_version, policy_digest):
                self._write("engine", {"opa": [opa_version, policy_digest]})
            for kind, new in self._new.items():
                if new:
                    self._merge(kind, new)
            self._remove_stale()
        except OSError:
            pass

    def _merge(self, kind: str, new: dict[str, Any]) -> None:
        # Read again: another run may have saved since this one first read the store.
        current = self._read(kind)
        merged = {key: value for key, value in current.items() if key not in new}
        merged.update(new)  # this run's entries last: the first to go are the oldest
        limit = MAX_FILES if kind == "files" else MAX_DOCUMENTS
        if len(merged) > limit:
            merged = dict(list(merged.items())[-limit:])
        self._write(kind, merged)
        new.clear()

    # -- storage
    def _name(self, kind: str) -> str:
        return f"{self.key[:40]}.{kind}.json"

    def _store(self, kind: str) -> dict[str, Any]:
        if kind not in self._stores:
            self._stores[kind] = self._read(kind)
        return self._stores[kind]

    def _read(self, kind: str) -> dict[str, Any]:
        """The store's entries, or none when it is missing, unreadable or malformed
        (a link or anything but a regular file is not read)."""
        try:
            handle = os.open(
                self._name(kind),
                os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
                dir_fd=self._directory,
            )
            with os.fdopen(handle, "rb") as stream:
                if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                    return {}
                content = orjson.loads(stream.read())
        except (OSError, ValueError, RecursionError):
            return {}
        if (
            not isinstance(content, dict)
            or content.get("format") != FORMAT
            or content.get("key") != self.key
            or not isinstance(content.get("entries"), dict)
        ):
            return {}
        entries: dict[str, Any] = content["entries"]
        return entries

    def _write(self, kind: str, entries: dict[str, Any]) -> None:
        """Write beside the store, then rename over it: atomic, so a concurrent
        reader sees the old store or the new one, never a part of either."""
        content = {"format": FORMAT, "key": self.key, "entries": entries}
        # json.dumps, not json.dump: only the one-shot encoder is the fast (C) one.
        text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
        temporary = f".tmp-{self.key[:40]}-{secrets.token_hex(8)}.json"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        handle = os.open(temporary, flags, 0o600, dir_fd=self._directory)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(
                temporary,
                self._name(kind),
                src_dir_fd=self._directory,
                dst_dir_fd=self._directory,
            )
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=self._directory)
            raise
        self._stores[kind] = entries

    def _remove_stale(self) -> None:
        """Stores of other keys untouched for a month, and leftovers of runs that
        were killed while writing; nothing but patuh's own names is looked at."""
        now = time.time()
        with os.scandir(self._directory) as entries:
            names = [entry.name for entry in entries]
        for name in names:
            if name.startswith(self.key[:40]):
                continue
            stale = STALE_SECONDS if _STORE_NAME.match(name) else None
            if _TEMPORARY_NAME.match(name):
                stale = 3600
            if stale is None:
                continue
            with contextlib.suppress(OSError):
                info = os.stat(name, dir_fd=self._directory, follow_symlinks=False)
                if now - info.st_mtime > stale:
                    os.unlink(name, dir_fd=self._directory)
