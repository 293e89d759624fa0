"""Where the desk keeps its data and its pages' templates, and how it reads its
environment (engine/desk/settings.py, engine/desk/cli.py)."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from engine.resources import reports_dir

DESK = Path(__file__).resolve().parent.parent  # engine/desk
# The packages whose templates/ folder holds pages (the shared frame first).
PAGE_PACKAGES = (
    "web",
    "accounts",
    "submissions",
    "workflow",
    "letters",
    "waivers",
    "register",
    "forms",
    "attachments",
    "rulebook",
)
DATABASE_URL_ENV = "PATUH_DATABASE_URL"
SECRET_KEY_ENV = "PATUH_DESK_SECRET_KEY"
SECRET_KEY_FALLBACKS_ENV = "PATUH_DESK_SECRET_KEY_FALLBACKS"
# Django's own deploy check asks for 50 characters (and variety): a shorter key is refused.
MIN_SECRET_KEY = 50
OPA_URL_ENV = "PATUH_DESK_OPA_URL"
# Set by `patuh desk serve` beside OPA_URL_ENV only when that OPA is its own, started on
# this private copy of the policies (engine/evaluating/policy_snapshot.py): the workers then hash
# the copy instead of asking OPA for its policies at every check. Never set by hand.
OPA_POLICIES_ENV = "PATUH_DESK_OPA_POLICIES"


def data_dir() -> Path:
    """$XDG_DATA_HOME/patuh (default ~/.local/share/patuh), as the XDG spec says."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "patuh"


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'desk.sqlite3'}"


def database_url() -> str:
    return os.environ.get(DATABASE_URL_ENV) or default_database_url()


class WeakSecretKey(ValueError):
    """A PATUH_DESK_SECRET_KEY (or one of its fallbacks) shorter than MIN_SECRET_KEY."""

    def __init__(self, name: str, length: int) -> None:
        super().__init__(f"{name} has {length} characters; at least {MIN_SECRET_KEY} are needed")
        self.name = name
        self.length = length


def _strong(name: str, key: str) -> str:
    if len(key) < MIN_SECRET_KEY:
        raise WeakSecretKey(name, len(key))
    return key


def secret_key() -> str:
    """PATUH_DESK_SECRET_KEY when set (several servers must share one; at least 50
    characters); otherwise a random key made once and kept, readable by its owner only,
    in the data folder."""
    key = os.environ.get(SECRET_KEY_ENV)
    if key:
        return _strong(SECRET_KEY_ENV, key)
    path = data_dir() / "desk-secret-key"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    private_folder(path.parent)
    fresh = secrets.token_urlsafe(50)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(fresh)
    return fresh


def number(name: str, default: int) -> int:
    """A positive whole number from the environment; `default` when unset or not one."""
    value = (os.environ.get(name) or "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else default


def text(name: str) -> str:
    return (os.environ.get(name) or "").strip()


def secret_key_fallbacks() -> list[str]:
    """PATUH_DESK_SECRET_KEY_FALLBACKS (comma-separated): the keys before a rotation, so
    that sessions and signed links made with them stay valid until they expire."""
    keys = [item.strip() for item in os.environ.get(SECRET_KEY_FALLBACKS_ENV, "").split(",")]
    return [_strong(SECRET_KEY_FALLBACKS_ENV, key) for key in keys if key]


def private_folder(folder: Path) -> None:
    """Make `folder` (and missing parents) if missing, itself readable by its owner only."""
    if not folder.exists():
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o700)


# SQLite gives a database's -wal and -shm files the permissions of the database file.
SQLITE_SIDES = ("", "-wal", "-shm", "-journal")


def prepare_sqlite(path: Path) -> list[tuple[str, str]]:
    """The SQLite file of the desk, before Django opens it: its folder made 0700 when
    the desk makes it, the file made 0600 when new (sessions and every OPD's documents
    are in it; issue 21). Answers (path, mode) of each existing one wider than that: the
    desk's own data folder, the file, its -wal, -shm and -journal."""
    folder = path.parent
    private_folder(folder)
    if not path.exists():
        with contextlib.suppress(FileExistsError):  # another process made it first
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    wider: list[tuple[str, str]] = []
    if folder.resolve() == data_dir().resolve() and folder.stat().st_mode & 0o077:
        wider.append((str(folder), oct(folder.stat().st_mode & 0o777)[2:]))
    for side in SQLITE_SIDES:
        file = path.with_name(path.name + side)
        if file.exists() and file.stat().st_mode & 0o077:
            wider.append((str(file), oct(file.stat().st_mode & 0o777)[2:]))
    return wider


def flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def listing(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def template_dirs() -> list[Path]:
    """Where the pages' templates are found, in this order: each domain's templates/,
    then reports/ (the HTML report's finding macro, shared with the desk's pages)."""
    return [DESK / name / "templates" for name in PAGE_PACKAGES] + [reports_dir()]
