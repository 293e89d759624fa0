"""The letter as a PDF, rendered by the desk at issue time and stored (every download is
then the same bytes), signed when the office has configured a certificate.

- Rendered with WeasyPrint (README, "Signed letters": it needs Pango, from Debian's
  packages) from the same sheet as the letter's page (templates/_letter_sheet.html), as
  PDF/A-3b, tagged, A4, fonts embedded, with a title and a language.
- The letter carries its own evidence, attached inside the PDF (PDF/A-3 allows it): the
  checked document's YAML exactly as submitted, its JSON report, and `surat.json`, what
  the letter states in a form a program reads (`patuh verify-letter` compares the
  YAML's sha256 with it, without any desk).
- Its verification address is printed and drawn as a QR code (segno, inline SVG).
- The office's logo, when the desk settings have one, left of the kop: a data: URI
  (letters/letterhead.py), embedded as an image.

Django and WeasyPrint are imported when a letter is rendered: `patuh verify-letter`
reads the names below without either.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from engine.desk.letters.letterhead import logo_uri
from engine.resources import reports_dir

# The attachments' names inside the PDF (letters/evidence.py reads them back).
YAML_NAME = "dokumen.yaml"
REPORT_NAME = "laporan.json"
STATEMENT_NAME = "surat.json"

# The page's own stylesheet, plus what only paper needs: A4, its margins, one sheet.
_PAGE_CSS = """
@page { size: A4; margin: 14mm 18mm 12mm; }
body.letter-pdf { margin: 0; background: white; font-family: "Liberation Sans", "DejaVu Sans",
  sans-serif; font-size: 10pt; line-height: 1.3; color: #111; }
.letter-pdf .letter { box-shadow: none; margin: 0; }
.letter-pdf .letter-doc code, .letter-pdf .verify-box code { font-size: 7.6pt; }
.letter-pdf .signature { margin-top: 12px; }
.letter-pdf .signature .space { height: 20mm; }
.letter-pdf .verify-box { margin-top: 10px; }
"""

# The signature space of the sheet (templates/_letter_sheet.html, `#ruang-tanda-tangan`),
# where the signature's visible field is drawn, as WeasyPrint laid it out.
SIGNATURE_SPACE_ID = "ruang-tanda-tangan"
_PT_PER_PX = 0.75  # CSS pixels (1/96 in) to PDF points (1/72 in)


@dataclass(frozen=True)
class RenderedLetter:
    pdf: bytes
    yaml_sha256: str
    # Where the signature goes: the page (0 first) and the box in PDF points from the
    # page's bottom left (x1, y1, x2, y2).
    signature_page: int
    signature_box: tuple[int, int, int, int]


def qr_svg(address: str) -> Markup:
    """The verification address as a QR code, an inline SVG (no script, no style
    attribute: it passes the desk's strict CSP)."""
    import segno

    code = segno.make(address, error="m")
    return Markup(code.svg_inline(scale=3, border=2, title="QR"))


def statement(letter: Any, yaml_sha256: str, verify_url: str) -> dict[str, Any]:
    """What the letter states, for programs (surat.json)."""
    return {
        "number": letter.number,
        "code": letter.code,
        "issued_at": letter.issued_at.isoformat(),
        "opd": letter.opd_name,
        "kind": letter.kind,
        "document_id": letter.document_id,
        "title": letter.title,
        "document_digest": letter.document_digest,
        "policy_digest": letter.policy_digest,
        "catalog_digest": letter.catalog_digest,
        "yaml_sha256": yaml_sha256,
        "verify_url": verify_url,
        "signer": letter.signer_name,
        "signer_nip": letter.signer_nip,
    }


def render_letter(
    letter: Any,
    *,
    yaml_text: str,
    report: dict[str, Any],
    letterhead: Any,
    verify_url: str,
    version_number: int,
    waived: list[dict[str, str]],
    attachments: list[Any] | None = None,
) -> RenderedLetter:
    """The letter's PDF (unsigned). `letter` is the Letter row being issued; its
    `yaml_sha256` and `signed` must already say what the PDF will."""
    from django.template.loader import get_template
    from weasyprint import CSS, HTML, Attachment

    # desk.css serves screens too: WeasyPrint names every property it does not draw.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)

    yaml_bytes = yaml_text.encode("utf-8")
    yaml_sha256 = hashlib.sha256(yaml_bytes).hexdigest()
    html = get_template("letter_pdf.html", using="jinja2").render(
        {
            "lang": "id",
            "letter": letter,
            "letterhead": letterhead,
            "letterhead_logo": logo_uri(letterhead),
            "verify_url": verify_url,
            "version_number": version_number,
            "waived": waived,
            "attachments": attachments or [],
            "qr_svg": qr_svg(verify_url),
        }
    )
    stylesheet = reports_dir() / "desk" / "desk.css"
    said = json.dumps(statement(letter, yaml_sha256, verify_url), ensure_ascii=False, indent=2)
    document = HTML(string=html, base_url=str(stylesheet.parent)).render(
        stylesheets=[CSS(filename=str(stylesheet)), CSS(string=_PAGE_CSS)],
        pdf_variant="pdf/a-3b",
        pdf_tags=True,
    )
    page, box = _signature_space(document)
    pdf = document.write_pdf(
        pdf_variant="pdf/a-3b",
        pdf_tags=True,
        attachments=[
            Attachment(string=yaml_text, name=YAML_NAME, description="Dokumen yang diperiksa"),
            Attachment(
                string=json.dumps(report, ensure_ascii=False, indent=2),
                name=REPORT_NAME,
                description="Laporan pemeriksaan patuh (JSON)",
            ),
            Attachment(string=said, name=STATEMENT_NAME, description="Isi surat (JSON)"),
        ],
    )
    return RenderedLetter(
        pdf=bytes(pdf), yaml_sha256=yaml_sha256, signature_page=page, signature_box=box
    )


def _signature_space(document: Any) -> tuple[int, tuple[int, int, int, int]]:
    """The signature space as laid out: the page it fell on, and its box in points."""
    for number, page in enumerate(document.pages):
        if SIGNATURE_SPACE_ID in page.anchors:
            left, top, right, bottom = page.anchors[SIGNATURE_SPACE_ID]
            height = page.height * _PT_PER_PX

            def point(px: float) -> int:
                return round(px * _PT_PER_PX)

            return number, (
                point(left),
                round(height) - point(bottom),
                point(right),
                round(height) - point(top),
            )
    raise ValueError("the letter's sheet has no signature space")
