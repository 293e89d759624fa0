"""The demo desk (`patuh desk demo`, `make desk`): Kota Medan's OPDs, one user per
role, and the repository's example and rule fixtures as submissions in every status,
drafts written with the form (one with its findings still open, one withdrawn) and
attachments (a KAK as PDF), one of them listed by a recommendation letter."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from django.contrib.auth.models import User
from django.utils import timezone

from engine.desk.accounts.services import create_user
from engine.desk.attachments.services import attach
from engine.desk.core.errors import DeskError
from engine.desk.forms.document import FORM_FILENAME, document_of, yaml_of
from engine.desk.letters.selectors import letter_of
from engine.desk.models import Opd, Role, Status, Submission
from engine.desk.submissions import services as submissions
from engine.desk.submissions.discussion import add_comment
from engine.desk.waivers import services as waivers
from engine.desk.waivers.selectors import waivable_findings
from engine.desk.workflow import services as workflow
from engine.desk.workflow.assignment import assign
from engine.resources import rules_dir
from engine.waivers.waiver_file import utc_today

# The agencies (Organisasi Perangkat Daerah) of the Pemerintah Kota Medan.
OPDS = (
    "Badan Perencanaan Pembangunan Daerah",
    "Badan Pendapatan Daerah",
    "Badan Pengelolaan Keuangan dan Aset Daerah",
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "Badan Penanggulangan Bencana Daerah",
    "Dinas Kesehatan",
    "Dinas Pendidikan",
    "Dinas Perhubungan",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Komunikasi dan Informatika",
    "Dinas Sosial",
    "Dinas Lingkungan Hidup",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "Dinas Pekerjaan Umum",
    "Dinas Perumahan, Kawasan Permukiman, Cipta Karya dan Tata Ruang",
    "Dinas Koperasi, Usaha Kecil dan Menengah, Perindustrian dan Perdagangan",
    "Dinas Ketahanan Pangan, Pertanian dan Perikanan",
    "Dinas Kebudayaan dan Pariwisata",
    "Dinas Pemuda dan Olahraga",
    "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
    "Dinas Tenaga Kerja",
    "Satuan Polisi Pamong Praja",
    "Inspektorat",
    "Sekretariat Daerah",
)

# The signer's NIP on the demo letters (a made-up number of the usual 18 digits).
DEMO_NIP = {"pimpinan": "197901012005011001"}

# (user name, role, OPD, full name): one per role, and one pemohon per OPD with a
# submission in the demo.
USERS = (
    ("pemohon.dinkes", "pemohon", "Dinas Kesehatan", "Staf Dinas Kesehatan"),
    ("pemohon.disdik", "pemohon", "Dinas Pendidikan", "Staf Dinas Pendidikan"),
    ("pemohon.bapenda", "pemohon", "Badan Pendapatan Daerah", "Staf Bapenda"),
    ("pemohon.dishub", "pemohon", "Dinas Perhubungan", "Staf Dinas Perhubungan"),
    ("verifikator", "verifikator", None, "Penelaah Diskominfo"),
    ("pokja", "pokja", None, "Pokja Pemilihan"),
    ("pimpinan", "pimpinan", None, "Kepala Dinas Kominfo"),
    ("admin", "admin", None, "Administrator Desk"),
)

DEMO_MAIL_DOMAIN = "demo.medan.go.id"

ROOT = rules_dir().parent
EXAMPLES = ROOT / "fixtures" / "examples"
RULE_FIXTURES = ROOT / "fixtures" / "medan"


def _documents(path: Path) -> list[str]:
    """The documents of a fixture file, each as its own YAML text (an upload holds
    exactly one)."""
    parts: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.rstrip() == "---":
            parts.append([])
        else:
            parts[-1].append(line)
    return ["".join(p) for p in parts if any(s.strip() and not s.startswith("#") for s in p)]


def _upload(owner: User, text: str, name: str) -> Submission | None:
    try:
        return submissions.submit(owner, text.encode("utf-8"), name).submission
    except DeskError:
        return None  # an OPD without a demo applicant, or an unidentifiable file


def build() -> tuple[list[tuple[str, str, str | None]], str]:
    """Make the demo (once: later runs only renew the password); answer the logins
    and their password."""
    password = secrets.token_urlsafe(9)
    for name in OPDS:
        Opd.objects.get_or_create(name=name)
    users = {}
    for username, role, opd, full_name in USERS:
        users[username] = create_user(
            username,
            role,
            opd,
            password,
            full_name=full_name,
            nip=DEMO_NIP.get(username, ""),
            # Addresses of the demo's own domain: its walk fills the outbox (the admin's
            # "surel keluar"), sent by `patuh desk notify` where PATUH_DESK_EMAIL_URL is set.
            email=f"{username}@{DEMO_MAIL_DOMAIN}",
        )
    logins = [(u, r, o) for u, r, o, _ in USERS]
    if Submission.objects.exists():
        return logins, password
    owners = {opd: users[u] for u, role, opd, _ in USERS if role == "pemohon" and opd is not None}
    made: dict[str, Submission] = {}
    files = sorted(EXAMPLES.glob("*.yaml")) + [
        RULE_FIXTURES / f"{rule}.{case}.yaml"
        for rule in ("MDN-HOST-01", "MDN-SLA-01", "MDN-PBJ-01", "MDN-KAM-01")
        for case in ("fail",)
    ]
    # A history to show: the telemedicine proposal first came with its server in the
    # OPD's own room (MDN-HOST-01), and was fixed in its second version.
    example = (EXAMPLES / "usulan-telemedicine.yaml").read_text(encoding="utf-8")
    first_try = example.replace("location: diskominfo_datacenter", "location: opd_server_room")
    with _days_ago(16):
        _upload(owners["Dinas Kesehatan"], first_try, "usulan-telemedicine.yaml")
    uploads = [
        (f"{path.name}#{position}", owner, text, path.name)
        for path in files
        for position, text in enumerate(_documents(path))
        for opd, owner in owners.items()
        if f"opd: {opd}" in text
    ]
    # Submitted over the past weeks, oldest first, so the queue has late, due and new work.
    for index, (key, owner, text, name) in enumerate(uploads):
        with _days_ago(UPLOAD_AGES[index * len(UPLOAD_AGES) // max(len(uploads), 1)]):
            found = _upload(owner, text, name)
        if found is not None:
            made[key] = found
    _attachments(made, users)  # before the walk: the letter it issues lists them
    _walk(made, users)
    _drafts(users)  # written with the form, never seen by a reviewer
    _thread(users)  # a procurement following its recommended proposal
    _waivers(made, users)  # waivers in every state
    return logins, password


# --- a history over the past weeks (issue 24: late and due items) ---------------------------
# Days ago the demo's uploads were made, by quarter of the list: the review stage is due
# five working days after it starts, so the first are late, the next due soon.
UPLOAD_AGES = (15, 8, 3, 0)


@contextmanager
def _days_ago(days: int) -> Iterator[None]:
    """The steps in this block dated `days` days back, as if they had happened then:
    every time the desk records comes from django.utils.timezone.now (the checks' run
    date does not: it stays today). The demo only; a letter is always issued now, as
    its signature's time must be."""
    if days == 0:
        yield
        return
    real = timezone.now
    with mock.patch.object(timezone, "now", lambda: real() - dt.timedelta(days=days)):
        yield


# --- the applicant's side: drafts and attachments (issue 23) --------------------------------
def demo_pdf(text: str) -> bytes:
    """A one-page PDF saying `text` (a KAK for the demo)."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _attachments(made: dict[str, Submission], users: dict[str, User]) -> None:
    """A KAK (PDF) attached to every compliant submission of the demo's applicants."""
    for submission in made.values():
        if _verdict(submission) != "compliant":
            continue
        applicant = User.objects.filter(
            desk_profile__role=Role.PEMOHON, desk_profile__opd=submission.opd
        ).first()
        if applicant is not None:
            attach(
                applicant,
                submission.pk,
                f"KAK-{submission.document_id}.pdf",
                demo_pdf(f"Kerangka Acuan Kerja - {submission.title}"[:90]),
                "Kerangka Acuan Kerja (KAK)",
            )


DEMO_WIFI = {
    "metadata.id": "DISHUB-2026-WIFI",
    "metadata.title": "Wi-Fi Publik Gratis di Taman Kota",
    "metadata.opd": "Dinas Perhubungan",
    "metadata.submitted": "2026-03-02",
    "spec.summary": "Titik akses Wi-Fi gratis di 20 taman kota dan halte bus.",
    "spec.dimensions.0": "smart_living",
    "spec.funding.source": "APBD",
    "spec.funding.amount_idr": "1250000000",
    "spec.hosting.location": "opd_server_room",
}


def _drafts(users: dict[str, User]) -> None:
    """Dinas Perhubungan's drafts written with the form: a Wi-Fi proposal with its
    findings still open and its KAK attached, and a second one withdrawn."""
    applicant = users["pemohon.dishub"]
    wifi = yaml_of(document_of(DEMO_WIFI, "Proposal")).encode("utf-8")
    draft = submissions.submit(applicant, wifi, f"proposal{FORM_FILENAME}", draft=True)
    attach(
        applicant,
        draft.submission.pk,
        "KAK-Wi-Fi-publik.pdf",
        demo_pdf("Kerangka Acuan Kerja - Wi-Fi Publik Gratis di Taman Kota"),
        "KAK Wi-Fi publik",
    )
    signs = {**DEMO_WIFI, "metadata.id": "DISHUB-2026-PAPAN", "metadata.title": "Papan Info Halte"}
    text = yaml_of(document_of(signs, "Proposal")).encode("utf-8")
    other = submissions.submit(applicant, text, f"proposal{FORM_FILENAME}", draft=True)
    workflow.transition(
        applicant, other.submission.pk, Status.WITHDRAWN, "Digabung dengan usulan Wi-Fi publik."
    )


# Four eyes: the verifikator's review, then the pimpinan's decision (desk.md).
REVIEW_NOTE = "Telaah selesai: hosting, interoperabilitas dan keamanan sesuai."


def _walk(made: dict[str, Submission], users: dict[str, User]) -> None:
    """Move some submissions along, so every status shows in the demo."""
    reviewer, head = users["verifikator"], users["pimpinan"]
    compliant = [s for s in made.values() if _verdict(s) == "compliant"]
    others = [s for s in made.values() if _verdict(s) != "compliant"]
    for submission in compliant[:1]:
        workflow.transition(reviewer, submission.pk, Status.IN_REVIEW)
        # The discussion: a question of the verifikator, the applicant's answer.
        add_comment(reviewer, submission.pk, "Berapa puskesmas yang akan dilayani sistem ini?")
        owner = submission.versions.order_by("number").first()
        if owner is not None:
            add_comment(owner.uploaded_by, submission.pk, "Seluruh 41 puskesmas di Kota Medan.")
        workflow.transition(reviewer, submission.pk, Status.REVIEWED, REVIEW_NOTE)
        workflow.transition(head, submission.pk, Status.RECOMMENDED)
    # Reviewed, waiting for the pimpinan's decision: of another OPD than the thread's,
    # whose proposal _thread recommends.
    waiting = [s for s in compliant[1:] if s.opd.name != DEMO_OPD][:1]
    for submission in waiting:
        workflow.transition(reviewer, submission.pk, Status.IN_REVIEW)
        workflow.transition(reviewer, submission.pk, Status.REVIEWED, REVIEW_NOTE)
    if others:
        workflow.transition(reviewer, others[0].pk, Status.IN_REVIEW)
        workflow.transition(
            reviewer,
            others[0].pk,
            Status.RETURNED,
            "Lokasi server harus di pusat data Pemerintah Kota Medan; mohon diperbaiki.",
        )
    if len(others) > 1:
        workflow.transition(reviewer, others[1].pk, Status.IN_REVIEW)
        assign(head, others[1].pk, head.get_username())  # the pimpinan takes it over
    if len(others) > 2:
        workflow.transition(head, others[2].pk, Status.IN_REVIEW)
        workflow.transition(
            head, others[2].pk, Status.REJECTED, "Tidak sejalan dengan Master Plan Smart City."
        )


def _verdict(submission: Submission) -> str:
    latest = submission.latest_version()
    return latest.verdict if latest is not None else "error"


# --- the thread from proposal to tender (engine/desk/letters/thread.py) ----------------------
DEMO_OPD = "Dinas Kesehatan"
DEMO_PROCUREMENT_ID = "PBJ-2026-DINKES-012"


def _thread(users: dict[str, User]) -> None:
    """A Dinas Kesehatan procurement that follows its recommended proposal and cites
    that proposal's letter, so the pages show the thread both ways."""
    proposals = Submission.objects.filter(kind="Proposal", opd__name=DEMO_OPD)
    proposal = proposals.filter(status=Status.RECOMMENDED).first()
    if proposal is None:
        proposal = next(
            (
                p
                for p in proposals.filter(status=Status.SUBMITTED)
                if (v := p.latest_version()) is not None and v.verdict == "compliant"
            ),
            None,
        )
        if proposal is None:
            return
        workflow.transition(users["verifikator"], proposal.pk, Status.IN_REVIEW)
        workflow.transition(users["verifikator"], proposal.pk, Status.REVIEWED, REVIEW_NOTE)
        workflow.transition(users["pimpinan"], proposal.pk, Status.RECOMMENDED)
    letter = letter_of(proposal)
    if letter is None:
        return
    day = timezone.localtime(letter.issued_at).date().isoformat()
    template = rules_dir().parent / "fixtures" / "medan" / "MDN-PBJ-08.pass.yaml"
    text = template.read_text(encoding="utf-8")
    for pattern, value in (
        (r"(?m)^#.*\n", ""),
        (r"(?m)^  id: .*$", f"  id: {DEMO_PROCUREMENT_ID}"),
        (r"(?m)^  title: .*$", "  title: Pengadaan Jasa Pengembangan Aplikasi Telemedicine"),
        (r"(?m)^  opd: .*$", f"  opd: {DEMO_OPD}"),
        (r"(?m)^  submitted: .*$", f"  submitted: {day}"),
        (r"(?m)^  proposal_ref: .*$", f"  proposal_ref: {proposal.document_id}"),
        (r"(?m)^      reference: 555/.*$", f"      reference: {letter.number}"),
        (r"(?m)^      date: .*$", f"      date: {day}"),
    ):
        text = re.sub(pattern, value, text, count=1)
    text = text.replace("DISDIK", "DINKES").replace("PPDB", "TELEMEDICINE")
    made = submissions.submit(
        users["pemohon.dinkes"], text.encode("utf-8"), "pengadaan-telemedicine.yaml"
    )
    # The pokja validates it (four eyes: the pimpinan decides later), with the package code.
    pokja = users["pokja"]
    workflow.transition(pokja, made.submission.pk, Status.IN_REVIEW)
    workflow.transition(
        pokja,
        made.submission.pk,
        Status.REVIEWED,
        "Dokumen pemilihan lengkap; HPS dan spesifikasi sesuai usulan yang direkomendasikan.",
        outcome="valid",
        package_code="10234567000",
    )


# --- waivers in every state (engine/desk/waivers/) -----------------------------------------
DEMO_PLANS = (
    ("approve", 12, "Ruang server OPD dipakai sementara selama migrasi ke pusat data Diskominfo."),
    ("approve", 150, "Layanan pihak ketiga masih terikat kontrak; diganti saat kontrak berakhir."),
    ("request", 90, "Anggaran perbaikan baru tersedia pada triwulan berikutnya."),
    ("refuse", 60, "Belum ada rencana perbaikan; mohon dipertimbangkan."),
)


def _waivers(made: dict[str, Submission], users: dict[str, User]) -> None:
    """For `patuh desk demo`: on open submissions with a waivable finding, waivers in
    every state (approved and expiring within 30 days, approved, requested, refused)."""
    head = users["pimpinan"]
    chosen = []
    for submission in made.values():
        submission.refresh_from_db()
        # A waiver names its finding's path (issue 20): only findings that have one.
        findings = [f for f in waivable_findings(submission.latest_version()) if f.get("path")]
        if not submission.closed and findings:
            chosen.append((submission, findings[0]))
    for (submission, finding), (what, days, why) in zip(chosen, DEMO_PLANS, strict=False):
        applicant = User.objects.filter(
            desk_profile__role=Role.PEMOHON, desk_profile__opd=submission.opd
        ).first()
        if applicant is None:
            continue
        asked = waivers.request_waiver(
            applicant,
            submission.pk,
            rule=finding["rule"],
            path=finding["path"],
            justification=why,
            expires=utc_today() + dt.timedelta(days=days),
        )
        if what == "approve":
            waivers.decide(
                head, asked.pk, approve=True, reference=f"800/{100 + asked.pk}/Diskominfo/2026"
            )
        elif what == "refuse":
            waivers.decide(head, asked.pk, approve=False, note="Perbaiki dokumennya.")
