"""An optional virus scan by a ClamAV daemon (PATUH_DESK_CLAMD=host:port), through
clamd's INSTREAM command over TCP. Without it, attachments are stored unscanned (the
README says so). With it, a file is stored only when clamd answers that it is clean:
an infected file is refused, and a daemon that cannot be reached refuses every file
(fail closed), never lets one through unscanned."""

from __future__ import annotations

import socket
import struct

CHUNK = 64 * 1024


class ScanFailed(Exception):
    """clamd could not be reached or gave no answer: nothing is stored."""


def scan(address: str, data: bytes, timeout: float = 30.0) -> str | None:
    """The name of what clamd found in `data`, or None when it is clean."""
    host, _, port = address.rpartition(":")
    try:
        with socket.create_connection((host or "127.0.0.1", int(port)), timeout=timeout) as conn:
            conn.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                conn.sendall(struct.pack("!L", len(chunk)) + chunk)
            conn.sendall(struct.pack("!L", 0))
            answer = b""
            while not answer.endswith(b"\0"):
                got = conn.recv(4096)
                if not got:
                    break
                answer += got
    except (OSError, ValueError) as exc:
        raise ScanFailed(str(exc)) from exc
    text = answer.rstrip(b"\0").decode("utf-8", "replace").strip()
    if text.endswith(" OK"):
        return None
    if text.endswith(" FOUND"):
        return text.removeprefix("stream:").removesuffix(" FOUND").strip() or "?"
    raise ScanFailed(text or "no answer")
