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

Every entry belongs to one *engine key*, a digest of everything else an answer
depends on: patuh's own code and the libraries that parse and validate, the rule
catalog, the OPA binary (path, size, modification time) and its version, and every
file the managed OPA loads from the policy folder (policies and data). Any change
gives a new key and so an empty cache; stale answers are never looked at.

Safe with concurrent runs: a store is never written in place. A run writes a new
file beside it and renames it over the old one (atomic), so a reader sees the old
or the new store, never half of one. Two runs saving at once may lose one run's new
entries (a later miss), never mix them. Whatever cannot be read or does not have
the expected shape is a miss, never a pass. The stores live in the subfolder
STORE_FOLDER of $PATUH_CACHE_DIR, else of $XDG_CACHE_HOME/patuh/results, else of
~/.cache/patuh/results. Anyone who could write there, or rename a folder above it,
could plant answers: the subfolder must be the user's alone and every folder above
it the user's or root's and not writable by others unless sticky; the stores are
opened through a descriptor of the folder that was checked, never by path again.
The policies are hashed and loaded from one private snapshot (engine/evaluating/policy_snapshot.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import re
import secrets
import stat
import sys
import time
from pathlib import Path
from typing import Any

import orjson
import yaml

from engine import __version__
from engine.catalog.rules import Catalog
from engine.evaluating.errors import EngineError
from engine.evaluating.opa.answers import raw_result
from engine.evaluating.policy_snapshot import policy_files
from engine.findings import Finding, RawFinding, RawResult
from engine.reading.reader import CachedDocument

ENV_DIR = "PATUH_CACHE_DIR"
FORMAT = 1

# A bound on each store, so that loading it stays cheap: far above a CI
# repository's descriptors or a year of proposals. Beyond it the oldest entries go.
MAX_DOCUMENTS = 50_000
MAX_FILES = 50_000
# Stores of other engine keys (older policies, another OPA) are removed after this.
STALE_SECONDS = 30 * 24 * 3600
# The stores live in this subfolder of the cache folder, and are named only so: the
# clean-up looks at nothing else, so a PATUH_CACHE_DIR pointed at a project folder
# never loses the project's files (a package-lock.json is a month-old *.json too).
STORE_FOLDER = "patuh-results"
_STORE_NAME = re.compile(r"^[0-9a-f]{40}\.(files|documents|engine)\.json$")
_TEMPORARY_NAME = re.compile(r"^\.tmp-[0-9a-f]{40}-[0-9a-f]{16}\.json$")
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC

# Builtins whose answer is not a function of the input and the policies (from
# `opa capabilities --current`, OPA v1.22: those marked nondeterministic). Policies
# that call one are never cached.
NONDETERMINISTIC_BUILTINS = (
    "http.send",
    "io.jwt.decode_verify",
    "io.jwt.encode_sign",
    "io.jwt.encode_sign_raw",
    "json.match_schema",
    "json.verify_schema",
    "net.lookup_ip_addr",
    "opa.runtime",
    "rand.intn",
    "time.now_ns",
    "uuid.rfc4122",
)
_NONDETERMINISTIC = re.compile(
    r"\b(" + "|".join(re.escape(name) for name in NONDETERMINISTIC_BUILTINS) + r")\b"
)


class CacheUnavailable(Exception):
    """The cache cannot be used in this run; `detail` says why."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def default_dir() -> Path:
    explicit = os.environ.get(ENV_DIR)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError as exc:  # no HOME and no passwd entry (some containers)
            raise CacheUnavailable(f"no folder for it: {exc}; set {ENV_DIR}") from exc
    return Path(base) / "patuh" / "results"


# --- the engine key ----------------------------------------------------------------
def managed_engine_key(
    *,
    catalog: Catalog,
    opa_binary: Path,
    opa_version: str,
    policy_dir: Path,
    run_date: str,
    register: str | None = None,
) -> str:
    """The key of every answer the managed OPA gives in this configuration.

    Computed from the same files the managed OPA loads (engine/evaluating/opa/managed.py
    starts it on `policy_dir` with the ignore patterns policy_snapshot.OPA_IGNORED), so a run
    whose documents are all cached may skip starting OPA: the OPA it would have
    started would load exactly these bytes, with this binary, and answer as before.
    The packs applied and the run's date are part of it: a rule may depend on
    today (an audit older than two years), so no answer is served across dates.
    So is the digest of the desk's register, when one is given (engine/evaluating/register.py):
    the rules of references answer by it.
    """
    material = {
        "format": FORMAT,
        "code": code_digest(),
        "catalog": catalog.digest,
        "packs": list(catalog.pack_names),
        "run_date": run_date,
        "opa": _binary_identity(opa_binary, opa_version),
        "policies": policy_files_digest(policy_dir),
    }
    if register is not None:  # absent otherwise: the keys of runs without one stay as before
        material["register"] = register
    text = json.dumps(material, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _binary_identity(binary: Path, version: str) -> dict[str, Any]:
    # Hashing a 60 MB binary on every run would cost more than it saves; a rebuilt
    # or replaced binary changes its size or modification time.
    resolved = binary.resolve()
    info = resolved.stat()
    return {
        "path": str(resolved),
        "size": info.st_size,
        "mtime_ns": info.st_mtime_ns,
        "version": version,
    }


def policy_files_digest(policy_dir: Path) -> str:
    """sha256 over every file OPA would load from `policy_dir` (names and bytes).

    Any file not ignored counts, whatever its extension: a file OPA does not load
    only makes the key change more often, never too rarely.
    """
    digest = hashlib.sha256()
    for relative, path in sorted(policy_files(policy_dir)):
        raw = path.read_bytes()
        if path.suffix == ".rego":
            found = _NONDETERMINISTIC.search(raw.decode("utf-8", "replace"))
            if found is not None:
                raise CacheUnavailable(
                    f"{path} calls {found.group(1)}, whose answer can change from run to run"
                )
        digest.update(relative.encode() + b"\0" + raw + b"\0")
    return digest.hexdigest()


def code_digest() -> str:
    """patuh's own code and the versions of what parses and validates documents: a
    file entry skips both, so an upgrade of either must empty the cache."""
    digest = hashlib.sha256(
        f"{__version__}|{sys.version}|{_pydantic_version()}|{yaml.__version__}".encode()
    )
    package = Path(__file__).resolve().parents[1]  # the whole engine package
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _pydantic_version() -> str:
    """pydantic's version (its pydantic/version.py, which names it and the pinned
    pydantic-core), read without importing pydantic: a run answered from the cache
    alone never loads it (importing it, or asking importlib.metadata, ~0.05 s)."""
    spec = importlib.util.find_spec("pydantic")  # finds the package, runs none of it
    if spec is None or spec.origin is None:
        raise CacheUnavailable("pydantic is not installed")
    return Path(spec.origin).with_name("version.py").read_text(encoding="utf-8")


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


def open_private_dir(folder: Path) -> int:
    """A descriptor of `folder` (created if missing), after checking that nobody but
    the user can change what it holds: the folder itself belongs to the user and
    only they may write it; every folder above it belongs to the user or root and
    is not writable by others, unless sticky (like /tmp, where others cannot rename
    what is not theirs). Each folder is opened relative to its parent's descriptor
    without following links, so what is checked is what is used.

    Whoever could write any of these folders could swap the store folder for one
    with planted answers.
    """
    path = Path(os.path.realpath(folder))  # links the user set up, resolved once
    try:
        directory = os.open("/", _DIR_FLAGS)
    except OSError as exc:
        raise CacheUnavailable(f"/: {exc.strerror or exc}") from exc
    try:
        _check_folder(directory, Path("/"), last=path == Path("/"))
        walked = Path("/")
        for number, part in enumerate(path.parts[1:], start=2):
            walked = walked / part
            try:
                child = os.open(part, _DIR_FLAGS, dir_fd=directory)
            except FileNotFoundError:
                try:
                    os.mkdir(part, 0o700, dir_fd=directory)
                    child = os.open(part, _DIR_FLAGS, dir_fd=directory)
                except OSError as exc:
                    raise CacheUnavailable(f"{walked}: {exc.strerror or exc}") from exc
            except OSError as exc:
                # ELOOP: it became a link after realpath; ENOTDIR: not a folder.
                raise CacheUnavailable(f"{walked} is not a folder: {exc.strerror}") from exc
            os.close(directory)
            directory = child
            _check_folder(directory, walked, last=number == len(path.parts))
        if not os.access(".", os.W_OK | os.X_OK, dir_fd=directory):
            raise CacheUnavailable(f"{path} is not writable")
    except BaseException:
        os.close(directory)
        raise
    return directory


def _check_folder(directory: int, path: Path, *, last: bool) -> None:
    info = os.fstat(directory)
    if not stat.S_ISDIR(info.st_mode):
        raise CacheUnavailable(f"{path} is not a folder")
    uid = os.getuid()
    writable_by_others = bool(info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))
    if last:
        if info.st_uid != uid:
            raise CacheUnavailable(f"{path} belongs to another user")
        if writable_by_others:
            raise CacheUnavailable(f"{path} may be written by other users")
        return
    if info.st_uid not in (uid, 0):
        raise CacheUnavailable(f"{path} (above the cache) belongs to another user")
    if writable_by_others and not info.st_mode & stat.S_ISVTX:
        raise CacheUnavailable(f"{path} (above the cache) may be written by other users")
