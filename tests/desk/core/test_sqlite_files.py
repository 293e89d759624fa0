"""The default SQLite database is private (issue 21, item 8): its folder 0700, the file
0600, and so its -wal and -shm (SQLite gives them the database file's mode); an
existing file wider than that is reported. Real `patuh desk` commands, real files."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
from pathlib import Path

from desk.servers import PATUH


def _desk(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(data), "PATUH_LANG": "id"}
    env.pop("PATUH_DATABASE_URL", None)  # the default database, in the data folder
    env.pop("PATUH_DESK_SECRET_KEY", None)  # and the default key file beside it
    return subprocess.run(
        [str(PATUH), "desk", *args], capture_output=True, text=True, timeout=120, env=env
    )


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_default_database_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)  # the usual one: files 0644 unless made otherwise
    try:
        migrated = _desk("migrate", data=tmp_path)
        assert migrated.returncode == 0, migrated.stderr
        folder = tmp_path / "patuh"
        database = folder / "desk.sqlite3"
        assert _mode(folder) == 0o700
        assert _mode(database) == 0o600
        assert _mode(folder / "desk-secret-key") == 0o600
        # While a connection is open in WAL mode, -wal and -shm exist: 0600 as well.
        with sqlite3.connect(database) as connection:
            connection.execute("CREATE TABLE uji (x)")
            assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
            for side in ("desk.sqlite3-wal", "desk.sqlite3-shm"):
                assert _mode(folder / side) == 0o600, side
        assert "Peringatan" not in migrated.stderr

        database.chmod(0o644)  # as d063316 made it
        warned = _desk("migrate", data=tmp_path)
        assert warned.returncode == 0
        assert f"Peringatan: {database} dapat dibaca pengguna lain" in warned.stderr
        assert "(mode 644)" in warned.stderr and f"chmod go= {database}" in warned.stderr
    finally:
        os.umask(old_umask)
