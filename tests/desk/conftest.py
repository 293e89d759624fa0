"""Fixtures of the desk's tests: a real database on SQLite AND on a real PostgreSQL
(Debian's, started here in a temporary folder), users per role, and real
`patuh desk serve` servers (gunicorn) on loopback. No mocks.

- `desk_db`           (parametrized "sqlite" / "postgresql") the in-process Django's
                      database for this test, migrated; answers its URL
- `people`            users per role on that database: `people.pemohon.username/.password/
                      .token/.user`, also pemohon2 (another OPD), verifikator, pokja,
                      pimpinan, admin
- `proposal(...)`     the YAML bytes of a compliant proposal of Dinas Kesehatan with a new
                      id; `proposal(hosting="opd_server_room")` breaks MDN-HOST-01
- `desk_server`       a real `patuh desk serve` (2 workers) on that database: its base URL
- `start_desk_server` start more servers (url=..., opa_url=None for a managed OPA);
                      `start_module_desk_server` the same, kept for the module's tests
- `api`               requests against a server with a bearer token
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from desk.postgres import as_postgres, pg_bin, pg_start
from desk.servers import SECRET_KEY, DeskServer, start_server, stop_server

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "fixtures" / "examples" / "usulan-telemedicine.yaml"
PASSWORD = "uji-kata-sandi-Medan-2026"
OPD = "Dinas Kesehatan"
OTHER_OPD = "Dinas Pendidikan"


# --- PostgreSQL, from Debian's packages (postgres.py) --------------------------------------
@pytest.fixture(scope="session")
def postgres_url(worker_id: str) -> Iterator[str]:
    """Debian's PostgreSQL in a temporary folder: one per session, or one per xdist
    worker (each its own folder, port and data directory, so that none collide).

    The folder is made by mkdtemp, not tmp_path_factory: the `postgres` user that runs
    the server as root must reach it, and pytest's own folders are private to us."""
    binaries = pg_bin()
    folder = Path(tempfile.mkdtemp(prefix=f"patuh-desk-pg-{worker_id}-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    subprocess.run(
        as_postgres(
            [
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        port = pg_start(binaries, data, folder)
        subprocess.run(
            [
                str(binaries / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "patuh_desk",
            ],
            check=True,
            capture_output=True,
        )
        yield f"postgresql://postgres@127.0.0.1:{port}/patuh_desk"
    finally:
        subprocess.run(
            as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


# --- the in-process Django -------------------------------------------------------------------
@pytest.fixture(scope="session")
def _django(opa_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Django, set up once for the session (settings read the environment once)."""
    first = tmp_path_factory.mktemp("desk-sqlite") / "desk.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "engine.desk.settings"
    os.environ["PATUH_DATABASE_URL"] = f"sqlite:///{first}"
    os.environ["PATUH_DESK_SECRET_KEY"] = SECRET_KEY
    os.environ["PATUH_DESK_OPA_URL"] = opa_url
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("xdg-data"))
    # Django's test client calls itself "testserver".
    os.environ["PATUH_DESK_ALLOWED_HOSTS"] = "localhost,127.0.0.1,testserver"
    import django

    django.setup()
    return f"sqlite:///{first}"


def use_database(url: str) -> None:
    """Point the in-process Django's default connection at `url` (and migrate it the
    first time): the same tests run on SQLite and on PostgreSQL."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    from engine.desk.settings import _database

    if connections["default"].settings_dict.get("_patuh_url") == url:
        return
    # Compare the connection, not the settings: Django keeps connections per context,
    # and one made in another context (Playwright's greenlets) can outlive a switch.
    connections.close_all()
    database = _database(url)
    database["_patuh_url"] = url
    database["CONN_MAX_AGE"] = 0
    settings.DATABASES["default"] = database
    connections.settings["default"] = connections.configure_settings({"default": database})[
        "default"
    ]
    with contextlib.suppress(AttributeError, KeyError):
        del connections["default"]
    if url not in _migrated:
        call_command("migrate", interactive=False, verbosity=0)
        _migrated.add(url)


_migrated: set[str] = set()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def desk_database(request: pytest.FixtureRequest, _django: str) -> str:
    if request.param == "sqlite":
        return _django
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def desk_db(desk_database: str) -> str:
    use_database(desk_database)
    return desk_database


# --- people ------------------------------------------------------------------------------------
@dataclass
class Person:
    username: str
    password: str
    role: str
    opd: str | None
    user: Any
    token: str


@dataclass
class People:
    pemohon: Person
    pemohon2: Person
    verifikator: Person
    pokja: Person
    pimpinan: Person
    admin: Person


_people: dict[str, People] = {}


def people_on(url: str) -> People:
    """One user per role on the database at `url` (made once per database: argon2 is
    slow on purpose)."""
    use_database(url)
    if url in _people:
        return _people[url]
    from engine.desk.accounts import services

    def person(name: str, role: str, opd: str | None) -> Person:
        user = services.create_user(name, role, opd, PASSWORD, full_name=f"Uji {name}")
        # Every scope: the tests of roles test the roles (tokens' scopes have their own).
        token = services.new_token(user, scopes=("read", "submit", "decide"))
        return Person(name, PASSWORD, role, opd, user, token)

    found = People(
        pemohon=person("pemohon.dinkes", "pemohon", OPD),
        pemohon2=person("pemohon.disdik", "pemohon", OTHER_OPD),
        verifikator=person("verifikator", "verifikator", None),
        pokja=person("pokja", "pokja", None),
        pimpinan=person("pimpinan", "pimpinan", None),
        admin=person("admin", "admin", None),
    )
    _people[url] = found
    return found


@pytest.fixture
def people(desk_db: str) -> People:
    return people_on(desk_db)


def make_proposal(
    doc_id: str | None = None,
    *,
    opd: str = OPD,
    hosting: str = "diskominfo_datacenter",
    title: str = "Sistem Informasi Telemedicine Puskesmas",
) -> bytes:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  id: .*$", f"  id: {doc_id or new_id()}", text, count=1)
    text = re.sub(r"(?m)^  opd: .*$", f"  opd: {opd}", text, count=1)
    text = re.sub(r"(?m)^  title: .*$", f'  title: "{title}"', text, count=1)
    text = re.sub(r"(?m)^    location: .*$", f"    location: {hosting}", text, count=1)
    return text.encode("utf-8")


def new_id() -> str:
    return f"UJI-{uuid.uuid4().hex[:10].upper()}"


@pytest.fixture
def proposal() -> Callable[..., bytes]:
    return make_proposal


# --- real servers (servers.py starts and stops them) ------------------------------------------
_servers: dict[str, DeskServer] = {}


@pytest.fixture(scope="session")
def _server_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, DeskServer]]:
    yield _servers
    stop_server(*(server.process for server in _servers.values()))


@pytest.fixture
def desk_server(
    desk_db: str,
    people: People,
    opa_url: str,
    _server_pool: dict[str, DeskServer],
    tmp_path_factory: pytest.TempPathFactory,
) -> str:
    """A real `patuh desk serve` on this test's database (one per database, kept for
    the session), with the session's OPA."""
    if desk_db not in _server_pool or _server_pool[desk_db].process.poll() is not None:
        log = tmp_path_factory.mktemp("desk-server") / "serve.log"
        _server_pool[desk_db] = start_server(desk_db, opa_url, log)
    return _server_pool[desk_db].url


@contextlib.contextmanager
def _further_servers(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[..., DeskServer]]:
    started: list[DeskServer] = []

    def start(
        url: str,
        opa_url: str | None = None,
        workers: int = 2,
        env: dict[str, str] | None = None,
        args: tuple[str, ...] = (),
    ) -> DeskServer:
        log = tmp_path_factory.mktemp("desk-server") / "serve.log"
        server = start_server(url, opa_url, log, workers, env, args)
        started.append(server)
        return server

    try:
        yield start
    finally:
        stop_server(*(server.process for server in started))


@pytest.fixture
def start_desk_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[..., DeskServer]]:
    """Start further servers (stopped after the test); opa_url=None: a managed OPA."""
    with _further_servers(tmp_path_factory) as start:
        yield start


@pytest.fixture(scope="module")
def start_module_desk_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[..., DeskServer]]:
    """start_desk_server for a module's tests together (stopped after its last test)."""
    with _further_servers(tmp_path_factory) as start:
        yield start


class Api:
    """The JSON API of one server, as a person with a token calls it."""

    def __init__(self, base: str) -> None:
        self.base = base

    def call(
        self,
        method: str,
        path: str,
        person: Person | None = None,
        *,
        token: str | None = None,
        lang: str | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}))
        if person is not None or token is not None:
            headers["Authorization"] = f"Bearer {token if token is not None else person.token}"  # type: ignore[union-attr]
        if lang:
            headers["Accept-Language"] = lang
        return requests.request(method, self.base + path, headers=headers, timeout=60, **kwargs)

    def upload(self, person: Person, body: bytes, **kwargs: Any) -> requests.Response:
        return self.call(
            "POST",
            "/api/v1/submissions",
            person,
            data=body,
            headers={"Content-Type": "application/yaml"},
            **kwargs,
        )

    def move(
        self, person: Person, pk: int, to: str, note: str = "", **fields: str
    ) -> requests.Response:
        """A transition; `fields` adds to the body (a pokja's `outcome`, `package_code`)."""
        body = {"to": to, "note": note, **fields}
        return self.call("POST", f"/api/v1/submissions/{pk}/transitions", person, json=body)


@pytest.fixture
def api(desk_server: str) -> Api:
    return Api(desk_server)
