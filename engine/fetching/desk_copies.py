"""The copies `patuh check --desk` keeps of what the desk served (waivers.yaml and
register.json): asked for again with If-None-Match at every run (304 costs nothing),
and used, with a notice, when the desk cannot be reached and the copy is younger
than --desk-max-age.

They live in the subfolder COPIES_FOLDER of the result cache's folder
(engine/cache/folder.py) under the same rules: the folder must be the user's alone,
every folder above it the user's or root's and not writable by others unless sticky,
and it is read and written through a descriptor of the folder that was checked,
never following a link. Whoever could plant a copy there could waive any finding.
A copy is written only after its bytes were validated, whole (a new file renamed
over the old one); one that cannot be read or has the wrong shape is no copy.
A copy belongs to one address and one token (its sha256: the token itself is never
written), so an OPD's token never gets another OPD's waivers from the cache.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from engine.cache.folder import CacheUnavailable, default_dir, open_private_dir

COPIES_FOLDER = "patuh-desk"
_MAX_COPY = 32 * 1024 * 1024


@dataclass(frozen=True)
class Copy:
    body: bytes
    etag: str | None
    fetched_at: dt.datetime  # when the desk last served (or confirmed) these bytes, UTC

    def age(self, now: dt.datetime) -> dt.timedelta:
        return now - self.fetched_at


class Copies:
    """The copies of one user's cache folder, opened once for a run."""

    def __init__(self, directory: int) -> None:
        self._directory = directory

    @classmethod
    def open(cls, folder: Path | None = None) -> Copies:
        """Raises CacheUnavailable (with the reason) when the folder is not safe."""
        return cls(open_private_dir((folder or default_dir()) / COPIES_FOLDER))

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._directory)

    def __enter__(self) -> Copies:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, url: str, token: str) -> Copy | None:
        name = _name(url, token)
        try:
            handle = os.open(
                name,
                os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
                dir_fd=self._directory,
            )
        except OSError:
            return None
        try:
            with os.fdopen(handle, "rb") as stream:
                if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                    return None
                raw = stream.read(_MAX_COPY + 1)
        except OSError:
            return None
        return _parse(raw, url)

    def write(self, url: str, token: str, body: bytes, etag: str | None, at: dt.datetime) -> None:
        """Keep these (validated) bytes; a copy that cannot be written is only a miss
        next time."""
        entry = {
            "url": url,
            "etag": etag,
            "fetched_at": at.isoformat(),
            "body": body.decode("utf-8"),
        }
        data = json.dumps(entry, ensure_ascii=False).encode("utf-8")
        temporary = f".tmp-{secrets.token_hex(8)}"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            handle = os.open(temporary, flags, 0o600, dir_fd=self._directory)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(
                temporary,
                _name(url, token),
                src_dir_fd=self._directory,
                dst_dir_fd=self._directory,
            )
        except (OSError, UnicodeError):
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=self._directory)


def open_copies() -> tuple[Copies | None, str | None]:
    """The copies, or None and why not (said in a notice: the check goes on, but
    without a copy to fall back on)."""
    try:
        return Copies.open(), None
    except CacheUnavailable as exc:
        return None, exc.detail


def _name(url: str, token: str) -> str:
    token_digest = hashlib.sha256(token.encode("utf-8")).hexdigest()
    return hashlib.sha256(f"{url}\0{token_digest}".encode()).hexdigest() + ".copy.json"


def _parse(raw: bytes, url: str) -> Copy | None:
    if len(raw) > _MAX_COPY:
        return None
    try:
        entry = json.loads(raw)
        if not isinstance(entry, dict) or entry.get("url") != url:
            return None
        etag, when, body = entry.get("etag"), entry.get("fetched_at"), entry.get("body")
        if not (etag is None or isinstance(etag, str)) or not isinstance(body, str):
            return None
        fetched_at = dt.datetime.fromisoformat(str(when))
    except (ValueError, TypeError):
        return None
    if fetched_at.tzinfo is None:
        return None
    return Copy(body.encode("utf-8"), etag, fetched_at.astimezone(dt.UTC))
