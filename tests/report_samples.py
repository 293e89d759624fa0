"""Reports for the format tests, made by the real pipeline against the real OPA.

`mixed_report` checks a mix of documents (compliant, non-compliant with errors and
warnings, invalid, several in one file) and then marks one real finding as waived and
adds one notice, as the waiver step (issue #4) will: the formats must already show both.
`engine_failed_report` is a real engine failure: OPA is asked on a closed port.

This module is a helper; it has no test of its own.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

from engine.catalog.rules import Catalog, load_catalog
from engine.check.run import CheckOptions, run_check
from engine.findings import Notice, Report, Waiver

ROOT = Path(__file__).resolve().parent.parent
# Relative to ROOT: the tests run there, so reports name files as a CI job would.
MIXED = [
    "fixtures/examples",
    "fixtures/medan/MDN-PBJ-03.fail.yaml",
    "fixtures/invalid/unknown-field.yaml",
]
WAIVED_RULE = "MDN-HOST-01"  # the ATCS example says it may stay with a waiver
WAIVER = Waiver(
    reference="555/301/Diskominfo/2026",
    approved_by="Kepala Dinas Kominfo Kota Medan",
    expires="2026-12-31",
    justification="Ruang kendali ATCS harus dekat persimpangan; dipindah saat DC baru siap.",
)
# Any message code makes a notice; the waiver step brings its own (unused waiver, ...).
# This one carries markup, so every format is also seen escaping a notice.
NOTICE = Notice(code="yaml.tag", params={"tag": "<script>alert(1)</script>"})


def catalog() -> Catalog:
    return load_catalog()


def mixed_report(opa_url: str) -> Report:
    """The mixed fixtures checked from the repository root (reports name files relative
    to the working directory, as in a CI job), one finding waived, one notice."""
    before = Path.cwd()
    os.chdir(ROOT)
    try:
        report = run_check(MIXED, CheckOptions(opa_url=opa_url), catalog())
    finally:
        os.chdir(before)
    waived = [f for r in report.results for f in r.findings if f.rule == WAIVED_RULE]
    assert len(waived) == 1, "the ATCS example has exactly one MDN-HOST-01 finding"
    waived[0].waived = True
    waived[0].waiver = WAIVER
    report.notices.append(NOTICE)
    report.waivers_digest = "sha256:" + "ab" * 32
    return report


def engine_failed_report() -> Report:
    return run_check(
        ["fixtures/examples/usulan-telemedicine.yaml"],
        CheckOptions(opa_url=f"http://127.0.0.1:{closed_port()}", opa_timeout=5),
        catalog(),
    )


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
