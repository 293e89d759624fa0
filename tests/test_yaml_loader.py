"""The safe loader: line numbers, and every unsafe YAML feature refused."""

from __future__ import annotations

import pytest

from engine.yaml_loader import MAX_DEPTH, load_bytes, load_text


def only(text: str) -> object:
    loaded = load_text(text)
    assert loaded.error is None, loaded.error
    assert len(loaded.documents) == 1
    return loaded.documents[0].data


def error_of(text: str) -> tuple[str, int]:
    loaded = load_text(text)
    assert loaded.error is not None
    return loaded.error.code, loaded.error.line


def test_line_of_every_key_path_and_nearest_parent() -> None:
    doc = load_text(
        "apiVersion: patuh/v1\n"
        "spec:\n"
        "  sla:\n"
        "    availability_percent: 99\n"
        "  third_parties:\n"
        "    - name: PT A\n"
        "      agreement_ref: ''\n"
    ).documents[0]
    assert doc.line_of("spec.sla.availability_percent") == 4
    assert doc.line_of("spec.third_parties[0].agreement_ref") == 7
    # A missing field is reported on its nearest existing parent.
    assert doc.line_of("spec.sla.backup.frequency") == 3
    assert doc.line_of("spec.security.audit_log.enabled") == 2


def test_yaml_1_1_surprises_are_not_applied() -> None:
    data = only("a: yes\nb: off\nc: 010\nd: 2026-01-02\ne: '5'\nf: 1.5\ng: ~\nh: true\n")
    assert data == {
        "a": "yes",
        "b": "off",
        "c": 10,
        "d": "2026-01-02",
        "e": "5",
        "f": 1.5,
        "g": None,
        "h": True,
    }


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: 1\nb: 2\na: 3\n", "yaml.duplicate_key", 3),
        ("a: &x [1]\nb: *x\n", "yaml.alias", 2),
        ("base: {a: 1}\nc:\n  <<: {b: 2}\n", "yaml.merge", 3),
        ("a: !!python/object/apply:os.system ['true']\n", "yaml.tag", 1),
        ("a: !!binary aGVsbG8=\n", "yaml.tag", 1),
        ("a: .inf\n", "yaml.nonfinite", 1),
        ("a: [1,\n", "yaml.syntax", 1),  # where the bracket left open begins
        ("? [a, b]\n: 1\n", "yaml.complex_key", 1),
        ("a: \x07\n", "yaml.syntax", 1),
        ("a: 1\x00\n", "yaml.nul", 1),
    ],
)
def test_refused(text: str, code: str, line: int) -> None:
    assert error_of(text) == (code, line)


def test_alias_bomb_is_refused_before_expansion() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    code, line = error_of("\n".join(lines) + "\n")
    assert code == "yaml.alias"
    assert line == 2


def test_depth_is_bounded() -> None:
    code, _ = error_of("[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5))
    assert code == "yaml.too_deep"
    code, _ = error_of("[" * 100_000)  # no recursion, no crash
    assert code in ("yaml.too_deep", "yaml.syntax")


def test_bytes_bom_utf8_and_size() -> None:
    assert load_bytes(b"\xef\xbb\xbfa: 1\n").documents[0].data == {"a": 1}
    bad = load_bytes(b"a: 1\nb: \xff\n")
    assert bad.error is not None and (bad.error.code, bad.error.line) == ("yaml.utf8", 2)
    big = load_bytes(b"#" * (3 * 1024 * 1024))
    assert big.error is not None and big.error.code == "yaml.too_large"


def test_multi_document_files_keep_documents_before_an_error() -> None:
    loaded = load_text("a: 1\n---\nb: 2\n---\nc: [\n")
    assert [d.data for d in loaded.documents] == [{"a": 1}, {"b": 2}]
    assert loaded.documents[1].start_line == 3
    assert loaded.error is not None and loaded.error.code == "yaml.syntax"
