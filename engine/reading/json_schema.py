"""`patuh schema [KIND]`: the JSON Schema of the documents, generated from the pydantic
models that `patuh check` validates with (engine/reading/models.py), so an editor completes
and checks a document with the same contract. Without KIND, one schema accepts any of
the three kinds, told apart by `kind`.

JSON Schema cannot say everything the models do: it sees `1.0` as an integer where the
models want `1`, and cannot refuse a template placeholder that is otherwise valid text.
`patuh check` remains the judge; the schema is the editor's guide.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from engine.reading.models import MODELS, Procurement, Proposal, System

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_ANY_KIND: Any = TypeAdapter(
    Annotated[Proposal | Procurement | System, Field(discriminator="kind")]
)


def document_schema(kind: str | None = None) -> dict[str, Any]:
    if kind is None:
        schema = _ANY_KIND.json_schema()
        title = "patuh/v1"
    else:
        schema = MODELS[kind].model_json_schema()
        title = f"patuh/v1 {kind}"
    return {
        "$schema": DIALECT,
        "title": title,
        "description": (
            "Dokumen patuh (Kota Medan): usulan, pengadaan atau sistem TIK. "
            "Dibuat oleh `patuh schema` dari model yang dipakai `patuh check`."
        ),
        **{key: value for key, value in schema.items() if key != "title"},
    }
