"""The safe loader: line numbers, and every unsafe YAML feature refused."""

from __future__ import annotations

import json
import pickle
import subprocess
from pathlib import Path
from typing import Any

import pytest

from engine.reading.yaml_loader import MAX_DEPTH, PackedLines, load_bytes, load_text

ROOT = Path(__file__).resolve().parents[2]


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


def test_packed_lines_answer_as_the_lines_they_pack() -> None:
    """What a reader process sends back (engine/reading/reader.py parse_file): the lines
    of a document packed into one text. Every path, the paths that only begin like
    one, and keys holding dots, brackets, tabs and line breaks answer as before."""
    doc = load_text(
        "apiVersion: patuh/v1\n"
        "spec:\n"
        "  sla:\n"
        "    availability: 99\n"
        "  items:\n"
        "    - a: 1\n"
        "    - 2\n"
        '  "x.y": 3\n'
        '  "t\\tu\\nv": 4\n'
        '  "w[0]": 5\n'
        "  sla2: 6\n"
    ).documents[0]
    assert dict(doc.lines)["spec.t\tu\nv"] == 9
    packed = pickle.loads(pickle.dumps(PackedLines.of(doc.lines)))
    assert dict(packed) == dict(doc.lines) and len(packed) == len(doc.lines)
    asked = [*doc.lines, "spec.sla.missing", "spec.items[1].b", "spec.sl", "spec.x", "nope", ""]
    expected = {path: doc.line_of(path) for path in asked}
    doc.lines = packed
    assert {path: doc.line_of(path) for path in asked} == expected
    assert expected["spec.sl"] == 2 and expected["spec.x"] == 2  # no prefix matched
    assert "spec.x.y" in packed and "spec.x" not in packed and packed.get("spec") == 2
    with pytest.raises(KeyError):
        packed["spec.sl"]


def test_packed_lines_of_a_large_document_answer_after_many_lookups() -> None:
    """A document with thousands of findings asks for thousands of lines: past
    FIND_LOOKUPS the packed text is unpacked once (a search of the whole text per
    finding would make a hostile document cost its size squared). The answers are
    the same before and after."""
    items = "".join(f"  - name: PT {i}\n    ref: r{i}\n" for i in range(3000))
    doc = load_text("apiVersion: patuh/v1\nspec:\n  third_parties:\n" + items).documents[0]
    packed = PackedLines.of(doc.lines)
    asked = [f"spec.third_parties[{i}].{name}" for i in range(3000) for name in ("ref", "x")]
    expected = [doc.line_of(path) for path in asked]
    doc.lines = packed
    assert [doc.line_of(path) for path in asked] == expected
    assert expected[:4] == [5, 4, 7, 6] and packed._lines is not None
    assert len(packed) == len(dict(packed)) == 3 + 3 * 3000


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


@pytest.mark.parametrize(
    "text",
    ["98.99999999999999999", "99.00000000000000001", "1e-400", "0.12345678901234567890"],
)
def test_a_number_more_precise_than_a_float_is_refused(text: str) -> None:
    """Issue 13.7: `98.99999999999999999` would be read as 99.0 and pass `>= 99`,
    which the number as written does not."""
    loaded = load_text(f"sla:\n  availability_percent: {text}\n")
    assert loaded.error is not None
    assert (loaded.error.code, loaded.error.line) == ("yaml.float_precision", 2)
    assert loaded.error.params["value"] == text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("99.5", 99.5),
        ("99.50", 99.5),
        ("0.1", 0.1),
        ("1e5", 100000.0),
        ("0.30000000000000004", 0.30000000000000004),
        ("99.9999999999999", 99.9999999999999),  # 15 significant digits always fit
    ],
)
def test_a_number_a_float_holds_exactly_is_read(text: str, value: float) -> None:
    assert load_text(f"a: {text}\n").documents[0].data == {"a": value}


def test_a_threshold_is_never_passed_by_rounding(
    patuh: Any, opa_binary: Path, tmp_path: Path
) -> None:
    """Issue 13.7 end to end: 98.99999999999999999 is below the minimum of 99. OPA,
    given the number as written, says so; patuh refuses the number (exit 2) rather
    than evaluating the 99.0 a float would make of it."""
    written = "98.99999999999999999"
    source = (ROOT / "fixtures/medan/MDN-SLA-01.pass.yaml").read_text()
    document = tmp_path / "sla.yaml"
    document.write_text(
        source.replace("availability_percent: 99.0", f"availability_percent: {written}")
    )
    code, report, _ = patuh(str(document))
    [result] = report["results"]
    [finding] = result["findings"]
    assert (finding["rule"], finding["line"]) == ("YAML", 43)
    assert written in finding["message"]
    assert (result["verdict"], code) == ("invalid", 2)

    as_json = json.dumps(load_text(source).documents[0].data).replace("99.0", written)
    assert written in as_json
    evaluated = subprocess.run(
        [
            str(opa_binary),
            "eval",
            "--format",
            "json",
            "--stdin-input",
            "-d",
            str(ROOT / "policies"),
            "data.patuh.rules.medan.sla.deny",
        ],
        input=as_json,
        capture_output=True,
        text=True,
        check=True,
    )
    [[answer]] = [r["expressions"] for r in json.loads(evaluated.stdout)["result"]]
    assert [f["rule"] for f in answer["value"]] == ["MDN-SLA-01"]
