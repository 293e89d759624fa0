"""A test's own small HTTP server (a fake OPA, named as such where it is used), served on a
thread and stopped at once.

socketserver's serve_forever() looks for shutdown() every poll_interval (0.5 s): each
server stopped that way cost its test up to half a second of waiting for nothing. Here
the loop blocks until a connection arrives, and stopping it is a connection of its own.

This module is a helper; it has no test of its own.
"""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Callable


def serve(server: socketserver.BaseServer) -> Callable[[], None]:
    """Serve `server` on a daemon thread; answers the function that stops and closes it."""
    server.timeout = None  # handle_request() waits for a connection, however long
    closing = threading.Event()

    def loop() -> None:
        while not closing.is_set():
            server.handle_request()

    thread = threading.Thread(target=loop, daemon=True, name=f"serve-{server.server_address}")
    thread.start()

    def stop() -> None:
        closing.set()
        # Wakes a loop waiting for a connection; it then sees `closing` and ends. A loop busy
        # with a request sees `closing` when it is done, and this connection is left unread.
        with socket.create_connection(server.server_address[:2]):
            pass
        thread.join()
        server.server_close()

    return stop
