"""Before `→ recommended` the latest version is checked again under today's packs,
policies, register, waivers and date (issue 20, item 17), and the recommendation is
refused (409 `recheck_not_compliant`) when that answer is not compliant: a verdict
stored under other packs never lets a submission through. Real `patuh desk serve`
servers on SQLite and PostgreSQL: one applies `medan`, the next (the operator restarted
it with `--pack medan --pack nasional`) both."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from desk.conftest import Api, People, make_proposal


def test_a_verdict_of_other_packs_is_checked_again_before_recommending(
    api: Api,
    people: People,
    desk_db: str,
    opa_url: str,
    start_desk_server: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from engine.desk.models import Recheck
    from engine.desk.workflow.services import NotCompliantNow

    english = NotCompliantNow(verdict="non_compliant").message("en")
    assert "checked again today" in english and "non_compliant" in english
    # The example proposal meets both packs; without its DPIA it meets medan alone
    # (NAS-PDP-02 asks for it).
    text = make_proposal().decode("utf-8")
    without_dpia = "".join(
        line for line in text.splitlines(keepends=True) if "dpia_ref:" not in line
    )
    assert without_dpia != text
    uploaded = api.upload(people.pemohon, without_dpia.encode("utf-8"))
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["verdict"] == "compliant"  # under medan alone
    assert [p["name"] for p in uploaded.json()["report"]["engine"]["packs"]] == ["medan"]
    pk = uploaded.json()["id"]
    assert api.move(people.verifikator, pk, "in_review").status_code == 200

    monkeypatch.setenv("PATUH_PACKS", "medan,nasional")
    both = Api(start_desk_server(desk_db, opa_url).url)
    both.move(people.verifikator, pk, "reviewed", "Telaah selesai.")
    refused = both.move(people.pimpinan, pk, "recommended")
    assert refused.status_code == 409, refused.text
    assert refused.json()["error"] == "recheck_not_compliant"
    assert "diperiksa ulang" in refused.json()["message"]
    # Asked again: the stored verdict is now the one checked today (not_compliant).
    again = both.move(people.pimpinan, pk, "recommended")
    assert again.status_code == 409 and again.json()["error"] == "not_compliant"

    detail = both.call("GET", f"/api/v1/submissions/{pk}", people.pemohon).json()
    assert (detail["status"], detail["letter"]) == ("reviewed", None)
    assert detail["versions"][-1]["verdict"] == "non_compliant"
    report = detail["report"]
    assert [p["name"] for p in report["engine"]["packs"]] == ["medan", "nasional"]
    rules = {f["rule"] for r in report["results"] for f in r["findings"]}
    assert any(rule.startswith("NAS-") for rule in rules), rules
    kept = Recheck.objects.filter(version__submission_id=pk, cause="recommend").first()
    assert kept is not None and (kept.before_verdict, kept.after_verdict) == (
        "compliant",
        "non_compliant",
    )
    # The answer it held before is kept: medan's.
    assert [p["name"] for p in kept.before_report["engine"]["packs"]] == ["medan"]


def test_a_compliant_proposal_is_checked_again_and_recommended(people: People) -> None:
    """The check again is made for every submission (not only those with waivers or
    citing letters), and a compliant answer lets the recommendation through."""
    from engine.desk.core.audit import audit_events
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    pk = submit(people.pemohon.user, make_proposal(), "a.yaml").submission.pk
    transition(people.verifikator.user, pk, "in_review")
    transition(people.verifikator.user, pk, "reviewed", "Telaah selesai.")
    assert transition(people.pimpinan.user, pk, "recommended").letter is not None
    from engine.desk.models import Submission

    events = [
        (e.action, e.detail.get("cause")) for e in audit_events(Submission.objects.get(pk=pk))
    ]
    assert ("recheck", "recommend") in events
    assert events.index(("recheck", "recommend")) < [a for a, _ in events].index("transition", 4)
