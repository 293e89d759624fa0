"""Issue 20 and 21 (branch deskdata):

- the audit log: each event chained to the one before (`chain`, core/audit_chain.py),
  the events already stored chained here; its time set before it is hashed (no longer
  auto_now_add); and two more guards in the database: on SQLite an INSERT that would
  replace an event (INSERT OR REPLACE deletes the old row without firing the DELETE
  trigger), on PostgreSQL a TRUNCATE;
- one open waiver request per (submission, rule, path), in the database (duplicates
  already stored: the oldest stays open, the others are refused with a note);
- a waiver names what it was asked for (the version's document digest and the value at
  its path; for the waivers already stored: their version's digest) and may be
  withdrawn.

On SQLite, altering the audit table makes Django copy it into a new table, which drops
its triggers: they are made again here (0002's and the new one).
"""

from __future__ import annotations

from typing import Any

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MESSAGE = "the audit log is append-only"
DUPLICATE_NOTE = "Permintaan ganda, ditutup oleh migrasi 0006 (permintaan yang sama masih terbuka)."


def _sqlite_triggers(schema_editor: Any) -> None:
    for operation in ("update", "delete"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS desk_auditevent_no_{operation};")
        schema_editor.execute(
            f"CREATE TRIGGER desk_auditevent_no_{operation} BEFORE {operation.upper()} "
            f"ON desk_auditevent BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
        )


def _no_triggers_back(apps: Any, schema_editor: Any) -> None:
    """Backwards, last: the table copied back by Django lost 0002's triggers."""
    if schema_editor.connection.vendor == "sqlite":
        _sqlite_triggers(schema_editor)


def chain_and_guard(apps: Any, schema_editor: Any) -> None:
    from engine.desk.core.audit_chain import GENESIS, link

    vendor = schema_editor.connection.vendor
    events = apps.get_model("desk", "AuditEvent")
    if vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE desk_auditevent DISABLE TRIGGER desk_auditevent_append_only;"
        )
    else:
        for operation in ("update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS desk_auditevent_no_{operation};")
    previous = GENESIS
    with schema_editor.connection.cursor() as cursor:
        for event in events.objects.order_by("id").iterator(chunk_size=2000):
            previous = link(previous, event)
            cursor.execute(
                "UPDATE desk_auditevent SET chain = %s WHERE id = %s", [previous, event.pk]
            )
    if vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE desk_auditevent ENABLE TRIGGER desk_auditevent_append_only;"
        )
        schema_editor.execute(
            "CREATE TRIGGER desk_auditevent_no_truncate BEFORE TRUNCATE ON desk_auditevent "
            "FOR EACH STATEMENT EXECUTE FUNCTION desk_auditevent_append_only();"
        )
    else:
        _sqlite_triggers(schema_editor)
        # INSERT OR REPLACE deletes the event it replaces without firing the DELETE
        # trigger (SQLite fires it only with recursive_triggers): refuse any insert of an
        # id that is taken.
        schema_editor.execute(
            "CREATE TRIGGER desk_auditevent_no_replace BEFORE INSERT ON desk_auditevent "
            "WHEN EXISTS (SELECT 1 FROM desk_auditevent WHERE id = NEW.id) "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
        )


def unguard(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS desk_auditevent_no_truncate ON desk_auditevent;"
        )
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS desk_auditevent_no_replace;")


def close_duplicate_requests(apps: Any, schema_editor: Any) -> None:
    waivers = apps.get_model("desk", "Waiver")
    seen: set[tuple[int, str, str]] = set()
    for waiver in waivers.objects.filter(status="requested").order_by("requested_at", "id"):
        key = (waiver.submission_id, waiver.rule, waiver.path)
        if key in seen:
            waivers.objects.filter(pk=waiver.pk).update(
                status="refused",
                note=DUPLICATE_NOTE,
                decided_at=django.utils.timezone.now(),
                decided_by_name="migrasi 0006",
            )
        seen.add(key)


def waivers_name_their_version(apps: Any, schema_editor: Any) -> None:
    waivers = apps.get_model("desk", "Waiver")
    versions = apps.get_model("desk", "Version")
    for waiver in waivers.objects.filter(document_digest=""):
        digest = (
            versions.objects.filter(submission_id=waiver.submission_id, number=waiver.version)
            .values_list("document_digest", flat=True)
            .first()
        )
        if digest:
            waivers.objects.filter(pk=waiver.pk).update(document_digest=digest)


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0006_letters_pdf"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, _no_triggers_back),
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
        ),
        migrations.RunPython(chain_and_guard, unguard),
        migrations.AddField(
            model_name="waiver",
            name="document_digest",
            field=models.CharField(blank=True, max_length=80),
        ),
        migrations.AddField(
            model_name="waiver",
            name="value",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="waiver",
            name="withdrawal_note",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="waiver",
            name="withdrawn_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="waiver",
            name="withdrawn_by_name",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AlterField(
            model_name="waiver",
            name="status",
            field=models.CharField(
                choices=[
                    ("requested", "diminta"),
                    ("approved", "disetujui"),
                    ("refused", "ditolak"),
                    ("withdrawn", "ditarik"),
                ],
                default="requested",
                max_length=20,
            ),
        ),
        migrations.RunPython(waivers_name_their_version, migrations.RunPython.noop),
        migrations.RunPython(close_duplicate_requests, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="waiver",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "requested")),
                fields=("submission", "rule", "path"),
                name="one_open_waiver_request",
            ),
        ),
    ]
