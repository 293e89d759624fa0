"""Each person's address and language of mail, set without the admin:
`patuh desk adduser --email ADDRESS --lang id|en` (desk.md, "Notifications by e-mail"),
and kept when the user is changed again without them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desk.core.test_desk_cli import _desk


def test_adduser_sets_the_address_and_the_language_of_mail(tmp_path: Path) -> None:
    database = tmp_path / "desk.sqlite3"
    env = {"PATUH_DATABASE_URL": f"sqlite:///{database}"}
    assert _desk("migrate", env=env).returncode == 0
    args = ("adduser", "sari", "--role", "verifikator", "--password-stdin")
    made = _desk(
        *args,
        "--email",
        "sari@demo.medan.go.id",
        "--lang",
        "en",
        stdin="kata-sandi-kuat-Medan\n",
        env=env,
    )
    assert made.returncode == 0, made.stderr
    again = _desk(*args, stdin="kata-sandi-kuat-Medan-2\n", env=env)  # neither given
    assert again.returncode == 0, again.stderr
    with sqlite3.connect(database) as db:
        row = db.execute(
            "select u.email, p.language from auth_user u join desk_profile p"
            " on p.user_id = u.id where u.username = 'sari'"
        ).fetchone()
    assert row == ("sari@demo.medan.go.id", "en")
    wrong = _desk(*args, "--email", "bukan-alamat", stdin="kata-sandi-kuat-Medan\n", env=env)
    assert wrong.returncode != 0 and "Alamat surel bukan-alamat tidak sah." in wrong.stderr
    bad_lang = _desk(*args, "--lang", "fr", stdin="kata-sandi-kuat-Medan\n", env=env)
    assert bad_lang.returncode != 0
