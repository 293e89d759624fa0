"""Where an attachment's bytes are kept. On PostgreSQL, in the database: several desk
servers on several machines share one PostgreSQL (desk.md, the scale-out path), and a
file on one machine's disk would be missing on the others; the database is also what is
backed up. On SQLite (one machine), in a folder beside the database file (or
PATUH_DESK_ATTACHMENTS_DIR), named by the sha256, the folder 0700 and each file 0600:
the database file stays small and nobody else on the machine reads them."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.db import connection

from engine.desk.models import Attachment


def in_database() -> bool:
    return connection.vendor != "sqlite"


def folder() -> Path:
    if settings.ATTACHMENTS_DIR:
        return Path(settings.ATTACHMENTS_DIR)
    return Path(str(connection.settings_dict["NAME"])).resolve().parent / "desk-attachments"


def keep(data: bytes, sha256: str) -> tuple[bytes | None, str]:
    """(content for the database, name in the folder): one of them."""
    if in_database():
        return data, ""
    where = folder()
    where.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(where, 0o700)
    path = where / sha256
    if not path.exists():  # the same bytes are kept once
        partial = where / f".{sha256}.{os.getpid()}.part"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    return None, sha256


def read(attachment: Attachment) -> bytes:
    if attachment.content is not None:
        return bytes(attachment.content)
    return (folder() / attachment.stored_as).read_bytes()
