"""The letters' reads: the desk's settings and the letter number's pattern, a letter by
its verification code, its PDF's sha256 or its submission, its verification address, the
office's signer (letters/signing.py) and whom a PDF's signature is trusted from."""

from __future__ import annotations

import os
import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from engine.desk.letters.evidence import PdfEvidence, inspect
from engine.desk.letters.signing import (
    P12_ENV,
    PASSWORD_ENV,
    PASSWORD_FILE_ENV,
    PKCS11_KEY_ENV,
    PKCS11_MODULE_ENV,
    PKCS11_SLOT_ENV,
    TSA_ENV,
    LetterSigner,
    configured_signer,
)
from engine.desk.models import (
    DEFAULT_LETTER_PATTERN,
    Attachment,
    DeskSettings,
    Letter,
    Submission,
    Version,
    profile_of,
)
from engine.desk.web.findings import waiver_of

PUBLIC_URL_ENV = "PATUH_DESK_PUBLIC_URL"
TRUST_ENV = "PATUH_DESK_SIGNING_TRUST"  # a PEM file of the roots a signed letter may chain to
_SIGNING_ENVS = (
    P12_ENV,
    PASSWORD_ENV,
    PASSWORD_FILE_ENV,
    PKCS11_MODULE_ENV,
    PKCS11_SLOT_ENV,
    PKCS11_KEY_ENV,
    TSA_ENV,
)

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
    # The logo's bytes (up to 512 KiB) are read only where a letter shows them: the
    # queue's deadlines read this row on every page.
    found = DeskSettings.objects.defer("letterhead_logo").order_by("pk").first()
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


def letter_by_pdf(sha256: str) -> Letter | None:
    return Letter.objects.filter(pdf_sha256=sha256).first() if sha256 else None


def verify_address(letter: Letter, base_url: str = "") -> str:
    """The letter's public verification address, as printed and in its QR code: under
    PATUH_DESK_PUBLIC_URL when the office has set it (the address people reach the desk
    at), else the address the decision was made through."""
    base = os.environ.get(PUBLIC_URL_ENV) or base_url or "http://127.0.0.1:8000"
    return base.rstrip("/") + letter_url(letter) + "/"


def nip_of(user: Any) -> str:
    profile = profile_of(user)
    return profile.nip if profile is not None else ""


def waived_findings(version: Version) -> list[dict[str, str]]:
    """The findings the recommended version passed only by a waiver: the letter names
    them, so "PATUH" on paper never hides an exception (rule, path, reference, until)."""
    waived = []
    for result in version.report.get("results", []):
        for item in result.get("findings", []):
            waiver = waiver_of(item)
            if waiver is not None:
                waived.append(
                    {
                        "rule": str(item.get("rule", "")),
                        "path": str(item.get("path", "")),
                        "reference": waiver.reference,
                        "expires": waiver.expires,
                    }
                )
    return waived


@lru_cache(maxsize=4)
def _signer_for(settings: tuple[tuple[str, str], ...]) -> LetterSigner | None:
    return configured_signer(dict(settings))


def letter_signer() -> LetterSigner | None:
    """The office's signer (checked once per configuration); None: letters are unsigned."""
    return _signer_for(tuple((name, os.environ.get(name, "")) for name in _SIGNING_ENVS))


def trust_roots() -> list[Any]:
    """The roots a letter's signature is trusted from: PATUH_DESK_SIGNING_TRUST, else the
    self-signed certificates in the office's own PKCS#12 chain."""
    from engine.desk.letters.evidence import read_trust_roots

    given = os.environ.get(TRUST_ENV)
    if given:
        return read_trust_roots(Path(given))
    roots = getattr(letter_signer(), "roots", None)
    return list(roots()) if roots is not None else []


@dataclass(frozen=True)
class PdfVerdict:
    """What `POST /verify/` and `patuh desk verify-letter` say of a PDF: what it shows of
    itself, the letter whose stored bytes it is (None: no letter of this desk is), and
    the letter it claims to be when that is another story (its bytes differ)."""

    evidence: PdfEvidence
    letter: Letter | None
    claimed: Letter | None

    @property
    def valid(self) -> bool:
        """SAH: the very bytes this desk issued and stored, and the letter not revoked.
        (Equal bytes carry the desk's own signature unchanged; the signature's lines say
        what it shows beside that, trusted or not.)"""
        return self.letter is not None and not self.letter.revoked


def verify_pdf(data: bytes) -> PdfVerdict:
    """Raises evidence.Refused for a file that is not to be parsed."""
    evidence = inspect(data, trust_roots())
    letter = letter_by_pdf(evidence.sha256)
    claimed = None
    if letter is None and evidence.statement:
        claimed = verify_letter(str(evidence.statement.get("code", "")))
    return PdfVerdict(evidence=evidence, letter=letter, claimed=claimed)


def letter_attachments(letter: Letter) -> list[Attachment]:
    """The attachments of the recommended version (every one attached up to it), as the
    letter lists them with their sha256."""
    return list(
        Attachment.objects.filter(
            submission_id=letter.submission_id, version_number__lte=letter.version.number
        )
        .defer("content")
        .order_by("id")
    )
