"""Recommendation letters, their numbering per year, and the desk's settings (the letter
number's pattern, the office's name). A letter states what it was issued on and is
never changed, only marked revoked (engine/desk/letters/)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from engine.desk.models.submissions import Submission, Version


class LetterSequence(models.Model):
    """The last letter number of a year: numbers run per year and are never reused."""

    year = models.PositiveIntegerField(primary_key=True, verbose_name="tahun")
    last = models.PositiveIntegerField(default=0, verbose_name="nomor terakhir")

    class Meta:
        verbose_name = "urutan nomor surat"
        verbose_name_plural = "urutan nomor surat"


class Letter(models.Model):
    """A recommendation letter, and what it states (kept as issued)."""

    submission = models.OneToOneField(
        Submission, on_delete=models.PROTECT, related_name="letter", verbose_name="pengajuan"
    )
    version = models.ForeignKey(Version, on_delete=models.PROTECT, verbose_name="versi")
    number = models.CharField(max_length=200, unique=True, verbose_name="nomor surat")
    year = models.PositiveIntegerField(verbose_name="tahun")
    seq = models.PositiveIntegerField(verbose_name="urutan")
    code = models.CharField(max_length=64, unique=True, verbose_name="kode verifikasi")
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name="penanda tangan (pengguna)"
    )
    signer_name = models.CharField(max_length=300, verbose_name="penanda tangan")
    # Who reviewed it before the signer decided (four eyes); empty on older letters.
    reviewer_name = models.CharField(
        max_length=300, blank=True, default="", verbose_name="penelaah"
    )
    issued_at = models.DateTimeField(verbose_name="diterbitkan")
    opd_name = models.CharField(max_length=300, verbose_name="OPD")
    title = models.CharField(max_length=500, verbose_name="judul")
    kind = models.CharField(max_length=40, verbose_name="jenis dokumen")
    document_id = models.CharField(max_length=200, verbose_name="kode dokumen")
    document_digest = models.CharField(max_length=80, verbose_name="sidik dokumen")
    policy_digest = models.CharField(max_length=80, verbose_name="sidik kebijakan")
    catalog_digest = models.CharField(max_length=80, verbose_name="sidik katalog")
    revoked = models.BooleanField(default=False, verbose_name="dicabut")
    # Who revoked it, when and why (engine/desk/letters/services.py); the letter's text is kept.
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name="dicabut pada")
    revoked_by_name = models.CharField(max_length=300, blank=True, verbose_name="dicabut oleh")
    revocation_note = models.TextField(blank=True, verbose_name="alasan pencabutan")
    # The letter as a PDF (letters/pdf.py), rendered and, when the office has a
    # certificate, signed at issue time; kept as issued (a revocation never touches it).
    # Empty only for letters issued before the desk made PDFs: rendered on their first
    # download, unsigned, and kept from then on.
    pdf = models.BinaryField(default=b"", editable=False, verbose_name="PDF")
    pdf_sha256 = models.CharField(
        max_length=64, blank=True, db_index=True, verbose_name="sha256 PDF"
    )
    yaml_sha256 = models.CharField(
        max_length=64, blank=True, verbose_name="sha256 YAML"
    )  # the YAML inside the PDF
    signed = models.BooleanField(default=False, verbose_name="ditandatangani elektronik")
    signer_nip = models.CharField(max_length=40, blank=True, verbose_name="NIP penanda tangan")
    # The signing certificate's subject and serial (hex), as the verify page names it.
    signer_certificate = models.CharField(
        max_length=500, blank=True, verbose_name="sertifikat penanda tangan"
    )

    class Meta:
        verbose_name = "surat rekomendasi"
        verbose_name_plural = "surat rekomendasi"
        constraints = [models.UniqueConstraint(fields=["year", "seq"], name="one_seq_per_year")]

    def __str__(self) -> str:
        return self.number


DEFAULT_LETTER_PATTERN = "555/{seq:03d}/Diskominfo/{year}"


class DeskSettings(models.Model):
    """The desk's settings, one row (edited in the admin)."""

    letter_pattern = models.CharField(
        "pola nomor surat", max_length=200, default=DEFAULT_LETTER_PATTERN
    )
    office_name = models.CharField(
        "nama kantor", max_length=300, default="Dinas Komunikasi dan Informatika Kota Medan"
    )
    # The letterhead (kop surat) above every letter, on the page and in the PDF.
    letterhead_authority = models.CharField(
        "pemerintah pada kop surat", max_length=200, default="PEMERINTAH KOTA MEDAN"
    )
    letterhead_address = models.CharField(
        "alamat pada kop surat",
        max_length=300,
        default="Jalan Kapten Maulana Lubis No. 2, Medan 20112",
    )
    # The office's logo left of the kop: a PNG or JPEG judged by its bytes when uploaded
    # in the admin (letters/letterhead.py). Its bytes are in the database, not a file, so
    # every server of the desk prints the same logo; empty: a letter without a logo.
    letterhead_logo = models.BinaryField("logo kop surat", blank=True, default=b"", editable=False)
    letterhead_logo_type = models.CharField(
        "jenis berkas logo", max_length=20, blank=True, default="", editable=False
    )
    # Service levels in working days (desk.md, "Deadlines"): review, then decision.
    review_days = models.PositiveSmallIntegerField("batas waktu telaah (hari kerja)", default=5)
    decision_days = models.PositiveSmallIntegerField(
        "batas waktu keputusan (hari kerja)", default=3
    )

    class Meta:
        verbose_name = "pengaturan meja telaah"
        verbose_name_plural = "pengaturan meja telaah"

    def __str__(self) -> str:
        return "pengaturan meja telaah"
