"""Signed letters from the command line (issue 25): `patuh verify-letter FILE --trust
CA.pem` checks a letter's PDF with no desk at all, `patuh desk verify-letter FILE` against
the desk's database (offline), and `patuh desk serve` refuses to start with a
certificate that cannot sign. Real `patuh` processes, real certificates."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from desk.conftest import People
from desk.letters.signed import add_page, flip_a_signed_byte, recommend
from desk.servers import PATUH, SECRET_KEY


def _patuh(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PATUH), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PATUH_DESK_SECRET_KEY": SECRET_KEY, **(env or {})},
        check=False,
    )


def test_patuh_verify_letter_needs_no_desk(people: People, signing: Any, tmp_path: Path) -> None:
    letter = recommend(people)
    good = tmp_path / "surat.pdf"
    good.write_bytes(bytes(letter.pdf))
    holds = _patuh("verify-letter", str(good), "--trust", str(signing.root_pem))
    assert holds.returncode == 0, holds.stderr
    assert "Tanda tangan UTUH dan sah, oleh" in holds.stdout
    assert "DEMO Pimpinan Diskominfo Kota Medan" in holds.stdout
    assert "Dokumen YAML terlampir sama dengan sidik" in holds.stdout
    assert letter.pdf_sha256 in holds.stdout and letter.number in holds.stdout

    tampered = tmp_path / "diubah.pdf"
    tampered.write_bytes(flip_a_signed_byte(bytes(letter.pdf)))
    broken = _patuh("verify-letter", str(tampered), "--trust", str(signing.root_pem))
    assert broken.returncode == 1 and "RUSAK" in broken.stdout

    added = tmp_path / "halaman-tambahan.pdf"
    added.write_bytes(add_page(bytes(letter.pdf)))
    changed = _patuh("verify-letter", str(added), "--trust", str(signing.root_pem), "--lang", "en")
    assert changed.returncode == 1 and "changed after it was signed" in changed.stdout

    other_root = tmp_path / "akar-lain.pem"
    from engine.desk.letters.demo_pki import make_demo_pki

    other_root.write_bytes(make_demo_pki(tmp_path / "lain").root_pem.read_bytes())
    untrusted = _patuh("verify-letter", str(good), "--trust", str(other_root))
    assert untrusted.returncode == 1 and "tidak berasal dari otoritas" in untrusted.stdout

    not_pdf = tmp_path / "bukan.pdf"
    not_pdf.write_text("<html>%PDF-</html>", encoding="utf-8")
    refused = _patuh("verify-letter", str(not_pdf), "--trust", str(signing.root_pem))
    assert refused.returncode == 2 and "bukan PDF" in refused.stderr


def test_patuh_desk_verify_letter_knows_revocation(
    people: People, signing: Any, desk_db: str, tmp_path: Path
) -> None:
    from engine.desk.letters.services import revoke_letter

    letter = recommend(people)
    pdf = tmp_path / "surat.pdf"
    pdf.write_bytes(bytes(letter.pdf))
    env = {"PATUH_DESK_SIGNING_TRUST": str(signing.root_pem)}
    valid = _patuh("desk", "verify-letter", str(pdf), "--database-url", desk_db, env=env)
    assert valid.returncode == 0, valid.stderr
    assert f"SAMA persis dengan surat {letter.number}" in valid.stdout
    assert valid.stdout.rstrip().endswith("SAH")

    revoke_letter(people.pimpinan.user, letter.submission_id, "Kegiatan dibatalkan")
    revoked = _patuh("desk", "verify-letter", str(pdf), "--database-url", desk_db, env=env)
    assert revoked.returncode == 1
    assert "DICABUT" in revoked.stdout and "Kegiatan dibatalkan" in revoked.stdout
    assert revoked.stdout.rstrip().endswith("TIDAK SAH")


@pytest.mark.parametrize(
    ("which", "said"),
    [("expired_p12", "sudah kedaluwarsa"), ("no_usage_p12", "tidak boleh dipakai untuk tanda")],
)
def test_serve_refuses_a_certificate_that_cannot_sign(
    pki: Any, tmp_path: Path, which: str, said: str
) -> None:
    database = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    assert _patuh("desk", "migrate", "--database-url", database).returncode == 0
    env = {
        "PATUH_DESK_SIGNING_P12": str(getattr(pki, which)),
        "PATUH_DESK_SIGNING_PASSWORD": pki.password,
    }
    refused = _patuh("desk", "serve", "--database-url", database, "--port", "0", env=env)
    assert refused.returncode == 2
    assert "Meja telaah tidak dijalankan" in refused.stderr and said in refused.stderr


# --- the verify page's upload against a real server -----------------------------------------
def _post_pdf(session: Any, base: str, data: bytes) -> Any:
    form = session.get(f"{base}/verify/", timeout=30)
    assert form.status_code == 200
    token = session.cookies.get("csrftoken")
    return session.post(
        f"{base}/verify/",
        data={"csrfmiddlewaretoken": token},
        files={"file": ("surat.pdf", data, "application/pdf")},
        headers={"Referer": f"{base}/verify/"},
        timeout=60,
    )


def test_the_verify_upload_is_bounded_and_rate_limited(
    desk_db: str,
    people: People,
    start_desk_server: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """415 for what is not a PDF by its bytes, 413 above 10 MiB, and 429 once an address
    has checked as many files as the rate allows (here 3 an hour, on a server of its own:
    its counters are in its own data folder)."""
    import requests

    monkeypatch.setenv("PATUH_DESK_VERIFY_RATE", "3/h")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    base = start_desk_server(desk_db).url
    session = requests.Session()
    not_pdf = _post_pdf(session, base, b"MZ\x90\x00" + b"\0" * 100)
    assert not_pdf.status_code == 415 and "bukan PDF" in not_pdf.text
    too_big = _post_pdf(session, base, b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024))
    assert too_big.status_code == 413 and "lebih besar dari 10 MiB" in too_big.text
    unknown = _post_pdf(session, base, b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    assert unknown.status_code in (200, 400)  # the third file of the hour is still checked
    limited = _post_pdf(session, base, b"%PDF-1.7\n")
    assert limited.status_code == 429 and "Terlalu banyak pemeriksaan" in limited.text
