"""A FAKE desk, for the faults the real `patuh desk serve` cannot produce on demand: a
single sign-on proxy answering its own login page with 200, a waiver file cut off
half-way, a register whose `letter_form` is not one. Every other test of `patuh
check --desk` and `patuh submit` runs against the real desk (servers.py).

Each path answers what the test put there: (status, Content-Type, body)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeDesk:
    def __init__(self, answers: dict[str, tuple[int, str, bytes]]) -> None:
        self.answers = answers
        self.requests: list[tuple[str, dict[str, str]]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake.requests.append((self.path, dict(self.headers.items())))
                status, content_type, body = fake.answers.get(
                    self.path.split("?")[0], (404, "text/plain", b"not here")
                )
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@contextmanager
def fake_desk(answers: dict[str, tuple[int, str, bytes]]) -> Iterator[FakeDesk]:
    desk = FakeDesk(answers)
    thread = threading.Thread(target=desk.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield desk
    finally:
        desk.server.shutdown()
        desk.server.server_close()
