"""The schema: strict types, closed enums, unknown fields with a suggestion."""

from __future__ import annotations

from typing import Any

from engine.reading.validation import validate
from engine.reading.yaml_loader import load_text

HEAD = (
    "apiVersion: patuh/v1\nkind: Proposal\n"
    "metadata: {id: DINKES-1, title: T, opd: Dinas Kesehatan}\n"
)


def findings(text: str) -> list[tuple[str, int, dict[str, Any]]]:
    checked = validate(load_text(text).documents[0])
    return [(f.path, f.line, f.params) for f in checked.findings]


def test_minimal_documents_are_valid_and_sections_optional() -> None:
    assert findings(HEAD) == []
    assert findings(HEAD + "spec: {sla: null, security: {network: null}}\n") == []


def test_unknown_field_suggests_the_right_one() -> None:
    [(path, line, params)] = findings(HEAD + "spec:\n  coordinaton: {}\n")
    assert (path, line) == ("spec.coordinaton", 5)
    assert params["code"] == "schema.extra_forbidden_suggest"
    assert params["suggestion"] == "coordination"
    assert "coordination" in params["allowed"]


def test_closed_enums_list_the_allowed_values() -> None:
    [(path, line, params)] = findings(HEAD + "spec:\n  hosting: {location: awan}\n")
    assert (path, line) == ("spec.hosting.location", 5)
    assert params["code"] == "schema.literal_error"
    assert "diskominfo_datacenter" in params["allowed"]


def test_strict_types_no_coercion() -> None:
    got = findings(
        HEAD
        + "spec:\n"
        + "  sla: {redundancy: yes, availability_percent: '99'}\n"
        + "  funding: {amount_idr: -5}\n"
    )
    codes = {path: params["code"] for path, _, params in got}
    assert codes == {
        "spec.sla.redundancy": "schema.bool_type",
        "spec.sla.availability_percent": "schema.quoted_number",  # refused, with its remedy
        "spec.funding.amount_idr": "schema.greater_than_equal",
    }


def test_percent_bounds_and_dates() -> None:
    got = findings(
        "apiVersion: patuh/v1\nkind: Proposal\n"
        "metadata: {id: X, title: T, opd: O, submitted: 2026-02-30}\n"
        "spec: {sla: {availability_percent: 100.5}}\n"
    )
    assert {(p, c["code"]) for p, _, c in got} == {
        ("metadata.submitted", "schema.date"),
        ("spec.sla.availability_percent", "schema.less_than_equal"),
    }


def test_envelope_errors() -> None:
    assert findings("services: {web: {image: nginx}}\n")[0][2]["code"] == "schema.not_patuh"
    assert findings("- a\n- b\n")[0][2]["code"] == "schema.not_mapping"
    wrong_kind = findings("apiVersion: patuh/v1\nkind: Policy\nmetadata: {id: X}\n")
    assert wrong_kind[0][:2] == ("kind", 2)
    assert wrong_kind[0][2]["code"] == "schema.kind"
    assert findings("apiVersion: patuh/v2\nkind: System\n")[0][2]["code"] == "schema.api_version"
    missing = findings(
        "apiVersion: patuh/v1\nkind: Procurement\nmetadata: {id: X, title: T, opd: O}\n"
    )
    assert [(p, c["code"]) for p, _, c in missing] == [("spec", "schema.missing")]


def test_a_placeholder_is_found_through_the_documents_json() -> None:
    """The reader passes the document's JSON so that a document without a "<" is not
    walked for placeholders (issue 12). A placeholder written with a YAML escape has
    no "<" in the file, but has one in the JSON: still refused, on its line."""
    from engine.reading.reader import canonical_json

    text = HEAD + 'spec:\n  summary: "\\u003cISI: ringkasan; mis. Aplikasi>"\n'
    assert "<" not in text
    loaded = load_text(text).documents[0]
    checked = validate(loaded, canonical_json(loaded.data))
    assert checked.document is None
    assert [(f.path, f.line, f.params["code"]) for f in checked.findings] == [
        ("spec.summary", 5, "schema.placeholder")
    ]
    # A document whose JSON holds no "<" gets the same answer as with the walk.
    plain = load_text(HEAD + "spec:\n  summary: Aplikasi\n").documents[0]
    with_body = validate(plain, canonical_json(plain.data))
    assert with_body.findings == validate(plain).findings
