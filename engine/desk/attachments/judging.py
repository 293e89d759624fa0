"""What a file is, judged by its bytes with `filetype` (h2non/filetype.py: pure Python,
no system library to install, and it opens the ZIP container to tell DOCX and XLSX, ODT
and ODS apart from any other ZIP), never by its name or the type the browser claims. A
`.pdf` that is an executable, an HTML page or a ZIP is none of the accepted types.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

import filetype  # type: ignore[import-untyped]  # no type hints shipped


@dataclass(frozen=True)
class Accepted:
    mime: str
    extension: str
    word: str  # how the pages name it


ACCEPTED = {
    "application/pdf": Accepted("application/pdf", "pdf", "PDF"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": Accepted(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "DOCX"
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": Accepted(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "XLSX"
    ),
    "application/vnd.oasis.opendocument.text": Accepted(
        "application/vnd.oasis.opendocument.text", "odt", "ODT"
    ),
    "application/vnd.oasis.opendocument.spreadsheet": Accepted(
        "application/vnd.oasis.opendocument.spreadsheet", "ods", "ODS"
    ),
    "image/png": Accepted("image/png", "png", "PNG"),
    "image/jpeg": Accepted("image/jpeg", "jpg", "JPEG"),
}
WORDS = ", ".join(a.word for a in ACCEPTED.values())


def judge(head: bytes) -> Accepted | None:
    """The accepted type the file's first bytes show, or None (refused)."""
    found = filetype.guess(head)
    return ACCEPTED.get(found.mime) if found is not None else None


def stored_name(name: str, accepted: Accepted) -> str:
    """The file's name as kept: its own, with the extension of what it is."""
    base = PurePath(name.replace("\\", "/")).name or "lampiran"
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = "".join(c for c in stem if c.isprintable() and c not in '"/\\')[:150] or "lampiran"
    return f"{stem}.{accepted.extension}"
