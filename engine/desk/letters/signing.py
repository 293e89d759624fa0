"""Signing a letter's PDF (PAdES), and the one interface a signer plugs into.

A desk signs with the certificate its office configures in the environment:

- PATUH_DESK_SIGNING_P12: a PKCS#12 file (key, certificate and its chain), with
  PATUH_DESK_SIGNING_PASSWORD, or PATUH_DESK_SIGNING_PASSWORD_FILE (a file holding it, so
  that the password never sits in a process's environment listing);
- or a PKCS#11 token / HSM: PATUH_DESK_SIGNING_PKCS11_MODULE (the module's .so),
  PATUH_DESK_SIGNING_PKCS11_SLOT (a token label) and PATUH_DESK_SIGNING_PKCS11_KEY_LABEL,
  the PIN from the password variables (needs the python-pkcs11 package);
- PATUH_DESK_TSA_URL: an RFC 3161 timestamp authority, giving PAdES B-T instead of B-B.

Without any of them the desk issues unsigned PDFs, and says so on the letter.

The signer is an interface (`LetterSigner`) so that an office which signs through BSrE's
on-premise esign client can plug in a signer of its own (README, "Signed letters"): it
receives the rendered PDF and answers the signed one. Only pyHanko's is written here: a
BSrE client cannot be tested here against the real service.

Nothing here imports Django: `patuh desk serve` checks the certificate before starting
(`configured_signer`), and a certificate that has expired, is not yet valid, or may not
sign documents stops it with a sentence saying which.
"""

from __future__ import annotations

import asyncio
import io
import os
import tempfile
import warnings
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

P12_ENV = "PATUH_DESK_SIGNING_P12"
PASSWORD_ENV = "PATUH_DESK_SIGNING_PASSWORD"
PASSWORD_FILE_ENV = "PATUH_DESK_SIGNING_PASSWORD_FILE"
PKCS11_MODULE_ENV = "PATUH_DESK_SIGNING_PKCS11_MODULE"
PKCS11_SLOT_ENV = "PATUH_DESK_SIGNING_PKCS11_SLOT"
PKCS11_KEY_ENV = "PATUH_DESK_SIGNING_PKCS11_KEY_LABEL"
TSA_ENV = "PATUH_DESK_TSA_URL"
T = TypeVar("T")

# The signature field's name in every letter; its place is the sheet's signature space
# (letters/pdf.py finds it in the laid-out letter).
FIELD_NAME = "TandaTanganPimpinan"

# Extended key usages fit for signing documents: id-kp-documentSigning (RFC 9336),
# Microsoft's document signing, e-mail protection (S/MIME certificates, which many
# offices hold) and anyExtendedKeyUsage.
_DOCUMENT_EKUS = {
    "1.3.6.1.5.5.7.3.36",
    "1.3.6.1.4.1.311.10.3.12",
    "1.3.6.1.5.5.7.3.4",
    "2.5.29.37.0",
}


class SigningSetupError(Exception):
    """The office's signing configuration cannot sign: `key` names the sentence (words in
    engine/desk/messages/signing.yaml), `params` fill it."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class SigningFailed(Exception):
    """Signing one letter failed (the token, the timestamp authority): the letter is
    not issued."""


@dataclass(frozen=True)
class SignerInfo:
    """Who signs, as the letter and the verify page say it."""

    subject: str
    serial: str
    not_after: datetime
    timestamped: bool


class LetterSigner(Protocol):
    """What the desk asks of a signer: a PDF in, the same PDF signed out (an incremental
    update, so the bytes before the signature stay as rendered)."""

    def info(self) -> SignerInfo: ...

    def sign(
        self,
        pdf: bytes,
        *,
        name: str,
        nip: str,
        reason: str,
        location: str,
        page: int,
        box: tuple[int, int, int, int],
    ) -> bytes: ...


def check_certificate(cert: Any, now: datetime | None = None) -> None:
    """Refuse a certificate unfit to sign letters (a `cryptography` x509.Certificate)."""
    from cryptography import x509

    now = now or datetime.now(UTC)
    subject = cert.subject.rfc4514_string()
    if now < cert.not_valid_before_utc:
        raise SigningSetupError(
            "signing.not_yet_valid", subject=subject, since=cert.not_valid_before_utc.date()
        )
    if now > cert.not_valid_after_utc:
        raise SigningSetupError(
            "signing.expired", subject=subject, until=cert.not_valid_after_utc.date()
        )
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        raise SigningSetupError("signing.no_key_usage", subject=subject) from None
    if not (usage.digital_signature or usage.content_commitment):
        raise SigningSetupError("signing.no_key_usage", subject=subject)
    try:
        extended = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not {oid.dotted_string for oid in extended} & _DOCUMENT_EKUS:
        raise SigningSetupError("signing.wrong_extended_usage", subject=subject)


def _password(env: Mapping[str, str]) -> bytes | None:
    path = env.get(PASSWORD_FILE_ENV)
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").rstrip("\r\n").encode("utf-8")
        except OSError as exc:
            raise SigningSetupError("signing.password_file", path=path, why=str(exc)) from None
    given = env.get(PASSWORD_ENV)
    return given.encode("utf-8") if given is not None else None


def _pyhanko() -> None:
    # pyHanko imports cryptography's DSA support, which warns on import; letters never
    # use DSA.
    warnings.filterwarnings("ignore", message="DSA is deprecated", module="pyhanko")


class PyHankoSigner:
    """PAdES signatures with pyHanko: B-B, or B-T with a timestamp authority."""

    def __init__(self, signer: Any, *, tsa_url: str | None = None) -> None:
        self._signer = signer
        self._tsa_url = tsa_url or None
        cert = signer.signing_cert  # asn1crypto
        from cryptography import x509

        self._cert = x509.load_der_x509_certificate(cert.dump())
        check_certificate(self._cert)

    @classmethod
    def from_pkcs12(
        cls, path: str, password: bytes | None, *, tsa_url: str | None = None
    ) -> PyHankoSigner:
        _pyhanko()
        from pyhanko.sign import signers

        if not Path(path).is_file():
            raise SigningSetupError("signing.p12_missing", path=path)
        try:
            loaded = signers.SimpleSigner.load_pkcs12(  # type: ignore[no-untyped-call]
                path, passphrase=password
            )
        except Exception as exc:  # a wrong password or a damaged file: say which file
            raise SigningSetupError("signing.p12_unreadable", path=path, why=str(exc)) from None
        if loaded is None:
            raise SigningSetupError("signing.p12_unreadable", path=path, why="-")
        return cls(loaded, tsa_url=tsa_url)

    @classmethod
    def from_pkcs11(
        cls, module: str, slot: str, key_label: str, pin: bytes | None, *, tsa_url: str | None
    ) -> PyHankoSigner:
        _pyhanko()
        try:
            from pyhanko.config.pkcs11 import TokenCriteria
            from pyhanko.sign import pkcs11
        except ImportError:
            raise SigningSetupError("signing.pkcs11_missing") from None
        try:
            session = pkcs11.open_pkcs11_session(
                module,
                token_criteria=TokenCriteria(label=slot or None),
                user_pin=pin.decode("utf-8") if pin else None,
            )
            signer = pkcs11.PKCS11Signer(session, key_label=key_label, cert_label=key_label)
        except Exception as exc:
            raise SigningSetupError("signing.pkcs11_failed", why=str(exc)) from None
        return cls(signer, tsa_url=tsa_url)

    def info(self) -> SignerInfo:
        return SignerInfo(
            subject=self._cert.subject.rfc4514_string(),
            serial=format(self._cert.serial_number, "x"),
            not_after=self._cert.not_valid_after_utc,
            timestamped=self._tsa_url is not None,
        )

    def roots(self) -> list[Any]:
        """The self-signed certificates of the signer's own chain (asn1crypto): whom a
        desk trusts its own letters' signatures from, unless told otherwise."""
        registry = getattr(self._signer, "cert_registry", None) or []
        return [cert for cert in registry if cert.self_signed in ("maybe", "yes")]

    def sign(
        self,
        pdf: bytes,
        *,
        name: str,
        nip: str,
        reason: str,
        location: str,
        page: int,
        box: tuple[int, int, int, int],
    ) -> bytes:
        _pyhanko()
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers, timestamps

        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            reason=reason,
            location=location,
            name=name,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
        )
        timestamper = timestamps.HTTPTimeStamper(self._tsa_url) if self._tsa_url else None
        with tempfile.TemporaryDirectory(prefix="patuh-tte-") as folder:
            pdf_signer = signers.PdfSigner(
                meta,
                signer=self._signer,
                timestamper=timestamper,
                stamp_style=_stamp_style(name, nip, box, Path(folder)),
                new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=page, box=box),
            )

            def signed() -> bytes:
                out = pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)))
                return bytes(out.getvalue())

            try:
                return outside_any_event_loop(signed)
            except Exception as exc:  # the token or the timestamp authority failed
                raise SigningFailed(str(exc)) from exc


_STAMP_HTML = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><style>
@page {{ size: {width}pt {height}pt; margin: 0; }}
body {{ margin: 0; padding: 3pt 5pt; font: 7pt/1.35 "Liberation Sans", "DejaVu Sans", sans-serif;
  color: #13315c; }}
p {{ margin: 0; }} .name {{ font-weight: bold; }}
</style></head><body>
<p>Ditandatangani secara elektronik oleh</p><p class="name">{name}</p><p>{nip}</p>
<p>{when} WIB</p></body></html>"""


def _stamp_style(name: str, nip: str, box: tuple[int, int, int, int], folder: Path) -> Any:
    """The visible signature's look: a small PDF laid out by WeasyPrint (fonts embedded,
    as PDF/A requires), the size of the signature space, drawn into the field."""
    import html
    from datetime import timedelta, timezone

    from pyhanko import stamp
    from weasyprint import HTML

    width, height = box[2] - box[0], box[3] - box[1]
    when = datetime.now(timezone(timedelta(hours=7))).strftime("%d-%m-%Y %H:%M")
    page = _STAMP_HTML.format(
        width=width,
        height=height,
        name=html.escape(name),
        nip=html.escape(f"NIP {nip}") if nip else "",
        when=when,
    )
    drawn = folder / "tanda-tangan.pdf"  # read by pyHanko when it draws the field
    drawn.write_bytes(HTML(string=page).write_pdf())
    return stamp.StaticStampStyle.from_pdf_file(str(drawn), border_width=1)


def outside_any_event_loop(work: Callable[[], T]) -> T:
    """Run `work` here, or on a thread of its own when this thread runs an asyncio loop:
    pyHanko's synchronous calls start a loop of their own (asyncio.run), which a thread
    already running one (an ASGI server, a browser driver) may not."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def configured_signer(env: Mapping[str, str] | None = None) -> LetterSigner | None:
    """The office's signer from the environment, checked; None when none is configured.
    Raises SigningSetupError for a configuration that cannot sign."""
    env = os.environ if env is None else env
    tsa = env.get(TSA_ENV) or None
    if env.get(P12_ENV):
        return PyHankoSigner.from_pkcs12(env[P12_ENV], _password(env), tsa_url=tsa)
    if env.get(PKCS11_MODULE_ENV):
        return PyHankoSigner.from_pkcs11(
            env[PKCS11_MODULE_ENV],
            env.get(PKCS11_SLOT_ENV, ""),
            env.get(PKCS11_KEY_ENV, ""),
            _password(env),
            tsa_url=tsa,
        )
    return None
