"""Helpers of the signed-letter tests: a recommended proposal's letter, and the two
ways a forger changes a signed PDF. This module is a helper; it has no test of its own."""

from __future__ import annotations

import io
from typing import Any

from desk.conftest import People, make_proposal


def recommend(people: People) -> Any:
    from engine.desk.submissions.services import submit
    from engine.desk.workflow.services import transition

    submission = submit(people.pemohon.user, make_proposal(), "usulan.yaml").submission
    transition(people.verifikator.user, submission.pk, "in_review")
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
