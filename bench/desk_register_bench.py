"""The register with many submissions: the dashboard page and the Excel export.

    python bench/desk_register_bench.py [--submissions 5000] [--repeat 5]
                                        [--database sqlite,postgresql]

For each database (SQLite in a temporary file; PostgreSQL from Debian's packages in a
temporary folder, as bench/desk_bench.py starts it) a fresh desk is migrated and filled
with `--submissions` submissions of Kota Medan's OPDs, in every status and waiting time,
each with one or two versions whose stored check answers are REAL answers of the
engine (the rule fixtures of fixtures/medan checked once by a managed OPA, so the
findings span every rule area), and letters for the recommended ones. Then, through
Django's test client (the whole request: middleware, session, view, template):
- GET /register/ as a verifikator (every submission visible), and
- GET /api/v1/export.xlsx with a bearer token (every submission, one row each),
- GET /api/v1/submissions?q=…&page_size=50 (a search, one page; issue 24), and
- GET /?status=&q=… (the queue page's search, one page),
`--repeat` times each after a warm-up: the median and the slowest, and the workbook's
size. Figures only; not a test, not in `make test`.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from desk_bench import postgresql

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "medan"


def fill(count: int) -> tuple[object, str]:
    """`count` submissions with real stored check answers; the verifikator and a token."""
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.utils import timezone

    from engine.desk.accounts.services import create_user, new_token
    from engine.desk.core import checking
    from engine.desk.demo import OPDS
    from engine.desk.models import Letter, Opd, Status, Submission, Version

    call_command("migrate", interactive=False, verbosity=0)
    reviewer = create_user("verifikator", "verifikator", None, None)
    signer = create_user("pimpinan", "pimpinan", None, None)
    uploader = create_user("pemohon", "pemohon", OPDS[0], None)
    token = new_token(reviewer)
    answers = []
    for path in sorted(FIXTURES.glob("*.yaml"))[:40]:
        checked = checking.check_bytes(path.read_bytes(), path.name)
        result = checking.only_result(checked)
        if result is None or result.kind is None:
            continue
        verdict = result.verdict(checked.report.fail_on)
        answers.append((result.kind, path.read_text(), verdict, checked.answer, checked.answer_en))
    opds = [Opd.objects.get_or_create(name=name)[0] for name in OPDS]
    rng = random.Random(2026)
    statuses = [s.value for s in Status]
    now = timezone.now()
    submissions = []
    for number in range(count):
        kind, *_ = rng.choice(answers)
        submissions.append(
            Submission(
                kind=kind,
                document_id=f"BENCH-{number:05d}",
                opd=rng.choice(opds),
                title=f"Pengajuan bangku uji {number}",
                status=rng.choice(statuses),
            )
        )
    made = Submission.objects.bulk_create(submissions, batch_size=500)
    # auto_now: the waiting times are set afterwards, spread over three months.
    for submission in made:
        submission.updated_at = now - timedelta(hours=rng.randint(0, 24 * 90))
    Submission.objects.bulk_update(made, ["updated_at"], batch_size=500)
    versions = []
    for submission in made:
        for number in range(1, rng.choice((1, 2)) + 1):
            kind, text, verdict, answer, answer_en = rng.choice(
                [a for a in answers if a[0] == submission.kind]
            )
            if submission.status == Status.RECOMMENDED:
                verdict = "compliant"
            versions.append(
                Version(
                    submission=submission,
                    number=number,
                    filename="bench.yaml",
                    yaml_text=text,
                    verdict=verdict,
                    report=answer,
                    report_en=answer_en,
                    uploaded_by=uploader,
                )
            )
    Version.objects.bulk_create(versions, batch_size=500)
    latest = {v.submission_id: v for v in Version.objects.order_by("submission_id", "number")}
    letters = []
    for seq, submission in enumerate((s for s in made if s.status == Status.RECOMMENDED), start=1):
        letters.append(
            Letter(
                submission=submission,
                version=latest[submission.pk],
                number=f"555/{seq:04d}/Diskominfo/2026",
                year=2026,
                seq=seq,
                code=f"BENCH{seq:011d}",
                signer=signer,
                signer_name="pimpinan",
                issued_at=now,
                opd_name=submission.opd.name,
                title=submission.title,
                kind=submission.kind,
                document_id=submission.document_id,
                document_digest="sha256:bench",
                policy_digest="sha256:bench",
                catalog_digest="sha256:bench",
            )
        )
    Letter.objects.bulk_create(letters, batch_size=500)
    assert isinstance(reviewer, User)
    return reviewer, token


def timed(call: object, repeat: int) -> tuple[float, float, object]:
    assert callable(call)
    answer = call()  # warm-up: connections, templates, caches
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        answer = call()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), max(seconds), answer


def one(url: str, count: int, repeat: int) -> None:
    """In a process of its own: Django reads its database settings once."""
    from django.test import Client

    client = Client()
    started = time.perf_counter()
    reviewer, token = fill(count)
    filled = time.perf_counter() - started
    client.force_login(reviewer)  # type: ignore[arg-type]

    def dashboard() -> object:
        answer = client.get("/register/")
        assert answer.status_code == 200, answer.status_code
        return answer

    def export() -> object:
        answer = client.get("/api/v1/export.xlsx", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert answer.status_code == 200, answer.status_code
        return answer

    from engine.desk.models import Submission, Version

    def api_search() -> object:
        answer = client.get(
            "/api/v1/submissions?status=&q=kesehatan&page=1&page_size=50",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert answer.status_code == 200, answer.status_code
        return answer

    def queue_search() -> object:
        answer = client.get("/", {"status": "", "q": "kesehatan"})
        assert answer.status_code == 200, answer.status_code
        return answer

    page_median, page_worst, page = timed(dashboard, repeat)
    search_median, search_worst, found = timed(api_search, repeat)
    queue_median, queue_worst, _queue = timed(queue_search, repeat)
    xlsx_median, xlsx_worst, workbook = timed(export, repeat)
    kind = url.split(":", 1)[0]
    print(
        f"{kind:<10} {Submission.objects.count()} submissions, {Version.objects.count()} versions"
        f" (filled in {filled:.1f} s)"
    )
    print(
        f"  GET /register/            median {page_median * 1000:7.0f} ms"
        f"  slowest {page_worst * 1000:7.0f} ms  ({len(page.content) // 1024} KiB HTML)"  # type: ignore[attr-defined]
    )
    print(
        f"  GET /api/v1/submissions?q median {search_median * 1000:7.0f} ms"
        f"  slowest {search_worst * 1000:7.0f} ms  ({found.json()['count']} found, page of 50)"  # type: ignore[attr-defined]
    )
    print(
        f"  GET /?q= (queue page)     median {queue_median * 1000:7.0f} ms"
        f"  slowest {queue_worst * 1000:7.0f} ms"
    )
    print(
        f"  GET /api/v1/export.xlsx   median {xlsx_median * 1000:7.0f} ms"
        f"  slowest {xlsx_worst * 1000:7.0f} ms  ({len(workbook.content) // 1024} KiB)"  # type: ignore[attr-defined]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--submissions", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database", default="sqlite,postgresql")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a database URL: the child's run
    args = parser.parse_args()
    if args.one:
        import django

        django.setup()
        one(args.one, args.submissions, args.repeat)
        return
    print(f"$ python {' '.join(sys.argv)}")
    print(f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}")
    for name in args.database.split(","):
        with tempfile.TemporaryDirectory(prefix="patuh-register-bench-") as folder:
            if name == "sqlite":
                _child(f"sqlite:///{folder}/desk.sqlite3", folder, args)
            elif name == "postgresql":
                with postgresql() as url:
                    _child(url, folder, args)
            else:
                raise SystemExit(f"unknown database {name!r}")


def _child(url: str, folder: str, args: argparse.Namespace) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "engine.desk.settings",
        "PATUH_DATABASE_URL": url,
        "PATUH_DESK_SECRET_KEY": "patuh-register-bench-" + "b" * 40,
        "PATUH_DESK_ALLOWED_HOSTS": "testserver",
        "XDG_DATA_HOME": folder,
    }
    env.pop("PATUH_DESK_OPA_URL", None)  # the child starts its own managed OPA
    command = [sys.executable, __file__, "--one", url]
    command += ["--submissions", str(args.submissions), "--repeat", str(args.repeat)]
    subprocess.run(command, env=env, check=True)


if __name__ == "__main__":
    main()
