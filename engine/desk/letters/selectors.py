"""The letters' reads: the desk's settings and the letter number's pattern, a letter by
its verification code or its submission, and its verification address."""

from __future__ import annotations

import re
import string

from engine.desk.models import DEFAULT_LETTER_PATTERN, DeskSettings, Letter, Submission

_FIELD = re.compile(r"\{([^{}]*)\}")
_ALLOWED_FIELD = re.compile(r"^(seq|year)(:[0-9<>^=+ -]*d)?$")


def valid_letter_pattern(pattern: str) -> bool:
    """Only {seq} and {year}, with an integer format such as {seq:03d}, and both must
    be there: the sequence starts again each year, so a number without {year} would
    repeat the next year (issue 21), and one without {seq} at once."""
    fields = [name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None]
    names = [f.split(":")[0] for f in fields]
    return (
        "seq" in names
        and "year" in names
        and all(_ALLOWED_FIELD.match(item) for item in _FIELD.findall(pattern))
        and pattern.count("{") == pattern.count("}")
    )


def desk_settings() -> DeskSettings:
    found = DeskSettings.objects.order_by("pk").first()
    return found if found is not None else DeskSettings()


def letter_pattern() -> str:
    pattern = desk_settings().letter_pattern
    return pattern if valid_letter_pattern(pattern) else DEFAULT_LETTER_PATTERN


def verify_letter(code: str) -> Letter | None:
    return Letter.objects.filter(code=code.strip().upper()).first() if code else None


def letter_url(letter: Letter) -> str:
    return f"/verify/{letter.code}"


def letter_of(submission: Submission) -> Letter | None:
    return Letter.objects.filter(submission=submission).first()
