"""The result cache (engine/cache/store.py) as one run uses it: opened for the managed OPA
on a private snapshot of the policies, filled with this run's answers at the end.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from engine.cache.folder import CacheUnavailable, default_dir
from engine.cache.key import managed_engine_key
from engine.cache.store import ResultCache
from engine.catalog.rules import Catalog
from engine.check.options import CheckOptions
from engine.evaluating.errors import EngineError
from engine.evaluating.opa.binary import binary_version, find_opa_binary
from engine.evaluating.policy_snapshot import private_policies
from engine.evaluating.provenance import today_utc
from engine.evaluating.register import register_digest
from engine.findings import EngineInfo, Notice
from engine.reading.reader import CachedDocument, ReadFile
from engine.resources import policies_dir


@contextlib.contextmanager
def cache_for_run(
    options: CheckOptions,
    catalog: Catalog,
    notices: list[Notice],
    *,
    register: dict[str, Any] | None = None,
) -> Iterator[tuple[ResultCache | None, CheckOptions]]:
    """The result cache of this run, if any, and the options to run with.

    For the managed OPA, the policies are first copied into a private snapshot
    (engine/evaluating/policy_snapshot.py), unless `options` already name one (the CLI makes it
    early, so that OPA starts on it while patuh imports): the cache key and the
    policy digest are computed from it and the managed OPA loads it, so a policy
    edited during the run cannot have its answers filed under the old key, nor be
    reported as what was evaluated. The cache only for the managed OPA, whose
    policies patuh loads itself: a remote server may change its policies at any
    moment (bundle polling), so its answers are not kept.
    """
    if options.opa_url:
        yield None, options
        return
    with contextlib.ExitStack() as stack:
        if options.policy_source is None:
            policies = stack.enter_context(private_policies(options.policy_dir))
            if policies.source is None:
                # Not readable whole: no cache; OPA is started on the folder and says why.
                yield None, options
                return
            options = replace(options, policy_dir=policies.folder, policy_source=policies.source)
        cache = _open_cache(options, catalog, notices, register) if options.cache else None
        if cache is None:
            yield None, options
            return
        with cache:
            yield cache, options


def _open_cache(
    options: CheckOptions,
    catalog: Catalog,
    notices: list[Notice],
    register: dict[str, Any] | None,
) -> ResultCache | None:
    try:
        binary = find_opa_binary(options.opa_binary)
        key = managed_engine_key(
            catalog=catalog,
            opa_binary=binary,
            opa_version=binary_version(binary),
            policy_dir=options.policy_dir or policies_dir(),
            run_date=options.run_date or today_utc(),
            register=register_digest(register) if register is not None else None,
        )
        return ResultCache.open(default_dir(), key, catalog)
    except (EngineError, OSError):
        return None  # OPA itself will fail, and say why, if a document needs it
    except CacheUnavailable as exc:
        notices.append(Notice("cache.unavailable", {"detail": exc.detail}))
        return None


def store_answers(cache: ResultCache, read: list[ReadFile], engine: EngineInfo) -> None:
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


def _complete(file: ReadFile) -> bool:
    return (
        bool(file.results)
        and len(file.results) == len(file.pending)
        and all(result.evaluated and not result.invalid for result in file.results)
    )
