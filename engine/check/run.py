"""A check, start to end: read, evaluate with OPA, assemble the report.

Fail closed at every step: a document is compliant only when it was read, matched
the schema, was evaluated by OPA in a well-formed answer, and has no counting
finding. Any failure leaves it invalid (exit 2) or not evaluated (exit 3).

The stages live in their own modules: engine/reading/reader.py (files into documents),
engine/check/answering.py (the engine and its answers), engine/check/assembling.py (the
report), engine/check/run_cache.py (the result cache of a run); this module only joins
them. The public names stay importable from here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from engine.cache.store import ResultCache
from engine.catalog.rules import Catalog
from engine.check.answering import (
    Tally,
    answer_from_cache,
    engine_of_cached_run,
    open_engine,
    start_managed_early,
    take_answer,
)
from engine.check.assembling import assemble_report, not_evaluated, refuse_duplicate_ids
from engine.check.options import DEFAULT_BATCH_SIZE, CheckOptions
from engine.check.run_cache import cache_for_run, store_answers
from engine.evaluating.batches import BatchEvaluator
from engine.evaluating.errors import EngineError
from engine.evaluating.opa.managed import stopped_early_after
from engine.evaluating.packs import DEFAULT_PACKS, applied_packs
from engine.evaluating.provenance import today_utc
from engine.evaluating.register import absent_notice
from engine.findings import DocumentResult, EngineInfo, Notice, RawResult, Report
from engine.reading.files import collect_files
from engine.reading.parallel import available_cores
from engine.reading.reader import Pending, ReadFile, canonical_json, read_files, text_digest

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "CheckOptions",
    "canonical_json",
    "run_check",
    "text_digest",
]


def run_check(
    paths: list[str],
    options: CheckOptions,
    catalog: Catalog,
    *,
    register: dict[str, Any] | None = None,
) -> Report:
    """`register`: the desk's register (engine/evaluating/register.py) the rules of references
    check procurements against; None: those rules are not applied, and the report
    says so once when it has a procurement."""
    notices: list[Notice] = []
    # One date for the whole run, fixed before anything is evaluated or cached.
    today = today_utc()
    if options.run_date and options.run_date != today:
        # A PATUH_RUN_DATE left in a CI environment weakens the rules that count from
        # today (an audit "within two years" of a day long past): every report format
        # says so, not only the provenance (issue 20).
        notices.append(
            Notice("notice.run_date_not_today", {"run_date": options.run_date, "today": today})
        )
    options = replace(options, run_date=options.run_date or today)
    with cache_for_run(options, catalog, notices, register=register) as (cache, run_options):
        report = _check(paths, run_options, catalog, cache, notices, register)
    if register is None and (notice := absent_notice(report.results, catalog)) is not None:
        report.notices.append(notice)
    report.run_date = options.run_date
    report.packs = applied_packs(catalog, options.policy_dir)
    return report


def _context(
    options: CheckOptions, catalog: Catalog, register: dict[str, Any] | None
) -> dict[str, Any]:
    """What OPA is told besides the documents (policies/main.rego)."""
    context: dict[str, Any] = {
        "packs": list(catalog.pack_names or DEFAULT_PACKS),
        "run_date": options.run_date,
    }
    if register is not None:
        context["register"] = register
    return context


def _check(
    paths: list[str],
    options: CheckOptions,
    catalog: Catalog,
    cache: ResultCache | None,
    notices: list[Notice],
    register: dict[str, Any] | None,
) -> Report:
    jobs = options.jobs or available_cores()
    results: list[DocumentResult] = []
    pending: list[Pending] = []
    read: list[ReadFile] = []
    progress = options.progress or (lambda stage, done, total: None)
    tally = Tally(progress)
    files = [
        f for f in collect_files(paths) if not options.exclude or f.resolve() not in options.exclude
    ]
    engine = EngineInfo(url=options.opa_url)
    failure: EngineError | None = None

    def answered(item: Pending, answer: RawResult) -> None:
        take_answer(item, answer, catalog)
        tally.add()

    context = _context(options, catalog, register)
    # Every rule of the selected packs must be implemented by what OPA loaded.
    required = frozenset(catalog.rules)

    # Files are read (on several cores when there are many) and their documents
    # evaluated (several batches at once) as they come, so memory holds a few
    # batches rather than every parsed document.
    with (
        stopped_early_after(),  # an OPA begun for a file to parse, if not taken
        read_files(files, cache, jobs, on_parse=lambda: start_managed_early(options)) as parsed,
        BatchEvaluator[Pending](
            lambda: open_engine(options, engine, context, required),
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
                    if answer_from_cache(item, cache, catalog):
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
                    engine_of_cached_run(cache, engine, options, required)
        except EngineError as exc:
            failure = exc
    pending = refuse_duplicate_ids(pending)

    if pending and failure is not None:
        not_evaluated(pending, failure, engine)
    elif pending and cache is not None and engine.policy_digest and not engine.policy_mismatch:
        store_answers(cache, read, engine)
    return assemble_report(results, engine, options, notices)
