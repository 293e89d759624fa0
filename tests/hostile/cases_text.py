"""Hostile cases of bytes and characters: invalid UTF-8, UTF-16/32 and BOMs, tabs, NUL,
control and invisible characters, and file names a report must show safely. Part of
the corpus of generate.py.
"""

from __future__ import annotations

from casebook import Case, Casebook, replace_line, swap


def encodings(book: Casebook, proposal: str) -> None:
    """Encodings: invalid UTF-8, UTF-16/32, BOMs."""
    utf8 = proposal.encode()
    bad_bytes = [
        b"\xff",
        b"\xc0\xaf",
        b"\xed\xa0\x80",
        b"\xe2\x82",
        b"\xf8\x88\x80\x80\x80",
        b"\x80",
        "é".encode("latin-1"),
    ]
    for index, bad in enumerate(bad_bytes):
        at = utf8.index(b"opd:") + 5 if index % 2 else utf8.index(b"title:") + 7
        book.add("encoding", "invalid", utf8[:at] + bad + utf8[at:], rule="YAML", words="UTF-8")
    # A character cut at the end of the file.
    book.add("encoding", "invalid", utf8 + b"\xe2\x82", rule="YAML", words="UTF-8")
    book.add("encoding", "invalid", b"# \xff comment\n" + utf8, rule="YAML", words="UTF-8")
    for codec in ("utf-16", "utf-16-be", "utf-16-le", "utf-32", "utf-32-be"):
        data = proposal.encode(codec)
        bom = {"utf-16-be": b"\xfe\xff", "utf-16-le": b"\xff\xfe", "utf-32-be": b"\x00\x00\xfe\xff"}
        book.add("encoding", "invalid", bom.get(codec, b"") + data, rule="YAML", words="UTF-")
    book.add("encoding", "invalid", proposal.encode("utf-16-le"), rule="YAML", words="NUL")
    # A second BOM is a U+FEFF at the start of the text, which YAML itself skips.
    book.add("encoding", "compliant", b"\xef\xbb\xbf\xef\xbb\xbf" + utf8)


def control_characters(book: Casebook, proposal: str) -> None:
    """Tabs, NUL, control and invisible characters."""
    utf8 = proposal.encode()
    book.add("tab", "invalid", swap(proposal, "\n  title:", "\n\ttitle:"), rule="YAML", words="tab")
    book.add("tab", "invalid", swap(proposal, "\n    location:", "\n  \tlocation:"), rule="YAML")
    book.add("tab", "invalid", swap(proposal, "\n    - ", "\n\t  - ", 1), rule="YAML", words="tab")
    book.add("tab", "invalid", "\tapiVersion: patuh/v1\n", rule="YAML")
    book.add("tab", "valid", replace_line(proposal, "summary", "'kolom\tdengan\ttab'"))
    book.add("tab", "compliant", swap(proposal, "title: ", "title:\t", 1))
    for position in ("start", "middle", "end"):
        at = {"start": 0, "middle": len(utf8) // 2, "end": len(utf8)}[position]
        book.add(
            "control-char", "invalid", utf8[:at] + b"\x00" + utf8[at:], rule="YAML", words="NUL"
        )
    for code in [*range(1, 9), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x80, 0x9F]:
        raw = chr(code).encode()
        book.add(
            "control-char", "invalid", swap(utf8, b"title: ", b"title: x" + raw, 1), rule="YAML"
        )
    for escaped in [
        "\\0",
        "\\a",
        "\\e[2J",
        "\\x1b[31mPATUH",
        "\\u0007",
        "\\r",
        "\\x7f",
        "\\N",
        "\\u2028",
        "\\u202e",
        "\\v",
        "\\b",
    ]:
        book.add(
            "control-char",
            "invalid",
            replace_line(proposal, "summary", f'"ok{escaped}x"'),
            rule="YAML",
            words="control character",
        )
    for char, words in (
        ("\u2028", "line separator"),
        ("\u2029", "line separator"),
        ("\x85", "line separator"),
        ("\u202e", "text-direction"),
        ("\u2066", "text-direction"),
    ):
        book.add(
            "control-char", "invalid", "# x" + char + "y\n" + proposal, rule="YAML", words=words
        )
    book.add(
        "control-char", "invalid", swap(proposal, "\n", "\r"), rule="YAML", words="line separator"
    )
    book.add("control-char", "invalid", replace_line(proposal, "id", "UJI\u200bNOL"), rule="SCHEMA")
    # A Cyrillic і in `kind`.
    book.add("control-char", "invalid", swap(proposal, "kind:", "k\u0456nd:", 1), rule="SCHEMA")


def file_names(book: Casebook, proposal: str) -> None:
    """Hostile file names (valid, compliant content: the name must not break a report)."""
    for name in [
        b"nama\nPATUH  palsu.yaml",
        b"ansi-\x1b[2J-\x1b[31m.yaml",
        b"latin1-\xe9.yaml",
        b"rtl-\xe2\x80\xaelmay.exe.yaml",
        b"-dash-first.yaml",
        b"x" * 250 + b".yaml",
        b"spasi dan 'kutip' \"ganda\".yaml",
    ]:
        book.cases.append(Case(name, proposal.encode(), "file-name", "compliant"))
