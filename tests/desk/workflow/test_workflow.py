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
    with verdict `error`, and is not recommended while the engine still fails when it
    is checked again before the recommendation (fail closed)."""
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import NotCompliant, transition

    monkeypatch.setenv("PATUH_DESK_OPA_URL", "http://127.0.0.1:9")
    result = submit(people.pemohon.user, make_proposal(), "a.yaml")
    assert result.version.verdict == "error"
    assert result.checked.answer["engine"]["error"]
    transition(people.verifikator.user, result.submission.pk, "in_review")
    transition(people.verifikator.user, result.submission.pk, "reviewed", "Telaah selesai.")
    with pytest.raises(NotCompliant):
        transition(people.pimpinan.user, result.submission.pk, "recommended")
    result.version.refresh_from_db()
    assert result.version.verdict == "error"


def test_an_unknown_stored_verdict_is_replaced_by_the_check_again(people: People) -> None:
    """A verdict this code has never heard of (say, from a later patuh) is never taken
    as it is: the recommendation is decided on the version checked again (issue 20)."""
    from engine.desk.models import Recheck, Version
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    result = submit(people.pemohon.user, make_proposal(), "a.yaml")
    Version.objects.filter(pk=result.version.pk).update(verdict="compliant?")
    transition(people.verifikator.user, result.submission.pk, "in_review")
    transition(people.verifikator.user, result.submission.pk, "reviewed", "Telaah selesai.")
    assert transition(people.pimpinan.user, result.submission.pk, "recommended").letter
    kept = Recheck.objects.get(version=result.version)
    assert (kept.cause, kept.before_verdict, kept.after_verdict) == (
        "recommend",
        "compliant?",
        "compliant",
    )


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
    assert allowed_transitions(people.pemohon.user, proposal) == ["withdrawn"]  # issue 23
