"""Reading: files into documents, each parsed, validated and serialised for OPA.

Many files are read on several cores (engine/reading/parallel.py); a file whose bytes are in
the result cache is not parsed at all (its documents come from the cache entry).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import orjson

from engine.findings import YAML_RULE, DocumentResult, Finding, RawResult
from engine.reading.files import display_name
from engine.reading.parallel import ordered_map
from engine.reading.yaml_loader import (
    MAX_FILE_BYTES,
    LoadedDocument,
    PackedLines,
    YamlError,
    load_bytes,
)


@dataclass
class CachedDocument:
    """One document of a cached file, as a fresh check of those bytes reports it."""

    index: int
    kind: str
    id: str
    digest: str
    start_line: int
    id_line: int  # the line of metadata.id, for the duplicate-id message
    findings: list[Finding]
    title: str | None = None  # metadata.title and .opd, as reports show them
    opd: str | None = None

    def to_json(self) -> list[Any]:
        findings = [[f.rule, f.severity, f.path, f.line, f.params] for f in self.findings]
        return [
            self.index,
            self.kind,
            self.id,
            self.digest,
            self.start_line,
            self.id_line,
            findings,
            self.title,
            self.opd,
        ]


class FileAnswers(Protocol):
    """What reading asks of the result cache (engine/cache/store.py ResultCache): the
    documents of a file whose bytes have this digest, as a fresh check of them
    reported them, or None. Reading knows the cache only through this question."""

    def file(self, digest: str) -> list[CachedDocument] | None: ...


def file_digest(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()


@dataclass
class Pending:
    """A valid document waiting for OPA's answer."""

    result: DocumentResult
    data: dict[str, Any] | None  # None once serialised into `body`
    loaded: LoadedDocument = field(repr=False)
    body: str = field(default="", repr=False)  # the document as sent to OPA (JSON)
    answer: RawResult | None = field(default=None, repr=False)  # OPA's, in this run
    cached: list[Finding] | None = None  # from the result cache, for an unchanged file


@dataclass
class ReadFile:
    """One file's documents. `digest` (of the bytes read) is set when the file was
    read and parsed in this run, None when answered whole from the cache or
    unreadable."""

    digest: str | None
    results: list[DocumentResult]
    pending: list[Pending]


@contextlib.contextmanager
def read_files(
    files: list[Path],
    cache: FileAnswers | None,
    jobs: int,
    on_parse: Callable[[], None] | None = None,
) -> Iterator[Iterator[ReadFile]]:
    """Every file's documents, in order. A file whose bytes are in the cache comes
    from its entry; the others are parsed and validated, on several cores when they
    are many (the worker processes start here, before any thread does). `on_parse` is
    called once, before any parsing, when a file is to be parsed (its documents will
    need OPA)."""
    cached: list[tuple[str, list[CachedDocument]] | None] = []
    to_parse: list[tuple[Path, int]] = []
    for file in files:
        entry = None
        if cache is not None:
            try:
                raw: bytes | None = _read_bounded(file)
            except OSError:
                raw = None  # _read_file reads it again and reports why it cannot
            size = len(raw or b"")
            if raw is not None and size <= MAX_FILE_BYTES:
                digest = file_digest(raw)
                documents = cache.file(digest)
                entry = (digest, documents) if documents is not None else None
        else:
            size = _size(file)
        cached.append(entry)
        if entry is None:
            to_parse.append((file, size))
    if to_parse:
        if on_parse is not None:
            on_parse()
        # The document models (pydantic, ~0.1 s to import and build) only when a file
        # is to be parsed, and before the readers are forked, so that they inherit them.
        import engine.reading.validation  # noqa: F401
    with ordered_map(parse_file, to_parse, jobs=jobs, weight=lambda task: task[1]) as parsed:
        yield (
            _from_cache(file, *entry) if entry is not None else next(parsed)
            for file, entry in zip(files, cached, strict=True)
        )


def parse_file(task: tuple[Path, int]) -> ReadFile:
    """Read and parse one file (in a worker process, when there are many). The
    digest is of the bytes parsed, so a file changed meanwhile is cached under
    what was read. The parsed data is dropped (it goes to OPA as `body`): it is
    the largest thing a worker would send back; the lines are packed into one
    text (engine/reading/yaml_loader.py PackedLines), the next largest."""
    results: list[DocumentResult] = []
    pending: list[Pending] = []
    digest = _read_file(task[0], results, pending)
    for item in pending:
        item.data = item.loaded.data = None
        item.loaded.lines = PackedLines.of(item.loaded.lines)
    return ReadFile(digest, results, pending)


def _read_file(file: Path, results: list[DocumentResult], pending: list[Pending]) -> str | None:
    """Read, parse and validate one file into `results` (and its valid documents into
    `pending`); answer the sha256 of the bytes parsed, None when none could be."""
    from engine.reading.validation import validate  # imported by read_files (above)

    name = display_name(file)
    try:
        raw = _read_bounded(file)
    except OSError as exc:
        error = YamlError("yaml.unreadable", 1, detail=exc.strerror or str(exc))
        results.append(_yaml_invalid(name, 0, error))
        return None
    first = len(results)
    loaded_file = load_bytes(raw)
    documents = [d for d in loaded_file.documents if d.data is not None]
    for position, loaded in enumerate(documents):
        body = document_json(loaded.data)  # its digest, and what OPA is sent
        checked = validate(loaded, body)
        result = DocumentResult(
            file=name,
            index=position,
            kind=checked.kind,
            id=checked.id,
            findings=checked.findings,
            title=_metadata_text(loaded.data, "title"),
            opd=_metadata_text(loaded.data, "opd"),
        )
        results.append(result)
        result.digest = text_digest(body)
        if checked.document is not None:
            pending.append(Pending(result, loaded.data, loaded, body))
    if loaded_file.error is not None:
        results.append(_yaml_invalid(name, len(documents), loaded_file.error))
    elif not documents:
        results.append(_yaml_invalid(name, 0, YamlError("yaml.empty", 1)))
    digest = file_digest(raw) if len(raw) <= MAX_FILE_BYTES else None
    for result in results[first:]:
        result.file_digest = digest
    return digest


def _from_cache(file: Path, digest: str, documents: list[CachedDocument]) -> ReadFile:
    results: list[DocumentResult] = []
    pending: list[Pending] = []
    name = display_name(file)
    for doc in documents:
        result = DocumentResult(
            file=name,
            index=doc.index,
            kind=doc.kind,
            id=doc.id,
            digest=doc.digest,
            file_digest=digest,
            title=doc.title,
            opd=doc.opd,
        )
        # The lines still asked for: of a duplicate id, and where an engine failure
        # is reported.
        loaded = LoadedDocument(
            index=doc.index,
            data=None,
            lines={"metadata.id": doc.id_line},
            start_line=doc.start_line,
        )
        results.append(result)
        pending.append(Pending(result, None, loaded, cached=doc.findings))
    return ReadFile(None, results, pending)


def _read_bounded(file: Path) -> bytes:
    # Never more than the loader accepts: a 10 GB file (or /dev/zero) named by
    # mistake or malice is refused as too large without being read whole.
    with file.open("rb") as stream:
        return stream.read(MAX_FILE_BYTES + 1)


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError:
        return 0


def _metadata_text(data: Any, field: str) -> str | None:
    metadata = data.get("metadata") if isinstance(data, dict) else None
    value = metadata.get(field) if isinstance(metadata, dict) else None
    return value if isinstance(value, str) else None


def _yaml_invalid(name: str, index: int, error: YamlError) -> DocumentResult:
    finding = Finding(
        rule=YAML_RULE,
        severity="error",
        path="",
        line=error.line,
        params={"code": error.code, **error.params},
    )
    return DocumentResult(file=name, index=index, kind=None, id=None, findings=[finding])


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def document_json(data: Any) -> str:
    """`canonical_json` of a document as the loader makes it (text keys, finite
    numbers, 64-bit integers), the same text ~3x faster (~45 -> ~14 us a document,
    issue 12): orjson writes what json.dumps writes but for floats below 1e-4,
    which it writes as `0.00001` or `1e-5` where json.dumps writes `1e-05`. So a
    text holding "0.0000" or "e-" (a small float, or only words such as
    "e-KTP") is written again by json.dumps. The document digest, the result
    cache and what OPA is sent stay byte for byte what they were."""
    try:
        body: str = orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode()
    except TypeError:  # an integer beyond 64 bits, a key that is not text
        return canonical_json(data)
    if "e-" in body or "0.0000" in body:
        return canonical_json(data)
    return body


def text_digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
