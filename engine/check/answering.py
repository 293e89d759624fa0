"""Evaluating: the engine each run opens, and OPA's (or the cache's) answers made
findings, each checked against the catalog so that a foreign answer is never trusted.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.cache.store import ResultCache
from engine.catalog.rules import Catalog
from engine.check.options import CheckOptions
from engine.evaluating.completeness import local_rule_ids, require_rules
from engine.evaluating.errors import EngineError
from engine.evaluating.opa.binary import binary_version, find_opa_binary
from engine.evaluating.opa.managed import managed_opa, start_early
from engine.evaluating.provenance import check_policies, local_policy_digest, param_packs
from engine.findings import EngineInfo, Finding, RawFinding, RawResult
from engine.reading.reader import Pending
from engine.resources import policies_dir

if TYPE_CHECKING:
    from engine.evaluating.opa.client import OpaEngine


@contextlib.contextmanager
def open_engine(
    options: CheckOptions,
    info: EngineInfo,
    context: dict[str, Any] | None = None,
    required: frozenset[str] = frozenset(),
) -> Iterator[OpaEngine]:
    """The engine of a run; `context` is what OPA is told besides the documents (the
    packs and the run date, policies/main.rego); `required`, the rule ids its policies
    must implement (the selected packs' catalog)."""
    # Here, not at import: a run answered from the cache alone never needs the
    # client, nor requests and urllib3 (~0.05-0.1 s of a start).
    from engine.evaluating.opa.client import OpaEngine
    from engine.evaluating.opa.client import preload as preload_client

    if options.opa_url:
        with OpaEngine(
            options.opa_url,
            token=options.opa_token,
            timeout=options.opa_timeout,
            ca_cert=options.opa_ca_cert,
            context=context,
        ) as opa:
            info.version = opa.version()
            _verify_policies(opa, options, info, required)
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
        _verify_policies(opa, options, info, required)
        yield opa


def _verify_policies(
    opa: OpaEngine, options: CheckOptions, info: EngineInfo, required: frozenset[str]
) -> None:
    """The digest of the policies OPA evaluates, refused (EngineError) when it is not
    that of the policies patuh would load, unless the user allowed it; and refused
    when they do not implement every rule in `required` (completeness.py)."""
    policy_dir = options.policy_dir or policies_dir()
    if options.policy_source is not None:
        # OPA was started by patuh on its private snapshot of the policies, which
        # nothing else writes (engine/evaluating/policy_snapshot.py): what it loaded is what is
        # hashed here, without asking it for every policy's syntax tree.
        info.policy_digest = info.expected_policy_digest = local_policy_digest(policy_dir)
        require_rules(required, local_rule_ids(policy_dir))
        return
    info.policy_digest = opa.policy_digest(param_packs(policy_dir))
    check_policies(info, policy_dir, options.allow_policy_mismatch)
    require_rules(required, opa.rule_ids)


def start_managed_early(options: CheckOptions) -> None:
    """Begin the managed OPA of this run now, if it has one: called when a file is to
    be parsed (read_files), so that OPA starts (~0.1 s) while patuh loads its document
    models and parses, not after (a changed file under the result cache). open_engine
    then takes it; the run stops it if it was not needed (stop_early). A failure is
    left for open_engine to meet and report."""
    if options.opa_url:
        return
    try:
        binary = find_opa_binary(options.opa_binary)
    except EngineError:
        return
    start_early(binary, options.policy_dir or policies_dir())


@dataclass
class Tally:
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


def answer_from_cache(item: Pending, cache: ResultCache | None, catalog: Catalog) -> bool:
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


def take_answer(item: Pending, answer: RawResult, catalog: Catalog) -> None:
    _answer(item, answer, catalog)
    item.answer = answer
    _forget_details(item)


def _answer(item: Pending, answer: RawResult, catalog: Catalog) -> None:
    item.result.findings = _findings(item, answer.errors, "error", catalog)
    item.result.findings += _findings(item, answer.warnings, "warning", catalog)
    item.result.findings.sort(key=Finding.sort_key)
    item.result.evaluated = True


def _findings(
    item: Pending, raw: list[RawFinding], severity: str, catalog: Catalog
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


def _forget_details(item: Pending) -> None:
    """Once findings have their lines, keep only the lines still asked for."""
    item.loaded.lines = {"metadata.id": item.loaded.line_of("metadata.id")}
    item.body = ""


def engine_of_cached_run(
    cache: ResultCache | None,
    engine: EngineInfo,
    options: CheckOptions,
    required: frozenset[str] = frozenset(),
) -> None:
    """Every document was answered from the cache, so OPA was not started: what it
    said of itself was recorded with the answers (the cache key covers its binary
    and every file it would load), and the policies are checked as after a start.
    Without that record, ask OPA."""
    recorded = cache.engine() if cache is not None else None
    if recorded is None:
        with open_engine(options, engine, required=required):
            return
    engine.version, engine.policy_digest = recorded
    engine.binary = str(find_opa_binary(options.opa_binary))
    policy_dir = options.policy_dir or policies_dir()
    check_policies(engine, policy_dir, options.allow_policy_mismatch)
    require_rules(required, local_rule_ids(policy_dir))
