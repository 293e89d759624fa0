"""A desk waiver names the values it was approved for (issue 20, item 18), through the
JSON API of a real `patuh desk serve`, on SQLite and PostgreSQL: the finding's path and
the value there (and the version's document digest). A new version with another value
at that path is not covered; one with the same value is. The served file names the
covered documents by digest, so CI's real `patuh check --waivers` agrees. A pimpinan
withdraws an approved waiver; a waiver without a path, or running more than two years,
is refused."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml

from desk.conftest import Api, People, make_proposal, new_id
from desk.waivers.test_waivers import (
    HOST,
    HOST_PATH,
    _decide,
    _findings,
    _patuh_check,
    _request,
    _served,
    _today,
    _upload_failing,
)


def _host(report: dict[str, Any]) -> dict[str, Any]:
    found = [f for f in _findings(report) if f["rule"] == HOST]
    assert len(found) == 1, found
    return found[0]


def _approved(api: Api, people: People, doc: str) -> tuple[int, int]:
    pk = _upload_failing(api, people.pemohon, doc)["id"]
    asked = _request(api, people.pemohon, pk)
    assert asked.status_code == 201, asked.text
    wid = asked.json()["id"]
    decided = _decide(api, people.pimpinan, wid, approve=True, reference="800/61/Diskominfo/2026")
    assert decided.status_code == 200, decided.text
    return pk, wid


def _return(api: Api, people: People, pk: int) -> None:
    assert api.move(people.verifikator, pk, "in_review").status_code == 200
    assert api.move(people.verifikator, pk, "returned", "perbaiki").status_code == 200


def test_a_new_version_with_another_value_needs_a_new_decision(
    api: Api, people: People, tmp_path: Path
) -> None:
    from engine.desk.models import Waiver

    doc = new_id()
    pk, wid = _approved(api, people, doc)
    waiver = Waiver.objects.get(pk=wid)
    assert (waiver.path, json.loads(waiver.value)) == (HOST_PATH, {"v": "opd_server_room"})
    first = api.call("GET", f"/api/v1/submissions/{pk}", people.pemohon).json()
    assert first["versions"][-1]["verdict"] == "compliant"
    assert waiver.document_digest == first["versions"][-1]["document_digest"]

    # Version 2 breaks the same rule another way: not covered, non-compliant.
    _return(api, people, pk)
    cloud = api.upload(people.pemohon, make_proposal(doc, hosting="public_cloud"))
    assert cloud.status_code == 200, cloud.text
    assert cloud.json()["verdict"] == "non_compliant"
    assert not _host(cloud.json()["report"]).get("waived")
    cloud_digest = cloud.json()["report"]["results"][0]["document_digest"]

    # Version 3: the approved value again, another title: covered again.
    _return(api, people, pk)
    back = make_proposal(doc, hosting="opd_server_room", title="Telemedicine, versi ketiga")
    third = api.upload(people.pemohon, back)
    assert third.status_code == 200, third.text
    assert third.json()["verdict"] == "compliant"
    assert _host(third.json()["report"])["waived"] is True
    third_digest = third.json()["report"]["results"][0]["document_digest"]

    # CI: the served entry names the versions with the approved value, not version 2.
    served = _served(api, people.pemohon, tmp_path)
    ours = [w for w in yaml.safe_load(served.read_text())["waivers"] if w["document"] == doc]
    assert len(ours) == 1
    assert set(ours[0]["document_digests"]) == {waiver.document_digest, third_digest}
    assert cloud_digest not in ours[0]["document_digests"]
    document = tmp_path / "usulan.yaml"
    document.write_bytes(make_proposal(doc, hosting="public_cloud"))
    run = _patuh_check(served, document)
    assert run.returncode == 1, run.stdout + run.stderr
    assert not _host(json.loads(run.stdout)).get("waived")
    document.write_bytes(back)
    run = _patuh_check(served, document)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_head_withdraws_an_approved_waiver(api: Api, people: People, tmp_path: Path) -> None:
    from engine.desk.models import Recheck

    doc = new_id()
    pk, wid = _approved(api, people, doc)
    path = f"/api/v1/waivers/{wid}/withdraw"
    for refused in (people.pemohon, people.verifikator):
        answer = api.call("POST", path, refused, json={"note": "tidak lagi"})
        assert answer.status_code == 403, answer.text
    no_note = api.call("POST", path, people.pimpinan, json={"note": " "})
    assert no_note.status_code == 400 and no_note.json()["error"] == "note_required"
    done = api.call("POST", path, people.pimpinan, json={"note": "Migrasi sudah selesai."})
    assert done.status_code == 200, done.text
    assert done.json() == {"id": wid, "status": "withdrawn"}
    again = api.call("POST", path, people.pimpinan, json={"note": "lagi"})
    assert again.status_code == 409 and again.json()["error"] == "waiver_not_approved"

    # Checked again at once without it; the audit log says who and why.
    detail = api.call("GET", f"/api/v1/submissions/{pk}", people.pemohon).json()
    assert detail["versions"][-1]["verdict"] == "non_compliant"
    assert not _host(detail["report"]).get("waived")
    kept = Recheck.objects.filter(version__submission_id=pk).order_by("id").last()
    assert kept is not None
    assert (kept.cause, kept.before_verdict, kept.after_verdict) == (
        "waiver_withdrawn",
        "compliant",
        "non_compliant",
    )
    events = api.call("GET", f"/api/v1/submissions/{pk}/audit", people.pemohon).json()["events"]
    withdrawn = [e for e in events if e["action"] == "waiver_withdrawn"]
    assert [(e["actor"], e["note"]) for e in withdrawn] == [("pimpinan", "Migrasi sudah selesai.")]
    served = yaml.safe_load(_served(api, people.pemohon, tmp_path).read_text())
    assert doc not in [w["document"] for w in served["waivers"]]
    # And the recommendation is refused.
    assert api.move(people.verifikator, pk, "in_review").status_code == 200
    api.move(people.verifikator, pk, "reviewed", "Telaah selesai.")
    refused = api.move(people.pimpinan, pk, "recommended")
    assert refused.status_code == 409 and refused.json()["error"] == "not_compliant"


def test_a_waiver_names_its_path_and_runs_at_most_two_years(api: Api, people: People) -> None:
    pk = _upload_failing(api, people.pemohon)["id"]
    for path in (None, "", "  "):
        answer = _request(api, people.pemohon, pk, path=path)
        assert answer.status_code == 400, answer.text
        assert answer.json()["error"] == "waiver_path_required"
    today = _today()
    limit = today.replace(year=today.year + 2) if (today.month, today.day) != (2, 29) else None
    limit = limit or today.replace(year=today.year + 2, day=28)
    too_far = _request(api, people.pemohon, pk, expires=(limit + dt.timedelta(days=1)).isoformat())
    assert too_far.status_code == 400, too_far.text
    assert too_far.json()["error"] == "waiver_expiry_too_far"
    assert limit.isoformat() in too_far.json()["message"]
    within = _request(api, people.pemohon, pk, expires=limit.isoformat())
    assert within.status_code == 201, within.text
