"""The audit log (engine/desk/core/audit.py), in-process, on SQLite and PostgreSQL:
append-only in the application, in the database and in the admin, a user with events
is never deleted, and its CSV and JSON export."""

from __future__ import annotations

import pytest

from desk.conftest import People, make_proposal, new_id


def test_audit_log_cannot_be_changed_or_deleted(people: People) -> None:
    from engine.desk.core.audit import audit_events
    from engine.desk.models import AuditEvent, AuditImmutable
    from engine.desk.submissions.services import submit

    result = submit(people.pemohon.user, make_proposal(), "a.yaml")
    event = audit_events(result.submission).first()
    assert event is not None and event.action == "upload"
    event.note = "diubah"
    with pytest.raises(AuditImmutable):
        event.save()
    with pytest.raises(AuditImmutable):
        event.delete()
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(note="diubah")
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).note == ""


def test_the_database_refuses_to_change_the_audit_log(people: People) -> None:
    """Not even SQL past the model changes an event: a trigger refuses it (0002)."""
    from django.db import DatabaseError, connection, transaction

    from engine.desk.core.audit import audit_events
    from engine.desk.models import AuditEvent
    from engine.desk.submissions.services import submit

    result = submit(people.pemohon.user, make_proposal(), "a.yaml")
    event = audit_events(result.submission).first()
    assert event is not None
    for sql in (
        "UPDATE desk_auditevent SET note = 'diubah' WHERE id = %s",
        "DELETE FROM desk_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            connection.cursor().execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).note == ""


def test_a_user_with_audit_events_cannot_be_deleted(people: People) -> None:
    from django.db.models import ProtectedError

    from engine.desk.accounts.services import create_user, new_token

    name = "uji." + new_id().lower()
    user = create_user(name, "verifikator", None, "kata-sandi-panjang-1")
    new_token(user)  # an audit event by this user
    with pytest.raises(ProtectedError):
        user.delete()


def test_audit_is_read_only_in_the_admin(people: People) -> None:
    from django.contrib import admin
    from django.test import RequestFactory

    from engine.desk.models import AuditEvent

    request = RequestFactory().get("/admin/")
    request.user = people.admin.user
    model_admin = admin.site._registry[AuditEvent]
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert not model_admin.has_add_permission(request)


def test_audit_export_csv_and_json(people: People) -> None:
    import csv
    import io
    import json

    from engine.desk.core.audit import audit_export
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    result = submit(people.pemohon.user, make_proposal(), "a.yaml")
    transition(people.verifikator.user, result.submission.pk, "in_review")
    transition(people.verifikator.user, result.submission.pk, "returned", "=HYPERLINK(1)")
    rows = list(csv.DictReader(io.StringIO(audit_export(result.submission, "csv"))))
    assert [r["action"] for r in rows] == ["upload", "check", "transition", "transition"]
    assert rows[-1]["note"] == "'=HYPERLINK(1)"  # never a formula in a spreadsheet
    events = json.loads(audit_export(result.submission, "json"))["events"]
    assert events[-1]["note"] == "=HYPERLINK(1)" and events[-1]["to"] == "returned"
