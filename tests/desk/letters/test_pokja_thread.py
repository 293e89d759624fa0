"""The pokja's thread (issue 24): on a procurement's page the pokja is shown the proposal
it cites when that proposal exists and was recommended, and that proposal's letter
opens for it; letters its procurements do not cite stay 404. The pages compare OPD
names as the rules do (policies/lib/patuh.rego office_name), on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from desk.conftest import PASSWORD, People
from desk.letters.test_thread import PROPOSAL_REF, make_procurement, recommended, thread_findings


def _page(person_user: object, path: str) -> tuple[int, str]:
    client = Client()
    client.force_login(person_user)  # type: ignore[arg-type]
    answer = client.get(path)
    return answer.status_code, answer.content.decode()


def test_the_pokja_sees_the_cited_proposal_and_opens_its_letter(people: People) -> None:
    from engine.desk.submissions.services import submit

    opd = people.pemohon.opd or ""
    proposal, letter = recommended(people, people.pemohon, opd=opd)
    _other, other_letter = recommended(people, people.pemohon, opd=opd)
    upload = make_procurement(proposal.document_id, letter.number, opd=opd)
    procurement = submit(people.pemohon.user, upload, "pengadaan.yaml").submission

    status, page = _page(people.pokja.user, f"/submissions/{procurement.pk}/")
    assert status == 200
    assert "tidak ada usulan OPD ini" not in page
    assert f'<code class="thread-proposal">{proposal.document_id}</code>' in page
    assert "Direkomendasikan" in page
    assert f'href="/submissions/{proposal.pk}/letter/"' in page
    # The proposal's page is still not the pokja's; its letter is.
    assert _page(people.pokja.user, f"/submissions/{proposal.pk}/")[0] == 404
    status, sheet = _page(people.pokja.user, f"/submissions/{proposal.pk}/letter/")
    assert status == 200 and letter.number in sheet
    # A letter no procurement it reads cites does not exist for the pokja.
    assert _page(people.pokja.user, f"/submissions/{other_letter.submission_id}/letter/")[0] == 404
    # The applicant of another OPD still gets 404 for that letter.
    assert _page(people.pemohon2.user, f"/submissions/{proposal.pk}/letter/")[0] == 404


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Dinas Kesehatan", "dinas  kesehatan", True),
        ("Dinas Kesehatan Kota Medan", "Dinas Kesehatan", True),
        ("Dinas\u00a0Kesehatan\tKota Medan ", "DINAS KESEHATAN", True),
        ("Dinas Kesehatan", "Dinas Pendidikan", False),
        ("Dinas Kesehatan Kota Binjai", "Dinas Kesehatan", False),
    ],
)
def test_opd_names_compare_as_the_rules_compare_them(a: str, b: str, same: bool) -> None:
    from engine.desk.accounts.selectors import same_opd

    assert same_opd(a, b) is same


def test_a_proposal_of_the_same_office_spelled_otherwise_is_found_by_rules_and_page(
    people: People,
) -> None:
    """The office registered twice, as "Dinas Kesehatan" and "DINAS KESEHATAN Kota
    Medan": the rules find the recommended proposal (no MDN-PBJ-08), and so does the page."""
    from engine.desk.accounts import services
    from engine.desk.submissions.services import submit

    opd = people.pemohon.opd or ""
    proposal, letter = recommended(people, people.pemohon, opd=opd)
    spelled = "DINAS KESEHATAN Kota Medan"
    name = f"pemohon.{uuid.uuid4().hex[:6]}"
    applicant = services.create_user(name, "pemohon", spelled, PASSWORD, full_name="Uji Dinkes")
    upload = make_procurement(proposal.document_id, letter.number, opd=spelled)
    result = submit(applicant, upload, "pengadaan.yaml")
    assert result.submission.opd.name == spelled  # another OPD row than the proposal's
    assert not {f for f in thread_findings(result.version.report) if f[1] == PROPOSAL_REF}
    status, page = _page(people.verifikator.user, f"/submissions/{result.submission.pk}/")
    assert status == 200 and "tidak ada usulan OPD ini" not in page
    assert f'href="/submissions/{proposal.pk}/">{proposal.document_id}</a>' in page
    # ... and the proposal's page lists the procurement citing it.
    status, page = _page(people.verifikator.user, f"/submissions/{proposal.pk}/")
    assert f'href="/submissions/{result.submission.pk}/">' in page
