"""Waivers decided in the desk (desk.md, second stage), through the JSON API of a real
`patuh desk serve`, on SQLite and PostgreSQL; CI's side with the real `patuh check
--waivers` on the served file."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

import yaml

from desk.conftest import OTHER_OPD, Api, People, make_proposal, new_id
from desk.servers import PATUH

HOST = "MDN-HOST-01"
HOST_PATH = "spec.hosting.location"
# Text a person typed: markup, quotes, a YAML comment sign and a colon, kept as text.
JUSTIFICATION = '<script>alert("x")</script> Ruang server: sementara # bukan komentar'


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for result in report["results"] for f in result["findings"]]


def _upload_failing(api: Api, person: Any, doc: str | None = None, **kw: Any) -> dict[str, Any]:
    """A proposal whose only error finding is MDN-HOST-01 on spec.hosting.location."""
    answer = api.upload(person, make_proposal(doc or new_id(), hosting="opd_server_room", **kw))
    assert answer.status_code in (200, 201), answer.text
    body: dict[str, Any] = answer.json()
    errors = [f for f in _findings(body["report"]) if f["severity"] == "error"]
    assert [(f["rule"], f["path"]) for f in errors] == [(HOST, HOST_PATH)]
    assert body["verdict"] == "non_compliant"
    return body


def _request(api: Api, person: Any, pk: int, **overrides: Any) -> Any:
    body = {
        "rule": HOST,
        "path": HOST_PATH,
        "justification": JUSTIFICATION,
        "expires": (_today() + dt.timedelta(days=60)).isoformat(),
        **overrides,
    }
    return api.call("POST", f"/api/v1/submissions/{pk}/waivers", person, json=body)


def _decide(api: Api, person: Any, wid: int, **body: Any) -> Any:
    return api.call("POST", f"/api/v1/waivers/{wid}/decision", person, json=body)


def _served(api: Api, person: Any, tmp_path: Path, name: str = "waivers.yaml") -> Path:
    answer = api.call("GET", "/api/v1/waivers.yaml", person)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"].startswith("application/yaml")
    target = tmp_path / name
    target.write_bytes(answer.content)
    return target


def _patuh_check(waivers: Path, document: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PATUH), "check", "--format", "json", "--waivers", str(waivers), str(document)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_journey_request_refused_to_reviewer_approved_recommended_and_ci_passes(
    api: Api, people: People, tmp_path: Path
) -> None:
    doc = new_id()
    created = _upload_failing(api, people.pemohon, doc)
    pk = created["id"]

    asked = _request(api, people.pemohon, pk)
    assert asked.status_code == 201, asked.text
    assert asked.json() == {"id": asked.json()["id"], "status": "requested"}
    wid = asked.json()["id"]
    twice = _request(api, people.pemohon, pk)
    assert twice.status_code == 409 and twice.json()["error"] == "waiver_already_requested"

    # Only a pimpinan decides: the reviewer and the applicant are refused (403).
    for refused in (people.verifikator, people.pemohon):
        answer = _decide(api, refused, wid, approve=True, reference="800/1/X/2026")
        assert answer.status_code == 403, answer.text
        assert answer.json()["error"] == "forbidden"
    no_reference = _decide(api, people.pimpinan, wid, approve=True)
    assert no_reference.status_code == 400
    assert no_reference.json()["error"] == "waiver_reference_required"
    still = api.call("GET", f"/api/v1/submissions/{pk}", people.pemohon).json()
    assert still["versions"][-1]["verdict"] == "non_compliant"

    approved = _decide(api, people.pimpinan, wid, approve=True, reference="800/45/Diskominfo/2026")
    assert approved.status_code == 200, approved.text
    assert approved.json() == {"id": wid, "status": "approved"}

    # Applied at once: the latest version was checked again, the finding is waived.
    detail = api.call("GET", f"/api/v1/submissions/{pk}", people.verifikator).json()
    assert detail["versions"][-1]["verdict"] == "compliant"
    host = [f for f in _findings(detail["report"]) if f["rule"] == HOST]
    assert host[0]["waived"] is True
    assert host[0]["waiver"]["approved_by"] == "Uji pimpinan"
    assert host[0]["waiver"]["reference"] == "800/45/Diskominfo/2026"
    assert host[0]["waiver"]["expires"] == (_today() + dt.timedelta(days=60)).isoformat()
    assert host[0]["waiver"]["justification"] == JUSTIFICATION

    events = api.call("GET", f"/api/v1/submissions/{pk}/audit", people.pemohon).json()["events"]
    actions = [e["action"] for e in events]
    assert actions[-3:] == ["waiver_requested", "waiver_approved", "recheck"]
    assert [e["actor"] for e in events[-3:-1]] == [people.pemohon.username, "pimpinan"]

    assert api.move(people.verifikator, pk, "in_review").status_code == 200
    assert api.move(people.verifikator, pk, "reviewed", "Telaah selesai.").status_code == 200
    recommended = api.move(people.pimpinan, pk, "recommended")
    assert recommended.status_code == 200, recommended.text
    assert recommended.json()["letter"]["number"]

    # CI: the served file, given unchanged to the real `patuh check --waivers`.
    served = _served(api, people.pemohon, tmp_path)
    data = yaml.safe_load(served.read_text(encoding="utf-8"))
    assert (data["apiVersion"], data["kind"]) == ("patuh/v1", "Waivers")
    ours = [w for w in data["waivers"] if w["document"] == doc]
    assert ours == [
        {
            "rule": HOST,
            "kind": "Proposal",
            "document": doc,
            "opd": "Dinas Kesehatan",
            "path": HOST_PATH,
            # The version it was approved for (issue 20: a waiver names its values).
            "document_digests": [detail["versions"][-1]["document_digest"]],
            "justification": JUSTIFICATION,
            "approved_by": "Uji pimpinan",
            "reference": "800/45/Diskominfo/2026",
            "expires": (_today() + dt.timedelta(days=60)).isoformat(),
        }
    ]
    document = tmp_path / "usulan.yaml"
    document.write_bytes(make_proposal(doc, hosting="opd_server_room"))
    run = _patuh_check(served, document)
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads(run.stdout)
    waived = [f for f in _findings(report) if f["rule"] == HOST]
    assert waived[0]["waived"] is True and report["results"][0]["verdict"] == "compliant"
    assert waived[0]["waiver"]["opd"] == "Dinas Kesehatan"

    # Issue 20.13: the same file does not cover another OPD's document of that kind and id.
    theirs = tmp_path / "usulan-lain.yaml"
    theirs.write_bytes(make_proposal(doc, opd=OTHER_OPD, hosting="opd_server_room"))
    run = _patuh_check(served, theirs)
    assert run.returncode == 1, run.stdout + run.stderr
    [result] = json.loads(run.stdout)["results"]
    assert result["verdict"] == "non_compliant"
    assert [f["waived"] for f in result["findings"] if f["rule"] == HOST] == [False]


def test_another_opd_neither_gets_nor_is_covered_by_the_waiver(
    api: Api, people: People, tmp_path: Path
) -> None:
    doc = new_id()
    ours = _upload_failing(api, people.pemohon, doc)["id"]
    # Another OPD's proposal with the same kind and id: ids are unique per OPD only.
    theirs = _upload_failing(api, people.pemohon2, doc, opd=OTHER_OPD)["id"]
    wid = _request(api, people.pemohon, ours).json()["id"]

    assert _request(api, people.pemohon2, ours).status_code == 404
    assert _decide(api, people.pemohon2, wid, approve=False, note="x").status_code == 404
    assert _decide(api, people.pokja, wid, approve=False, note="x").status_code == 404
    assert _request(api, people.verifikator, ours).status_code == 403
    approved = _decide(api, people.pimpinan, wid, approve=True, reference="800/46/D/2026")
    assert approved.status_code == 200

    served = yaml.safe_load(_served(api, people.pemohon2, tmp_path).read_text())
    assert doc not in [w["document"] for w in served["waivers"]]
    # A reviewer's file spans every OPD: the waiver of a kind+id two OPDs share would
    # cover both, so it is left out; asked for one OPD, it is there.
    everyone = yaml.safe_load(_served(api, people.pimpinan, tmp_path, "all.yaml").read_text())
    assert doc not in [w["document"] for w in everyone["waivers"]]
    answer = api.call("GET", "/api/v1/waivers.yaml?opd=Dinas Kesehatan", people.pimpinan)
    assert doc in [w["document"] for w in yaml.safe_load(answer.text)["waivers"]]
    # The other OPD's own submission is not waived, now or at its next version.
    theirs_doc = make_proposal(doc, opd=OTHER_OPD, hosting="opd_server_room")
    again = api.upload(people.pemohon2, theirs_doc)
    assert again.json()["id"] == theirs and again.json()["verdict"] == "non_compliant"
    # A new version of ours is checked under our approved waiver.
    ours_again = api.upload(people.pemohon, make_proposal(doc, hosting="opd_server_room"))
    assert ours_again.json()["verdict"] == "compliant"
    # Its CI run with its own file still fails on the finding.
    document = tmp_path / "usulan.yaml"
    document.write_bytes(make_proposal(doc, opd=OTHER_OPD, hosting="opd_server_room"))
    run = _patuh_check(_served(api, people.pemohon2, tmp_path, "theirs.yaml"), document)
    assert run.returncode == 1, run.stdout + run.stderr


def test_expired_waiver_stops_applying_and_blocks_the_recommendation(
    api: Api, people: People, tmp_path: Path
) -> None:
    from engine.desk.models import Recheck, Waiver

    pk = _upload_failing(api, people.pemohon)["id"]
    past = _request(api, people.pemohon, pk, expires=(_today() - dt.timedelta(days=1)).isoformat())
    assert past.status_code == 400 and past.json()["error"] == "waiver_expiry_past"
    bad = _request(api, people.pemohon, pk, expires="31-12-2026")
    assert bad.status_code == 400 and bad.json()["error"] == "waiver_bad_expiry"
    today = _request(api, people.pemohon, pk, expires=_today().isoformat())
    assert today.status_code == 201  # current through its own day, as in the CLI
    wid = today.json()["id"]
    assert _decide(api, people.pimpinan, wid, approve=True, reference="800/47/D/2026").ok
    detail = api.call("GET", f"/api/v1/submissions/{pk}", people.pemohon).json()
    assert detail["versions"][-1]["verdict"] == "compliant"
    assert api.move(people.verifikator, pk, "in_review").status_code == 200
    assert api.move(people.verifikator, pk, "reviewed", "Telaah selesai.").status_code == 200

    # A day passes: the waiver's last day was yesterday (the fault injected: the date).
    Waiver.objects.filter(pk=wid).update(expires=_today() - dt.timedelta(days=1))
    # The page says the stored answer leans on an expired waiver, until checked again.
    from django.test import Client

    client = Client()
    client.force_login(people.pemohon.user)
    shown = client.get(f"/submissions/{pk}/").content.decode()
    assert "pengecualian yang sudah berakhir" in shown and "sudah berakhir</span>" in shown
    api.move(people.verifikator, pk, "reviewed", "Telaah selesai.")
    refused = api.move(people.pimpinan, pk, "recommended")
    assert refused.status_code == 409, refused.text
    # Compliant when stored, not when checked again today (issue 20's code).
    assert refused.json()["error"] == "recheck_not_compliant"
    detail = api.call("GET", f"/api/v1/submissions/{pk}", people.pemohon).json()
    assert detail["status"] == "reviewed" and detail["letter"] is None
    assert detail["versions"][-1]["verdict"] == "non_compliant"
    host = [f for f in _findings(detail["report"]) if f["rule"] == HOST]
    assert not host[0].get("waived")
    notices = [n["code"] for n in detail["report"].get("notices", [])]
    assert "notice.waiver_expired" in notices
    # Nothing lost: each check the version held before is kept.
    kept = list(Recheck.objects.filter(version__submission_id=pk).order_by("id"))
    assert [(r.cause, r.before_verdict, r.after_verdict) for r in kept] == [
        ("waiver_approved", "non_compliant", "compliant"),
        ("recommend", "compliant", "non_compliant"),
    ]
    assert not [f for f in _findings(kept[0].before_report) if f.get("waived")]
    served = yaml.safe_load(_served(api, people.pemohon, tmp_path).read_text())
    assert "800/47/D/2026" not in [w["reference"] for w in served["waivers"]]


def test_refused_waiver_does_not_apply(api: Api, people: People, tmp_path: Path) -> None:
    pk = _upload_failing(api, people.pemohon)["id"]
    wid = _request(api, people.pemohon, pk).json()["id"]
    no_note = _decide(api, people.pimpinan, wid, approve=False)
    assert no_note.status_code == 400 and no_note.json()["error"] == "note_required"
    refused = _decide(api, people.pimpinan, wid, approve=False, note="Pindahkan ke pusat data.")
    assert refused.json() == {"id": wid, "status": "refused"}
    again = _decide(api, people.pimpinan, wid, approve=True, reference="800/48/D/2026")
    assert again.status_code == 409 and again.json()["error"] == "waiver_already_decided"
    detail = api.call("GET", f"/api/v1/submissions/{pk}", people.pemohon).json()
    assert detail["versions"][-1]["verdict"] == "non_compliant"
    assert api.move(people.verifikator, pk, "in_review").status_code == 200
    assert api.move(people.verifikator, pk, "reviewed", "Telaah selesai.").status_code == 200
    blocked = api.move(people.pimpinan, pk, "recommended")
    assert blocked.status_code == 409 and blocked.json()["error"] == "not_compliant"
    served = yaml.safe_load(_served(api, people.pemohon, tmp_path).read_text())
    assert "800/48/D/2026" not in [w["reference"] for w in served["waivers"]]


def test_input_and_engine_findings_and_unknown_rules_are_never_waived(
    api: Api, people: People
) -> None:
    pk = _upload_failing(api, people.pemohon)["id"]
    for rule in ("YAML", "SCHEMA", "ENGINE"):
        answer = _request(api, people.pemohon, pk, rule=rule, path=None)
        assert answer.status_code == 400, answer.text
        assert answer.json()["error"] == "waiver_not_waivable"
    unknown = _request(api, people.pemohon, pk, rule="MDN-HOST-99")
    assert unknown.json()["error"] == "waiver_unknown_rule"
    english = api.call(
        "POST",
        f"/api/v1/submissions/{pk}/waivers",
        people.pemohon,
        lang="en",
        json={"rule": "MDN-HOST-99", "justification": "x", "expires": "2099-01-01"},
    )
    assert english.json()["message"] == "There is no rule MDN-HOST-99 in the catalog."
    elsewhere = _request(api, people.pemohon, pk, path="spec.title")
    assert elsewhere.json()["error"] == "waiver_no_such_finding"
    blank = _request(api, people.pemohon, pk, justification="   ")
    assert blank.json()["error"] == "waiver_justification_required"

    # An invalid document: its SCHEMA finding cannot be waived either.
    broken = make_proposal().replace(b"  title:", b"  titel:")
    invalid = api.upload(people.pemohon, broken).json()
    assert invalid["verdict"] == "invalid"
    rules = {f["rule"] for f in _findings(invalid["report"])}
    assert "SCHEMA" in rules
    answer = _request(api, people.pemohon, invalid["id"], rule="SCHEMA", path=None)
    assert answer.json()["error"] == "waiver_not_waivable"


def test_two_decisions_at_once_one_wins(api: Api, people: People) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from engine.desk.models import Waiver

    pk = _upload_failing(api, people.pemohon)["id"]
    wid = _request(api, people.pemohon, pk).json()["id"]
    bodies = [
        {"approve": True, "reference": "800/49/D/2026"},
        {"approve": False, "note": "Pindahkan ke pusat data."},
    ]
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda body: _decide(api, people.pimpinan, wid, **body), bodies))
    assert sorted(a.status_code for a in answers) == [200, 409]
    winner = next(a for a in answers if a.status_code == 200).json()["status"]
    assert Waiver.objects.get(pk=wid).status == winner
    events = api.call("GET", f"/api/v1/submissions/{pk}/audit", people.pemohon).json()["events"]
    decided = [e for e in events if e["action"] in ("waiver_approved", "waiver_refused")]
    assert len(decided) == 1


def test_waivers_and_rechecks_are_read_only_in_the_admin(people: People) -> None:
    """Decided in the desk by a pimpinan, kept as history: the admin lists them and
    changes nothing (no add, change or delete)."""
    from django.contrib import admin
    from django.test import RequestFactory

    from engine.desk.models import Recheck, Waiver

    request = RequestFactory().get("/admin/")
    request.user = people.admin.user
    for model in (Waiver, Recheck):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
        assert model_admin.has_view_permission(request), model


def test_waivers_yaml_answers_an_etag_and_304_until_a_decision_changes_it(
    api: Api, people: People
) -> None:
    """`patuh check --desk` asks again at every run with If-None-Match: unchanged
    waivers cost a 304 without a body; a new decision changes the ETag."""
    first = api.call("GET", "/api/v1/waivers.yaml", people.pemohon)
    etag = first.headers["ETag"]
    assert etag == '"' + hashlib.sha256(first.content).hexdigest() + '"'
    # The caller's alone, revalidated at every use, and kept by no cache on the way
    # (issue 21: no-store on every API answer).
    assert first.headers["Cache-Control"] == "private, no-cache, no-store"
    assert "Authorization" in first.headers["Vary"]
    again = api.call("GET", "/api/v1/waivers.yaml", people.pemohon, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == etag
    # A waiver approved: the same question now gets the new file.
    pk = _upload_failing(api, people.pemohon)["id"]
    wid = _request(api, people.pemohon, pk).json()["id"]
    assert _decide(api, people.pimpinan, wid, approve=True, reference="800/9/D/2026").ok
    changed = api.call(
        "GET", "/api/v1/waivers.yaml", people.pemohon, headers={"If-None-Match": etag}
    )
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert b"800/9/D/2026" in changed.content
    # Without a token: 401, as before, never a 304.
    assert (
        api.call("GET", "/api/v1/waivers.yaml", headers={"If-None-Match": etag}).status_code == 401
    )
