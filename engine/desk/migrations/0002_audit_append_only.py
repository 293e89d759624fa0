"""The audit log is append-only in the database too: a trigger refuses every UPDATE and
DELETE of an audit event (SQLite and PostgreSQL), whatever code or SQL asks; and a user
with audit events cannot be deleted (deactivate them instead)."""

from __future__ import annotations

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MESSAGE = "the audit log is append-only"


def forwards(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for operation in ("update", "delete"):
            schema_editor.execute(
                f"CREATE TRIGGER desk_auditevent_no_{operation} BEFORE {operation.upper()} "
                f"ON desk_auditevent BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
            )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE FUNCTION desk_auditevent_append_only() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$;"
        )
        schema_editor.execute(
            "CREATE TRIGGER desk_auditevent_append_only BEFORE UPDATE OR DELETE "
            "ON desk_auditevent FOR EACH ROW EXECUTE FUNCTION desk_auditevent_append_only();"
        )


def backwards(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for operation in ("update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS desk_auditevent_no_{operation};")
    elif vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS desk_auditevent_append_only ON desk_auditevent;"
        )
        schema_editor.execute("DROP FUNCTION IF EXISTS desk_auditevent_append_only();")


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
