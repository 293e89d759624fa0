"""Who is told of what (desk.md, "Notifications by e-mail"), on SQLite and PostgreSQL:
every event's mail is written to the outbox with the step that causes it, to the people
it concerns who chose a mail for each event, are active, have an address that does not
bounce, and may read the submission (no reviewer hears of a draft, no pokja of a
proposal, no applicant of another OPD's); never to the person who acted. Each mail is
in its recipient's language and names the submission's number, title and document id
with its link, never its contents, findings, notes or comments, and the office's
people by their role."""

from __future__ import annotations

from typing import Any

import pytest

from desk.conftest import People, make_proposal
from desk.letters.test_thread import make_procurement, recommended
from desk.workflow.conftest import MailOffice


def _submit(user: Any, office: MailOffice, **kwargs: Any) -> int:
    from engine.desk.submissions.services import submit

    upload = make_proposal(opd=office.opd, **kwargs)
    return int(submit(user, upload, "usulan.yaml").submission.pk)


def test_a_submission_is_told_to_the_reviewers_who_may_read_it_and_a_draft_to_nobody(
    people: People, mail_office: MailOffice
) -> None:
    from engine.desk.models import Submission
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    office = mail_office
    applicant, colleague = office.person("pemohon"), office.person("pemohon")
    reviewer, head = office.person("verifikator"), office.person("pimpinan", lang="en")
    office.person("pokja")  # a proposal is not the pokja's to read
    office.person("verifikator", notify="digest")  # the digest, not each event
    office.person("verifikator", notify="none")
    office.person("verifikator", active=False)
    office.person("verifikator", bounced=True)
    office.person("verifikator", email=False)
    draft = submit(applicant, make_proposal(opd=office.opd), "draf.yaml", draft=True)
    assert office.told() == {}  # a draft is before nobody but its OPD
    transition(applicant, draft.submission.pk, "submitted")
    assert office.told() == {reviewer.username: ["submitted"], head.username: ["submitted"]}
    submission = Submission.objects.get(pk=draft.submission.pk)
    english = office.mail_of(head, "submitted")
    assert english.to == head.email
    assert english.subject == f"Review desk: submission {submission.pk} — {submission.title}"
    assert f'"{submission.title}" ({submission.document_id}) from {office.opd}' in english.body
    assert "was submitted and awaits review" in english.body
    assert f"/submissions/{submission.pk}/" in english.body
    indonesian = office.mail_of(reviewer, "submitted")
    assert "diajukan dan menunggu telaah" in indonesian.body
    assert colleague.username not in office.told()


def test_a_procurement_is_told_to_the_pokja_too(people: People, mail_office: MailOffice) -> None:
    from engine.desk.submissions.services import submit

    office = mail_office
    applicant = office.person("pemohon")
    pokja, reviewer = office.person("pokja"), office.person("verifikator")
    proposal, letter = recommended(people, _As(applicant), opd=office.opd)
    assert office.told() == {
        reviewer.username: ["submitted"],  # the proposal: not to the pokja
        applicant.username: ["recommended"],
    }
    office.forget()
    upload = make_procurement(proposal.document_id, letter.number, opd=office.opd)
    submit(applicant, upload, "pengadaan.yaml")
    assert office.told() == {pokja.username: ["submitted"], reviewer.username: ["submitted"]}


class _As:
    """A pemohon as tests/desk/letters/test_thread.recommended takes one."""

    def __init__(self, user: Any) -> None:
        self.user = user


def test_decisions_are_told_to_the_opd_s_applicants_each_in_their_language(
    people: People, mail_office: MailOffice
) -> None:
    from engine.desk.models import Submission
    from engine.desk.workflow.services import transition

    office = mail_office
    applicant, colleague = office.person("pemohon"), office.person("pemohon", lang="en")
    stranger = office.person("pemohon", opd=f"{office.opd} Lain")
    pk = _submit(applicant, office)
    verifikator, pimpinan = people.verifikator.user, people.pimpinan.user
    transition(verifikator, pk, "in_review")
    transition(verifikator, pk, "returned", "Catatan rahasia telaah: ganti pusat data.")
    submission = Submission.objects.get(pk=pk)
    _submit(applicant, office, doc_id=submission.document_id)  # a new version
    transition(verifikator, pk, "in_review")
    transition(verifikator, pk, "reviewed", "Telaah selesai.")
    transition(pimpinan, pk, "recommended")
    told = {applicant.username: ["returned", "recommended"]}
    assert office.told() == told | {colleague.username: ["returned", "recommended"]}
    assert stranger.username not in office.told()
    returned = office.mail_of(colleague, "returned")
    assert returned.subject.startswith(f"Review desk: submission {pk} — ")
    assert f"({submission.document_id}) was returned for revision" in returned.body
    assert "Catatan rahasia" not in returned.body  # the note is read on the page
    assert "MDN-" not in returned.body and "spec." not in returned.body  # no findings
    assert people.verifikator.username not in returned.body
    assert "direkomendasikan" in office.mail_of(applicant, "recommended").body
    # An applicant who withdraws is not told; their colleague is.
    office.forget()
    other = _submit(applicant, office)
    transition(applicant, other, "withdrawn", "Tidak jadi.")
    assert office.told() == {colleague.username: ["withdrawn"]}


def test_a_reviewed_submission_is_told_to_the_heads_but_not_its_reviewer(
    people: People, mail_office: MailOffice
) -> None:
    """Its decision is due within the decision days: each pimpinan who may decide it
    is told, in their language; the pimpinan who reviewed it (four eyes) is not."""
    from engine.desk.workflow.services import transition

    office = mail_office
    reviewer, other = office.person("pimpinan"), office.person("pimpinan", lang="en")
    pk = _submit(office.person("pemohon"), office)
    transition(reviewer, pk, "in_review")
    office.forget()
    transition(reviewer, pk, "reviewed", "Catatan telaah yang tidak dikirim.")
    assert office.told() == {other.username: ["reviewed"]}
    mail = office.mail_of(other, "reviewed")
    assert "awaits the head of office's decision" in mail.body
    assert "tidak dikirim" not in mail.body and f"/submissions/{pk}/" in mail.body


def test_a_comment_is_told_to_the_other_side_never_its_text_nor_its_author(
    people: People, mail_office: MailOffice
) -> None:
    from engine.desk.submissions.discussion import add_comment
    from engine.desk.workflow.services import transition

    office = mail_office
    applicant, colleague = office.person("pemohon"), office.person("pemohon", lang="en")
    reviewer, other_reviewer = office.person("verifikator"), office.person("verifikator")
    pk = _submit(applicant, office)
    office.forget()
    add_comment(applicant, pk, "Pertanyaan pemohon yang rahasia.")  # nobody assigned yet
    assert office.told() == {reviewer.username: ["comment"], other_reviewer.username: ["comment"]}
    office.forget()
    transition(reviewer, pk, "in_review")  # assigned to the taker: no mail of it
    add_comment(applicant, pk, "Satu lagi.")
    assert office.told() == {reviewer.username: ["comment"]}  # to the assignee only
    office.forget()
    add_comment(reviewer, pk, "Jawaban verifikator yang rahasia.")
    assert office.told() == {applicant.username: ["comment"], colleague.username: ["comment"]}
    mail = office.mail_of(colleague, "comment")
    assert mail.body.startswith(f"Reviewer wrote a comment on submission {pk} ")
    assert "rahasia" not in mail.body  # the comment is read on the page
    assert reviewer.username not in mail.body and reviewer.first_name not in mail.body
    indonesian = office.mail_of(applicant, "comment")
    assert indonesian.body.startswith(f"Verifikator menulis komentar pada pengajuan {pk} ")


def test_an_assignment_is_told_to_the_assignee_and_taking_it_oneself_to_nobody(
    people: People, mail_office: MailOffice
) -> None:
    from engine.desk.workflow.assignment import assign
    from engine.desk.workflow.services import transition

    office = mail_office
    applicant = office.person("pemohon", notify="none")
    taker, assignee = office.person("verifikator"), office.person("verifikator", lang="en")
    head = office.person("pimpinan")
    pk = _submit(applicant, office)
    office.forget()
    transition(taker, pk, "in_review")
    assert office.told() == {}
    assign(head, pk, assignee.username)
    assert office.told() == {assignee.username: ["assigned"]}
    mail = office.mail_of(assignee, "assigned")
    assert "was assigned to you by Head of office." in mail.body
    assert head.username not in mail.body


def test_waivers_are_told_to_the_pimpinan_and_their_fate_to_the_opd(
    people: People, mail_office: MailOffice
) -> None:
    from engine.desk.waivers.services import decide, request_waiver, withdraw
    from engine.waivers.waiver_file import utc_today

    office = mail_office
    applicant, colleague = office.person("pemohon"), office.person("pemohon")
    head, reviewer = office.person("pimpinan"), office.person("verifikator")
    pk = _submit(applicant, office, hosting="opd_server_room")
    office.forget()

    def ask() -> Any:
        return request_waiver(
            applicant,
            pk,
            rule="MDN-HOST-01",
            path="spec.hosting.location",
            justification="Sementara, sampai pindah ke pusat data.",
            expires=utc_today(),
        )

    refused = ask()
    assert office.told() == {head.username: ["waiver_requested"]}
    assert reviewer.username not in office.told()
    decide(people.pimpinan.user, refused.pk, approve=False, note="Belum cukup.")
    approved = ask()
    decide(people.pimpinan.user, approved.pk, approve=True, reference="800/5/D")
    withdraw(people.pimpinan.user, approved.pk, note="Dicabut.")
    fate = ["waiver_refused", "waiver_approved", "waiver_withdrawn"]
    assert office.told() == {
        head.username: ["waiver_requested", "waiver_requested"],
        applicant.username: fate,
        colleague.username: fate,
    }
    assert "Belum cukup" not in office.mail_of(applicant, "waiver_refused").body


def test_a_crash_writing_the_mail_undoes_the_decision(
    people: People, mail_office: MailOffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import DatabaseError

    from engine.desk.models import AuditEvent, OutboxMail, Submission
    from engine.desk.workflow.services import transition

    office = mail_office
    applicant = office.person("pemohon")
    pk = _submit(applicant, office)
    transition(people.verifikator.user, pk, "in_review")

    def outbox_fault(*args: Any, **kwargs: Any) -> Any:
        """A fault injector: the database fails as the mail is written."""
        raise DatabaseError("fault injected: the outbox write fails")

    monkeypatch.setattr(OutboxMail.objects, "bulk_create", outbox_fault)
    with pytest.raises(DatabaseError):
        transition(people.verifikator.user, pk, "returned", "Lengkapi.")
    monkeypatch.undo()
    assert Submission.objects.get(pk=pk).status == "in_review"  # neither the decision
    assert not AuditEvent.objects.filter(submission_id=pk, to_status="returned").exists()
    assert office.told() == {}  # nor its mail
    transition(people.verifikator.user, pk, "returned", "Lengkapi.")
    assert office.told() == {applicant.username: ["returned"]}  # both, once it works


def test_the_daily_digest_is_in_its_reader_s_language_and_skips_a_bouncing_address(
    people: People, mail_office: MailOffice
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from engine.desk.core.outbox import enqueue_digests
    from engine.desk.models import OutboxMail
    from engine.desk.submissions.deadlines import digest_lines
    from engine.desk.workflow.services import transition

    office = mail_office
    applicant = office.person("pemohon", notify="none")
    reader = office.person("verifikator", notify="digest", lang="en")
    bouncing = office.person("verifikator", notify="digest", bounced=True)
    late = [_submit(applicant, office), _submit(applicant, office)]
    transition(reader, late[0], "in_review")
    transition(bouncing, late[1], "in_review")
    later = timezone.localdate() + timedelta(days=21)
    enqueue_digests(lambda user: digest_lines(user, today=later))
    digests = OutboxMail.objects.filter(recipient__in=[reader, bouncing], event="digest")
    (digest,) = digests
    assert digest.recipient_id == reader.pk
    assert digest.subject.startswith("Review desk: ") and "due or late" in digest.subject
    assert f"- {late[0]} " in digest.body and "(late)" in digest.body
