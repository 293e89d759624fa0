"""The audit log's hash chain (issue 21): what appending an event costs with the chain
(a lock, the previous event's chain read, a sha256) against a bare insert, and what
`patuh desk audit verify` costs per event.

    python bench/desk_audit_chain_bench.py [--events 5000] [--database sqlite,postgresql]

For each database (SQLite in a temporary file; PostgreSQL from Debian's packages in a
temporary folder, durable settings, as bench/desk_bench.py starts it) a fresh desk is
migrated, then `--events` events are appended one transaction each through
core/audit.py's record() (as the desk appends them), the same number as bare inserts
(the model's save() without the chain), and the chain is verified. Figures only; not a
test, not in `make test`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from desk_bench import postgresql, sqlite

SECRET = "bench-" + "k" * 60


def child(url: str, events: int) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="engine.desk.settings",
        PATUH_DATABASE_URL=url,
        PATUH_DESK_SECRET_KEY=SECRET,
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from engine.desk.core.audit import record
    from engine.desk.core.audit_chain import verify
    from engine.desk.models import AuditEvent

    call_command("migrate", interactive=False, verbosity=0)
    detail = {
        "verdict": "compliant",
        "errors": 0,
        "warnings": 2,
        "policy_digest": "sha256:" + "a" * 64,
    }
    started = time.perf_counter()
    for number in range(events):
        record("check", actor_name=f"bench{number}", version=1, note="catatan", detail=detail)
    chained = time.perf_counter() - started
    started = time.perf_counter()
    for number in range(events):
        with transaction.atomic():
            AuditEvent(
                at=timezone.now(),
                actor_name=f"bare{number}",
                action="check",
                version=1,
                note="catatan",
                detail=detail,
            ).save()
    bare = time.perf_counter() - started
    started = time.perf_counter()
    found = verify()
    verified = time.perf_counter() - started
    print(
        f"  append with the chain: {chained / events * 1000:.3f} ms/event; "
        f"bare insert: {bare / events * 1000:.3f} ms/event; "
        f"audit verify: {verified:.2f} s for {found.events} events "
        f"({verified / found.events * 1e6:.1f} µs/event; {len(found.broken)} bare events named)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--database", default="sqlite,postgresql")
    parser.add_argument("--url")
    args = parser.parse_args()
    if args.url:
        child(args.url, args.events)
        return
    for kind in args.database.split(","):
        with (sqlite if kind == "sqlite" else postgresql)() as url:
            print(f"{kind}:", flush=True)
            subprocess.run(
                [sys.executable, __file__, "--url", url, "--events", str(args.events)], check=True
            )


if __name__ == "__main__":
    main()
