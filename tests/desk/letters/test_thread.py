"""The thread from proposal to tender (engine/desk/letters/thread.py): a procurement's
references are checked against the desk's register by OPA (MDN-KOOR-04, MDN-PBJ-08),
on SQLite and PostgreSQL, in-process and through a real `patuh desk serve`."""

from __future__ import annotations

import re
from typing import Any

import pytest

from desk.conftest import ROOT, Api, People, Person, make_proposal, new_id

PROCUREMENT = ROOT / "fixtures" / "medan" / "MDN-PBJ-08.pass.yaml"
LETTER = "spec.coordination.diskominfo.reference"
PROPOSAL_REF = "metadata.proposal_ref"
THREAD_RULES = {"MDN-KOOR-04", "MDN-PBJ-08"}


def make_procurement(proposal_ref: str, reference: str, *, opd: str, doc_id: str = "") -> bytes:
    """A compliant procurement (fixtures/medan/MDN-PBJ-08.pass.yaml) of `opd`, citing
    the proposal `proposal_ref` and the coordination letter `reference`."""
    text = PROCUREMENT.read_text(encoding="utf-8")
    for pattern, value in (
        (r"(?m)^# .*\n", ""),  # the fixture's comment is about the fixture
        (r"(?m)^  id: .*$", f"  id: {doc_id or new_id()}"),
        (r"(?m)^  title: .*$", "  title: Pengadaan Jasa Pengembangan Aplikasi Telemedicine"),
        (r"(?m)^  opd: .*$", f"  opd: {opd}"),
        (r"(?m)^  proposal_ref: .*$", f"  proposal_ref: {proposal_ref}"),
        (r"(?m)^      reference: 555/.*$", f"      reference: {reference}"),
    ):
        text, found = re.subn(pattern, value, text, count=1)
        assert found == 1, pattern
    return text.encode("utf-8")


def recommended(people: People, person: Person, **kwargs: Any) -> tuple[Any, Any]:
    """A proposal of `person`'s OPD, recommended by the desk: (submission, letter)."""
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    submission = submit(person.user, make_proposal(**kwargs), "usulan.yaml").submission
    transition(people.verifikator.user, submission.pk, "in_review")
    transition(people.verifikator.user, submission.pk, "reviewed", "Telaah selesai.")
    letter = transition(people.pimpinan.user, submission.pk, "recommended").letter
    assert letter is not None
    return submission, letter


def _reason(message: str) -> str:
    """The reason the rule's message names (`alasan: other_opd;`)."""
    found = re.search(r"(?:alasan|reason): ([a-z_]+);", message)
    assert found, message
    return found.group(1)


def thread_findings(answer: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {
        (f["rule"], f["path"], _reason(f["message"]))
        for result in answer["results"]
        for f in result["findings"]
        if f["rule"] in THREAD_RULES
    }


def test_a_procurement_citing_its_recommended_proposal_and_letter_passes(people: People) -> None:
    from engine.desk.submissions.services import submit

    proposal, letter = recommended(people, people.pemohon, opd=people.pemohon.opd or "")
    upload = make_procurement(proposal.document_id, letter.number, opd=people.pemohon.opd or "")
    result = submit(people.pemohon.user, upload, "pengadaan.yaml")
    assert thread_findings(result.checked.answer) == set()
    assert result.version.verdict == "compliant", result.checked.answer["results"]
    # The desk always checks with its register: the rules were applied, no notice.
    assert result.checked.answer["notices"] == []
    assert result.submission.proposal_ref == proposal.document_id
    assert result.submission.coordination_ref == letter.number


def test_references_the_register_does_not_back_fire_the_right_rule(people: People) -> None:
    from engine.desk.models import Letter
    from engine.desk.submissions.services import submit

    opd = people.pemohon.opd or ""
    own, own_letter = recommended(people, people.pemohon, opd=opd)
    other, other_letter = recommended(people, people.pemohon2, opd=people.pemohon2.opd or "")
    revoked_proposal, revoked = recommended(people, people.pemohon, opd=opd)
    Letter.objects.filter(pk=revoked.pk).update(revoked=True)
    pending = submit(people.pemohon.user, make_proposal(opd=opd), "u.yaml").submission

    def check(proposal_ref: str, reference: str) -> set[tuple[str, str, str]]:
        upload = make_procurement(proposal_ref, reference, opd=opd)
        checked = submit(people.pemohon.user, upload, "b.yaml").checked
        return thread_findings(checked.answer)

    # Another OPD's proposal and letter are not the applicant's to know of (issue 21): they
    # read as no such proposal, no such letter, and fire all the same.
    assert check(other.document_id, own_letter.number) == {
        ("MDN-PBJ-08", PROPOSAL_REF, "not_recommended")
    }
    assert check(own.document_id, other_letter.number) == {("MDN-KOOR-04", LETTER, "unknown")}
    # Issue 20.12: a proposal whose letter was revoked is no longer recommended.
    assert check(revoked_proposal.document_id, revoked.number) == {
        ("MDN-KOOR-04", LETTER, "revoked"),
        ("MDN-PBJ-08", PROPOSAL_REF, "not_recommended"),
    }
    assert check(own.document_id, "555/999/Diskominfo/2099") == {("MDN-KOOR-04", LETTER, "unknown")}
    assert check(pending.document_id, own_letter.number) == {
        ("MDN-PBJ-08", PROPOSAL_REF, "not_recommended")
    }
    # A number in another form is one the register does not hold: it fires (fail
    # closed; desk.md: letters older than the desk are to enter it by an import).
    assert check(own.document_id, "SK/12/Diskominfo/2017") == {("MDN-KOOR-04", LETTER, "unknown")}


def test_letters_are_matched_normalised_and_to_the_proposal_named(people: People) -> None:
    """Issue 20.12 / 22.6: numbers compare after normalising case, spaces (no-break and
    zero-width too), a leading "Nomor:" and trailing punctuation; the letter cited
    must be the one issued for the proposal the procurement names."""
    from engine.desk.models import Letter
    from engine.desk.submissions.services import submit

    opd = people.pemohon.opd or ""
    own, own_letter = recommended(people, people.pemohon, opd=opd)
    second, second_letter = recommended(people, people.pemohon, opd=opd)
    gone, revoked = recommended(people, people.pemohon, opd=opd)
    Letter.objects.filter(pk=revoked.pk).update(revoked=True)

    def check(proposal_ref: str, reference: str) -> set[tuple[str, str, str]]:
        upload = make_procurement(proposal_ref, f'"{reference}"', opd=opd)
        checked = submit(people.pemohon.user, upload, "b.yaml").checked
        return thread_findings(checked.answer)

    number = own_letter.number
    for written in (
        f"Nomor: {number.upper()}.",
        number.replace("/", " /\u00a0"),
        f"nomor {number.lower()}\u200b;",
    ):
        assert check(own.document_id, written) == set(), written
    assert check(own.document_id, f"NOMOR: {revoked.number.upper()}.") == {
        ("MDN-KOOR-04", LETTER, "revoked")
    }
    # A valid letter of the same OPD, issued for its other proposal: not this one's.
    assert check(own.document_id, second_letter.number) == {
        ("MDN-KOOR-04", LETTER, "other_proposal")
    }
    assert check(second.document_id, second_letter.number) == set()
    # The register no longer lists the proposal whose letter was revoked.
    from engine.desk.letters.thread import register

    assert gone.document_id not in register()["proposals"]
    assert register()["letters"][revoked.number]["valid"] is False


def test_the_register_follows_the_letter_pattern(people: People) -> None:
    from engine.desk.letters.thread import letter_form, register
    from engine.desk.models import DeskSettings
    from engine.desk.submissions.services import check_only

    assert letter_form("555/{seq:03d}/Diskominfo/{year}") == (r"^555\/[0-9]+\/Diskominfo\/[0-9]+$")
    assert letter_form("REK {year}.{seq:05d}") == r"^REK [0-9]+\.[0-9]+$"
    settings, _ = DeskSettings.objects.get_or_create(pk=1)
    settings.letter_pattern = "REK-{year}-{seq:05d}"
    settings.save()
    try:
        # The form of the pattern now, then the shapes of letters issued under earlier
        # ones (the other tests' 555/.../Diskominfo/...), so their numbers stay the desk's.
        forms = register()["letter_form"].split("|")
        assert forms[0] == r"^REK\-[0-9]+\-[0-9]+$" and forms[0] not in forms[1:]
        upload = make_procurement(new_id(), "REK-2026-00999", opd=people.pemohon.opd or "")

        answer = check_only(people.pemohon.user, upload).answer
        assert ("MDN-KOOR-04", LETTER, "unknown") in thread_findings(answer)
    finally:
        settings.delete()


def test_pages_link_the_thread(people: People) -> None:
    from engine.desk.letters.thread import thread_of
    from engine.desk.submissions.services import submit

    opd = people.pemohon.opd or ""
    proposal, letter = recommended(people, people.pemohon, opd=opd)
    upload = make_procurement(proposal.document_id, letter.number, opd=opd)
    procurement = submit(people.pemohon.user, upload, "b.yaml").submission
    seen = thread_of(people.verifikator.user, procurement)
    assert (seen.proposal, seen.proposal_letter, seen.cited_letter) == (proposal, letter, letter)
    assert thread_of(people.pemohon.user, proposal).procurements == [procurement]
    # Another OPD's applicant sees neither (OPD isolation).
    assert thread_of(people.pemohon2.user, proposal).procurements == []


def test_api_upload_and_check_use_the_register(api: Api, people: People) -> None:
    opd = people.pemohon.opd or ""
    proposal = api.upload(people.pemohon, make_proposal(opd=opd)).json()["id"]
    assert api.move(people.verifikator, proposal, "in_review").status_code == 200
    assert api.move(people.verifikator, proposal, "reviewed", "Telaah selesai.").status_code == 200
    moved = api.move(people.pimpinan, proposal, "recommended")
    assert moved.status_code == 200, moved.text
    detail = api.call("GET", f"/api/v1/submissions/{proposal}", people.pemohon).json()
    number, doc = detail["letter"]["number"], detail["document_id"]

    good = make_procurement(doc, number, opd=opd)
    stored = api.upload(people.pemohon, good)
    assert stored.status_code == 201, stored.text
    assert thread_findings(stored.json()["report"]) == set()
    assert stored.json()["verdict"] == "compliant"

    wrong = make_procurement(doc + "-X", "555/998/Diskominfo/2099", opd=opd)
    for path in ("/api/v1/check", "/api/v1/submissions"):
        answer = api.call(
            "POST", path, people.pemohon, data=wrong, headers={"Content-Type": "application/yaml"}
        )
        assert answer.status_code in (200, 201), answer.text
        report = answer.json() if path.endswith("check") else answer.json()["report"]
        assert thread_findings(report) == {
            ("MDN-KOOR-04", LETTER, "unknown"),
            ("MDN-PBJ-08", PROPOSAL_REF, "not_recommended"),
        }, path


@pytest.mark.parametrize("lang", ["id", "en"])
def test_thread_words_in_both_languages(lang: str) -> None:
    from engine.desk.core.i18n import t

    assert t("thread.cited_by", lang, count=2).startswith("2 ")
    assert t("thread.title", "id") != t("thread.title", "en")


def test_ci_checks_with_the_register_the_api_serves(
    api: Api, people: People, opa_url: str, tmp_path: Any
) -> None:
    """GET /api/v1/register.json, given to `patuh check --register`: the same verdict
    as the desk's; an OPD's token gets only its own OPD's part of the register."""
    import json

    from click.testing import CliRunner

    from engine.cli.main import main

    opa = people.pemohon.opd or ""
    proposal, letter = recommended(people, people.pemohon, opd=opa)
    other, other_letter = recommended(people, people.pemohon2, opd=people.pemohon2.opd or "")
    served = api.call("GET", "/api/v1/register.json", people.pemohon)
    assert served.status_code == 200, served.text
    register = served.json()
    assert letter.number in register["letters"] and other_letter.number not in register["letters"]
    # Each letter says what it was issued for (issue 20.12).
    assert register["letters"][letter.number] == {
        "opd": opa,
        "valid": True,
        "kind": "Proposal",
        "document_id": proposal.document_id,
    }
    assert register["proposals"][proposal.document_id] == [opa]
    assert other.document_id not in register["proposals"]
    whole = api.call("GET", "/api/v1/register.json", people.verifikator).json()
    assert {letter.number, other_letter.number} <= set(whole["letters"])
    assert api.call("GET", "/api/v1/register.json").status_code == 401

    path = tmp_path / "register.json"
    path.write_text(json.dumps(register), encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_bytes(make_procurement(proposal.document_id, letter.number, opd=opa))
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(make_procurement(other.document_id, other_letter.number, opd=opa))
    for document, expected in (
        (good, set()),
        (
            bad,
            {("MDN-KOOR-04", LETTER, "unknown"), ("MDN-PBJ-08", PROPOSAL_REF, "not_recommended")},
        ),
    ):
        args = ["check", "--format", "json", "--opa-url", opa_url, "--register", str(path)]
        result = CliRunner().invoke(main, [*args, str(document)])
        assert thread_findings(json.loads(result.stdout)) == expected, result.output


def test_a_letter_revoked_after_the_upload_blocks_the_recommendation(people: People) -> None:
    """The register is judged when the decision is made, not only at upload: a
    procurement that passed while its letter was valid is checked again before it is
    recommended, and the revoked letter (MDN-KOOR-04) refuses it (fail closed)."""
    from engine.desk.models import Letter
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import NotCompliant, transition

    opd = people.pemohon.opd or ""
    proposal, letter = recommended(people, people.pemohon, opd=opd)
    upload = make_procurement(proposal.document_id, letter.number, opd=opd)
    procurement = submit(people.pemohon.user, upload, "pengadaan.yaml")
    assert procurement.version.verdict == "compliant"
    transition(people.verifikator.user, procurement.submission.pk, "in_review")
    transition(people.pokja.user, procurement.submission.pk, "reviewed", "Valid.", outcome="valid")
    Letter.objects.filter(pk=letter.pk).update(revoked=True)
    with pytest.raises(NotCompliant):
        transition(people.pimpinan.user, procurement.submission.pk, "recommended")
    procurement.version.refresh_from_db()
    assert procurement.version.verdict == "non_compliant"
    assert thread_findings(procurement.version.report) == {
        ("MDN-KOOR-04", LETTER, "revoked"),
        ("MDN-PBJ-08", PROPOSAL_REF, "not_recommended"),
    }
