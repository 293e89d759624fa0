"""A check, start to end: load, validate, evaluate with OPA, report.

Fail closed at every step: a document is compliant only when it was read, matched
the schema, was evaluated by OPA in a well-formed answer, and has no counting
finding. Any failure leaves it invalid (exit 2) or not evaluated (exit 3).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from engine import __version__
from engine.cache import (
    CachedDocument,
    CacheUnavailable,
    ResultCache,
    default_dir,
    managed_engine_key,
    snapshot_policies,
)
from engine.catalog import Catalog
from engine.evaluation import BatchEvaluator
from engine.files import collect_files, display_name
from engine.findings import (
    ENGINE_RULE,
    SCHEMA_RULE,
    YAML_RULE,
    DocumentResult,
    EngineInfo,
    FailOn,
    Finding,
    Notice,
    Report,
)
from engine.opa.binary import binary_version, find_opa_binary
from engine.opa.client import OpaEngine, RawFinding, RawResult
from engine.opa.client import preload as preload_client
from engine.opa.errors import EngineError
from engine.opa.managed import managed_opa
from engine.packs import DEFAULT_PACKS, applied_packs
from engine.parallel import available_cores, ordered_map
from engine.provenance import (
    check_policies,
    file_digest,
    now_utc,
    param_packs,
    policy_mismatch_notice,
    today_utc,
)
from engine.resources import policies_dir
from engine.validation import validate
from engine.yaml_loader import MAX_FILE_BYTES, LoadedDocument, YamlError, load_bytes

DEFAULT_BATCH_SIZE = 250


@dataclass
class CheckOptions:
    fail_on: FailOn = "error"
    opa_url: str | None = None
    opa_token: str | None = None
    opa_ca_cert: str | None = None
    opa_timeout: float = 60.0
    opa_binary: str | None = None
    policy_dir: Path | None = None
    batch_size: int = DEFAULT_BATCH_SIZE
    # Told (stage "read" or "evaluate", done, total) as the check goes; see engine/progress.py.
    progress: Callable[[str, int, int], None] | None = None
    # Evaluate even when the server's policies differ from the ones patuh would load
    # (recorded in the report); without it such a server is refused (exit 3).
    allow_policy_mismatch: bool = False
    # Files never read as documents: the waiver file, when it lies among the paths.
    exclude: frozenset[Path] = frozenset()
    # Worker processes reading files, and OPA queries at once; 0: one per core.
    jobs: int = 0
    # Reuse the answers of earlier runs for unchanged documents (engine/cache.py).
    cache: bool = True
    # The folder `policy_dir` is a private snapshot of, for messages (set by the run).
    policy_source: Path | None = None
    # The day the rules that depend on today count from (YYYY-MM-DD); None: today
    # (UTC). Recorded in the report, and part of the cache key.
    run_date: str | None = None


@dataclass
class _Pending:
    """A valid document waiting for OPA's answer."""

    result: DocumentResult
    data: dict[str, Any] | None  # None once serialised into `body`
    loaded: LoadedDocument = field(repr=False)
    body: str = field(default="", repr=False)  # the document as sent to OPA (JSON)
    answer: RawResult | None = field(default=None, repr=False)  # OPA's, in this run
    cached: list[Finding] | None = None  # from the result cache, for an unchanged file


def run_check(paths: list[str], options: CheckOptions, catalog: Catalog) -> Report:
    notices: list[Notice] = []
    # One date for the whole run, fixed before anything is evaluated or cached.
    options = replace(options, run_date=options.run_date or today_utc())
    with _cache_for_run(options, catalog, notices) as (cache, run_options):
        report = _check(paths, run_options, catalog, cache, notices)
    report.run_date = options.run_date
    report.packs = applied_packs(catalog, options.policy_dir)
    return report


def _context(options: CheckOptions, catalog: Catalog) -> dict[str, Any]:
    """What OPA is told besides the documents (policies/main.rego)."""
    return {"packs": list(catalog.pack_names or DEFAULT_PACKS), "run_date": options.run_date}


def _check(
    paths: list[str],
    options: CheckOptions,
    catalog: Catalog,
    cache: ResultCache | None,
    notices: list[Notice],
) -> Report:
    jobs = options.jobs or available_cores()
    results: list[DocumentResult] = []
    pending: list[_Pending] = []
    read: list[_ReadFile] = []
    progress = options.progress or (lambda stage, done, total: None)
    tally = _Tally(progress)
    files = [
        f for f in collect_files(paths) if not options.exclude or f.resolve() not in options.exclude
    ]
    engine = EngineInfo(url=options.opa_url)
    failure: EngineError | None = None

    def answered(item: _Pending, answer: RawResult) -> None:
        _answered(item, answer, catalog)
        tally.add()

    context = _context(options, catalog)

    # Files are read (on several cores when there are many) and their documents
    # evaluated (several batches at once) as they come, so memory holds a few
    # batches rather than every parsed document.
    with (
        _read_files(files, cache, jobs) as parsed,
        BatchEvaluator[_Pending](
            lambda: _open_engine(options, engine, context),
            batch_size=options.batch_size,
            jobs=jobs,
            on_answer=answered,
        ) as evaluator,
    ):
        firsts: set[tuple[str | None, str | None]] = set()
        for done, file in enumerate(parsed, start=1):
            read.append(file)
            results += file.results
            pending += file.pending
            progress("read", done, len(files))
            for item in file.pending:
                key = (item.result.kind, item.result.id)
                if key in firsts or failure is not None:
                    continue  # a duplicate id: refused below, never evaluated
                firsts.add(key)
                try:
                    if _answer_from_cache(item, cache, catalog):
                        tally.add()
                    else:
                        evaluator.add(item, item.body)
                except EngineError as exc:
                    failure = exc  # read the other files still: their own findings count
        tally.known(len(firsts))
        try:
            if failure is None:
                evaluator.finish()
                if pending and not evaluator.opened:
                    _engine_of_cached_run(cache, engine, options)
        except EngineError as exc:
            failure = exc
    pending = _refuse_duplicate_ids(pending)

    if pending and failure is not None:
        engine.error = failure.detail
        engine.error_code, engine.error_params = failure.code, failure.params
        for item in pending:
            # Whatever was answered before the failure is dropped too: a run
            # that broke half-way is not a run to trust for any document.
            item.result.evaluated = False
            item.result.findings = [
                Finding(
                    rule=ENGINE_RULE,
                    severity="error",
                    path="",
                    line=item.loaded.start_line,
                    params={
                        "detail": failure.detail,
                        "reason": failure.code,
                        **failure.params,
                    },
                )
            ]
    elif pending and cache is not None and engine.policy_digest and not engine.policy_mismatch:
        _store(cache, read, engine)
    report = Report(
        results=results,
        engine=engine,
        fail_on=options.fail_on,
        generated_at=now_utc(),
        patuh_version=__version__,
        notices=notices,
    )
    if engine.policy_mismatch:
        report.notices.append(policy_mismatch_notice(engine))
    return report


@contextlib.contextmanager
def _open_engine(
    options: CheckOptions, info: EngineInfo, context: dict[str, Any] | None = None
) -> Iterator[OpaEngine]:
    if options.opa_url:
        with OpaEngine(
            options.opa_url,
            token=options.opa_token,
            timeout=options.opa_timeout,
            ca_cert=options.opa_ca_cert,
            context=context,
        ) as opa:
            info.version = opa.version()
            info.policy_digest = opa.policy_digest(
                param_packs(options.policy_dir or policies_dir())
            )
            check_policies(
                info, options.policy_dir or policies_dir(), options.allow_policy_mismatch
            )
            yield opa
        return
    binary = find_opa_binary(options.opa_binary)
    info.binary = str(binary)
    preload_client()  # imported while `opa version` runs and OPA starts
    info.version = binary_version(binary)
    with (
        managed_opa(
            binary, options.policy_dir or policies_dir(), shown_as=options.policy_source
        ) as url,
        OpaEngine(url, timeout=options.opa_timeout, context=context) as opa,
    ):
        info.policy_digest = opa.policy_digest(param_packs(options.policy_dir or policies_dir()))
        check_policies(info, options.policy_dir or policies_dir(), options.allow_policy_mismatch)
        yield opa


def _read_file(file: Path, results: list[DocumentResult], pending: list[_Pending]) -> str | None:
    """Read, parse and validate one file into `results` (and its valid documents into
    `pending`); answer the sha256 of the bytes parsed, None when none could be."""
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
        checked = validate(loaded)
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
        body = canonical_json(loaded.data)  # its digest, and what OPA is sent
        result.digest = text_digest(body)
        if checked.document is not None:
            pending.append(_Pending(result, loaded.data, loaded, body))
    if loaded_file.error is not None:
        results.append(_yaml_invalid(name, len(documents), loaded_file.error))
    elif not documents:
        results.append(_yaml_invalid(name, 0, YamlError("yaml.empty", 1)))
    digest = file_digest(raw) if len(raw) <= MAX_FILE_BYTES else None
    for result in results[first:]:
        result.file_digest = digest
    return digest


def _refuse_duplicate_ids(pending: list[_Pending]) -> list[_Pending]:
    """An id is unique per kind (documents.md): a second document with the same kind
    and id is invalid, so two copies of a descriptor cannot hide which one counts."""
    first: dict[tuple[str | None, str | None], _Pending] = {}
    kept = []
    for item in pending:
        key = (item.result.kind, item.result.id)
        if key not in first:
            first[key] = item
            kept.append(item)
            continue
        original = first[key]
        where = f"{original.result.file}:{original.loaded.line_of('metadata.id')}"
        item.result.findings.append(
            Finding(
                rule=SCHEMA_RULE,
                severity="error",
                path="metadata.id",
                line=item.loaded.line_of("metadata.id"),
                params={
                    "code": "schema.duplicate_id",
                    "kind": item.result.kind,
                    "id": item.result.id,
                    "first": where,
                },
            )
        )
    return kept


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


def text_digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _findings(
    item: _Pending, raw: list[RawFinding], severity: str, catalog: Catalog
) -> list[Finding]:
    """Check every finding OPA returned against the catalog: an unknown rule, a rule
    answered at the wrong severity or for a kind it does not apply to means the
    server runs policies we do not know, so the answer is not trusted."""
    findings = []
    kind = item.result.kind
    for finding in raw:
        rule = catalog.rules.get(finding.rule)
        if rule is None:
            raise EngineError(f"the policies answered rule {finding.rule!r}, not in the catalog")
        if rule.severity != severity:
            raise EngineError(
                f"the policies answered {finding.rule} as {severity}, the catalog says "
                f"{rule.severity}"
            )
        if kind not in rule.applies_to:
            raise EngineError(f"the policies applied {finding.rule} to a {kind}")
        findings.append(
            Finding(
                rule=finding.rule,
                severity=rule.severity,
                path=finding.path,
                line=item.loaded.line_of(finding.path),
                params=finding.params,
            )
        )
    return findings


def _answer(item: _Pending, answer: RawResult, catalog: Catalog) -> None:
    item.result.findings = _findings(item, answer.errors, "error", catalog)
    item.result.findings += _findings(item, answer.warnings, "warning", catalog)
    item.result.findings.sort(key=Finding.sort_key)
    item.result.evaluated = True


# --- reading many files, and the result cache (engine/cache.py) ----------------------
@dataclass
class _ReadFile:
    """One file's documents. `digest` (of the bytes read) is set when the file was
    read and parsed in this run, None when answered whole from the cache or
    unreadable."""

    digest: str | None
    results: list[DocumentResult]
    pending: list[_Pending]


@dataclass
class _Tally:
    """Documents answered so far (by OPA or the cache), told to `progress` once the
    number to answer is known: when every file has been read."""

    progress: Callable[[str, int, int], None]
    done: int = 0
    total: int | None = None

    def add(self) -> None:
        self.done += 1
        if self.total is not None:
            self.progress("evaluate", self.done, self.total)

    def known(self, total: int) -> None:
        self.total = total
        self.progress("evaluate", self.done, total)


@contextlib.contextmanager
def _cache_for_run(
    options: CheckOptions, catalog: Catalog, notices: list[Notice]
) -> Iterator[tuple[ResultCache | None, CheckOptions]]:
    """The result cache of this run, if any, and the options to run with.

    Only for the managed OPA, whose policies patuh loads itself: a remote server
    may change its policies at any moment (bundle polling), so its answers are not
    kept. With the cache, the policies are first copied into a private snapshot;
    the cache key is computed from it and the managed OPA loads it, so a policy
    edited during the run cannot have its answers filed under the old key.
    """
    if not options.cache or options.opa_url:
        yield None, options
        return
    source = options.policy_dir or policies_dir()
    with tempfile.TemporaryDirectory(prefix="patuh-policies-") as private:
        try:
            snapshot = snapshot_policies(source, Path(private) / "policies")
        except OSError:
            # Not readable whole: no cache; OPA is started on the folder and says why.
            yield None, options
            return
        run_options = replace(options, policy_dir=snapshot, policy_source=source)
        cache = _open_cache(run_options, catalog, notices)
        if cache is None:
            yield None, options
            return
        with cache:
            yield cache, run_options


def _open_cache(
    options: CheckOptions, catalog: Catalog, notices: list[Notice]
) -> ResultCache | None:
    try:
        binary = find_opa_binary(options.opa_binary)
        key = managed_engine_key(
            catalog=catalog,
            opa_binary=binary,
            opa_version=binary_version(binary),
            policy_dir=options.policy_dir or policies_dir(),
            run_date=options.run_date or today_utc(),
        )
        return ResultCache.open(default_dir(), key, catalog)
    except (EngineError, OSError):
        return None  # OPA itself will fail, and say why, if a document needs it
    except CacheUnavailable as exc:
        notices.append(Notice("cache.unavailable", {"detail": exc.detail}))
        return None


@contextlib.contextmanager
def _read_files(
    files: list[Path], cache: ResultCache | None, jobs: int
) -> Iterator[Iterator[_ReadFile]]:
    """Every file's documents, in order. A file whose bytes are in the cache comes
    from its entry; the others are parsed and validated, on several cores when they
    are many (the worker processes start here, before any thread does)."""
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
    with ordered_map(_parse_file, to_parse, jobs=jobs, weight=lambda task: task[1]) as parsed:
        yield (
            _from_cache(file, *entry) if entry is not None else next(parsed)
            for file, entry in zip(files, cached, strict=True)
        )


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


def _parse_file(task: tuple[Path, int]) -> _ReadFile:
    """Read and parse one file (in a worker process, when there are many). The
    digest is of the bytes parsed, so a file changed meanwhile is cached under
    what was read. The parsed data is dropped (it goes to OPA as `body`): it is
    the largest thing a worker would send back."""
    results: list[DocumentResult] = []
    pending: list[_Pending] = []
    digest = _read_file(task[0], results, pending)
    for item in pending:
        item.data = item.loaded.data = None
    return _ReadFile(digest, results, pending)


def _from_cache(file: Path, digest: str, documents: list[CachedDocument]) -> _ReadFile:
    results: list[DocumentResult] = []
    pending: list[_Pending] = []
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
        pending.append(_Pending(result, None, loaded, cached=doc.findings))
    return _ReadFile(None, results, pending)


def _answer_from_cache(item: _Pending, cache: ResultCache | None, catalog: Catalog) -> bool:
    """Answer `item` from the cache if it can."""
    if item.cached is not None:
        item.result.findings = list(item.cached)
        item.result.evaluated = True
        return True
    answer = cache.document(item.result.digest or "") if cache is not None else None
    if answer is None:
        return False
    try:
        _answer(item, answer, catalog)
    except EngineError:  # an entry that does not fit the catalog: ask OPA instead
        item.result.findings = []
        item.result.evaluated = False
        return False
    _forget_details(item)
    return True


def _answered(item: _Pending, answer: RawResult, catalog: Catalog) -> None:
    _answer(item, answer, catalog)
    item.answer = answer
    _forget_details(item)


def _forget_details(item: _Pending) -> None:
    """Once findings have their lines, keep only the lines still asked for."""
    item.loaded.lines = {"metadata.id": item.loaded.line_of("metadata.id")}
    item.body = ""


def _engine_of_cached_run(
    cache: ResultCache | None, engine: EngineInfo, options: CheckOptions
) -> None:
    """Every document was answered from the cache, so OPA was not started: what it
    said of itself was recorded with the answers (the cache key covers its binary
    and every file it would load), and the policies are checked as after a start.
    Without that record, ask OPA."""
    recorded = cache.engine() if cache is not None else None
    if recorded is None:
        with _open_engine(options, engine):
            return
    engine.version, engine.policy_digest = recorded
    engine.binary = str(find_opa_binary(options.opa_binary))
    check_policies(engine, options.policy_dir or policies_dir(), options.allow_policy_mismatch)


def _store(cache: ResultCache, read: list[_ReadFile], engine: EngineInfo) -> None:
    """Keep OPA's answers of this run, and the whole results of each file whose
    documents were all valid and evaluated."""
    for file in read:
        for item in file.pending:
            if item.answer is not None and item.result.digest is not None:
                cache.add_document(item.result.digest, item.answer)
        if file.digest is not None and _complete(file):
            cache.add_file(
                file.digest,
                [
                    CachedDocument(
                        index=item.result.index,
                        kind=item.result.kind or "",
                        id=item.result.id or "",
                        digest=item.result.digest or "",
                        start_line=item.loaded.start_line,
                        id_line=item.loaded.line_of("metadata.id"),
                        findings=item.result.findings,
                        title=item.result.title,
                        opd=item.result.opd,
                    )
                    for item in file.pending
                ],
            )
    cache.save(engine.version, engine.policy_digest or "")


def _complete(file: _ReadFile) -> bool:
    return (
        bool(file.results)
        and len(file.results) == len(file.pending)
        and all(result.evaluated and not result.invalid for result in file.results)
    )
