"""Writing a report to `--output FILE`: whole or not at all.

The report goes to a temporary file beside the target and is renamed over it only once
complete, so a run that fails half-way never leaves half a report where CI or a
reviewer would pick it up.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import Any


class OutputError(Exception):
    """A target the report cannot be written to; `key` names the message."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def check_target(path: Path) -> None:
    """Refuse early (before any check runs) a target that can never be written."""
    folder = path.parent
    if not folder.is_dir():
        raise OutputError("cli.output_no_folder", path=str(path), folder=str(folder))
    if path.is_dir():
        raise OutputError("cli.output_is_folder", path=str(path))


def write_atomically(path: Path, text: str) -> None:
    check_target(path)
    try:
        target = Path(os.path.realpath(path))  # through a symlink: replace what it points to
        if target.exists() and not stat.S_ISREG(target.stat().st_mode):
            # A device or a pipe (/dev/stdout, a FIFO) cannot be replaced, only written.
            with target.open("w", encoding="utf-8") as handle:
                handle.write(text)
            return
        mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else _default_mode()
        fd, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temporary, mode)
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
    except (OSError, UnicodeError) as exc:
        detail = getattr(exc, "strerror", None) or str(exc)
        raise OutputError("cli.output_failed", path=str(path), detail=detail) from exc


def _default_mode() -> int:
    """What open() would give a new file: 0666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
