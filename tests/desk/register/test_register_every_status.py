"""The register's pages know every status a submission may have: a withdrawn one (issue
23) once made the dashboard answer 500, its chart legend naming only the first five."""

from __future__ import annotations

from django.test import Client

from desk.conftest import People, make_proposal


def test_the_dashboard_and_the_queue_with_a_withdrawn_and_a_draft(people: People) -> None:
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    withdrawn = submit(people.pemohon.user, make_proposal(), "a.yaml").submission
    transition(people.pemohon.user, withdrawn.pk, "withdrawn", "kegiatan dibatalkan")
    submit(people.pemohon.user, make_proposal(), "b.yaml", draft=True)
    head = Client()
    head.force_login(people.pimpinan.user)
    board = head.get("/register/")
    assert board.status_code == 200
    assert "Ditarik" in board.content.decode() or "ditarik" in board.content.decode()
    head.force_login(people.verifikator.user)
    assert head.get("/").status_code == 200
