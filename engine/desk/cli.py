"""`patuh desk`: migrate, adduser, token, demo, serve (desk.md, "Running it"), and
impact (the replay of the register under draft policies); `audit verify` (the audit
log's hash chain) and `grant ROLE` (the serving role of a two-role PostgreSQL).

Django is imported inside each command, after --database-url has been put into the
environment its settings read, so `patuh check` never pays for it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from engine.desk.core.config import DATABASE_URL_ENV, OPA_POLICIES_ENV, OPA_URL_ENV
from engine.i18n import env_lang

_LANG = env_lang()


def _h(key: str) -> str:
    """A help text, in the language of PATUH_LANG (as `patuh`'s own)."""
    from engine.desk.core.i18n import cli_t

    return cli_t(key, _LANG)


database_option = click.option(
    "--database-url",
    envvar=DATABASE_URL_ENV,
    help=_h("desk.cli.opt.database_url"),
)


def _say(key: str, **params: Any) -> str:
    from engine.desk.core.i18n import cli_t, t

    return (cli_t if key.startswith("desk.") else t)(key, _LANG, **params)


def _django(database_url: str | None) -> None:
    """Configure Django for `database_url` (or the environment's, or the default)."""
    if database_url:
        os.environ[DATABASE_URL_ENV] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engine.desk.settings")
    from engine.desk.core import config

    url = config.database_url()
    if url.startswith("sqlite:///"):
        # The folder may not exist yet on a fresh machine: made 0700, the file 0600.
        from pathlib import Path

        import dj_database_url

        local = Path(str(dj_database_url.parse(url)["NAME"]))  # as Django will open it
        for path, mode in config.prepare_sqlite(local):
            click.echo(_say("desk.sqlite_wide", path=path, mode=mode), err=True)
    import django

    try:
        django.setup()
    except config.WeakSecretKey as weak:
        click.echo(_say("desk.secret_key_short", name=weak.name, length=weak.length), err=True)
        sys.exit(2)


def pending_migrations() -> int:
    """Migrations not yet applied; a database that cannot be reached is the user's to
    fix (a message and exit 2, not a traceback)."""
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except DatabaseError as exc:
        click.echo(_say("desk.database_failed", detail=str(exc).strip()), err=True)
        sys.exit(2)


@click.group(help=_h("desk.cli.help"))
def desk() -> None:
    pass


@desk.command(help=_h("desk.cli.migrate.help"))
@database_option
def migrate(database_url: str | None) -> None:
    _django(database_url)
    from django.core.management import call_command
    from django.db import DatabaseError

    try:
        call_command("migrate", interactive=False, verbosity=0)
    except DatabaseError as exc:
        click.echo(_say("desk.database_failed", detail=str(exc).strip()), err=True)
        sys.exit(2)
    click.echo(_say("desk.migrated"))


@desk.command(help=_h("desk.cli.adduser.help"))
@click.argument("username")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["pemohon", "verifikator", "pokja", "pimpinan", "admin"]),
)
@click.option("--opd", help=_h("desk.cli.opt.opd"))
@click.option("--name", "full_name", default="", help=_h("desk.cli.opt.name"))
@click.option("--nip", default="", help=_h("desk.cli.opt.nip"))
@click.option("--email", default=None, help=_h("desk.cli.opt.email"))
@click.option("--lang", "language", type=click.Choice(["id", "en"]), help=_h("desk.cli.opt.lang"))
@click.option("--password-stdin", is_flag=True, help=_h("desk.cli.opt.password_stdin"))
@database_option
def adduser(
    username: str,
    role: str,
    opd: str | None,
    full_name: str,
    nip: str,
    email: str | None,
    language: str | None,
    password_stdin: bool,
    database_url: str | None,
) -> None:
    _django(database_url)
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    if email:
        try:
            validate_email(email.strip())
        except ValidationError as exc:
            raise click.ClickException(_say("desk.bad_email", email=email)) from exc

    from engine.desk.accounts.services import create_user
    from engine.desk.core.errors import DeskError

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(
            _say("desk.password_prompt"), hide_input=True, confirmation_prompt=True
        )
    if not password:
        raise click.ClickException(_say("desk.password_empty"))
    try:
        validate_password(password)
    except ValidationError as exc:
        detail = " ".join(exc.messages)
        raise click.ClickException(_say("desk.password_weak", detail=detail)) from exc
    try:
        create_user(
            username,
            role,
            opd,
            password,
            full_name=full_name,
            nip=nip,
            email=email,
            language=language,
        )
    except DeskError as exc:
        raise click.ClickException(exc.message(_LANG)) from exc
    click.echo(_say("desk.user_saved", username=username, role=role))


@desk.command(help=_h("desk.cli.token.help"))
@click.argument("username")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    type=click.Choice(["read", "submit", "decide"]),
    help=_h("desk.cli.opt.scope"),
)
@click.option("--label", default="", help=_h("desk.cli.opt.label"))
@click.option("--days", default=90, show_default=True, type=int, help=_h("desk.cli.opt.days"))
@database_option
def token(
    username: str, scopes: tuple[str, ...], label: str, days: int, database_url: str | None
) -> None:
    _django(database_url)
    from django.contrib.auth.models import User

    from engine.desk.accounts.services import issue_token
    from engine.desk.core.errors import DeskError

    user = User.objects.filter(username=username).first()
    if user is None:
        raise click.ClickException(_say("desk.no_user", username=username))
    try:
        fresh, made = issue_token(user, scopes=scopes, label=label, days=days)
    except DeskError as exc:
        raise click.ClickException(exc.message(_LANG)) from exc
    expires = f"{made.expires_at:%Y-%m-%d %H:%M}" if made.expires_at else "-"
    click.echo(_say("desk.token_once", username=username), err=True)
    click.echo(_say("desk.token_expires", expires=expires, scope=made.scope), err=True)
    click.echo(fresh)


@desk.group(help=_h("desk.cli.audit.help"))
def audit() -> None:
    pass


@audit.command("verify", help=_h("desk.cli.audit_verify.help"))
@database_option
def audit_verify(database_url: str | None) -> None:
    """Exit 0 when every event fits the chain, 1 when one does not (each named)."""
    _django(database_url)
    from engine.desk.core.audit_chain import verify

    found = verify()
    for event_id, why in found.broken:
        click.echo(_say(f"audit_verify.broken_{why}", id=event_id))
    if found.intact:
        click.echo(_say("audit_verify.intact", events=found.events))
    else:
        click.echo(_say("audit_verify.damaged", events=found.events, broken=len(found.broken)))
    if found.head_id is not None:
        click.echo(_say("audit_verify.head", id=found.head_id, chain=found.head))
    sys.exit(0 if found.intact else 1)


@desk.command(help=_h("desk.cli.grant.help"))
@click.argument("role")
@database_option
def grant(role: str, database_url: str | None) -> None:
    """Give the role `serve` connects as what it needs, and on the audit log no more
    than SELECT and INSERT (core/db_roles.py). Run as the tables' owner."""
    _django(database_url)
    from django.db import DatabaseError

    from engine.desk.core.db_roles import NotPostgres, grant_web_role

    try:
        statements = grant_web_role(role)
    except NotPostgres as exc:
        click.echo(_say("db_roles.not_postgres", vendor=str(exc)), err=True)
        sys.exit(2)
    except DatabaseError as exc:
        click.echo(_say("desk.database_failed", detail=str(exc).strip()), err=True)
        sys.exit(2)
    for statement in statements:
        click.echo(statement + ";")
    click.echo(_say("db_roles.granted", role=role), err=True)


@desk.command(help=_h("desk.cli.deactivate.help"))
@click.argument("username")
@database_option
def deactivate(username: str, database_url: str | None) -> None:
    _django(database_url)
    from engine.desk.accounts.services import deactivate_user
    from engine.desk.core.errors import DeskError

    try:
        tokens, sessions = deactivate_user(username)
    except DeskError as exc:
        raise click.ClickException(exc.message(_LANG)) from exc
    click.echo(_say("desk.deactivated", username=username, tokens=tokens, sessions=sessions))


@desk.command(help=_h("desk.cli.cleanup.help"))
@database_option
def cleanup(database_url: str | None) -> None:
    _django(database_url)
    from django.db import DatabaseError

    from engine.desk.accounts.services import clean_expired

    try:
        cleared = clean_expired()
    except DatabaseError as exc:
        click.echo(_say("desk.database_failed", detail=str(exc).strip()), err=True)
        sys.exit(2)
    click.echo(_say("desk.cleaned", **cleared))


@desk.command(help=_h("desk.cli.notify.help"))
@click.option("--digest", is_flag=True, help=_h("desk.cli.opt.digest"))
@database_option
def notify(digest: bool, database_url: str | None) -> None:
    _django(database_url)
    from engine.desk.core.outbox import enqueue_digests, send_outbox
    from engine.desk.submissions.deadlines import digest_lines

    if digest:  # once a day: what each person who chose the digest has due or late
        enqueue_digests(digest_lines)
    sent, failed = send_outbox()
    click.echo(_say("desk.notified", sent=sent, failed=failed))


@desk.command(help=_h("desk.cli.demo.help"))
@database_option
@click.option("--opa-url", envvar="PATUH_OPA_URL", help=_h("desk.cli.opt.opa_url"))
@click.option(
    "--demo-certificate",
    type=click.Path(file_okay=False, path_type=Path),
    help=_h("desk.cli.opt.demo_certificate"),
)
def demo(database_url: str | None, opa_url: str | None, demo_certificate: Path | None) -> None:
    _django(database_url)
    if opa_url:
        os.environ[OPA_URL_ENV] = opa_url
        os.environ.pop(OPA_POLICIES_ENV, None)
    if demo_certificate is not None:
        # A certificate hierarchy made here, every name marked DEMO: the demo's letters
        # are signed as an office's would be, and plainly by no real office.
        from engine.desk.letters.demo_pki import DEMO_PASSWORD, make_demo_pki
        from engine.desk.letters.signing import P12_ENV, PASSWORD_ENV

        made = make_demo_pki(demo_certificate)
        os.environ[P12_ENV] = str(made.signer_p12)
        os.environ[PASSWORD_ENV] = DEMO_PASSWORD
        click.echo(_say("desk.demo_certificate", p12=made.signer_p12, root=made.root_pem))
    from django.core.management import call_command

    from engine.desk import demo as demo_data
    from engine.desk.core.config import database_url as current_url

    call_command("migrate", interactive=False, verbosity=0)
    logins, password = demo_data.build()
    click.echo(_say("desk.demo_ready", database=_hide_password(current_url())))
    click.echo(_say("desk.demo_logins", password=password))
    for username, role, opd in logins:
        click.echo(f"  {username:<22} {role:<12} {opd or ''}")


def _hide_password(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


CLEANUP_SECONDS = 24 * 60 * 60
# Threads per gunicorn worker (gthread): a client that sends its request slowly holds one
# thread, not a whole worker, while the other threads and workers answer everyone else.
THREADS = 4


def _loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _daily_cleanup() -> None:
    """`patuh desk cleanup` at start and every day after, for as long as `serve` runs: in
    a child process of its own, so that no database connection of the master's is ever
    inherited by a worker gunicorn forks."""
    import threading

    stop = threading.Event()
    command = [sys.executable, "-c", "from engine.cli.main import main; main()", "desk", "cleanup"]

    def run() -> None:
        import subprocess

        while True:
            subprocess.run(command, stdin=subprocess.DEVNULL, check=False)
            if stop.wait(CLEANUP_SECONDS):
                return

    threading.Thread(target=run, name="patuh-desk-cleanup", daemon=True).start()


def _default_workers() -> int:
    return min(2 * (os.cpu_count() or 1) + 1, 8)


@desk.command(help=_h("desk.cli.serve.help"))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--workers", type=click.IntRange(1, 64), help=_h("desk.cli.opt.workers"))
@database_option
@click.option("--opa-url", envvar="PATUH_OPA_URL", help=_h("desk.cli.opt.serve_opa_url"))
@click.option("--pack", "packs", multiple=True, help=_h("desk.cli.opt.pack"))
@click.option("--behind-proxy", is_flag=True, help=_h("desk.cli.opt.behind_proxy"))
def serve(
    host: str,
    port: int,
    workers: int | None,
    database_url: str | None,
    opa_url: str | None,
    packs: tuple[str, ...],
    behind_proxy: bool,
) -> None:
    from engine.evaluating.packs import ENV_PACKS, UnknownPack, packs_from_env, select_packs

    if not behind_proxy and not _loopback(host):
        # gunicorn reads a request's headers as slowly as a client sends them; a reverse
        # proxy (nginx) reads whole requests first, so only it may face the network.
        click.echo(_say("desk.serve_needs_proxy", host=host), err=True)
        sys.exit(2)

    try:
        # The rule packs every check of this desk applies (--pack, else PATUH_PACKS,
        # else medan); the forked workers read them from the environment.
        os.environ[ENV_PACKS] = ",".join(select_packs(packs or packs_from_env()))
    except UnknownPack as exc:
        click.echo(_say("desk.unknown_pack", pack=exc.name, known=", ".join(exc.known)), err=True)
        sys.exit(2)
    _django(database_url)
    pending = pending_migrations()
    if pending:
        click.echo(_say("desk.migrate_needed", pending=pending), err=True)
        sys.exit(2)
    _check_signing()
    taken = _address_taken(host, port)
    if taken:
        click.echo(_say("desk.port_taken", host=host, port=port, detail=taken), err=True)
        sys.exit(2)
    from django.db import connections

    connections.close_all()  # no connection may be shared with the forked workers
    _daily_cleanup()
    count = workers or _default_workers()
    os.environ.pop(OPA_POLICIES_ENV, None)  # only ever this command's own OPA's
    if opa_url:
        os.environ[OPA_URL_ENV] = opa_url
        _run_gunicorn(host, port, count, opa_url)
        return
    from engine.evaluating.errors import EngineError
    from engine.evaluating.opa.binary import find_opa_binary
    from engine.evaluating.opa.managed import managed_opa
    from engine.evaluating.policy_snapshot import private_policies

    try:
        binary = find_opa_binary()
        with (
            private_policies(None) as policies,
            managed_opa(binary, policies.folder, shown_as=policies.source) as url,
        ):
            # Started before gunicorn forks: every worker checks against this one.
            os.environ[OPA_URL_ENV] = url
            if policies.source is not None:
                os.environ[OPA_POLICIES_ENV] = str(policies.folder)
            _run_gunicorn(host, port, count, url)
    except EngineError as exc:
        click.echo(_say("error.engine", detail=exc.detail), err=True)
        sys.exit(3)


def _check_signing() -> None:
    """A signing certificate that cannot sign stops the desk before it starts: no letter
    is ever issued half signed (letters/signing.py)."""
    from engine.desk.letters.selectors import letter_signer
    from engine.desk.letters.signing import SigningSetupError

    try:
        letter_signer()
    except SigningSetupError as exc:
        why = _say(exc.key, **exc.params)
        click.echo(_say("signing.refused_start", why=why), err=True)
        sys.exit(2)


@desk.command("verify-letter", help=_h("desk.cli.verify_letter.help"))
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@database_option
def verify_letter(pdf: Path, database_url: str | None) -> None:
    """Offline, against the desk's database: is this file a letter this desk issued, is
    it still valid, and does its signature hold (exit 0 only when all three)."""
    _django(database_url)
    from engine.desk.letters.evidence import Refused
    from engine.desk.letters.report import verdict_lines
    from engine.desk.letters.selectors import verify_pdf

    try:
        checked = verify_pdf(pdf.read_bytes())
    except Refused as refused:
        click.echo(_say(refused.key), err=True)
        sys.exit(2)
    for line in verdict_lines(checked, _LANG):
        click.echo(line)
    sys.exit(0 if checked.valid else 1)


# gunicorn's atoms: %(U)s is the path without its query (%(r)s would carry it).
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'


def _address_taken(host: str, port: int) -> str:
    """Why the server could not listen at host:port ("" when it can): said in a sentence
    before gunicorn starts, instead of gunicorn's own retries and log lines."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return ""


def _run_gunicorn(host: str, port: int, workers: int, opa: str) -> None:
    from gunicorn.app.base import BaseApplication

    shown = f"http://{'[' + host + ']' if ':' in host else host}:{port}"

    class DeskServer(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"[{host}]:{port}" if ":" in host else f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", THREADS)
            self.cfg.set("timeout", 120)
            self.cfg.set("graceful_timeout", 10)
            # An access log on stdout, without query strings (a token or a code in a
            # query must not land in a log file): address, time, method, path,
            # status, size, duration, user agent.
            self.cfg.set("accesslog", "-")
            self.cfg.set("access_log_format", ACCESS_LOG_FORMAT)
            self.cfg.set("proc_name", "patuh-desk")

            def when_ready(server: Any) -> None:
                click.echo(_say("desk.serving", url=shown, workers=workers, opa=opa), err=True)

            self.cfg.set("when_ready", when_ready)

        def load(self) -> Any:
            from engine.desk.wsgi import application

            return application

    DeskServer().run()


@desk.command(help=_h("desk.cli.impact.help"))
@click.option(
    "--policy-dir",
    "draft",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help=_h("desk.cli.opt.impact_policy_dir"),
)
@click.option(
    "--base-policy-dir",
    "base",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help=_h("desk.cli.opt.impact_base"),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=_h("desk.cli.opt.format"),
)
@click.option("--opa-binary", envvar="PATUH_OPA_BINARY", type=click.Path(dir_okay=False))
@database_option
def impact(
    draft: Path, base: Path | None, fmt: str, opa_binary: str | None, database_url: str | None
) -> None:
    """The replay: engine/desk/register/replay.py (patuh impact's comparison, on the register)."""
    _django(database_url)
    from engine.desk.register.replay import render_json, render_text, replay
    from engine.reporting.describe import engine_error_text

    result = replay(draft, base=base, opa_binary=opa_binary)
    if fmt == "json":
        click.echo(render_json(result), nl=False)
    else:
        click.echo(render_text(result, _LANG, str(draft)), nl=False)
    if result.impact is not None:
        for engine in result.impact.failed_engines():
            click.echo(engine_error_text(engine, _LANG), err=True)
    sys.exit(result.exit_code())
