"""A small certificate hierarchy made on the spot, for the demo desk (`make desk`) and
the tests: a root CA, an intermediate CA, a document-signing certificate, an expired
one, one without a signing key usage, and a timestamp authority's.

Every name says DEMO: a letter signed with it is plainly not signed by any real office
(README, "Signed letters"). It is never used unless asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DEMO_PASSWORD = "demo-bukan-sertifikat-resmi"
_DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")


@dataclass(frozen=True)
class DemoPki:
    """Where the hierarchy's files are."""

    root_pem: Path  # the trust anchor a verifier is given (--trust)
    signer_p12: Path  # valid, for documents
    expired_p12: Path
    no_usage_p12: Path  # a TLS server's certificate: may not sign documents
    tsa_cert: x509.Certificate
    tsa_key: rsa.RSAPrivateKey
    root_cert: x509.Certificate
    intermediate_cert: x509.Certificate
    password: str = DEMO_PASSWORD


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "DEMO patuh (bukan sertifikat resmi)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _cert(
    subject: str,
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
    issuer: tuple[x509.Name, ec.EllipticCurvePrivateKey] | None,
    *,
    ca: bool,
    start: datetime,
    end: datetime,
    usage: x509.KeyUsage,
    extended: list[x509.ObjectIdentifier] | None = None,
) -> x509.Certificate:
    issuer_name, issuer_key = issuer if issuer else (_name(subject), key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    if extended:
        # RFC 3161: a timestamp authority's usage is critical.
        critical = ExtendedKeyUsageOID.TIME_STAMPING in extended
        builder = builder.add_extension(x509.ExtendedKeyUsage(extended), critical=critical)
    return builder.sign(issuer_key, hashes.SHA256())


def _usage(*, sign: bool = False, ca: bool = False, encipher: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=sign,
        key_encipherment=encipher,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def make_demo_pki(folder: Path, now: datetime | None = None) -> DemoPki:
    """Write the hierarchy into `folder` (0700; the PKCS#12 files 0600)."""
    now = now or datetime.now(UTC)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = _cert(
        "DEMO Root CA patuh",
        root_key,
        None,
        ca=True,
        start=now - timedelta(days=1),
        end=now + timedelta(days=3650),
        usage=_usage(ca=True),
    )
    mid_key = ec.generate_private_key(ec.SECP256R1())
    mid = _cert(
        "DEMO Intermediate CA patuh",
        mid_key,
        (root.subject, root_key),
        ca=True,
        start=now - timedelta(days=1),
        end=now + timedelta(days=1825),
        usage=_usage(ca=True),
    )
    issuer = (mid.subject, mid_key)

    def leaf(
        name: str,
        start: datetime,
        end: datetime,
        usage: x509.KeyUsage,
        extended: list[x509.ObjectIdentifier],
        file: str,
    ) -> Path:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _cert(
            name, key, issuer, ca=False, start=start, end=end, usage=usage, extended=extended
        )
        path = folder / file
        path.write_bytes(
            pkcs12.serialize_key_and_certificates(
                name.encode("utf-8"),
                key,
                cert,
                [mid, root],
                serialization.BestAvailableEncryption(DEMO_PASSWORD.encode("utf-8")),
            )
        )
        path.chmod(0o600)
        return path

    signer = leaf(
        "DEMO Pimpinan Diskominfo Kota Medan",
        now - timedelta(days=1),
        now + timedelta(days=730),
        _usage(sign=True),
        [_DOCUMENT_SIGNING],
        "demo-penandatangan.p12",
    )
    expired = leaf(
        "DEMO Sertifikat Kedaluwarsa",
        now - timedelta(days=400),
        now - timedelta(days=35),
        _usage(sign=True),
        [_DOCUMENT_SIGNING],
        "demo-kedaluwarsa.p12",
    )
    no_usage = leaf(
        "DEMO Server TLS",
        now - timedelta(days=1),
        now + timedelta(days=365),
        _usage(encipher=True),
        [ExtendedKeyUsageOID.SERVER_AUTH],
        "demo-tls.p12",
    )
    # RSA: pyHanko's test timestamp authority (the tests' local TSA) stamps with RSA only.
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa = _cert(
        "DEMO Timestamp Authority patuh",
        tsa_key,
        issuer,
        ca=False,
        start=now - timedelta(days=1),
        end=now + timedelta(days=1825),
        usage=_usage(sign=True),
        extended=[ExtendedKeyUsageOID.TIME_STAMPING],
    )
    root_pem = folder / "demo-root-ca.pem"
    root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    return DemoPki(
        root_pem=root_pem,
        signer_p12=signer,
        expired_p12=expired,
        no_usage_p12=no_usage,
        tsa_cert=tsa,
        tsa_key=tsa_key,
        root_cert=root,
        intermediate_cert=mid,
    )
