"""The signed-letter tests' certificates (engine/desk/letters/demo_pki.py, made at test
time) and the office's signing configuration."""

from __future__ import annotations

from typing import Any

import pytest


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
