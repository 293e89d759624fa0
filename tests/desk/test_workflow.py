"""The workflow in services.py, in-process, on SQLite and PostgreSQL: versions and
their findings delta, fail-closed recommendation, audit log immutability, users."""

from __future__ import annotations

from typing import Any

import pytest

from desk.conftest import People, make_proposal, new_id


def test_findings_delta_and_diff_between_versions(people: People) -> None:
    from engine.desk import services

    doc = new_id()
    first = services.submit(
        people.pemohon.user, make_proposal(doc, hosting="opd_server_room"), "a.yaml"
    )
    second = services.submit(people.pemohon.user, make_proposal(doc), "a.yaml")
    assert (first.version.number, second.version.number) == (1, 2)
    assert [f["rule"] for f in services.findings_delta(first.version).introduced] == ["MDN-HOST-01"]
    delta = services.findings_delta(second.version)
    assert [f["rule"] for f in delta.fixed] == ["MDN-HOST-01"] and delta.introduced == []
    diff = services.version_diff(first.version, second.version)
    assert "-    location: opd_server_room" in diff
    assert "+    location: diskominfo_datacenter" in diff
    assert second.version.report_in("en")["results"][0]["verdict"] == "compliant"
    assert second.version.policy_digest.startswith("sha256:")
    assert second.version.catalog_digest.startswith("sha256:")
    assert second.version.opa_version


def test_engine_failure_is_stored_and_blocks_recommendation(
    people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fault injected on purpose: the desk's OPA is a closed port. The version is kept
    with verdict `error`, and never becomes recommendable (fail closed)."""
    from engine.desk import services

    monkeypatch.setenv("PATUH_DESK_OPA_URL", "http://127.0.0.1:9")
    result = services.submit(people.pemohon.user, make_proposal(), "a.yaml")
    assert result.version.verdict == "error"
    assert result.checked.answer["engine"]["error"]
    monkeypatch.undo()
    services.transition(people.verifikator.user, result.submission.pk, "in_review")
    with pytest.raises(services.NotCompliant):
        services.transition(people.pimpinan.user, result.submission.pk, "recommended")


def test_unknown_verdict_blocks_recommendation(people: People) -> None:
    from engine.desk import services
    from engine.desk.models import Version

    result = services.submit(people.pemohon.user, make_proposal(), "a.yaml")
    # A verdict this code has never heard of (say, from a later patuh) is not "compliant".
    Version.objects.filter(pk=result.version.pk).update(verdict="compliant?")
    services.transition(people.verifikator.user, result.submission.pk, "in_review")
    with pytest.raises(services.NotCompliant):
        services.transition(people.pimpinan.user, result.submission.pk, "recommended")
    # Back to a verdict the pages know: the other tests (the browser's queue, say) share
    # this database, in whatever order xdist runs them.
    Version.objects.filter(pk=result.version.pk).update(verdict=result.version.verdict)


def test_pokja_reviews_procurements_only(people: People) -> None:
    from engine.desk import services

    proposal = services.submit(people.pemohon.user, make_proposal(), "a.yaml").submission
    assert not services.visible_submissions(people.pokja.user).filter(pk=proposal.pk).exists()
    with pytest.raises(services.NotFound):
        services.get_submission_for(people.pokja.user, proposal.pk)
    assert services.allowed_transitions(people.verifikator.user, proposal) == ["in_review"]
    assert services.allowed_transitions(people.pemohon.user, proposal) == []


def test_queue_is_oldest_first_and_filtered(people: People) -> None:
    from engine.desk import services

    made = [
        services.submit(people.pemohon.user, make_proposal(), "a.yaml").submission for _ in range(2)
    ]
    queue = list(services.queue(people.verifikator.user, status="submitted", kind="Proposal"))
    positions = [queue.index(s) for s in made]
    assert positions[0] < positions[1]
    assert all(s.status == "submitted" for s in queue)
    assert made[0] not in services.queue(people.verifikator.user, opd="Dinas Pendidikan")


def test_audit_log_cannot_be_changed_or_deleted(people: People) -> None:
    from engine.desk import services
    from engine.desk.models import AuditEvent, AuditImmutable

    result = services.submit(people.pemohon.user, make_proposal(), "a.yaml")
    event = services.audit_events(result.submission).first()
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

    from engine.desk import services
    from engine.desk.models import AuditEvent

    result = services.submit(people.pemohon.user, make_proposal(), "a.yaml")
    event = services.audit_events(result.submission).first()
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

    from engine.desk import services

    name = "uji." + new_id().lower()
    user = services.create_user(name, "verifikator", None, "kata-sandi-panjang-1")
    services.new_token(user)  # an audit event by this user
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

    from engine.desk import services

    result = services.submit(people.pemohon.user, make_proposal(), "a.yaml")
    services.transition(people.verifikator.user, result.submission.pk, "in_review")
    services.transition(people.verifikator.user, result.submission.pk, "returned", "=HYPERLINK(1)")
    rows = list(csv.DictReader(io.StringIO(services.audit_export(result.submission, "csv"))))
    assert [r["action"] for r in rows] == ["upload", "check", "transition", "transition"]
    assert rows[-1]["note"] == "'=HYPERLINK(1)"  # never a formula in a spreadsheet
    events = json.loads(services.audit_export(result.submission, "json"))["events"]
    assert events[-1]["note"] == "=HYPERLINK(1)" and events[-1]["to"] == "returned"


def test_passwords_are_hashed_with_argon2(people: People) -> None:
    from django.contrib.auth.models import User

    stored = User.objects.get(username=people.pemohon.username).password
    assert stored.startswith("argon2$argon2id$")
    assert people.pemohon.password not in stored


def test_tokens_are_stored_as_hashes(people: People) -> None:
    from engine.desk import services
    from engine.desk.models import ApiToken

    token = services.new_token(people.verifikator.user)
    assert not ApiToken.objects.filter(digest=token).exists()
    assert all(token not in row.digest for row in ApiToken.objects.all())
    assert services.user_for_token(token) == people.verifikator.user
    assert services.user_for_token(token[:-1]) is None


def test_user_changes_and_failed_logins_are_audited(people: People, desk_db: str) -> None:
    from django.test import Client

    from engine.desk import services
    from engine.desk.models import AuditEvent

    name = "uji." + new_id().lower()
    services.create_user(name, "verifikator", None, "kata-sandi-panjang-1")
    assert AuditEvent.objects.filter(action="user_created", detail__username=name).exists()
    Client().post("/admin/login/", {"username": name, "password": "salah"})
    assert AuditEvent.objects.filter(action="login_failed", actor_name=name).exists()


def test_letter_pattern_is_configurable(people: People) -> None:
    from engine.desk import services
    from engine.desk.models import DeskSettings

    assert services.valid_letter_pattern("555/{seq:03d}/Diskominfo/{year}")
    assert not services.valid_letter_pattern("555/{year}")  # would repeat
    assert not services.valid_letter_pattern("{seq.__class__}")
    settings, _ = DeskSettings.objects.get_or_create(pk=1)
    settings.letter_pattern = "REK-{year}-{seq:05d}"
    settings.save()
    try:
        result = services.submit(people.pemohon.user, make_proposal(), "a.yaml")
        services.transition(people.verifikator.user, result.submission.pk, "in_review")
        letter: Any = services.transition(
            people.pimpinan.user, result.submission.pk, "recommended"
        ).letter
        assert letter.number == f"REK-{letter.year}-{letter.seq:05d}"
        assert letter.signer_name == "Uji pimpinan" and len(letter.code) == 16
        assert services.verify_letter(letter.code.lower()) == letter
    finally:
        settings.delete()


def test_who_may_upload_what(people: People) -> None:
    from engine.desk import services

    submission = services.submit(people.pemohon.user, make_proposal(), "a.yaml").submission
    assert services.may_submit(people.pemohon.user)
    assert not services.may_submit(people.verifikator.user)
    assert services.accepts_version(people.pemohon.user, submission)
    assert not services.accepts_version(people.pemohon2.user, submission)
    services.transition(people.verifikator.user, submission.pk, "in_review")
    submission.refresh_from_db()
    assert not services.accepts_version(people.pemohon.user, submission)


def test_admin_changes_are_audited_with_the_administrator(people: People) -> None:
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.test import Client

    from engine.desk import services
    from engine.desk.models import AuditEvent

    name = "uji." + new_id().lower()
    target = services.create_user(name, "verifikator", None, "kata-sandi-panjang-1")
    client = Client()
    client.force_login(people.admin.user)
    page = client.get(f"/admin/auth/user/{target.pk}/change/")
    assert page.status_code == 200
    LogEntry.objects.log_actions(  # what the admin's change view records on save
        user_id=people.admin.user.pk,
        queryset=[target],
        action_flag=CHANGE,
        change_message="Changed is_active.",
        single_object=True,
    )
    assert ContentType.objects.get_for_model(target).model == "user"
    event = AuditEvent.objects.filter(action="admin_change", detail__object=name).get()
    assert event.actor_name == people.admin.username and event.role == "admin"
