"""`patuh desk` commands, run as people run them (real processes)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from desk.conftest import EXAMPLE
from desk.servers import PATUH


def _desk(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PATUH), "desk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_serve_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    served = _desk("serve", "--port", "0", "--database-url", url)
    assert served.returncode == 2
    assert "patuh desk migrate" in served.stderr


def test_migrate_adduser_token(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    env = {"PATUH_DATABASE_URL": url}  # the environment, as desk.md says
    assert _desk("migrate", env=env).returncode == 0
    weak = _desk(
        "adduser",
        "budi",
        "--role",
        "pemohon",
        "--opd",
        "Dinas Perhubungan",
        "--password-stdin",
        stdin="12345\n",
        env=env,
    )
    assert weak.returncode != 0 and "ditolak" in weak.stderr
    no_opd = _desk(
        "adduser",
        "budi",
        "--role",
        "pemohon",
        "--password-stdin",
        stdin="kata-sandi-kuat-Medan\n",
        env=env,
    )
    assert no_opd.returncode != 0 and "OPD" in no_opd.stderr
    made = _desk(
        "adduser",
        "budi",
        "--role",
        "pemohon",
        "--opd",
        "Dinas Perhubungan",
        "--password-stdin",
        stdin="kata-sandi-kuat-Medan\n",
        env=env,
    )
    assert made.returncode == 0, made.stderr
    token = _desk("token", "budi", env=env)
    assert token.returncode == 0 and token.stdout.strip().startswith("patuh_")
    assert token.stdout.strip().encode() not in (tmp_path / "desk.sqlite3").read_bytes()
    assert _desk("token", "nobody", env=env).returncode != 0


def test_default_database_is_in_the_data_folder(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path)}
    environment = {k: v for k, v in os.environ.items() if k != "PATUH_DATABASE_URL"}
    migrated = subprocess.run(
        [str(PATUH), "desk", "migrate"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**environment, **env},
    )
    assert migrated.returncode == 0, migrated.stderr
    assert (tmp_path / "patuh" / "desk.sqlite3").is_file()


def test_demo_fills_every_status_and_prints_the_logins(tmp_path: Path) -> None:
    import sqlite3

    database = tmp_path / "demo.sqlite3"
    made = _desk("demo", "--database-url", f"sqlite:///{database}")
    assert made.returncode == 0, made.stderr
    for login in ("pemohon.dinkes", "verifikator", "pokja", "pimpinan", "admin"):
        assert login in made.stdout
    with sqlite3.connect(database) as db:
        statuses = {row[0] for row in db.execute("select status from desk_submission")}
        opds = {row[0] for row in db.execute("select name from desk_opd")}
        versions = db.execute("select max(number) from desk_version").fetchone()[0]
    assert statuses == {
        "draft",
        "submitted",
        "in_review",
        "reviewed",
        "returned",
        "recommended",
        "rejected",
        "withdrawn",
    }
    with sqlite3.connect(database) as db:
        actions = {row[0] for row in db.execute("select action from desk_auditevent")}
        assigned = db.execute("select count(*) from desk_submission where assignee_id is not null")
        assert assigned.fetchone()[0] >= 2  # taken into review, or given by the pimpinan
    assert {"comment", "assigned"} <= actions  # the discussion and an assignment
    with sqlite3.connect(database) as db:  # the mail log: the walk's mail, in the outbox
        told = {row[0] for row in db.execute('select "to" from desk_outboxmail')}
    assert "pemohon.dinkes@demo.medan.go.id" in told
    assert {"Dinas Kesehatan", "Dinas Perhubungan", "Dinas Komunikasi dan Informatika"} <= opds
    assert versions == 2  # one document with a history
    # The thread (engine/desk/demo.py): a procurement that cites the recommended
    # proposal of its OPD and that proposal's letter, compliant under both rules.
    with sqlite3.connect(database) as db:
        cited = db.execute(
            "select b.verdict_of, p.status, l.number = s.coordination_ref from"
            " (select submission_id, max(number) n from desk_version group by submission_id) v"
            " join desk_submission s on s.id = v.submission_id"
            " join (select submission_id, number, verdict as verdict_of from desk_version) b"
            " on b.submission_id = s.id and b.number = v.n"
            " join desk_submission p on p.document_id = s.proposal_ref and p.opd_id = s.opd_id"
            " join desk_letter l on l.submission_id = p.id"
            " where s.kind = 'Procurement' and p.kind = 'Proposal'"
        ).fetchall()
    assert ("compliant", "recommended", 1) in cited, cited
    # Drafts written with the form, and attachments, one listed by a letter (issue 23).
    with sqlite3.connect(database) as db:
        drafts = db.execute(
            "select v.filename from desk_submission s join desk_version v"
            " on v.submission_id = s.id where s.status = 'draft'"
        ).fetchall()
        attached = db.execute(
            "select s.status, a.content_type, length(a.sha256) from desk_attachment a"
            " join desk_submission s on s.id = a.submission_id"
        ).fetchall()
    assert drafts == [("proposal-formulir.yaml",)]
    assert ("draft", "application/pdf", 64) in attached
    assert ("recommended", "application/pdf", 64) in attached


def test_unreachable_database_is_a_message_not_a_traceback() -> None:
    url = "postgresql://nobody@127.0.0.1:1/none"  # nothing listens on port 1
    for command in (["migrate"], ["serve", "--port", "0"]):
        answer = _desk(*command, "--database-url", url)
        assert answer.returncode == 2
        assert "Basis data tidak dapat dipakai" in answer.stderr
        assert "Traceback" not in answer.stderr


def test_serve_refuses_an_unknown_rule_pack(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    served = _desk("serve", "--port", "0", "--database-url", url, "--pack", "jakarta")
    assert served.returncode == 2
    assert "`jakarta`" in served.stderr and "nasional" in served.stderr


def test_the_desk_checks_with_the_packs_it_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve --pack` hands the packs to its workers as PATUH_PACKS; every check of
    the desk then applies them (here in-process, against a real managed OPA)."""
    from engine.desk.core import checking

    # The example meets both packs; without its DPIA, NAS-PDP-02 fires (nasional only).
    document = b"".join(
        line for line in EXAMPLE.read_bytes().splitlines(keepends=True) if b"dpia_ref:" not in line
    )

    def rules(packs: str) -> set[str]:
        monkeypatch.setenv("PATUH_PACKS", packs)
        checking.catalog.cache_clear()
        try:
            checked = checking.check_bytes(document, "usulan.yaml")
        finally:
            checking.catalog.cache_clear()
        return {finding.rule for result in checked.report.results for finding in result.findings}

    assert not any(rule.startswith("NAS-") for rule in rules("medan"))
    assert "NAS-PDP-02" in rules("medan,nasional")


def test_the_desk_s_own_opa_is_not_asked_for_its_policies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A desk process without a named OPA starts its own on a private copy of the
    policies (as `patuh desk serve` does for its workers): every check hashes that
    copy rather than listing OPA's policies (20-100 ms of each upload, issue 12).
    An OPA the operator names is still asked (the session's, in every other test)."""
    from engine.desk.core import checking
    from engine.desk.core.config import OPA_POLICIES_ENV, OPA_URL_ENV
    from engine.evaluating.errors import EngineError
    from engine.evaluating.opa.client import OpaEngine
    from engine.evaluating.provenance import local_policy_digest
    from engine.resources import policies_dir

    def refuse(*args: object, **kwargs: object) -> str:
        raise EngineError("the desk's own OPA was asked for its policies")

    monkeypatch.delenv(OPA_URL_ENV, raising=False)
    monkeypatch.delenv(OPA_POLICIES_ENV, raising=False)
    monkeypatch.setattr(checking, "_own_opa", None)
    monkeypatch.setattr(OpaEngine, "policy_digest", refuse)
    checked = checking.check_bytes(EXAMPLE.read_bytes(), "usulan.yaml")
    assert checked.report.engine.error is None
    assert checked.report.results[0].evaluated
    assert checked.answer["engine"]["policy_digest"] == local_policy_digest(policies_dir())
    url, policies = checking.desk_opa()
    assert policies is not None and policies.source == policies_dir()
    assert policies.folder != policies_dir()

    # Named by the operator (not the desk's own): OPA is asked, and the refusal shows.
    monkeypatch.setenv(OPA_URL_ENV, url)
    named = checking.check_bytes(EXAMPLE.read_bytes(), "usulan.yaml")
    assert "asked for its policies" in (named.report.engine.error or "")
