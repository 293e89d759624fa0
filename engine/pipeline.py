"""A check, start to end: load, validate, evaluate with OPA, report.

Fail closed at every step: a document is compliant only when it was read, matched
the schema, was evaluated by OPA in a well-formed answer, and has no counting
finding. Any failure leaves it invalid (exit 2) or not evaluated (exit 3).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine import __version__
from engine.catalog import Catalog
from engine.files import collect_files, display_name
from engine.findings import (
    ENGINE_RULE,
    SCHEMA_RULE,
    YAML_RULE,
    DocumentResult,
    EngineInfo,
    FailOn,
    Finding,
    Report,
)
from engine.opa.binary import binary_version, find_opa_binary
from engine.opa.client import OpaEngine, RawFinding
from engine.opa.errors import EngineError
from engine.opa.managed import managed_opa
from engine.provenance import check_policies, file_digest, now_utc, policy_mismatch_notice
from engine.resources import policies_dir
from engine.validation import validate
from engine.yaml_loader import MAX_FILE_BYTES, LoadedDocument, YamlError, load_bytes

DEFAULT_BATCH_SIZE = 500


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


@dataclass
class _Pending:
    """A valid document waiting for OPA's answer."""

    result: DocumentResult
    data: dict[str, Any]
    loaded: LoadedDocument = field(repr=False)


def run_check(paths: list[str], options: CheckOptions, catalog: Catalog) -> Report:
    results: list[DocumentResult] = []
    pending: list[_Pending] = []
    progress = options.progress or (lambda stage, done, total: None)
    files = [f for f in collect_files(paths) if f.resolve() not in options.exclude]
    for done, file in enumerate(files, start=1):
        _read_file(file, results, pending)
        progress("read", done, len(files))
    pending = _refuse_duplicate_ids(pending)

    engine = EngineInfo(url=options.opa_url)
    if pending:
        try:
            with _open_engine(options, engine) as opa:
                for start in range(0, len(pending), options.batch_size):
                    batch = pending[start : start + options.batch_size]
                    answers = opa.evaluate([p.data for p in batch])
                    for item, answer in zip(batch, answers, strict=True):
                        item.result.findings = _findings(item, answer.errors, "error", catalog)
                        item.result.findings += _findings(item, answer.warnings, "warning", catalog)
                        item.result.findings.sort(key=Finding.sort_key)
                        item.result.evaluated = True
                    progress("evaluate", start + len(batch), len(pending))
        except EngineError as exc:
            engine.error = exc.detail
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
                        params={"detail": exc.detail},
                    )
                ]
    report = Report(
        results=results,
        engine=engine,
        fail_on=options.fail_on,
        generated_at=now_utc(),
        patuh_version=__version__,
    )
    if engine.policy_mismatch:
        report.notices.append(policy_mismatch_notice(engine))
    return report


@contextlib.contextmanager
def _open_engine(options: CheckOptions, info: EngineInfo) -> Iterator[OpaEngine]:
    if options.opa_url:
        with OpaEngine(
            options.opa_url,
            token=options.opa_token,
            timeout=options.opa_timeout,
            ca_cert=options.opa_ca_cert,
        ) as opa:
            info.version = opa.version()
            info.policy_digest = opa.policy_digest()
            check_policies(
                info, options.policy_dir or policies_dir(), options.allow_policy_mismatch
            )
            yield opa
        return
    binary = find_opa_binary(options.opa_binary)
    info.version = binary_version(binary)
    with (
        managed_opa(binary, options.policy_dir or policies_dir()) as url,
        OpaEngine(url, timeout=options.opa_timeout) as opa,
    ):
        info.policy_digest = opa.policy_digest()
        check_policies(info, options.policy_dir or policies_dir(), options.allow_policy_mismatch)
        yield opa


def _read_file(file: Path, results: list[DocumentResult], pending: list[_Pending]) -> None:
    name = display_name(file)
    try:
        with file.open("rb") as stream:
            # Never more than the loader accepts: a 10 GB file (or /dev/zero) named by
            # mistake or malice is refused as too large without being read whole.
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        error = YamlError("yaml.unreadable", 1, detail=exc.strerror or str(exc))
        results.append(_yaml_invalid(name, 0, error))
        return
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
        result.digest = document_digest(loaded.data)
        if checked.document is not None:
            pending.append(_Pending(result, loaded.data, loaded))
    if loaded_file.error is not None:
        results.append(_yaml_invalid(name, len(documents), loaded_file.error))
    elif not documents:
        results.append(_yaml_invalid(name, 0, YamlError("yaml.empty", 1)))
    for result in results[first:]:
        result.file_digest = file_digest(raw) if len(raw) <= MAX_FILE_BYTES else None


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


def document_digest(data: Any) -> str:
    """sha256 of the document as evaluated (canonical JSON), not of its formatting."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


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
