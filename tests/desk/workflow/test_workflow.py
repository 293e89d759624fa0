"""The workflow (engine/desk/workflow/), in-process, on SQLite and PostgreSQL: a
recommendation fails closed (an engine failure, an unknown verdict), and pokja reviews
procurements only."""

from __future__ import annotations

import pytest

from desk.conftest import People, make_proposal


def test_engine_failure_is_stored_and_blocks_recommendation(
    people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fault injected on purpose: the desk's OPA is a closed port. The version is kept
    with verdict `error`, and never becomes recommendable (fail closed)."""
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import NotCompliant, transition

    monkeypatch.setenv("PATUH_DESK_OPA_URL", "http://127.0.0.1:9")
    result = submit(people.pemohon.user, make_proposal(), "a.yaml")
    assert result.version.verdict == "error"
    assert result.checked.answer["engine"]["error"]
    monkeypatch.undo()
    transition(people.verifikator.user, result.submission.pk, "in_review")
    transition(people.verifikator.user, result.submission.pk, "reviewed", "Telaah selesai.")
    with pytest.raises(NotCompliant):
        transition(people.pimpinan.user, result.submission.pk, "recommended")


def test_unknown_verdict_blocks_recommendation(people: People) -> None:
    from engine.desk.models import Version
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import NotCompliant, transition

    result = submit(people.pemohon.user, make_proposal(), "a.yaml")
    # A verdict this code has never heard of (say, from a later patuh) is not "compliant".
    Version.objects.filter(pk=result.version.pk).update(verdict="compliant?")
    transition(people.verifikator.user, result.submission.pk, "in_review")
    transition(people.verifikator.user, result.submission.pk, "reviewed", "Telaah selesai.")
    with pytest.raises(NotCompliant):
        transition(people.pimpinan.user, result.submission.pk, "recommended")
    # Back to a verdict the pages know: the other tests (the browser's queue, say) share
    # this database, in whatever order xdist runs them.
    Version.objects.filter(pk=result.version.pk).update(verdict=result.version.verdict)


def test_pokja_reviews_procurements_only(people: People) -> None:
    from engine.desk.accounts.permissions import (
        allowed_transitions,
        readable_submission,
        readable_submissions,
    )
    from engine.desk.core.errors import NotFound
    from engine.desk.submissions.services import submit

    proposal = submit(people.pemohon.user, make_proposal(), "a.yaml").submission
    assert not readable_submissions(people.pokja.user).filter(pk=proposal.pk).exists()
    with pytest.raises(NotFound):
        readable_submission(people.pokja.user, proposal.pk)
    assert allowed_transitions(people.verifikator.user, proposal) == ["in_review"]
    assert allowed_transitions(people.pemohon.user, proposal) == []
