"""The audit log cannot be rewritten unseen (issue 21, item 5), on SQLite and on a real
PostgreSQL:

- the database refuses what the earlier triggers let through: SQLite's INSERT OR
  REPLACE (which deletes the old event without firing the DELETE trigger), PostgreSQL's
  TRUNCATE;
- every event is chained to the one before by a hash, and `patuh desk audit verify`
  (the real command) names the event a raw SQL edit changed or removed;
- on PostgreSQL with two roles, as the README sets them up: `patuh desk migrate` as the
  owner, `patuh desk grant ROLE`, and a real `patuh desk serve` as that role, which
  works (uploads at once, their events chained in order) yet can neither change,
  delete nor truncate an event nor switch the triggers off."""

from __future__ import annotations

import subprocess
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from desk.conftest import PASSWORD, Api, People, make_proposal, people_on, use_database
from desk.servers import PATUH, SECRET_KEY


def _desk(*args: str, url: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "PATUH_DESK_SECRET_KEY": SECRET_KEY, "PATUH_LANG": "id"}
    return subprocess.run(
        [str(PATUH), "desk", *args, "--database-url", url],
        capture_output=True,
        text=True,
        input=stdin,
        env=env,
        timeout=300,
    )


def _with_database(url: str, name: str, user: str | None = None) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc if user is None else f"{user}@{parts.netloc.split('@')[-1]}"
    return urlunsplit(parts._replace(path=f"/{name}", netloc=netloc))


def _superuser_sql(url: str, *statements: str, database: str | None = None) -> None:
    import psycopg

    target = _with_database(url, database) if database else url
    with psycopg.connect(target, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)  # type: ignore[arg-type]


def _fresh_database(desk_database: str, tmp_path: Path) -> str:
    """A new, empty desk database beside this test's (a new file, or a new database in
    the same PostgreSQL cluster), migrated by the real command."""
    if desk_database.startswith("sqlite:///"):
        url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    else:
        name = "audit_" + uuid.uuid4().hex[:10]
        _superuser_sql(desk_database, f"CREATE DATABASE {name}")
        url = _with_database(desk_database, name)
    migrated = _desk("migrate", url=url)
    assert migrated.returncode == 0, migrated.stderr
    return url


def _raw_sql(url: str, *statements: str) -> None:
    """SQL past the application, as someone who owns the tables would run it."""
    if url.startswith("sqlite:///"):
        import sqlite3

        conn = sqlite3.connect(url.removeprefix("sqlite://"))
        try:
            for statement in statements:
                conn.execute(statement)
            conn.commit()
        finally:
            conn.close()
        return
    _superuser_sql(url, *statements)


def test_the_database_refuses_replace_and_truncate(people: People) -> None:
    from django.db import DatabaseError, connection, transaction

    from engine.desk.core.audit import audit_events
    from engine.desk.models import AuditEvent
    from engine.desk.submissions.services import submit

    result = submit(people.pemohon.user, make_proposal(), "a.yaml")
    event = audit_events(result.submission).first()
    assert event is not None
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            columns = [row[1] for row in cursor.execute("PRAGMA table_info(desk_auditevent)")]
            chosen = ", ".join("'diubah'" if c == "note" else c for c in columns)
            statement = (
                f"INSERT OR REPLACE INTO desk_auditevent ({', '.join(columns)}) "
                f"SELECT {chosen} FROM desk_auditevent WHERE id = {event.pk}"
            )
        else:
            statement = "TRUNCATE desk_auditevent"
        refused: Exception | None = None
        with transaction.atomic():  # whatever happens, nothing of it stays
            try:
                with transaction.atomic():
                    cursor.execute(statement)
            except DatabaseError as exc:
                refused = exc
            transaction.set_rollback(True)
    assert refused is not None and "append-only" in str(refused), statement
    assert AuditEvent.objects.get(pk=event.pk).note == ""


def test_audit_verify_names_an_event_edited_with_raw_sql(
    desk_database: str, _django: str, tmp_path: Path
) -> None:
    url = _fresh_database(desk_database, tmp_path)
    for name in ("budi", "sari", "rina"):
        made = _desk(
            "adduser", name, "--role", "verifikator", "--password-stdin", url=url, stdin=PASSWORD
        )
        assert made.returncode == 0, made.stderr
    whole = _desk("audit", "verify", url=url)
    assert whole.returncode == 0, whole.stdout + whole.stderr
    assert "Log audit utuh" in whole.stdout and "Kepala rantai: peristiwa #" in whole.stdout

    if url.startswith("sqlite:///"):
        # Whoever can write the file can drop the triggers first.
        edit = [
            "DROP TRIGGER IF EXISTS desk_auditevent_no_update",
            "DROP TRIGGER IF EXISTS desk_auditevent_no_delete",
        ]
        restore: list[str] = []
    else:
        edit = ["ALTER TABLE desk_auditevent DISABLE TRIGGER desk_auditevent_append_only"]
        restore = ["ALTER TABLE desk_auditevent ENABLE TRIGGER desk_auditevent_append_only"]
    _raw_sql(url, *edit, "UPDATE desk_auditevent SET note = 'diubah' WHERE id = 2", *restore)
    edited = _desk("audit", "verify", url=url)
    assert edited.returncode == 1, edited.stdout + edited.stderr
    assert "Log audit RUSAK: 1 dari" in edited.stdout
    assert "peristiwa #2:" in edited.stdout and "peristiwa #3:" not in edited.stdout

    _raw_sql(url, *edit, "DELETE FROM desk_auditevent WHERE id = 4", *restore)
    removed = _desk("audit", "verify", url=url)
    assert removed.returncode == 1
    # The event after the one removed no longer follows the one before it.
    assert "peristiwa #2:" in removed.stdout and "peristiwa #5:" in removed.stdout


def test_two_roles_on_postgresql(
    postgres_url: str,
    _django: str,
    opa_url: str,
    start_desk_server: Callable[..., Any],
) -> None:
    import psycopg
    from psycopg import errors

    tag = uuid.uuid4().hex[:8]
    owner, web, database = f"desk_owner_{tag}", f"desk_web_{tag}", f"desk_roles_{tag}"
    _superuser_sql(
        postgres_url,
        f"CREATE ROLE {owner} LOGIN",
        f"CREATE ROLE {web} LOGIN",
        f"CREATE DATABASE {database} OWNER {owner}",
    )
    _superuser_sql(postgres_url, "REVOKE CREATE ON SCHEMA public FROM PUBLIC", database=database)
    owner_url = _with_database(postgres_url, database, owner)
    web_url = _with_database(postgres_url, database, web)
    assert _desk("migrate", url=owner_url).returncode == 0
    granted = _desk("grant", web, url=owner_url)
    assert granted.returncode == 0, granted.stderr
    assert "REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON desk_auditevent" in (
        granted.stdout
    )

    # The desk, served as the web role, works: users, tokens, uploads at once.
    people = people_on(web_url)
    server = start_desk_server(web_url, opa_url)
    api = Api(server.url)
    answers: list[Any] = []
    start = threading.Barrier(6)

    def upload() -> None:
        start.wait()
        answers.append(api.upload(people.pemohon, make_proposal()))

    threads = [threading.Thread(target=upload) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.status_code for a in answers) == [201] * 6, [a.text for a in answers]

    # The web role can read and append to the audit log, and nothing else.
    with psycopg.connect(web_url, autocommit=True) as conn:
        count = conn.execute("SELECT count(*) FROM desk_auditevent").fetchone()
        assert count is not None and count[0] > 12
        for statement in (
            "UPDATE desk_auditevent SET note = 'diubah'",
            "DELETE FROM desk_auditevent",
            "TRUNCATE desk_auditevent",
        ):
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(statement)  # type: ignore[arg-type]
        with pytest.raises(errors.InsufficientPrivilege, match="must be owner"):
            conn.execute("ALTER TABLE desk_auditevent DISABLE TRIGGER ALL")
    verified = _desk("audit", "verify", url=web_url)
    assert verified.returncode == 0, verified.stdout + verified.stderr

    # Only the owner can switch the trigger off; the chain then names the edit.
    _superuser_sql(
        owner_url.replace(f"{owner}@", "postgres@"),
        "ALTER TABLE desk_auditevent DISABLE TRIGGER desk_auditevent_append_only",
        "UPDATE desk_auditevent SET note = 'diubah' WHERE id = 5",
        "ALTER TABLE desk_auditevent ENABLE TRIGGER desk_auditevent_append_only",
    )
    broken = _desk("audit", "verify", url=web_url)
    assert broken.returncode == 1 and "peristiwa #5:" in broken.stdout, broken.stdout
    use_database(_django)  # the in-process Django back on the session's database
