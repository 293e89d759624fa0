"""Property-based tests (hypothesis): documents generated from the pydantic models.

- Any valid document gets a verdict (compliant or non-compliant, never invalid or an
  engine error), the same one every time, and the same whichever way it is written
  (block YAML or JSON, which is YAML too): same verdict, same findings, same digest.
- Every finding's path exists in the document, or stops at a missing field of a
  mapping that does exist; the rest of the path names fields the schema knows; and
  the line reported is where the deepest existing part was written (found by PyYAML's
  own composer, independently of patuh's line map).
- The safe loader reads back any JSON-like tree exactly as PyYAML wrote it.

Runs are derandomized, so `make test` is reproducible; HYPOTHESIS_PROFILE=explore
searches further (random, more examples).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import types
import typing
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bdd"))
from patuh_run import document_lines, nearest_existing, split_path

from engine.cli.main import main
from engine.reading.models import MODELS
from engine.reading.yaml_loader import load_text

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "explore", parent=settings.get_profile("ci"), max_examples=500, derandomize=False
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Text a person could type into a document: no control characters, no surrogates,
# none of the characters the loader refuses (odd line breaks, bidi controls).
TEXT = st.characters(
    min_codepoint=0x20,
    blacklist_categories=("Cs", "Cc", "Co", "Cn"),
    blacklist_characters="\x85\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
)
OMIT = object()


# --- valid documents, from the models themselves ---------------------------------------------


def _constraints(metadata: list[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in metadata:
        if hasattr(item, "metadata"):  # a pydantic Field(...) inside Annotated
            found.update(_constraints(list(item.metadata)))
        for name in ("ge", "le", "gt", "lt", "min_length", "max_length", "pattern"):
            value = getattr(item, name, None)
            if value is not None:
                found[name] = value
        if getattr(item, "func", None) is not None:  # AfterValidator: our ISO date
            found["iso_date"] = True
    return found


def _value(annotation: Any, metadata: list[Any]) -> st.SearchStrategy[Any]:
    limits = _constraints(metadata)
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return _value(base, [*metadata, *extra])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return st.one_of([_value(a, metadata) for a in options])
    if origin is typing.Literal:
        return st.sampled_from(typing.get_args(annotation))
    if origin is list:
        (item,) = typing.get_args(annotation)
        return st.lists(_value(item, []), max_size=3)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model(annotation)
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        return st.integers(min_value=limits.get("ge", -(10**12)), max_value=10**12)
    if annotation is float:
        return st.floats(
            min_value=limits.get("ge", -1e9),
            max_value=limits.get("le", 1e9),
            allow_nan=False,
            allow_infinity=False,
        )
    if annotation is str:
        if limits.get("iso_date"):
            days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
            return days.map(dt.date.isoformat)
        if "pattern" in limits:
            return st.from_regex(limits["pattern"], fullmatch=True)
        low = limits.get("min_length", 0)
        return st.text(TEXT, min_size=low, max_size=min(limits.get("max_length", 40), 40))
    raise NotImplementedError(f"no strategy for {annotation!r}")


def _model(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    fields = {}
    for name, info in model.model_fields.items():
        value = _value(info.annotation, list(info.metadata))
        if not info.is_required():  # absent, null where null is allowed, or a value
            nullable = type(None) in typing.get_args(info.annotation)
            value = st.one_of(st.just(OMIT), *([st.none()] if nullable else []), value)
        fields[name] = value
    return st.fixed_dictionaries(fields).map(
        lambda drawn: {k: v for k, v in drawn.items() if v is not OMIT}
    )


DOCUMENTS = st.sampled_from(sorted(MODELS)).flatmap(lambda kind: _model(MODELS[kind]))


class _Dumper(yaml.SafeDumper):
    """Block YAML whose text is always double-quoted: a YAML 1.1 emitter must not
    leave text plain that a YAML 1.2 reader takes for a number (`1e5`, say)."""


_Dumper.add_representer(
    str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
)


def as_block_yaml(document: Any) -> str:
    return yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**9)


def as_json(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def check(opa_url: str, folder: Path, name: str, text: str) -> dict[str, Any]:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", "--format", "json", "--fail-on", "never", "--opa-url", opa_url, str(path)]
    )
    assert result.exit_code == 0, result.output  # --fail-on never: any verdict exits 0
    return dict(json.loads(result.stdout))


# --- the properties ----------------------------------------------------------------------------


@given(document=DOCUMENTS)
def test_valid_documents_get_one_deterministic_verdict(opa_url: str, document: Any) -> None:
    kind = document["kind"]
    MODELS[kind].model_validate(document)  # the strategy makes valid documents only
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        block = check(opa_url, folder, "block.yaml", as_block_yaml(document))
        again = check(opa_url, folder, "block.yaml", as_block_yaml(document))
        flow = check(opa_url, folder, "flow.yaml", as_json(document))
        [result] = block["results"]
        assert result["verdict"] in ("compliant", "non_compliant"), result
        assert not {f["rule"] for f in result["findings"]} & {"YAML", "SCHEMA", "ENGINE"}
        # Deterministic: the same file twice gives the same report, time apart.
        block.pop("generated_at"), again.pop("generated_at")
        assert block == again
        # Independent of how it is written: verdict, findings and document digest.
        [written_as_json] = flow["results"]
        for key in ("verdict", "document_digest", "kind", "id"):
            assert written_as_json[key] == result[key]
        assert _findings(written_as_json) == _findings(result)
        # The findings' paths and lines, against the document as written.
        _assert_paths_exist(document, result["findings"])
        _assert_lines(folder / "block.yaml", result["findings"])
        _assert_lines(folder / "flow.yaml", written_as_json["findings"])


def _findings(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(f["rule"], f["path"], f["severity"]) for f in result["findings"]]


def _assert_paths_exist(document: Any, findings: list[dict[str, Any]]) -> None:
    model: Any = MODELS[document["kind"]]
    for finding in findings:
        node: Any = document
        parts = split_path(finding["path"])
        for depth, part in enumerate(parts):
            if isinstance(part, int):
                assert isinstance(node, list) and part < len(node), finding
                node = node[part]
                continue
            # A field name: the node is a mapping (never a scalar or a list)...
            assert isinstance(node, dict), (finding, node)
            if part not in node or node[part] is None:
                # ...and where it is missing, the rest names fields the schema knows.
                _assert_schema_path(model, parts[:depth], [p for p in parts[depth:]], finding)
                break
            node = node[part]


def _assert_schema_path(
    model: Any, existing: list[str | int], missing: list[str | int], finding: Any
) -> None:
    current = model
    for part in [*existing, *missing]:
        if isinstance(part, int):
            continue
        assert isinstance(current, type) and issubclass(current, BaseModel), finding
        assert part in current.model_fields, (finding, part)
        current = _inner_model(current.model_fields[part].annotation)


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None


def _assert_lines(file: Path, findings: list[dict[str, Any]]) -> None:
    [lines] = document_lines(file)
    for finding in findings:
        where = nearest_existing(lines, finding["path"])
        assert finding["line"] == lines[where], (finding, where)


JSON_LIKE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63) + 1, max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(TEXT, max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(TEXT, max_size=10), children, max_size=4)
    ),
    max_leaves=30,
)


@given(tree=st.dictionaries(st.text(TEXT, min_size=1, max_size=10), JSON_LIKE, max_size=5))
def test_the_loader_reads_back_what_pyyaml_writes(tree: dict[str, Any]) -> None:
    for text in (as_block_yaml(tree), as_json(tree)):
        loaded = load_text(text)
        assert loaded.error is None, (loaded.error, text)
        [document] = loaded.documents
        assert document.data == tree
