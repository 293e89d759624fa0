"""Assignment and deadlines (desk.md, "Assignment", "Deadlines"), on SQLite and
PostgreSQL: working days without weekends, Indonesia's public holidays (the `holidays`
package) and the office's days off; taking a submission assigns it; a pimpinan or an
admin reassigns it (400 for a user without a reviewing role); the list answers
`assignee`, `due`, `overdue`; "waiting since" is the start of the current stage."""

from __future__ import annotations

from datetime import date

from desk.conftest import Api, People, make_proposal

# Friday 14 August 2026; the 15th and 16th are a weekend, Monday the 17th is
# Independence Day (Hari Kemerdekaan), a public holiday.
FRIDAY = date(2026, 8, 14)


def test_working_days_skip_a_weekend_and_a_public_holiday() -> None:
    from engine.desk.core.working_days import WorkingCalendar

    calendar = WorkingCalendar()
    assert not calendar.is_working_day(date(2026, 8, 17))  # Hari Kemerdekaan
    assert not calendar.is_working_day(date(2026, 3, 19))  # Nyepi, from the `holidays` data
    assert calendar.is_working_day(date(2026, 8, 18))
    # Five working days after Friday the 14th: 18, 19, 20, 21, 24 August.
    assert calendar.add(FRIDAY, 5) == date(2026, 8, 24)
    # Three after Wednesday 18 March 2026: Nyepi (19th) skipped: 20, 23, 24 March.
    assert calendar.add(date(2026, 3, 18), 3) == date(2026, 3, 24)
    assert calendar.add(FRIDAY, 0) == FRIDAY


def test_the_office_s_days_off_count_too(desk_db: str) -> None:
    from engine.desk.core.working_days import office_calendar
    from engine.desk.models import DayOff

    DayOff.objects.get_or_create(date=date(2026, 8, 18), defaults={"name": "Cuti bersama"})
    try:
        # 19, 20, 21, 24 and (Maulid Nabi on the 25th) 26 August.
        assert office_calendar().add(FRIDAY, 5) == date(2026, 8, 26)
    finally:
        DayOff.objects.filter(date=date(2026, 8, 18)).delete()
    assert office_calendar().add(FRIDAY, 5) == date(2026, 8, 24)


def _row(api: Api, person: object, pk: int) -> dict[str, object]:
    rows = api.call("GET", "/api/v1/submissions?status=", person).json()["submissions"]  # type: ignore[arg-type]
    return next(r for r in rows if r["id"] == pk)


def test_taking_assigns_and_the_list_answers_assignee_due_overdue(api: Api, people: People) -> None:
    from django.utils import timezone

    from engine.desk.core.working_days import office_calendar

    pk = api.upload(people.pemohon, make_proposal()).json()["id"]
    today = timezone.localdate()
    row = _row(api, people.verifikator, pk)
    assert row["assignee"] is None
    assert row["due"] == office_calendar().add(today, 5).isoformat() and row["overdue"] is False
    assert api.move(people.verifikator, pk, "in_review").ok
    row = _row(api, people.verifikator, pk)
    # Taken: the verifikator's; the review stage began with the upload, not the taking.
    assert row["assignee"] == "verifikator"
    assert row["due"] == office_calendar().add(today, 5).isoformat()
    assert api.move(people.verifikator, pk, "reviewed", "Telaah selesai.").ok
    row = _row(api, people.pimpinan, pk)
    assert row["due"] == office_calendar().add(today, 3).isoformat()  # the decision's 3 days
    assert api.move(people.pimpinan, pk, "recommended").ok
    row = _row(api, people.pimpinan, pk)
    assert (row["due"], row["overdue"]) == (None, False)


def test_late_is_after_the_due_day_and_waiting_counts_from_the_stage(people: People) -> None:
    from datetime import timedelta

    from engine.desk.models import AuditEvent, Submission
    from engine.desk.submissions.deadlines import deadlines, with_stage_start
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    first = submit(people.pemohon.user, make_proposal(), "a.yaml")
    pk = first.submission.pk
    transition(people.verifikator.user, pk, "in_review")
    transition(people.verifikator.user, pk, "returned", "Lengkapi kajian.")
    again = submit(people.pemohon.user, make_proposal(first.submission.document_id), "b.yaml")
    assert again.submission.pk == pk and again.submission.status == "submitted"
    resubmitted = AuditEvent.objects.filter(
        submission_id=pk, from_status="returned", to_status="submitted"
    ).get()
    found = with_stage_start(Submission.objects.filter(pk=pk)).get()
    assert found.stage_started == resubmitted.at  # not the first upload, not the return
    start = resubmitted.at.astimezone(resubmitted.at.tzinfo).date()
    due = deadlines().of(found).due
    assert due is not None and due > start
    assert not deadlines(today=due).of(found).overdue  # still in time on its due day
    assert deadlines(today=due + timedelta(days=1)).of(found).overdue


def test_a_pimpinan_or_admin_reassigns_only_to_a_reviewer(api: Api, people: People) -> None:
    pk = api.upload(people.pemohon, make_proposal()).json()["id"]
    url = f"/api/v1/submissions/{pk}/assign"
    for who in ("pemohon.dinkes", "pokja", "nobody-at-all"):
        refused = api.call("POST", url, people.pimpinan, json={"to": who})
        assert refused.status_code == 400 and refused.json()["error"] == "not_a_reviewer", who
    refused = api.call("POST", url, people.verifikator, json={"to": "pimpinan"})
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
    assert api.call("POST", url, people.pemohon2, json={"to": "pimpinan"}).status_code == 404
    given = api.call("POST", url, people.pimpinan, json={"to": "verifikator"})
    assert given.json() == {"id": pk, "assignee": "verifikator"}, given.text
    assert _row(api, people.pemohon, pk)["assignee"] == "verifikator"
    by_admin = api.call("POST", url, people.admin, json={"to": "pimpinan"})
    assert by_admin.status_code == 200, by_admin.text
    assert _row(api, people.verifikator, pk)["assignee"] == "pimpinan"
    events = api.call("GET", f"/api/v1/submissions/{pk}/audit", people.verifikator).json()
    assigned = [(e["actor"], e["note"]) for e in events["events"] if e["action"] == "assigned"]
    assert assigned == [("pimpinan", "verifikator"), ("admin", "pimpinan")]


def test_the_submission_page_names_the_assignee_and_the_due_date(people: People) -> None:
    from django.test import Client
    from django.utils import timezone

    from engine.desk.core.working_days import office_calendar
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    pk = submit(people.pemohon.user, make_proposal(), "a.yaml").submission.pk
    transition(people.verifikator.user, pk, "in_review")
    client = Client()
    client.force_login(people.pemohon.user)
    page = client.get(f"/submissions/{pk}/").content.decode()
    due = office_calendar().add(timezone.localdate(), 5)
    # The applicant sees the office's people as their roles (issue 21); staff, the name.
    assert '<dd class="assignee">Verifikator</dd>' in page and "Uji verifikator" not in page
    staff = Client()
    staff.force_login(people.pimpinan.user)
    shown = staff.get(f"/submissions/{pk}/").content.decode()
    assert '<dd class="assignee">Uji verifikator</dd>' in shown
    months = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November"
    month = (months + " Desember").split()[due.month - 1]
    assert f'<dd class="due-date">{due.day} {month} {due.year}' in page
