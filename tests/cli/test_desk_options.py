"""`patuh check --desk` refusals that need no desk: an address that would send the
token in clear, no token, two sources of waivers, a duration that is not one; and
HTTPS verified for real (a loopback server with a self-signed certificate is
refused). Each is an exit status with a sentence, before anything is checked."""

from __future__ import annotations

import http.server
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from report_samples import ROOT, closed_port

from engine.cli.main import main

DOCUMENT = str(ROOT / "fixtures/examples/usulan-telemedicine.yaml")


def _check(*args: str, token: str | None = "rahasia", **env: str) -> Any:
    environment = {"PATUH_DESK_TOKEN": token, "PATUH_DESK_URL": None, "PATUH_WAIVERS": None}
    environment.update(env)
    return CliRunner().invoke(main, ["check", "--format", "json", *args], env=environment)


def test_plain_http_to_another_machine_is_refused(tmp_path: Path) -> None:
    result = _check("--desk", "http://desk.pemkomedan.go.id", DOCUMENT)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "http:// tanpa TLS ke mesin lain" in result.stderr and "--desk-insecure" in result.stderr


def test_the_token_comes_only_from_the_environment() -> None:
    result = _check("--desk", "https://desk.pemkomedan.go.id", DOCUMENT, token=None)
    assert result.exit_code == 2
    assert "Tidak ada token desk: setel PATUH_DESK_TOKEN" in result.stderr
    # There is no option to give it in the process list.
    assert "--desk-token" not in CliRunner().invoke(main, ["check", "--help"]).stdout


def test_the_desk_and_a_waiver_file_are_not_both_taken(tmp_path: Path) -> None:
    waivers = tmp_path / "w.yaml"
    waivers.write_text("apiVersion: patuh/v1\nkind: Waivers\nwaivers: []\n")
    result = _check("--desk", "https://127.0.0.1:1", "--waivers", str(waivers), DOCUMENT)
    assert result.exit_code == 2
    assert "jangan berikan juga --waivers atau --register" in result.stderr


def test_a_max_age_that_is_not_a_duration() -> None:
    result = _check("--desk", "https://127.0.0.1:1", "--desk-max-age", "sehari", DOCUMENT)
    assert result.exit_code == 2
    assert "`sehari` bukan durasi" in result.stderr


def test_a_desk_that_cannot_be_reached_and_no_copy_is_exit_3(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    result = _check("--desk", url, DOCUMENT, PATUH_CACHE_DIR=str(tmp_path / "cache"))
    assert result.exit_code == 3
    assert result.stdout == ""
    assert f"Desk {url}/api/v1/waivers.yaml tidak dapat dihubungi" in result.stderr
    assert "Tidak ada salinan yang lebih muda dari 24 jam" in result.stderr


@pytest.fixture
def self_signed(tmp_path: Path) -> Iterator[str]:
    """A loopback HTTPS server whose certificate nobody vouches for."""
    openssl = shutil.which("openssl")
    assert openssl, "Debian's openssl"
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            *(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_https_is_verified(self_signed: str, tmp_path: Path) -> None:
    result = _check("--desk", self_signed, DOCUMENT, PATUH_CACHE_DIR=str(tmp_path / "cache"))
    assert result.exit_code == 3
    assert result.stdout == ""
    assert f"Sertifikat TLS desk {self_signed}/api/v1/waivers.yaml tidak dapat diverifikasi" in (
        result.stderr
    )
