"""Hostile cases, controls and truncations: the compliant bases themselves, the same
content written differently (which must still pass), and every proper prefix of a
compliant document (which must not). Part of the corpus of generate.py.
"""

from __future__ import annotations

import re

from casebook import BASES, MIB, Casebook, base, replace_line, swap


def same_content(book: Casebook, proposal: str) -> None:
    """The bases themselves, and the same content written differently."""
    for kind in BASES:
        book.add("same-content", "compliant", base(kind))
    book.add("same-content", "compliant", b"\xef\xbb\xbf" + proposal.encode())  # a UTF-8 BOM
    book.add("same-content", "compliant", swap(proposal, "\n", "\r\n"))  # Windows line ends
    book.add("same-content", "compliant", "# komentar\n" + swap(proposal, "\n", "  # catatan\n"))
    book.add("same-content", "compliant", "---\n" + proposal + "...\n")
    book.add("same-content", "compliant", "%YAML 1.2\n---\n" + proposal)
    book.add(
        "same-content", "compliant", replace_line(proposal, "title", "'Sistem « ünïcödé » 日本 🚀'")
    )
    book.add(
        "same-content", "compliant", replace_line(proposal, "summary", "!!str Ringkasan bertag str")
    )
    unused_anchor = replace_line(proposal, "id", "&anchor UJI-ANCHOR-1")
    book.add("same-content", "compliant", unused_anchor)
    book.add(
        "same-content", "compliant", replace_line(proposal, "amount_idr", "9223372036854775807")
    )
    book.add("same-content", "compliant", replace_line(proposal, "title", "'" + "T" * 500 + "'"))
    padding = 2 * MIB - len(proposal.encode()) - 1  # the largest file accepted, exactly
    book.add("same-content", "compliant", "#" * (padding - 1) + "\n" + proposal)


def truncations(book: Casebook, proposal: str) -> None:
    """Truncations at every structural point of a compliant document."""
    for kind, text in (("Proposal", proposal), ("Procurement", base("Procurement"))):
        for cut in truncation_points(text, every_token=kind == "Proposal"):
            book.add(f"truncated-{kind.lower()}", "not_compliant", text[:cut])


def truncation_points(text: str, every_token: bool) -> list[int]:
    """Offsets strictly inside `text` where a structure begins or ends: each line start
    and, with `every_token`, after each key's colon, each `- `, and each flow `{ [ , }`."""
    points = {0}
    offset = 0
    for line in text.splitlines(keepends=True):
        points.add(offset)
        if every_token:
            for match in re.finditer(r"(?<=:)(?= |\n)|(?<=- )|[\[{,\]}]", line):
                points.add(offset + match.start())
                points.add(offset + match.end())
        offset += len(line)
    # A cut that removes only trailing blanks is no truncation.
    return sorted(p for p in points if text[p:].strip())
