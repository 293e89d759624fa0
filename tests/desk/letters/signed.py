"""Helpers of the signed-letter tests: the certificates (engine/desk/letters/demo_pki.py,
made at test time) and the office's signing configuration as fixtures (the conftest.py
of tests/desk/letters/ and tests/desk/browser/letters/ take them in), a recommended
proposal's letter, and the two ways a forger changes a signed PDF. This module is a
helper; it has no test of its own."""

from __future__ import annotations

import io
from typing import Any

import pytest

from desk.conftest import People, make_proposal


def recommend(people: People) -> Any:
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    submission = submit(people.pemohon.user, make_proposal(), "usulan.yaml").submission
    transition(people.verifikator.user, submission.pk, "in_review")
    transition(people.verifikator.user, submission.pk, "reviewed", "Telaah selesai.")
    letter = transition(people.pimpinan.user, submission.pk, "recommended").letter
    assert letter is not None
    letter.refresh_from_db()
    return letter


def add_page(pdf: bytes) -> bytes:
    """Append a page after signing, as an incremental update (what a forger would do)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Page"),
            generic.NameObject("/MediaBox"): generic.ArrayObject(
                [generic.NumberObject(n) for n in (0, 0, 595, 842)]
            ),
        }
    )
    writer.insert_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def flip_a_signed_byte(pdf: bytes) -> bytes:
    """One byte changed inside the signed range, where the file stays readable: in the
    binary comment on the file's second line (PDF readers skip comments)."""
    at = pdf.index(b"\n%") + 2
    changed = bytearray(pdf)
    changed[at] ^= 0x01
    return bytes(changed)


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from engine.desk.letters.demo_pki import make_demo_pki

    return make_demo_pki(tmp_path_factory.mktemp("pki") / "demo")


@pytest.fixture
def signing(monkeypatch: pytest.MonkeyPatch, pki: Any) -> Any:
    """The office signs with the demo certificate (its password from a file)."""
    password = pki.signer_p12.parent / "password.txt"
    password.write_text(pki.password + "\n", encoding="utf-8")
    monkeypatch.setenv("PATUH_DESK_SIGNING_P12", str(pki.signer_p12))
    monkeypatch.setenv("PATUH_DESK_SIGNING_PASSWORD_FILE", str(password))
    monkeypatch.delenv("PATUH_DESK_TSA_URL", raising=False)
    return pki
