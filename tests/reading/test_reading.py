"""Reading (engine/reading/reader.py): what a document's JSON is, byte for byte."""

from __future__ import annotations

import json

import pytest

from engine.reading.reader import canonical_json, document_json
from engine.reading.yaml_loader import load_text

TEXTS = [
    # Floats json.dumps and orjson write alike, and those they write differently
    # (below 1e-4), in every place a number can be.
    "a: 99.5\nb: 0.1\nc: 100.0\nd: 1e16\ne: 1.5e300\nf: 0.0001\ng: -0.0\n",
    "a: 0.00001\nb: [1e-7, -4.4e-6]\nc: {d: 0.00009999}\n",
    "a: 5e-324\n",
    # Words that hold "e-" and "0.0000", which send a text to json.dumps again.
    "a: e-KTP\nb: '0.00001'\n",
    # Key order by code point, non-ASCII text, escapes, 64-bit integers.
    "zeta: 1\nAlpha: 2\nalpha: 3\n\u00e9t\u00e9: 4\n\u0101: 5\n'10': 6\n'9': 7\n",
    'a: "tab\\there \\"q\\" back\\\\slash \\u00e9 \\u2713 line\\nbreak"\n',
    "a: 9223372036854775807\nb: -9223372036854775807\nc: [true, false, null, '']\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_document_json_is_canonical_json_byte_for_byte(text: str) -> None:
    """The body OPA is sent and the document digest come from `document_json`
    (orjson, issue 12): the same text as `canonical_json` (json.dumps) for every
    value the loader makes."""
    loaded = load_text(text)
    assert loaded.error is None, loaded.error
    data = loaded.documents[0].data
    assert document_json(data) == canonical_json(data)
    assert json.loads(document_json(data)) == data


def test_a_value_orjson_cannot_write_is_written_by_json_dumps() -> None:
    data = {"b": 2**70, "a": [-(2**65)]}
    assert (
        document_json(data)
        == canonical_json(data)
        == '{"a":[-36893488147419103232],"b":1180591620717411303424}'
    )
