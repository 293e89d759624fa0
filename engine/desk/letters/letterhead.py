"""The letterhead's logo (issue 24, "the letterhead (logo, address) as a setting"): what
the admin's desk settings accept as a logo, and the logo as the letter's sheet shows it.

- judge_logo(data) -> the logo's MIME type; raises LogoRefused(key, **params)
      a PNG or JPEG judged by its bytes (`filetype`, as attachments are), at most
      MAX_LOGO_BYTES, that Pillow opens and whose sides are at most MAX_LOGO_SIDE pixels
      (a small file can still unpack into a huge image)
- logo_uri(settings) -> str   the logo as a `data:` URI for the sheet's <img>, or ""
      (no logo: the letter is as before). A data: URI works alike on the page (the
      desk's CSP allows `img-src data:`) and in WeasyPrint's PDF, with no extra request.
"""

from __future__ import annotations

import base64
import io
from typing import Any

import filetype  # type: ignore[import-untyped]  # no type hints shipped

MAX_LOGO_BYTES = 512 * 1024
MAX_LOGO_SIDE = 4000
LOGO_TYPES = ("image/png", "image/jpeg")


class LogoRefused(ValueError):
    """A file that is not to be the logo; `key` names the message (letterhead.yaml)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def judge_logo(data: bytes) -> str:
    if len(data) > MAX_LOGO_BYTES:
        raise LogoRefused(
            "letterhead.logo_too_large", limit=MAX_LOGO_BYTES // 1024, size=len(data) // 1024
        )
    found = filetype.guess(data[:8192])
    mime = found.mime if found is not None else ""
    if mime not in LOGO_TYPES:
        raise LogoRefused("letterhead.logo_not_image")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            image.verify()  # the whole file read: a truncated or garbled one is refused
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as broken:
        raise LogoRefused("letterhead.logo_broken") from broken
    if max(width, height) > MAX_LOGO_SIDE:
        raise LogoRefused("letterhead.logo_too_many_pixels", side=MAX_LOGO_SIDE)
    return str(mime)


def logo_uri(settings: Any) -> str:
    data = bytes(getattr(settings, "letterhead_logo", b"") or b"")
    mime = getattr(settings, "letterhead_logo_type", "")
    if not data or mime not in LOGO_TYPES:
        return ""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
