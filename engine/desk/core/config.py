"""Where the desk keeps its data and its pages' templates, and how it reads its
environment (engine/desk/settings.py, engine/desk/cli.py)."""

from __future__ import annotations

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


def secret_key() -> str:
    """PATUH_DESK_SECRET_KEY when set (several servers must share one); otherwise a
    random key made once and kept, readable by its owner only, in the data folder."""
    key = os.environ.get(SECRET_KEY_ENV)
    if key:
        return key
    path = data_dir() / "desk-secret-key"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
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
