"""Where a finding is, as CI tools want it: relative to the working directory (the
repository root in a CI job) when the file lies below it, else absolute."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

SRCROOT = "%SRCROOT%"


def relative_path(file: str) -> str | None:
    """`file` relative to the working directory in / form, or None when it lies outside."""
    cwd = Path.cwd()
    absolute = Path(os.path.normpath(cwd / file))
    try:
        return absolute.relative_to(cwd).as_posix()
    except ValueError:
        return None


def display_path(file: str) -> str:
    """The relative path when there is one, else the absolute one."""
    return relative_path(file) or os.path.abspath(file)


def artifact_uri(file: str) -> tuple[str, str | None]:
    """A URI for `file` and its base: relative to %SRCROOT% when possible."""
    relative = relative_path(file)
    if relative is not None:
        return quote(relative), SRCROOT
    return Path(os.path.abspath(file)).as_uri(), None


def srcroot_uri() -> str:
    return Path.cwd().as_uri().rstrip("/") + "/"
