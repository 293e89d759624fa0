"""The form's pages with Django's test client on the desk's database (SQLite and
PostgreSQL), checked by the real OPA (issue 23): the form of a kind generated from the
models (sections, help, choices, dates, rows, the rules asking for each field, the OPD
filled in), a save that makes a draft and shows each finding beside its field, a row
added without script, invisible characters refused with the loader's message, another
OPD's submission 404, and the rules' pages linked from the findings with remedies that
name no command."""

from __future__ import annotations

import re
from typing import Any

from desk.conftest import People, new_id


def _client(person: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(person.user)
    return client


def _form(doc_id: str, **extra: str) -> dict[str, str]:
    return {
        "kind": "Proposal",
        "metadata.id": doc_id,
        "metadata.title": "Wi-Fi publik di taman kota",
        "metadata.opd": "Dinas Lain",  # ignored: the form fills in the user's OPD
        "metadata.submitted": "2026-03-02",
        "spec.summary": "Akses internet gratis di 20 taman kota.",
        "spec.dimensions.0": "smart_living",
        "spec.hosting.location": "opd_server_room",
        "spec.funding.source": "APBD",
        "spec.funding.amount_idr": "1.250.000.000",
        **extra,
    }


def test_the_form_of_a_proposal(people: People) -> None:
    page = _client(people.pemohon).get("/submit/form/?kind=Proposal")
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(
        r'name="metadata.opd" id="metadata.opd" value="Dinas Kesehatan"[^>]*readonly', html
    )
    assert 'type="date" name="metadata.submitted"' in html
    assert '<option value="diskominfo_datacenter">diskominfo_datacenter</option>' in html
    assert 'name="spec.dimensions.0"' in html and 'name="_add" value="spec.dimensions"' in html
    assert 'href="/rules/MDN-HOST-01/"' in html  # the rule asking for the hosting location
    assert "mis. 850000000" in html  # the template's example
    # sections in the template's order
    order = [html.index(f'id="f-spec.{name}"') for name in ("summary", "funding", "hosting", "sla")]
    assert order == sorted(order)
    # only a pemohon has a form
    assert _client(people.verifikator).get("/submit/form/").status_code == 403


def test_saving_makes_a_checked_draft_with_the_findings_beside_their_fields(
    people: People,
) -> None:
    from engine.desk.models import Submission

    client = _client(people.pemohon)
    doc_id = new_id()
    saved = client.post("/submit/form/?kind=Proposal", _form(doc_id))
    assert saved.status_code == 302, saved.content.decode()[:2000]
    submission = Submission.objects.get(document_id=doc_id)
    assert submission.status == "draft"
    assert saved["Location"] == f"/submissions/{submission.pk}/edit/#hasil"
    version = submission.latest_version()
    assert version is not None and version.filename == "proposal-formulir.yaml"
    assert "opd: Dinas Kesehatan" in version.yaml_text
    assert "amount_idr: 1250000000" in version.yaml_text

    page = client.get(f"/submissions/{submission.pk}/edit/")
    html = page.content.decode()
    assert page.status_code == 200
    # MDN-HOST-01 beside the hosting location, and nowhere else
    field = html[html.index('id="f-spec.hosting.location"') :]
    field = field[: field.index("</div>\n")] if "</div>\n" in field else field
    assert "MDN-HOST-01" in html
    hosting = re.search(r'id="f-spec\.hosting\.location".*?</ol>', html, re.S)
    assert (
        hosting
        and 'class="finding s-error"' in hosting.group()
        and "MDN-HOST-01" in hosting.group()
    )
    assert html.count('<code class="rule">MDN-HOST-01</code>') == 1
    assert 'value="opd_server_room" selected' in html
    assert 'name="metadata.id" id="metadata.id" value="' + doc_id in html  # read only now

    # fixed and saved again: version 2, still a draft, no MDN-HOST-01
    again = client.post(
        f"/submissions/{submission.pk}/edit/",
        _form("ANOTHER-ID", **{"spec.hosting.location": "diskominfo_datacenter"}),
    )
    assert again.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "draft" and submission.versions.count() == 2
    rules = {
        f["rule"] for r in submission.latest_version().report["results"] for f in r["findings"]
    }
    assert "MDN-HOST-01" not in rules
    assert Submission.objects.filter(document_id="ANOTHER-ID").count() == 0  # the id is kept


def test_a_row_is_added_without_script_and_nothing_is_saved(people: People) -> None:
    from engine.desk.models import Submission

    doc_id = new_id()
    page = _client(people.pemohon).post(
        "/submit/form/?kind=Proposal",
        {**_form(doc_id), "spec.third_parties.0.name": "PT Deli Net", "_add": "spec.third_parties"},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="PT Deli Net"' in html
    assert 'name="spec.third_parties.2.name"' in html  # the row written, an empty one, the new one
    assert not Submission.objects.filter(document_id=doc_id).exists()


def test_invisible_characters_are_refused_with_the_loaders_message(people: People) -> None:
    from engine.desk.models import Submission

    doc_id = new_id()
    client = _client(people.pemohon)
    for bad, words in (
        ("Wi-Fi\u202epublik", "kendali arah teks"),
        ("Wi-Fi\x07", "karakter kendali"),
    ):
        page = client.post("/submit/form/?kind=Proposal", _form(doc_id, **{"metadata.title": bad}))
        assert page.status_code == 400
        html = page.content.decode()
        title = re.search(r'id="f-metadata\.title".*?</div>', html, re.S)
        assert title and words in title.group(), words
    assert not Submission.objects.filter(document_id=doc_id).exists()


def test_another_opds_or_a_reviewers_form_is_404(people: People) -> None:
    from engine.desk.models import Submission

    doc_id = new_id()
    _client(people.pemohon).post("/submit/form/?kind=Proposal", _form(doc_id))
    pk = Submission.objects.get(document_id=doc_id).pk
    other = _client(people.pemohon2)
    assert other.get(f"/submissions/{pk}/edit/").status_code == 404
    assert other.post(f"/submissions/{pk}/edit/", _form(doc_id)).status_code == 404
    assert other.get(f"/submissions/{pk}/versions/1.yaml").status_code == 404
    reviewer = _client(people.verifikator)
    for path in ("", "edit/", "edit/yaml/", "versions/1.yaml"):
        assert reviewer.get(f"/submissions/{pk}/{path}").status_code == 404, path
    assert Submission.objects.get(pk=pk).versions.count() == 1
    own = _client(people.pemohon).get(f"/submissions/{pk}/versions/1.yaml")
    assert own.status_code == 200 and own["Content-Disposition"].startswith("attachment;")
    assert own.content == Submission.objects.get(pk=pk).latest_version().yaml_text.encode()


def test_the_rules_pages_and_remedies_without_commands(people: People) -> None:
    from engine.desk.models import Submission

    client = _client(people.pemohon)
    listing = client.get("/rules/").content.decode()
    assert 'href="/rules/MDN-HOST-01/"' in listing and 'href="/rules/MDN-KOOR-01/"' in listing
    one = client.get("/rules/MDN-HOST-01/")
    assert one.status_code == 200
    assert "spec.hosting.location" in one.content.decode()
    assert client.get("/rules/MDN-NOPE-99/").status_code == 404
    # a schema finding's remedy names no command on the page
    doc_id = new_id()
    client.post(
        "/submit/form/?kind=Proposal", _form(doc_id, **{"spec.sla.availability_percent": "banyak"})
    )
    pk = Submission.objects.get(document_id=doc_id).pk
    html = client.get(f"/submissions/{pk}/edit/").content.decode()
    stored = Submission.objects.get(pk=pk).latest_version().report
    remedies = [
        f["remedy"] for r in stored["results"] for f in r["findings"] if f["rule"] == "SCHEMA"
    ]
    assert remedies and any("patuh init" in r or "patuh schema" in r for r in remedies)
    assert "patuh init" not in html and "patuh schema" not in html
    assert 'href="/rules/MDN-HOST-01/"' in html


def test_an_upload_or_a_written_document_may_start_as_a_draft(people: People) -> None:
    from engine.desk.models import Submission

    client = _client(people.pemohon)
    doc_id = new_id()
    from desk.conftest import make_proposal

    page = client.post(
        "/submit/", {"kind": "Proposal", "text": make_proposal(doc_id).decode(), "draft": "1"}
    )
    assert page.status_code == 302
    assert Submission.objects.get(document_id=doc_id).status == "draft"
    other = new_id()
    client.post("/submit/", {"kind": "Proposal", "text": make_proposal(other).decode()})
    assert Submission.objects.get(document_id=other).status == "submitted"
