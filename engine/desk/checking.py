"""The check of an upload: the real patuh engine, exactly as `patuh check` runs it.

The uploaded bytes go through engine.pipeline.run_check (the same loader with its
limits, schema, OPA policies, catalog and wording), against one OPA server per desk:
`patuh desk serve` starts a managed OPA before gunicorn forks its workers and hands
them its URL (PATUH_DESK_OPA_URL), or the operator names one with --opa-url. A
process without either (a test, the `demo` command) starts its own managed OPA once.
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

from engine.catalog import Catalog
from engine.desk.config import OPA_URL_ENV
from engine.files import display_name
from engine.findings import DocumentResult, Report
from engine.opa.binary import find_opa_binary
from engine.opa.errors import EngineError
from engine.opa.managed import managed_opa
from engine.packs import load_packs, packs_from_env
from engine.pipeline import CheckOptions, run_check
from engine.render.json_report import build
from engine.resources import policies_dir
from engine.waivers import Waivers, apply_waivers, utc_today
from engine.yaml_loader import MAX_FILE_BYTES

_lock = threading.Lock()
_own_opa: str | None = None
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


def opa_url() -> str:
    """The desk's OPA: the one named in the environment, or one started for this
    process (kept until it exits)."""
    global _own_opa
    named = os.environ.get(OPA_URL_ENV)
    if named:
        return named
    with _lock:
        if _own_opa is None:
            _own_opa = _stack.enter_context(managed_opa(find_opa_binary(), policies_dir()))
            atexit.register(_stack.close)
        return _own_opa


def check_bytes(
    raw: bytes,
    filename: str,
    *,
    register: dict[str, Any] | None = None,
    waivers: Waivers | None = None,
) -> Checked:
    """Check one uploaded file; the report names it `filename`, as the user sent it.
    `register`: the desk's register (engine/desk/thread.py), for the rules of
    references (MDN-KOOR-04, MDN-PBJ-08). `waivers` (engine/desk/waiving.py) are
    applied as `patuh check --waivers` applies them: after evaluation, judged on
    today's UTC date."""
    if len(raw) > MAX_FILE_BYTES:
        raise UploadTooLarge(len(raw))
    shown = display_name(Path(Path(filename).name or "upload.yaml"))
    try:
        url = opa_url()
    except EngineError as exc:
        raise EngineUnavailable(exc.detail) from exc
    options = CheckOptions(opa_url=url, jobs=1, cache=False)
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
