"""Issuing a signed recommendation letter: how long the desk takes to render the letter
as PDF/A-3b (WeasyPrint), sign it (pyHanko, PAdES B-B with the demo certificate) and
store it, inside the recommendation's transaction.

    python bench/letter_bench.py [--letters 20]

In one process, on a fresh SQLite desk with a managed OPA: `--letters` proposals are
submitted and taken into review; then each `→ recommended` is timed twice over: the whole
transition (the check again under today's waivers, the letter's number, the PDF, the
signature, the audit event) and, inside it, the letter's PDF alone (render + sign +
store, letters/services.py _make_pdf). Prints the median and the slowest. Figures only
(docs/benchmarks.md, "Signed letters"); not a test, not in `make test`.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "fixtures" / "examples" / "usulan-telemedicine.yaml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--letters", type=int, default=20)
    count = parser.parse_args().letters
    warnings.filterwarnings("ignore")
    with tempfile.TemporaryDirectory(prefix="patuh-letter-bench-") as tmp:
        folder = Path(tmp)
        os.environ.update(
            DJANGO_SETTINGS_MODULE="engine.desk.settings",
            PATUH_DATABASE_URL=f"sqlite:///{folder / 'desk.sqlite3'}",
            PATUH_DESK_SECRET_KEY="bench-" + "k" * 60,
            XDG_DATA_HOME=str(folder / "data"),
        )
        from engine.desk.letters.demo_pki import DEMO_PASSWORD, make_demo_pki

        pki = make_demo_pki(folder / "pki")
        os.environ.update(PATUH_DESK_SIGNING_P12=str(pki.signer_p12))
        os.environ.update(PATUH_DESK_SIGNING_PASSWORD=DEMO_PASSWORD)
        from engine.evaluating.opa.binary import find_opa_binary
        from engine.evaluating.opa.managed import managed_opa
        from engine.evaluating.policy_snapshot import private_policies

        with (
            private_policies(None) as policies,
            managed_opa(find_opa_binary(), policies.folder) as url,
        ):
            os.environ["PATUH_DESK_OPA_URL"] = url
            whole, pdf_only = _measure(count)
    print(f"patuh: signed letters on {platform.node()} ({os.cpu_count()} cores), {count} letters")
    print("| step | median | slowest |")
    print("| --- | --- | --- |")
    for name, values in (
        ("`→ recommended`, whole (check again, number, PDF, signature, audit)", whole),
        ("the letter's PDF: render + sign + store", pdf_only),
    ):
        print(f"| {name} | {statistics.median(values):.3f} s | {max(values):.3f} s |")
    return 0


def _measure(count: int) -> tuple[list[float], list[float]]:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from engine.desk.accounts.services import create_user
    from engine.desk.letters import services as letters
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    applicant = create_user("pemohon", "pemohon", "Dinas Kesehatan", None)
    reviewer = create_user("verifikator", "verifikator", None, None)
    head = create_user("pimpinan", "pimpinan", None, None, full_name="Kepala", nip="1979")
    text = EXAMPLE.read_text(encoding="utf-8")
    pending = []
    for n in range(count + 1):  # the first one warms every import up
        body = text.replace("id: DINKES-2026-007", f"id: BENCH-{n:04d}", 1)
        submission = submit(applicant, body.encode("utf-8"), "usulan.yaml").submission
        transition(reviewer, submission.pk, "in_review")
        transition(reviewer, submission.pk, "reviewed", "Telaah selesai.")  # four eyes
        pending.append(submission.pk)

    pdf_times: list[float] = []
    original = letters._make_pdf

    def timed(*args: Any, **kwargs: Any) -> None:
        started = time.perf_counter()
        original(*args, **kwargs)
        pdf_times.append(time.perf_counter() - started)

    letters._make_pdf = timed
    whole = []
    for pk in pending:
        started = time.perf_counter()
        result = transition(head, pk, "recommended")
        whole.append(time.perf_counter() - started)
        assert result.letter is not None and result.letter.signed
    return whole[1:], pdf_times[1:]


if __name__ == "__main__":
    sys.exit(main())
