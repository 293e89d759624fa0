"""A local RFC 3161 timestamp authority for the signed-letter tests: a real TSA protocol
server (HTTP POST of a TimeStampReq, answered with a signed TimeStampResp), whose
stamping is pyHanko's own TSA implementation for tests (DummyTimeStamper) with the demo
hierarchy's timestamping certificate. Letters are then signed PAdES B-T through
pyHanko's HTTP client, as against an office's real TSA.

This module is a helper; it has no test of its own.
"""

from __future__ import annotations

import http.server
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from loopback import serve


@contextmanager
def timestamp_authority(pki: Any) -> Iterator[tuple[str, Callable[[], int]]]:
    """Serve on a free loopback port: (its URL, how many stamps it has given)."""
    warnings.filterwarnings("ignore", message="DSA is deprecated", module="pyhanko")
    from asn1crypto import keys, tsp, x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    stamper = DummyTimeStamper(
        tsa_cert=x509.Certificate.load(pki.tsa_cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(
            pki.tsa_key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
    )
    given = [0]

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            request = tsp.TimeStampReq.load(self.rfile.read(length))
            answer = stamper.request_tsa_response(request).dump()
            given[0] += 1
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    stop = serve(server)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa", lambda: given[0]
    finally:
        stop()
