"""The form and the YAML are two views of one document (issue 23): every document of
every fixture (fixtures/**.yaml) opens in the form of its kind and gives back the same
document (less its empty texts: a field not filled in), and its YAML as the form writes
it reads back as that document with the real loader; a form's values written as YAML and
opened again are the same values. An empty list (`high_risk: []`, "none") stays one. Only a
document with a field the models do not know (fixtures/invalid/unknown-field.yaml) does
not fit the form, and opens as YAML instead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
KINDS = ("Proposal", "Procurement", "System")


def _documents() -> list[Any]:
    from engine.reading.yaml_loader import load_bytes

    found = []
    for path in sorted((ROOT / "fixtures").rglob("*.yaml")):
        for document in load_bytes(path.read_bytes()).documents:
            data = document.data
            if isinstance(data, dict) and data.get("kind") in KINDS:
                name = f"{path.relative_to(ROOT / 'fixtures')}#{document.index}"
                found.append(pytest.param(data, id=name))
    return found


DOCUMENTS = _documents()


def test_every_fixture_kind_is_there() -> None:
    assert len(DOCUMENTS) > 120
    kinds = {p.values[0]["kind"] for p in DOCUMENTS}
    assert kinds == set(KINDS)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_document_to_form_to_document(_django: str, document: dict[str, Any]) -> None:
    from engine.desk.forms.document import document_of, fits, values_of, yaml_of
    from engine.reading.yaml_loader import load_text

    kind = document["kind"]
    if not fits(document, kind):
        # Only the document with a field the models do not know (checked below).
        assert document["metadata"]["id"] == "DLH-2026-003"  # invalid/unknown-field.yaml
        return
    # An empty text (`number: ""`, `- {}`) is a field not filled in: the form leaves
    # it out.
    document = _without_empty_texts(document)
    values = values_of(document)
    assert document_of(values, kind) == document
    written = yaml_of(document_of(values, kind))
    loaded = load_text(written)
    assert loaded.error is None
    assert loaded.documents[0].data == document
    # and back: the YAML the form wrote opens in the form with the same values
    assert values_of(loaded.documents[0].data) == values


def _without_empty_texts(value: Any) -> Any:
    """What a form shows of `value`: an empty text is a field not filled in, so a
    section (or a list's row) of empty texts only is not filled in either; a list
    said to be empty (`[]`) stays."""

    def kept(inner: Any) -> Any:
        if isinstance(inner, dict):
            found = {k: kept(v) for k, v in inner.items()}
            return {k: v for k, v in found.items() if v is not None} or None
        if isinstance(inner, list):
            rows = [v for v in (kept(item) for item in inner) if v is not None]
            return rows if rows or not inner else None
        return None if inner == "" else inner

    return kept(value)


def test_a_document_the_form_cannot_show_whole_does_not_fit(_django: str) -> None:
    from engine.desk.forms.document import fits
    from engine.reading.yaml_loader import load_bytes

    raw = (ROOT / "fixtures" / "invalid" / "unknown-field.yaml").read_bytes()
    document = load_bytes(raw).documents[0].data
    assert not fits(document, document["kind"])


def test_form_values_to_yaml_to_form(_django: str) -> None:
    """What a clerk types comes back the same, typed as the models want it."""
    from engine.desk.forms.document import document_of, values_of, yaml_of
    from engine.reading.yaml_loader import load_text

    typed = {
        "metadata.id": "USULAN-2026-WIFI",
        "metadata.title": "Wi-Fi publik: taman kota",
        "metadata.opd": "Dinas Perhubungan",
        "metadata.submitted": "2026-03-02",
        "spec.summary": "Baris pertama.\nBaris kedua: dengan titik dua.",
        "spec.dimensions.0": "smart_living",
        "spec.dimensions.1": "",  # an empty row is no row
        "spec.dimensions.2": "smart_mobility",
        "spec.funding.source": "APBD",
        "spec.funding.amount_idr": "850.000.000",  # as a clerk writes rupiah
        "spec.sla.availability_percent": "99,5",  # a decimal comma
        "spec.sla.redundancy": "true",
        "spec.sla.disaster_recovery.rpo_hours": "24",
        "spec.third_parties.0.name": "PT Deli Net",
        "spec.third_parties.0.role": "",
        "spec.hosting.location": "",
    }
    document = document_of(typed, "Proposal")
    assert document["metadata"]["submitted"] == "2026-03-02"
    assert document["spec"]["dimensions"] == ["smart_living", "smart_mobility"]
    assert document["spec"]["funding"] == {"source": "APBD", "amount_idr": 850000000}
    assert document["spec"]["sla"]["availability_percent"] == 99.5
    assert document["spec"]["sla"]["redundancy"] is True
    assert document["spec"]["sla"]["disaster_recovery"]["rpo_hours"] == 24
    assert document["spec"]["third_parties"] == [{"name": "PT Deli Net"}]
    assert "hosting" not in document["spec"]
    text = yaml_of(document)
    assert "summary: |" in text  # sentences on lines, as a person writes them
    again = load_text(text).documents[0].data
    assert again == document
    assert values_of(again)["spec.funding.amount_idr"] == "850000000"
    # a number the form cannot read stays as typed, for the check to say why
    assert document_of({"spec.funding.amount_idr": "delapan ratus"}, "Proposal")["spec"] == {
        "funding": {"amount_idr": "delapan ratus"}
    }


def test_every_field_of_the_models_is_in_the_form_in_the_templates_order(_django: str) -> None:
    from engine.desk.forms.schema import ROWS, SECTION, form_of, nodes
    from engine.reading.json_schema import document_schema

    form = form_of("Proposal")
    paths = [n.path for n in nodes(form) if n.widget not in (SECTION, ROWS)]
    # the template's order: metadata, then summary, dimensions ... human_resources
    spec = [p.split(".")[1] for p in paths if p.startswith("spec.")]
    assert list(dict.fromkeys(spec))[:4] == ["summary", "dimensions", "characteristics", "funding"]
    # every property of the JSON schema (the same models) has its field
    schema = document_schema("Proposal")
    assert set(schema["$defs"]["ProposalSpec"]["properties"]) == set(
        dict.fromkeys(p.split(".")[1] for p in paths if p.startswith("spec."))
    )
    by_path = {n.path: n for n in nodes(form)}
    assert by_path["spec.hosting.location"].choices == (
        "diskominfo_datacenter",
        "opd_server_room",
        "public_cloud",
        "vendor_premises",
    )
    assert by_path["metadata.submitted"].widget == "date"
    assert by_path["spec.dimensions"].widget == "rows"
    assert "MDN-HOST-01" in by_path["spec.hosting.location"].rules
    assert by_path["spec.funding.amount_idr"].example == "850000000"
