"""The check of an upload: the real patuh engine, exactly as `patuh check` runs it.

The uploaded bytes go through engine.check.run.run_check (the same loader with its
limits, schema, OPA policies, catalog and wording), against one OPA server per desk:
`patuh desk serve` starts a managed OPA before gunicorn forks its workers and hands
them its URL (PATUH_DESK_OPA_URL), or the operator names one with --opa-url. A
process without either (a test, the `demo` command) starts its own managed OPA once.
The desk's own OPA loads a private copy of the policies, which each check hashes
(engine/evaluating/policy_snapshot.py); an OPA the operator names is asked for its policies.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import tempfile
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from engine.catalog.rules import Catalog
from engine.check.run import CheckOptions, run_check
from engine.desk.core.config import OPA_POLICIES_ENV, OPA_URL_ENV
from engine.evaluating.errors import EngineError
from engine.evaluating.opa.binary import find_opa_binary
from engine.evaluating.opa.managed import managed_opa
from engine.evaluating.packs import load_packs, packs_from_env
from engine.evaluating.policy_snapshot import RunPolicies, private_policies
from engine.findings import DocumentResult, Report
from engine.reading.files import display_name
from engine.reading.yaml_loader import MAX_FILE_BYTES
from engine.reporting.render.json_report import build
from engine.resources import policies_dir
from engine.waivers.applying import apply_waivers
from engine.waivers.waiver_file import Waivers, utc_today

_lock = threading.Lock()
_own_opa: tuple[str, RunPolicies] | None = None
_stack = contextlib.ExitStack()


class UploadTooLarge(Exception):
    """More bytes than `patuh check` reads from one file (the loader's 2 MiB)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes, more than {MAX_FILE_BYTES}")
        self.size = size
        self.limit = MAX_FILE_BYTES


class EngineUnavailable(Exception):
    """No OPA to check with: nothing is checked, nothing stored (never "compliant")."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass
class Checked:
    """A check's report, and its JSON answer (`patuh check --format json`) in both
    languages, as stored with a version."""

    report: Report
    answer: dict[str, Any]
    answer_en: dict[str, Any]

    def answer_in(self, lang: str) -> dict[str, Any]:
        return self.answer_en if lang == "en" else self.answer


@cache
def catalog() -> Catalog:
    """The catalog of the desk's rule packs (`patuh desk serve --pack`, PATUH_PACKS;
    default medan): the same packs as `patuh check` with the same setting."""
    return load_packs(packs_from_env())


def desk_opa() -> tuple[str, RunPolicies | None]:
    """The desk's OPA: the one named in the environment, or one started for this
    process (kept until it exits). When it is the desk's own (`patuh desk serve`'s
    or this process's), also the policies it was started on: a private copy, whose
    digest each check computes rather than asking OPA (a listing of every policy's
    syntax tree, 20-100 ms: docs/benchmarks.md). None for an OPA an operator names."""
    global _own_opa
    named = os.environ.get(OPA_URL_ENV)
    if named:
        copied = os.environ.get(OPA_POLICIES_ENV)
        return named, RunPolicies(Path(copied), policies_dir()) if copied else None
    with _lock:
        if _own_opa is None:
            with contextlib.ExitStack() as starting:  # a failed start leaves nothing behind
                policies = starting.enter_context(private_policies(None))
                url = starting.enter_context(
                    managed_opa(find_opa_binary(), policies.folder, shown_as=policies.source)
                )
                _stack.enter_context(starting.pop_all())
            atexit.register(_stack.close)
            _own_opa = (url, policies)
        return _own_opa


def check_bytes(
    raw: bytes,
    filename: str,
    *,
    register: dict[str, Any] | None = None,
    waivers: Waivers | None = None,
) -> Checked:
    """Check one uploaded file; the report names it `filename`, as the user sent it.
    `register`: the desk's register (engine/desk/letters/thread.py), for the rules of
    references (MDN-KOOR-04, MDN-PBJ-08). `waivers` (engine/desk/waivers/served.py) are
    applied as `patuh check --waivers` applies them: after evaluation, judged on
    today's UTC date."""
    if len(raw) > MAX_FILE_BYTES:
        raise UploadTooLarge(len(raw))
    shown = display_name(Path(Path(filename).name or "upload.yaml"))
    try:
        url, policies = desk_opa()
    except EngineError as exc:
        raise EngineUnavailable(exc.detail) from exc
    options = CheckOptions(
        opa_url=url,
        jobs=1,
        cache=False,
        policy_dir=policies.folder if policies is not None else None,
        policy_source=policies.source if policies is not None else None,
    )
    with tempfile.TemporaryDirectory(prefix="patuh-desk-") as folder:
        path = Path(folder) / "upload.yaml"
        path.write_bytes(raw)
        report = run_check([str(path)], options, catalog(), register=register)
    for result in report.results:
        result.file = shown
    # The server's address is the desk's business, not the applicant's.
    report.engine.url = None
    checked = _answered(report)
    return waive(checked, waivers) if waivers is not None else checked


def waive(checked: Checked, waivers: Waivers) -> Checked:
    """`checked` with `waivers` applied as `patuh check --waivers` applies them (after
    evaluation, judged on today's UTC date) and its answers written again. For a
    check made before the waivers were known: an upload learns its document's kind
    and id, so its submission and waivers, only from the check."""
    apply_waivers(checked.report, waivers, utc_today())
    return _answered(checked.report)


def _answered(report: Report) -> Checked:
    return Checked(report, build(report, catalog(), "id"), build(report, catalog(), "en"))


def only_result(checked: Checked) -> DocumentResult | None:
    results = checked.report.results
    return results[0] if len(results) == 1 else None
