"""One language for the office (issue 24, item 8): `patuh desk --help` and its errors in
the reader's words as `patuh`'s own, the admin named in Bahasa Indonesia, pages meant
for people naming no API path and no "UTC", the letter not saying "dengan patuh"
(which reads as "obediently"), and a taken port said in a sentence instead of
gunicorn's log lines."""

from __future__ import annotations

import os
import re
import socket
import subprocess
from pathlib import Path

from django.test import Client

from desk.conftest import People, make_proposal
from desk.letters.test_thread import recommended
from desk.servers import PATUH, SECRET_KEY


def _patuh(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PATUH), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PATUH_DESK_SECRET_KEY": SECRET_KEY, **env},
        check=False,
    )


def test_patuh_desk_help_and_errors_are_in_the_readers_language() -> None:
    own = _patuh("desk", "--help", PATUH_LANG="id")
    assert own.returncode == 0
    assert own.stdout.startswith("Penggunaan: patuh desk")
    assert "Opsi:" in own.stdout and "Perintah:" in own.stdout
    assert "Usage:" not in own.stdout and "Options:" not in own.stdout
    serve = _patuh("desk", "serve", "--help", PATUH_LANG="id")
    assert "Penggunaan: patuh desk serve" in serve.stdout and "Options:" not in serve.stdout
    missing = _patuh("desk", "adduser", PATUH_LANG="id")
    assert missing.returncode == 2 and "Galat:" in missing.stderr
    assert "Error:" not in missing.stderr
    english = _patuh("desk", "--help", PATUH_LANG="en")
    assert english.stdout.startswith("Usage: patuh desk") and "Options:" in english.stdout


def test_a_taken_port_is_said_in_a_sentence(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    assert _patuh("desk", "migrate", "--database-url", database).returncode == 0
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        refused = _patuh("desk", "serve", "--database-url", database, "--port", str(port))
    assert refused.returncode == 2
    assert f"tidak dapat dijalankan di 127.0.0.1:{port}" in refused.stderr
    assert "Connection in use" not in refused.stderr and "gunicorn" not in refused.stderr


def test_the_admin_speaks_the_offices_language(people: People) -> None:
    client = Client()
    client.force_login(people.admin.user)
    index = client.get("/admin/").content.decode()
    assert "Administrasi Meja Telaah" in index and "Meja Telaah" in index
    for name in ("Pengajuan", "Token API", "Pengaturan meja telaah", "Catatan audit"):
        assert name in index, name
    for english in ("Api tokens", "Audit events", "Desk settings", "Administrasi Django"):
        assert english not in index, english
    users = client.get("/admin/auth/user/").content.decode()
    assert "Peran" in users  # the column Django capitalises from "peran"
    from engine.desk.submissions.services import submit

    submit(people.pemohon.user, make_proposal(), "usulan.yaml")  # a row, so the list has columns
    listed = _text(client.get("/admin/desk/submission/").content.decode())
    for column in ("Jenis dokumen", "Kode dokumen", "Judul"):
        assert column in listed, column
    for english in ("Document id", "Kind", "Title", "Proposal ref"):
        assert english not in listed, english


def test_every_field_of_the_desk_is_named_in_bahasa_indonesia() -> None:
    """A field without its verbose_name shows its code name in the admin ("Document
    id"); the words that are the same in both languages are listed."""
    from django.apps import apps

    same = {"status", "sha256"}
    unnamed = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("desk").get_models()
        for field in model._meta.get_fields()
        if not field.auto_created
        and getattr(field, "verbose_name", None) == field.name.replace("_", " ")
        and field.name not in same
    ]
    assert not unnamed, unnamed


def _text(html: str) -> str:
    """What a person reads: the page without its tags and attributes."""
    return re.sub(r"<[^>]+>", " ", html)


def test_pages_for_people_name_no_api_path_and_no_utc(people: People) -> None:
    proposal, _letter = recommended(people, people.pemohon, opd=people.pemohon.opd)
    head = Client()
    head.force_login(people.pimpinan.user)
    for path in ("/waivers/", f"/submissions/{proposal.pk}/letter/"):
        page = _text(head.get(path).content.decode())
        assert "/api/v1/" not in page, path
        assert "UTC" not in page, path
    letter_page = _text(head.get(f"/submissions/{proposal.pk}/letter/").content.decode())
    assert "dengan patuh" not in letter_page
    assert "aplikasi pemeriksa kepatuhan" in letter_page
