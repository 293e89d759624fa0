"""An OPD's name as people write it (issue 23): "Dinas Kesehatan Kota Medan" or another
case is the applicant's OPD; an alias the admin records ("Dinkes") is too; a name the
desk does not know is refused with the name expected and the path to write it at; and
the form fills in the canonical name whatever was posted."""

from __future__ import annotations

from desk.conftest import Api, People, make_proposal, new_id


def test_common_forms_and_aliases_of_the_opd(api: Api, people: People) -> None:
    from engine.desk.models import Opd, Submission

    for written in (
        "Dinas Kesehatan Kota Medan",
        "DINAS  KESEHATAN",
        "dinas kesehatan, Kota Medan",
    ):
        answer = api.upload(people.pemohon, make_proposal(new_id(), opd=written))
        assert answer.status_code == 201, (written, answer.text)
        assert Submission.objects.get(pk=answer.json()["id"]).opd.name == "Dinas Kesehatan"

    refused = api.upload(people.pemohon, make_proposal(new_id(), opd="Dinkes Kota Medan"))
    assert refused.status_code == 403 and refused.json()["error"] == "not_your_opd"
    assert "metadata.opd: Dinas Kesehatan" in refused.json()["message"]

    opd = Opd.objects.get(name="Dinas Kesehatan")
    opd.aliases = "Dinkes\nDinas Kesehatan dan KB"
    opd.save()
    try:
        accepted = api.upload(people.pemohon, make_proposal(new_id(), opd="Dinkes Kota Medan"))
        assert accepted.status_code == 201, accepted.text
        # an alias of one OPD is no licence for another's name
        other = api.upload(people.pemohon, make_proposal(new_id(), opd="Dinas Pendidikan"))
        assert other.status_code == 403
    finally:
        opd.aliases = ""
        opd.save()


def test_the_web_refusal_names_the_expected_opd(api: Api, people: People) -> None:
    from django.test import Client

    client = Client()
    client.force_login(people.pemohon.user)
    page = client.post(
        "/submit/",
        {"kind": "Proposal", "text": make_proposal(new_id(), opd="Dishub Kota Medan").decode()},
    )
    assert page.status_code == 403
    html = page.content.decode()
    assert "Dishub Kota Medan" in html and "<code>metadata.opd: Dinas Kesehatan</code>" in html
