"""What a letter's PDF shows about itself, read without rendering it: whether it is a PDF
one may open safely, its signatures (intact, by which certificate, trusted, covering the
whole file), and the evidence the desk put inside it (surat.json, dokumen.yaml).

Shared by the desk's `POST /verify/`, `patuh desk verify-letter` and `patuh
verify-letter` (which needs no desk). No Django here.

Refused before anything is parsed: more than the limit, not a PDF by its bytes, a
compressed stream that would inflate beyond a bound (a PDF bomb), an encrypted file, and
a file with JavaScript. Nothing in the file is ever rendered or run.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import warnings
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from engine.desk.letters.pdf import STATEMENT_NAME, YAML_NAME
from engine.desk.letters.signing import outside_any_event_loop

MAX_PDF_BYTES = 10 * 1024 * 1024
# All of a file's compressed streams together may inflate to this much; more is a bomb.
MAX_INFLATED_BYTES = 64 * 1024 * 1024
_STREAM = re.compile(rb"stream\r?\n")
_NAME_WITH_ESCAPE = re.compile(rb"/[^\s/<>\[\]()%{}]*#[0-9A-Fa-f]{2}[^\s/<>\[\]()%{}]*")
_SCRIPT_NAME = re.compile(rb"/(JavaScript|JS)(?![A-Za-z0-9#])")


class Refused(Exception):
    """The file is not looked at further; `key` names why (messages: evidence.*)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptographic signature is correct
    trusted: bool  # its certificate chains to a trusted root
    whole_file: bool  # nothing was added after it (no later revision)
    signer: str  # the certificate's subject
    serial: str
    signed_at: datetime | None
    timestamped: bool
    problem: str = ""


@dataclass
class PdfEvidence:
    sha256: str
    size: int
    signatures: list[SignatureCheck] = field(default_factory=list)
    statement: dict[str, Any] | None = None  # surat.json
    yaml_sha256: str | None = None  # of dokumen.yaml as found inside

    @property
    def signed(self) -> bool:
        return bool(self.signatures)

    @property
    def signature_ok(self) -> bool:
        """Signed, and every signature intact, valid, trusted and over the whole file."""
        return self.signed and all(
            s.intact and s.valid and s.trusted and s.whole_file for s in self.signatures
        )

    @property
    def yaml_matches(self) -> bool | None:
        """Whether the YAML inside is the one the letter states (None: nothing to compare)."""
        stated = (self.statement or {}).get("yaml_sha256")
        if not stated or self.yaml_sha256 is None:
            return None
        return bool(stated == self.yaml_sha256)


def _inflated_streams(data: bytes) -> list[bytes]:
    """Every Flate-compressed stream's contents, inflating no more than the bound in all
    (a PDF bomb is refused before a PDF library sees it)."""
    budget = MAX_INFLATED_BYTES
    found = []
    for match in _STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            break
        inflater = zlib.decompressobj()
        try:
            chunk = inflater.decompress(data[start:end], budget + 1)
        except zlib.error:
            continue  # not Flate (or damaged): nothing inflates
        budget -= len(chunk)
        if budget < 0 or inflater.unconsumed_tail:
            raise Refused("evidence.bomb")
        found.append(chunk)
    return found


def _has_script(pieces: list[bytes]) -> bool:
    for piece in pieces:
        if _SCRIPT_NAME.search(piece):
            return True
        for name in _NAME_WITH_ESCAPE.findall(piece):  # /J#61vaScript is /JavaScript
            decoded = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), name)
            if _SCRIPT_NAME.search(decoded):
                return True
    return False


def screen(data: bytes) -> None:
    """Refuse what is never to be parsed: too large, not a PDF, a bomb, a script."""
    if len(data) > MAX_PDF_BYTES:
        raise Refused("evidence.too_large")
    # A PDF by its first bytes (readers tolerate junk before the header; a letter of
    # the desk never has any, and an HTML page that mentions %PDF- is not a PDF).
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-"):
        raise Refused("evidence.not_pdf")
    if _has_script([data, *_inflated_streams(data)]):
        raise Refused("evidence.javascript")


def _embedded_files(reader: Any) -> dict[str, bytes]:
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    except (KeyError, TypeError):
        return {}
    files = {}
    for index in range(0, len(names) - 1, 2):
        try:
            name = str(names[index])
            files[name] = bytes(names[index + 1].get_object()["/EF"]["/F"].get_object().data)
        except (KeyError, TypeError, AttributeError):
            continue
    return files


def _signatures(reader: Any, trust_roots: list[Any]) -> list[SignatureCheck]:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    checks = []
    for embedded in reader.embedded_regular_signatures:
        context = ValidationContext(trust_roots=trust_roots, allow_fetching=False)
        try:
            status = outside_any_event_loop(partial(validate_pdf_signature, embedded, context))
        except Exception as exc:  # a damaged signature: report it, never trust it
            checks.append(
                SignatureCheck(
                    field=str(embedded.field_name),
                    intact=False,
                    valid=False,
                    trusted=False,
                    whole_file=False,
                    signer="",
                    serial="",
                    signed_at=None,
                    timestamped=False,
                    problem=str(exc)[:300],
                )
            )
            continue
        cert = status.signing_cert
        checks.append(
            SignatureCheck(
                field=str(embedded.field_name),
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
                signer=cert.subject.human_friendly if cert is not None else "",
                serial=format(cert.serial_number, "x") if cert is not None else "",
                signed_at=(
                    status.timestamp_validity.timestamp
                    if status.timestamp_validity is not None
                    else status.signer_reported_dt
                ),
                timestamped=status.timestamp_validity is not None,
            )
        )
    return checks


def read_trust_roots(path: Path) -> list[Any]:
    """The certificates of a PEM (or DER) file, as the validator takes them."""
    from asn1crypto import pem, x509

    raw = path.read_bytes()
    if pem.detect(raw):
        return [x509.Certificate.load(der) for _, _, der in pem.unarmor(raw, multiple=True)]
    return [x509.Certificate.load(raw)]


def inspect(data: bytes, trust_roots: list[Any]) -> PdfEvidence:
    """What the PDF shows; raises Refused for a file that is not to be parsed."""
    screen(data)
    warnings.filterwarnings("ignore", message="DSA is deprecated", module="pyhanko")
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
    except (PdfError, ValueError, KeyError, IndexError, zlib.error) as exc:
        raise Refused("evidence.unreadable") from exc
    if reader.encrypted:
        raise Refused("evidence.encrypted")
    evidence = PdfEvidence(sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    try:
        files = _embedded_files(reader)
        evidence.signatures = _signatures(reader, trust_roots)
    except (PdfError, ValueError, KeyError, IndexError, zlib.error) as exc:
        raise Refused("evidence.unreadable") from exc
    if STATEMENT_NAME in files:
        try:
            said = json.loads(files[STATEMENT_NAME].decode("utf-8"))
            evidence.statement = said if isinstance(said, dict) else None
        except (UnicodeDecodeError, json.JSONDecodeError):
            evidence.statement = None
    if YAML_NAME in files:
        evidence.yaml_sha256 = hashlib.sha256(files[YAML_NAME]).hexdigest()
    return evidence
