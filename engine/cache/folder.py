"""Where the result cache lives, and why nobody else can plant answers there.

The stores live in the subfolder STORE_FOLDER of $PATUH_CACHE_DIR, else of
$XDG_CACHE_HOME/patuh/results, else of ~/.cache/patuh/results. Anyone who could write
there, or rename a folder above it, could plant answers: the subfolder must be the
user's alone and every folder above it the user's or root's and not writable by
others unless sticky; the stores are opened through a descriptor of the folder that
was checked, never by path again.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

ENV_DIR = "PATUH_CACHE_DIR"
STALE_SECONDS = 30 * 24 * 3600
# The stores live in this subfolder of the cache folder, and are named only so: the
# clean-up looks at nothing else, so a PATUH_CACHE_DIR pointed at a project folder
# never loses the project's files (a package-lock.json is a month-old *.json too).
STORE_FOLDER = "patuh-results"
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


class CacheUnavailable(Exception):
    """The cache cannot be used in this run; `detail` says why."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def default_dir() -> Path:
    explicit = os.environ.get(ENV_DIR)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError as exc:  # no HOME and no passwd entry (some containers)
            raise CacheUnavailable(f"no folder for it: {exc}; set {ENV_DIR}") from exc
    return Path(base) / "patuh" / "results"


def open_private_dir(folder: Path) -> int:
    """A descriptor of `folder` (created if missing), after checking that nobody but
    the user can change what it holds: the folder itself belongs to the user and
    only they may write it; every folder above it belongs to the user or root and
    is not writable by others, unless sticky (like /tmp, where others cannot rename
    what is not theirs). Each folder is opened relative to its parent's descriptor
    without following links, so what is checked is what is used.

    Whoever could write any of these folders could swap the store folder for one
    with planted answers.
    """
    path = Path(os.path.realpath(folder))  # links the user set up, resolved once
    try:
        directory = os.open("/", _DIR_FLAGS)
    except OSError as exc:
        raise CacheUnavailable(f"/: {exc.strerror or exc}") from exc
    try:
        _check_folder(directory, Path("/"), last=path == Path("/"))
        walked = Path("/")
        for number, part in enumerate(path.parts[1:], start=2):
            walked = walked / part
            try:
                child = os.open(part, _DIR_FLAGS, dir_fd=directory)
            except FileNotFoundError:
                try:
                    os.mkdir(part, 0o700, dir_fd=directory)
                    child = os.open(part, _DIR_FLAGS, dir_fd=directory)
                except OSError as exc:
                    raise CacheUnavailable(f"{walked}: {exc.strerror or exc}") from exc
            except OSError as exc:
                # ELOOP: it became a link after realpath; ENOTDIR: not a folder.
                raise CacheUnavailable(f"{walked} is not a folder: {exc.strerror}") from exc
            os.close(directory)
            directory = child
            _check_folder(directory, walked, last=number == len(path.parts))
        if not os.access(".", os.W_OK | os.X_OK, dir_fd=directory):
            raise CacheUnavailable(f"{path} is not writable")
    except BaseException:
        os.close(directory)
        raise
    return directory


def _check_folder(directory: int, path: Path, *, last: bool) -> None:
    info = os.fstat(directory)
    if not stat.S_ISDIR(info.st_mode):
        raise CacheUnavailable(f"{path} is not a folder")
    uid = os.getuid()
    writable_by_others = bool(info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))
    if last:
        if info.st_uid != uid:
            raise CacheUnavailable(f"{path} belongs to another user")
        if writable_by_others:
            raise CacheUnavailable(f"{path} may be written by other users")
        return
    if info.st_uid not in (uid, 0):
        raise CacheUnavailable(f"{path} (above the cache) belongs to another user")
    if writable_by_others and not info.st_mode & stat.S_ISVTX:
        raise CacheUnavailable(f"{path} (above the cache) may be written by other users")
