"""Text that came from outside (file names, document values) made safe to print.

A report line must say what patuh says: a control character (an ANSI escape, a
carriage return, a line break inside a value) or a bidirectional override
("Trojan Source") in a file name or a value could otherwise repaint a reviewer's
terminal, hide a finding, or forge a "compliant" line. Each such character is
shown as a visible escape instead.
"""

from __future__ import annotations

import re

# C0 and C1 controls (tab excepted), DEL, the Unicode line and paragraph separators,
# and the bidirectional embeddings, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` on one line with every unsafe character shown as \\xNN or \\uNNNN."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
