"""Accounts (engine/desk/accounts/), in-process, on SQLite and PostgreSQL: passwords
hashed with argon2, tokens kept as hashes, user changes, failed logins and the admin's
changes in the audit log, and who may upload what."""

from __future__ import annotations

from desk.conftest import People, make_proposal, new_id


def test_passwords_are_hashed_with_argon2(people: People) -> None:
    from django.contrib.auth.models import User

    stored = User.objects.get(username=people.pemohon.username).password
    assert stored.startswith("argon2$argon2id$")
    assert people.pemohon.password not in stored


def test_tokens_are_stored_as_hashes(people: People) -> None:
    from engine.desk.accounts.services import new_token, user_for_token
    from engine.desk.models import ApiToken

    token = new_token(people.verifikator.user)
    assert not ApiToken.objects.filter(digest=token).exists()
    assert all(token not in row.digest for row in ApiToken.objects.all())
    assert user_for_token(token) == people.verifikator.user
    assert user_for_token(token[:-1]) is None


def test_user_changes_and_failed_logins_are_audited(people: People, desk_db: str) -> None:
    from django.test import Client

    from engine.desk.accounts.services import create_user
    from engine.desk.models import AuditEvent

    name = "uji." + new_id().lower()
    create_user(name, "verifikator", None, "kata-sandi-panjang-1")
    assert AuditEvent.objects.filter(action="user_created", detail__username=name).exists()
    Client().post("/admin/login/", {"username": name, "password": "salah"})
    assert AuditEvent.objects.filter(action="login_failed", actor_name=name).exists()


def test_who_may_upload_what(people: People) -> None:
    from engine.desk.accounts.permissions import may_add_version, may_submit
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    submission = submit(people.pemohon.user, make_proposal(), "a.yaml").submission
    assert may_submit(people.pemohon.user)
    assert not may_submit(people.verifikator.user)
    assert may_add_version(people.pemohon.user, submission)
    assert not may_add_version(people.pemohon2.user, submission)
    transition(people.verifikator.user, submission.pk, "in_review")
    submission.refresh_from_db()
    assert not may_add_version(people.pemohon.user, submission)


def test_admin_changes_are_audited_with_the_administrator(people: People) -> None:
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.test import Client

    from engine.desk.accounts.services import create_user
    from engine.desk.models import AuditEvent

    name = "uji." + new_id().lower()
    target = create_user(name, "verifikator", None, "kata-sandi-panjang-1")
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
