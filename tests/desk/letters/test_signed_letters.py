"""Letters an auditor can trust (issue 25), on SQLite and PostgreSQL: the letter is a PDF
the desk renders at issue time (PDF/A-3b, tagged, A4, fonts embedded, its evidence
attached inside) and signs (PAdES) when the office has a certificate; a certificate unfit
to sign stops the issue whole; the stored PDF is verified for its signature, for being
this desk's letter and for being still valid; tampering shows.

The certificates are a real hierarchy made at test time with `cryptography`
(engine/desk/letters/demo_pki.py): root, intermediate, a document-signing certificate,
an expired one and a TLS server's. Signatures are validated by pyHanko's validator
against that root; timestamps come from a local RFC 3161 server (timestamp_authority.py).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import warnings
from pathlib import Path
from typing import Any

import pytest

from desk.conftest import People, make_proposal
from desk.letters.signed import add_page, flip_a_signed_byte, recommend
from desk.letters.timestamp_authority import timestamp_authority

warnings.filterwarnings("ignore", message="DSA is deprecated")


def _catalog(pdf: bytes) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(pdf)).root


def test_an_unsigned_letter_is_a_pdfa_with_its_evidence_inside(people: People) -> None:
    from engine.desk.letters.evidence import inspect

    letter = recommend(people)
    pdf = bytes(letter.pdf)
    assert pdf.startswith(b"%PDF-") and letter.signed is False
    assert letter.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    root = _catalog(pdf)
    page = root["/Pages"]["/Kids"][0]
    assert [round(float(x)) for x in page["/MediaBox"]] == [0, 0, 595, 842]  # A4
    assert str(root["/Lang"]) == "id" and root["/MarkInfo"]["/Marked"]  # tagged, in Indonesian
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].data
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp  # PDF/A-3b
    assert b"/FontFile2" in pdf or b"/FontFile3" in pdf or b"FontFile" in _inflated(pdf)

    evidence = inspect(pdf, [])
    assert evidence.signatures == []
    said = evidence.statement or {}
    assert (said["number"], said["code"]) == (letter.number, letter.code)
    assert said["document_digest"] == letter.document_digest
    yaml_sha = hashlib.sha256(letter.version.yaml_text.encode("utf-8")).hexdigest()
    assert evidence.yaml_sha256 == yaml_sha == said["yaml_sha256"] == letter.yaml_sha256
    assert evidence.yaml_matches is True
    text = pdf_text(pdf)
    assert letter.code in text and letter.number in text  # what the sheet shows
    assert "TIDAK ditandatangani secara elektronik" in text  # and that it is unsigned


def _inflated(pdf: bytes) -> bytes:
    from engine.desk.letters.evidence import _inflated_streams

    return b"\n".join(_inflated_streams(pdf))


def test_a_signed_letter_validates_against_the_root(people: People, signing: Any) -> None:
    from engine.desk.letters.evidence import inspect, read_trust_roots
    from engine.desk.letters.selectors import verify_pdf

    letter = recommend(people)
    assert letter.signed is True and "DEMO Pimpinan" in letter.signer_certificate
    pdf = bytes(letter.pdf)
    evidence = inspect(pdf, read_trust_roots(signing.root_pem))
    [signature] = evidence.signatures
    assert (signature.intact, signature.valid, signature.trusted, signature.whole_file) == (
        True,
        True,
        True,
        True,
    )
    assert "DEMO Pimpinan Diskominfo Kota Medan" in signature.signer
    assert signature.timestamped is False  # B-B without a timestamp authority
    assert evidence.signature_ok and evidence.yaml_matches is True
    # Against an unrelated root the same signature is intact but not trusted.
    assert inspect(pdf, []).signatures[0].trusted is False
    # The desk trusts its own chain's root; the file is its letter, still valid.
    checked = verify_pdf(pdf)
    assert checked.letter == letter and checked.valid is True


def test_every_download_is_the_bytes_issued(people: People, signing: Any) -> None:
    from engine.desk.letters.services import stored_pdf

    letter = recommend(people)
    first = stored_pdf(letter)
    assert first == stored_pdf(letter) == bytes(letter.pdf)


def test_a_timestamp_authority_gives_pades_b_t(
    people: People, signing: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.desk.letters.evidence import inspect, read_trust_roots

    with timestamp_authority(signing) as (url, stamps):
        monkeypatch.setenv("PATUH_DESK_TSA_URL", url)
        letter = recommend(people)
        # pyHanko asks once to size the signature's space, then once to stamp it.
        assert stamps() == 2
    [signature] = inspect(bytes(letter.pdf), read_trust_roots(signing.root_pem)).signatures
    assert signature.timestamped is True and signature.intact and signature.trusted


@pytest.mark.parametrize(
    ("which", "refusal"),
    [("expired_p12", "signing.expired"), ("no_usage_p12", "signing.no_key_usage")],
)
def test_a_certificate_unfit_to_sign_issues_nothing(
    people: People, pki: Any, monkeypatch: pytest.MonkeyPatch, which: str, refusal: str
) -> None:
    """No letter half signed: the recommendation fails (503) and nothing is recorded."""
    from engine.desk.letters.services import LetterNotIssued
    from engine.desk.letters.signing import SigningSetupError, configured_signer
    from engine.desk.models import AuditEvent, Letter, LetterSequence
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    monkeypatch.setenv("PATUH_DESK_SIGNING_P12", str(getattr(pki, which)))
    monkeypatch.setenv("PATUH_DESK_SIGNING_PASSWORD", pki.password)
    with pytest.raises(SigningSetupError) as refused:
        configured_signer()
    assert refused.value.key == refusal
    submission = submit(people.pemohon.user, make_proposal(), "usulan.yaml").submission
    transition(people.verifikator.user, submission.pk, "in_review")
    letters, sequences = Letter.objects.count(), list(LetterSequence.objects.values_list())
    transition(people.verifikator.user, submission.pk, "reviewed", "Telaah selesai.")
    # The check again before a recommendation is recorded (a `recheck`); the decision
    # and its letter are not.
    decided = AuditEvent.objects.filter(submission=submission).exclude(action="recheck")
    events = decided.count()
    with pytest.raises(LetterNotIssued) as failed:
        transition(people.pimpinan.user, submission.pk, "recommended")
    assert failed.value.status == 503
    submission.refresh_from_db()
    assert submission.status == "reviewed"
    assert Letter.objects.count() == letters
    assert list(LetterSequence.objects.values_list()) == sequences  # no number used up
    assert decided.count() == events


def test_tampering_is_reported(people: People, signing: Any) -> None:
    from engine.desk.letters.evidence import inspect, read_trust_roots
    from engine.desk.letters.selectors import verify_pdf

    letter = recommend(people)
    pdf = bytes(letter.pdf)
    roots = read_trust_roots(signing.root_pem)

    one_byte = flip_a_signed_byte(pdf)
    [broken] = inspect(one_byte, roots).signatures
    assert broken.intact is False
    checked = verify_pdf(one_byte)
    assert checked.letter is None and checked.claimed == letter and checked.valid is False

    added = add_page(pdf)
    [after] = inspect(added, roots).signatures
    assert after.intact is True and after.whole_file is False  # changed after signing
    assert verify_pdf(added).valid is False


def test_a_revoked_letter_keeps_its_pdf_and_verifies_as_not_valid(
    people: People, signing: Any
) -> None:
    from engine.desk.letters.selectors import verify_pdf
    from engine.desk.letters.services import revoke_letter

    letter = recommend(people)
    issued = bytes(letter.pdf)
    assert verify_pdf(issued).valid is True
    revoke_letter(people.pimpinan.user, letter.submission_id, "Anggaran dibatalkan")
    letter.refresh_from_db()
    assert bytes(letter.pdf) == issued  # kept as issued
    checked = verify_pdf(issued)
    assert checked.letter == letter and checked.valid is False
    assert checked.evidence.signature_ok  # the signature itself still holds


_SCRIPT = "evidence.javascript"


def _pdf_with(body: bytes) -> bytes:
    return b"%PDF-1.7\n1 0 obj\n" + body + b"\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize(
    ("data", "refusal"),
    [
        (b"MZ\x90\x00 not a pdf at all", "evidence.not_pdf"),
        (b"<html><body>%PDF-</body>" + b" " * 2000, "evidence.not_pdf"),
        (
            _pdf_with(b"<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"),
            "evidence.javascript",
        ),
        (_pdf_with(b"<< /OpenAction << /S /J#61vaScript /J#53 (x) >> >>"), _SCRIPT),
        (b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024), "evidence.too_large"),
    ],
    ids=["executable", "html", "javascript", "javascript-escaped-name", "too-large"],
)
def test_files_never_to_be_parsed_are_refused(data: bytes, refusal: str) -> None:
    from engine.desk.letters.evidence import Refused, inspect

    with pytest.raises(Refused) as refused:
        inspect(data, [])
    assert refused.value.key == refusal


def test_a_pdf_bomb_is_refused_before_parsing() -> None:
    import zlib

    from engine.desk.letters.evidence import MAX_INFLATED_BYTES, Refused, inspect

    bomb = zlib.compress(b"\0" * (MAX_INFLATED_BYTES + 1024), 9)
    assert len(bomb) < 1024 * 1024  # small on disk...
    data = _pdf_with(
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream"
    )
    with pytest.raises(Refused) as refused:
        inspect(data, [])
    assert refused.value.key == "evidence.bomb"


def test_an_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    from pyhanko.pdf_utils.crypt import StandardSecurityHandler
    from pyhanko.pdf_utils.writer import PdfFileWriter

    from engine.desk.letters.evidence import Refused, inspect

    writer = PdfFileWriter()
    writer.encrypt = True  # type: ignore[attr-defined]
    writer.security_handler = StandardSecurityHandler.build_from_pw("rahasia")
    writer._encrypt = writer.add_object(writer.security_handler.as_pdf_object())  # type: ignore[attr-defined]
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(Refused) as refused:
        inspect(out.getvalue(), [])
    assert refused.value.key == "evidence.encrypted"


def test_the_verification_api_says_signed_and_the_pdf_digest(people: People, signing: Any) -> None:
    from django.test import Client

    letter = recommend(people)
    answer = Client().get(f"/api/v1/verify/{letter.code}")
    assert answer.status_code == 200
    body = json.loads(answer.content)
    assert body["signed"] is True and body["pdf_sha256"] == letter.pdf_sha256
    assert re.fullmatch(r"[0-9a-f]{64}", body["pdf_sha256"])


def test_the_letterhead_is_a_setting(people: People) -> None:
    """The kop surat (authority, office, address) comes from the desk's settings, on the
    letter page and in the PDF alike."""
    from django.test import Client

    from engine.desk.models import DeskSettings

    settings, _ = DeskSettings.objects.get_or_create(pk=1)
    settings.letterhead_authority = "PEMERINTAH KOTA UJI"
    settings.letterhead_address = "Jalan Percobaan No. 7, Medan 20000"
    settings.save()
    try:
        letter = recommend(people)
        client = Client()
        client.force_login(people.pemohon.user)
        page = client.get(f"/submissions/{letter.submission_id}/letter/").content.decode()
        assert "PEMERINTAH KOTA UJI" in page and "Jalan Percobaan No. 7" in page
        assert "Kapten Maulana Lubis" not in page
        text = pdf_text(bytes(letter.pdf))
        assert "PEMERINTAH KOTA UJI" in text and "Jalan Percobaan No. 7" in text
        assert "Kapten Maulana Lubis" not in text
    finally:
        settings.delete()


def pdf_text(pdf: bytes) -> str:
    """The text a reader sees on the PDF's pages (pypdf, through the fonts' ToUnicode)."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
