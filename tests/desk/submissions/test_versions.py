"""A submission's versions, in-process, on SQLite and PostgreSQL: what each version fixed
and introduced, the diff between two, and the queue (oldest first, filtered)."""

from __future__ import annotations

from desk.conftest import People, make_proposal, new_id


def test_findings_delta_and_diff_between_versions(people: People) -> None:
    from engine.desk.submissions.selectors import findings_delta, version_diff
    from engine.desk.submissions.services import submit

    doc = new_id()
    first = submit(people.pemohon.user, make_proposal(doc, hosting="opd_server_room"), "a.yaml")
    second = submit(people.pemohon.user, make_proposal(doc), "a.yaml")
    assert (first.version.number, second.version.number) == (1, 2)
    assert [f["rule"] for f in findings_delta(first.version).introduced] == ["MDN-HOST-01"]
    delta = findings_delta(second.version)
    assert [f["rule"] for f in delta.fixed] == ["MDN-HOST-01"] and delta.introduced == []
    diff = version_diff(first.version, second.version)
    assert "-    location: opd_server_room" in diff
    assert "+    location: diskominfo_datacenter" in diff
    assert second.version.report_in("en")["results"][0]["verdict"] == "compliant"
    assert second.version.policy_digest.startswith("sha256:")
    assert second.version.catalog_digest.startswith("sha256:")
    assert second.version.opa_version


def test_queue_is_oldest_first_and_filtered(people: People) -> None:
    from engine.desk.submissions.selectors import queue
    from engine.desk.submissions.services import submit

    made = [submit(people.pemohon.user, make_proposal(), "a.yaml").submission for _ in range(2)]
    listed = list(queue(people.verifikator.user, status="submitted", kind="Proposal"))
    positions = [listed.index(s) for s in made]
    assert positions[0] < positions[1]
    assert all(s.status == "submitted" for s in listed)
    assert made[0] not in queue(people.verifikator.user, opd="Dinas Pendidikan")
