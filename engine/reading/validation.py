"""Turn a loaded YAML document into a typed document, or into SCHEMA findings.

Every pydantic error becomes a finding with the dotted path of the field, the line
it was written on, and a message code from the message catalog; a misspelt field
gets a "did you mean" suggestion from the fields that are allowed there.
"""

from __future__ import annotations

import difflib
import functools
import json
import math
import re
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from engine.findings import SCHEMA_RULE, Finding
from engine.reading.models import BOUND_REASONS, MODELS, Document
from engine.reading.placeholders import placeholder_findings
from engine.reading.yaml_loader import LoadedDocument, child_path

SUPPORTED_API_VERSION = "patuh/v1"
M = TypeVar("M", bound=BaseModel)
# A document with a hundred thousand wrong values gets the first ones and a count,
# not a hundred thousand findings: the reader needs a place to start, and the report
# must stay bounded whatever the input.
MAX_SCHEMA_FINDINGS = 20
WAIVERS_KIND = "Waivers"


@dataclass
class Validated:
    document: Document | None
    findings: list[Finding]
    kind: str | None
    id: str | None


def validate(loaded: LoadedDocument, body: str | None = None) -> Validated:
    """`body`: the document's canonical JSON, when the caller has it: no string of a
    document whose JSON holds no "<" can be a placeholder, so it is not walked for
    them (one `in` instead of a walk of every value: 0.02 of ~0.7 ms a document,
    issue 12)."""
    data = loaded.data
    if not isinstance(data, dict):
        return _invalid(loaded, "", "schema.not_mapping", got=_type_name(data))
    kind = data.get("kind")
    metadata = data.get("metadata")
    doc_id = metadata.get("id") if isinstance(metadata, dict) else None
    doc_id = doc_id if isinstance(doc_id, str) else None
    if "apiVersion" not in data and "kind" not in data:
        # Most likely some other YAML file in the folder (a CI config, say).
        return _invalid(loaded, "", "schema.not_patuh")
    if data.get("apiVersion") != SUPPORTED_API_VERSION:
        return _invalid(
            loaded,
            "apiVersion",
            "schema.api_version",
            got=_short(data.get("apiVersion")),
            expected=SUPPORTED_API_VERSION,
            kind=kind if isinstance(kind, str) else None,
            id=doc_id,
        )
    if kind == WAIVERS_KIND:
        # Waivers are read only from --waivers: a file among the checked documents
        # must not waive anything (an OPD would waive its own submission).
        return _invalid(loaded, "kind", "schema.waivers_among_documents", id=doc_id)
    if not isinstance(kind, str) or kind not in MODELS:
        return _invalid(
            loaded,
            "kind",
            "schema.kind",
            got=_short(kind),
            allowed=sorted(MODELS),
            id=doc_id,
        )
    model = MODELS[kind]
    # An unfilled `patuh init` template: every placeholder holds a "<".
    placeholders = placeholder_findings(loaded) if body is None or "<" in body else []
    if placeholders:
        return Validated(None, placeholders, kind, doc_id)
    document, findings = validate_model(loaded, model)
    if document is None:
        return Validated(None, findings, kind, doc_id)
    return Validated(document, [], kind, document.metadata.id)


def validate_model(loaded: LoadedDocument, model: type[M]) -> tuple[M | None, list[Finding]]:
    """`loaded` as a `model`, or SCHEMA findings (at most MAX_SCHEMA_FINDINGS and a
    count of the rest), each with its path, line and message code."""
    try:
        return model.model_validate(loaded.data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    # Only the first errors (in the order of the file) become findings: wording one
    # (a "did you mean" search, say) costs more than finding where it is.
    errors.sort(key=lambda error: (loaded.line_of(_path_of(error)), _path_of(error)))
    findings = [_finding(loaded, model, error) for error in errors[:MAX_SCHEMA_FINDINGS]]
    findings.sort(key=Finding.sort_key)
    if len(errors) > MAX_SCHEMA_FINDINGS:
        rest = errors[MAX_SCHEMA_FINDINGS:]
        findings.append(
            Finding(
                rule=SCHEMA_RULE,
                severity="error",
                path="",
                line=loaded.line_of(_path_of(rest[0])),
                params={"code": "schema.more", "count": len(rest)},
            )
        )
    return None, findings


def _invalid(loaded: LoadedDocument, path: str, code: str, **params: Any) -> Validated:
    kind = params.pop("kind", None)
    doc_id = params.pop("id", None)
    finding = Finding(
        rule=SCHEMA_RULE,
        severity="error",
        path=path,
        line=loaded.line_of(path),
        params={"code": code, **params},
    )
    return Validated(None, [finding], kind, doc_id)


def _path_of(error: Any) -> str:
    path = ""
    for part in error["loc"]:
        path = child_path(path, part)
    return path


def _finding(loaded: LoadedDocument, model: type[BaseModel], error: Any) -> Finding:
    loc = list(error["loc"])
    path = _path_of(error)
    kind = error["type"]
    params: dict[str, Any] = {"code": f"schema.{kind}"}
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        field = str(loc[-1])
        allowed = _allowed_fields(model, loc[:-1])
        params.update(field=_short(field), allowed=allowed)
        here = _path_of({"loc": loc[:-1]})
        elsewhere = [p for p in _sections(model).get(field, ()) if p != _no_index(here)]
        guess = difflib.get_close_matches(field, allowed, n=1, cutoff=0.6)
        if elsewhere:
            # The right name at the wrong indentation: say where it belongs.
            params["code"] = "schema.misplaced"
            params["section"] = elsewhere[0]
            params["here"] = here or "(root)"
        elif guess:
            params["code"] = "schema.extra_forbidden_suggest"
            params["suggestion"] = guess[0]
    elif kind in ("int_type", "float_type") and isinstance(error.get("input"), str):
        params.update(_number_as_text(error["input"], kind == "int_type"))
        params["field"] = _last_name(loc)
        params["got"] = _short(error.get("input"))
    elif kind == "literal_error":
        params["allowed"] = _literal_values(str(ctx.get("expected", "")))
        params["got"] = _short(error.get("input"))
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        params["limit"] = next(iter(ctx.values()), None)
        params["got"] = _short(error.get("input"))
        # A bound with a reason of its own (hours that promise nothing) says it.
        reason = BOUND_REASONS.get((str(loc[-1]) if loc else "", kind))
        if reason is not None:
            params["code"] = reason
    elif kind in ("string_too_long", "string_too_short"):
        params["limit"] = ctx.get("max_length", ctx.get("min_length"))
    elif kind == "contradiction":  # models.contradiction: two facts that cannot both hold
        facts = {k: _short(v) for k, v in ctx.items() if k not in ("code", "field")}
        params = {"code": ctx["code"], **facts}
        for part in str(ctx["field"]).split("."):
            path = child_path(path, part)
    elif kind == "value_error":  # our only other custom check is the ISO date
        params["code"] = "schema.date"
        params["got"] = _short(error.get("input"))
    elif kind == "missing":
        params["field"] = str(loc[-1]) if loc else ""
    else:
        params["got"] = _short(error.get("input"))
        params["detail"] = error.get("msg", "")
    return Finding(
        rule=SCHEMA_RULE,
        severity="error",
        path=path,
        line=loaded.line_of(path),
        params=params,
    )


THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:([.,' ])\d{3})(?:\1\d{3})*(?:[.,]\d+)?$")


def _number_as_text(text: str, whole: bool) -> dict[str, Any]:
    """A number written as text: in quotes, or with thousands separators (`1.500.000`,
    `1,500,000`), which YAML reads as text. The params of its own message and remedy,
    with the number as it should be written."""
    value = text.strip()
    try:
        number = float(value)
    except ValueError:
        number = None
    separated = THOUSANDS.match(value)
    if separated and (number is None or whole):
        # A last group after a separator of the other kind is the decimal part.
        decimal = re.search(r"[.,](\d+)$", value)
        mark = separated.group(1)
        if decimal and value[decimal.start()] != mark:
            digits = re.sub(r"[.,' ]", "", value[: decimal.start()]) + "." + decimal.group(1)
        else:
            digits = re.sub(r"[.,' ]", "", value)
        return {"code": "schema.thousands_separator", "value": digits}
    if number is not None and math.isfinite(number):
        return {"code": "schema.quoted_number", "value": value}
    return {}


def _last_name(loc: list[Any]) -> str:
    names = [str(part) for part in loc if not isinstance(part, int)]
    return names[-1] if names else ""


def _no_index(path: str) -> str:
    return re.sub(r"\[\d+\]", "[]", path)


@functools.cache
def _sections(model: type[BaseModel]) -> dict[str, tuple[str, ...]]:
    """Every field name of `model`, with the sections (dotted paths, `[]` for a list
    item) that hold it: where a field written at the wrong indentation belongs."""
    found: dict[str, list[str]] = {}

    def walk(current: type[BaseModel], path: str, depth: int) -> None:
        if depth > 8:
            return
        for name, info in current.model_fields.items():
            found.setdefault(name, []).append(path)
            inner = _model_of(info.annotation)
            if inner is not None:
                listed = "list" in str(info.annotation)
                child = child_path(path, name) + ("[]" if listed else "")
                walk(inner, child, depth + 1)

    walk(model, "", 0)
    return {name: tuple(paths) for name, paths in found.items()}


def _allowed_fields(model: type[BaseModel], loc: list[Any]) -> list[str]:
    """The field names allowed at `loc` (a path into `model`)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = _model_of(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return sorted(current.model_fields)
    return []


def _model_of(annotation: Any) -> Any:
    """The model inside `Model | None` or `list[Model] | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _literal_values(expected: str) -> list[str]:
    # pydantic's ctx gives "'a', 'b' or 'c'"; the catalog lists them itself.
    cleaned = expected.replace(" or ", ", ")
    return [v.strip().strip("'") for v in cleaned.split(",") if v.strip()]


def _type_name(value: Any) -> str:
    return {
        type(None): "null",
        str: "text",
        list: "list",
        bool: "boolean",
        int: "number",
        float: "number",
    }.get(type(value), type(value).__name__)


def _short(value: Any) -> str:
    """A value quoted in a message, in YAML terms (null, true, [..]) and on one line
    (a block scalar's breaks shown as \\n), at most 80 characters, so no document
    value can lay out a report line itself."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = text.replace("\n", "\\n").replace("\t", "\\t")
    return text if len(text) <= 80 else text[:77] + "..."
