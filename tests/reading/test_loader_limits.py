"""The loader's and the schema's limits, one by one: code, line, and the bound itself.

(The hostile corpus, tests/reading/test_hostile.py, throws them at the real CLI; these pin down
each limit where it is decided.)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from engine.i18n import _messages
from engine.reading.files import display_name
from engine.reading.validation import MAX_SCHEMA_FINDINGS, validate
from engine.reading.yaml_loader import MAX_DOCUMENTS, MAX_NODES, load_bytes, load_text
from engine.reporting.sanitize import printable


def error_of(text: str) -> tuple[str, int, dict[str, Any]]:
    loaded = load_text(text)
    assert loaded.error is not None, loaded.documents
    return loaded.error.code, loaded.error.line, loaded.error.params


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: 1\nb: " + "9" * 5000 + "\n", "yaml.int_range", 2),  # int() itself would crash
        ("a: 9223372036854775808\n", "yaml.int_range", 1),
        ("a: -9223372036854775809\n", "yaml.int_range", 1),
        ("a: 1e400\n", "yaml.nonfinite", 1),
        ("a: 1\n# c\u2028d: 2\n", "yaml.line_break", 2),
        ("a: 1\rb: 2\r", "yaml.line_break", 1),
        ("a: 1\n\nb: x\x85y\n", "yaml.line_break", 3),
        ("a: 1\nb: abc\u202edef\n", "yaml.bidi", 2),
        ('a: 1\nb: "x\\e[2Jy"\n', "yaml.control", 2),
        ('a: "\\0"\n', "yaml.control", 1),
        # Escapes in keys, in sequences, beside CRLF line ends, in block text: the
        # loader looks for control characters in the text once, and in each value
        # only when the text may hold one (issue 12); every place is still searched.
        ('"k\\x1b[2J": 1\n', "yaml.control", 1),
        ('a:\r\n  - ok\r\n  - "x\\u0007"\r\n', "yaml.control", 3),
        ('a: 1\nb: "\\u202e"\n', "yaml.control", 2),
        ('a: "\\N"\n', "yaml.control", 1),
        ('a: "x\\ry"\n', "yaml.control", 1),
        # ASCII text is searched once for what is not printable (issue 12): a lone
        # CR among CRLF line ends, and DEL, are still found.
        ("a: 1\r\nb: 2\rc: 3\r\n", "yaml.line_break", 2),
        ("a: 1\nb: x\x7fy\n", "yaml.syntax", 2),
        ("a: 1\nb: x\x0cy\n", "yaml.syntax", 2),
        ("a: 'ok'\nb:\n\tc: 1\n", "yaml.tab", 3),
        # Left open at the end of the file: the line where the bracket was opened.
        ("a: [1,\n  2", "yaml.syntax", 1),
        ("a: 1\n\x00", "yaml.nul", 2),
    ],
)
def test_refused_with_code_and_line(text: str, code: str, line: int) -> None:
    found, at, _ = error_of(text)
    assert (found, at) == (code, line)


def test_the_largest_64_bit_integers_are_numbers() -> None:
    loaded = load_text("a: 9223372036854775807\nb: -9223372036854775807\nc: 0001\n")
    assert loaded.documents[0].data == {"a": 2**63 - 1, "b": -(2**63) + 1, "c": 1}


def test_tabs_inside_values_and_crlf_are_fine() -> None:
    loaded = load_text("a: 'x\ty'\r\nb: 2\r\n")
    assert loaded.error is None and loaded.documents[0].data == {"a": "x\ty", "b": 2}


def test_messages_quote_at_most_a_line_of_a_value() -> None:
    _, _, params = error_of("a: " + "7" * 300 + "\n")
    assert len(params["value"]) <= 40


def test_wide_encodings_are_named() -> None:
    for raw in ("a: 1\n".encode("utf-16"), "a: 1\n".encode("utf-32")):
        loaded = load_bytes(raw)
        assert loaded.error is not None and loaded.error.code == "yaml.utf16"


def test_documents_and_values_are_bounded() -> None:
    code, line, params = error_of("--- 1\n" * (MAX_DOCUMENTS + 1))
    assert (code, line, params["limit"]) == ("yaml.too_many_documents", MAX_DOCUMENTS + 1, 1000)
    assert len(load_text("--- 1\n" * MAX_DOCUMENTS).documents) == MAX_DOCUMENTS
    code, _, _ = error_of("[" + "1," * MAX_NODES + "1]\n")
    assert code == "yaml.too_many"


def test_schema_findings_are_capped_with_a_count() -> None:
    head = "apiVersion: patuh/v1\nkind: Proposal\nmetadata: {id: X, title: T, opd: O}\nspec:\n"
    text = head + "".join(f"  unknown{i}: 1\n" for i in range(100))
    checked = validate(load_text(text).documents[0])
    findings = checked.findings
    assert len(findings) == MAX_SCHEMA_FINDINGS + 1
    # The first ones in file order, then one finding that counts the rest.
    assert [f.line for f in findings[:MAX_SCHEMA_FINDINGS]] == list(range(5, 25))
    assert findings[-1].params == {"code": "schema.more", "count": 80}
    assert findings[-1].line == 25


def test_an_unknown_field_name_is_quoted_short() -> None:
    text = "apiVersion: patuh/v1\nkind: System\nmetadata: {id: X, title: T, opd: O}\n"
    checked = validate(load_text(text + "spec: {" + "k" * 900 + ": 1}\n").documents[0])
    [finding] = checked.findings
    assert len(finding.params["field"]) <= 80


def test_printable_escapes_what_could_forge_a_report_line() -> None:
    assert printable("a\nPATUH\r\x1b[2J\u202eb\tc") == "a\\x0aPATUH\\x0d\\x1b[2J\\u202eb\tc"
    assert printable("Sistem Informasi — ünïcödé 日本") == "Sistem Informasi — ünïcödé 日本"


def test_file_names_are_shown_safely(tmp_path: Path) -> None:
    raw = bytes(tmp_path) + b"/bad-\xff-\x1b[31m\n.yaml"
    shown = display_name(Path(raw.decode("utf-8", "surrogateescape")))
    assert shown.endswith("bad-\\xff-\\x1b[31m\\n.yaml")
    shown.encode("utf-8")  # no lone surrogate left: JSON and terminals can carry it


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    placeholder = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
    for key, entry in _messages().items():
        assert set(entry) == {"id", "en"}, key
        assert set(placeholder.findall(entry["id"])) == set(placeholder.findall(entry["en"])), key
