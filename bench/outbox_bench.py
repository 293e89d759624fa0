"""The mail outbox: 1,000 mails written and sent to a local SMTP server (issue 24, "Speed":
the outbox sends 1,000 mails to a local SMTP in under 30 s).

    PATUH_DESK_SECRET_KEY=KEY python bench/outbox_bench.py [--mails 1000] [--database-url URL]

(KEY: any 50 characters or more; the desk refuses a shorter one. Without --database-url
a fresh SQLite file in a temporary folder.)

One submission's decision told to 1,000 applicants of its OPD (`core.outbox.enqueue`, as
`accounts.recipients.tell` calls it: one mail per person, in their language), then
`send_outbox` (`patuh desk notify`) to an aiosmtpd server started here on 127.0.0.1 with
Django's SMTP backend. Prints the time of each and the number of SMTP connections the
server saw (one per run: the connection is opened once and reused). Figures only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import tempfile
import time
from pathlib import Path
from typing import Any


class CountingMailbox:
    """An aiosmtpd handler that keeps nothing but counts mails and connections."""

    def __init__(self) -> None:
        self.mails = 0
        self.connections: set[int] = set()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.connections.add(session.peer[1])
        self.mails += 1
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mails", type=int, default=1000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    from aiosmtpd.controller import Controller

    box = CountingMailbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    folder = tempfile.mkdtemp(prefix="outbox-bench-")
    url = args.database_url or f"sqlite:///{Path(folder) / 'desk.sqlite3'}"
    os.environ["PATUH_DATABASE_URL"] = url
    os.environ["PATUH_DESK_EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "engine.desk.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from engine.desk.core.outbox import enqueue, send_outbox
    from engine.desk.models import Opd, Profile, Submission

    try:
        call_command("migrate", interactive=False, verbosity=0)
        tag = f"{time.time_ns():x}"
        opd = Opd.objects.create(name=f"Dinas Bench Surel {tag}")
        submission = Submission.objects.create(
            kind="Proposal", document_id=f"BENCH-{tag}", opd=opd, title="Sistem Uji Surel"
        )
        users = User.objects.bulk_create(
            User(username=f"bench.{tag}.{n}", email=f"bench.{tag}.{n}@demo.medan.go.id")
            for n in range(args.mails)
        )
        users = list(User.objects.filter(username__startswith=f"bench.{tag}.").order_by("id"))
        Profile.objects.bulk_create(
            Profile(user=user, role="pemohon", opd=opd, language="en" if n % 2 else "id")
            for n, user in enumerate(users)
        )
        users = list(
            User.objects.filter(pk__in=[u.pk for u in users]).select_related("desk_profile")
        )
        start = time.perf_counter()
        written = enqueue(submission, "returned", users)
        wrote = time.perf_counter() - start
        start = time.perf_counter()
        sent, failed = send_outbox(limit=args.mails)
        took = time.perf_counter() - start
    finally:
        controller.stop()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"database {url.split(':', 1)[0]}; load average {os.getloadavg()[0]:.1f}")
    print(f"  written to the outbox: {written} mails in {wrote:.2f} s")
    print(
        f"  sent: {sent} ({failed} not) in {took:.2f} s ({sent / took:.0f} mails/s);"
        f" the server received {box.mails} over {len(box.connections)} SMTP connection(s)"
    )


if __name__ == "__main__":
    main()
