"""The desk's settings from the environment (engine/desk/core/config.py): the secret key
made once and kept where only its owner reads it, and the on/off flags."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from engine.desk.core import config


def test_a_secret_key_is_made_once_kept_private_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(config.SECRET_KEY_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    first = config.secret_key()
    kept = tmp_path / "patuh" / "desk-secret-key"
    assert kept.read_text(encoding="ascii") == first and len(first) >= 50
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert config.secret_key() == first  # the next start reads the same key


def test_the_environment_names_the_key_several_servers_share(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    shared = "kunci-bersama-" + "x" * 50  # at least 50 characters (issue 21)
    monkeypatch.setenv(config.SECRET_KEY_ENV, shared)
    assert config.secret_key() == shared
    assert not (tmp_path / "patuh" / "desk-secret-key").exists()


def test_a_key_another_process_made_first_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key file appears between the read and the exclusive create (a second server
    starting at the same moment): its key is used, never overwritten."""
    monkeypatch.delenv(config.SECRET_KEY_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    kept = tmp_path / "patuh" / "desk-secret-key"
    real_open = config.os.open

    def racing_open(path: str, flags: int, mode: int = 0o777) -> int:
        # A fault the real race cannot be made to produce on demand: the other
        # process's file, written just before this one's exclusive create.
        Path(path).write_text("kunci-proses-lain", encoding="ascii")
        return real_open(path, flags, mode)

    monkeypatch.setattr(config.os, "open", racing_open)
    assert config.secret_key() == "kunci-proses-lain"
    assert kept.read_text(encoding="ascii") == "kunci-proses-lain"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, False), ("1", True), (" Yes ", True), ("on", True), ("0", False), ("tidak", False)],
)
def test_flags(monkeypatch: pytest.MonkeyPatch, value: str | None, expected: bool) -> None:
    if value is None:
        monkeypatch.delenv("PATUH_UJI_FLAG", raising=False)
    else:
        monkeypatch.setenv("PATUH_UJI_FLAG", value)
    assert config.flag("PATUH_UJI_FLAG") is expected
    assert config.flag("PATUH_UJI_FLAG", default=True) is (expected if value else True)
