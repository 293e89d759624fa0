"""What a desk waiver was approved for (issue 20): the finding's path, and the value at
that path in the version it was asked for. A version whose value at the path is another
one is not covered (it breaks the rule another way: `opd_server_room` "during the
migration" does not cover `public_cloud`), and needs a new decision.

The engine knows documents by their digest only, so a waiver is served (and applied by
the desk's own checks) with `document_digests`: the digests of the submission's versions
whose value at the path is the approved one (and of a new upload, while it is checked).

- value_key(yaml_text, path) -> str | None   the value at `path`, as canonical JSON
- shown_value(key) -> str                    that value, for people
- covered_digests(waiver, versions, extra) -> list[str]
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from engine.desk.models import Version, Waiver
from engine.reading.yaml_loader import load_text

_STEP = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]")
ABSENT = "{}"  # the key of a path the document does not have


def _at(data: Any, path: str) -> tuple[bool, Any]:
    for match in _STEP.finditer(path):
        key, index = match.group(1), match.group(2)
        if key is not None:
            if not isinstance(data, dict) or key not in data:
                return False, None
            data = data[key]
        else:
            position = int(index)
            if not isinstance(data, list) or position >= len(data):
                return False, None
            data = data[position]
    return True, data


def value_key(yaml_text: str, path: str) -> str | None:
    """The value at `path` of a one-document text, as canonical JSON (`{"v": ...}`, or
    `{}` when the document has no such path); None when the text is not one readable
    document (nothing is then covered by value)."""
    loaded = load_text(yaml_text)
    if loaded.error is not None or len(loaded.documents) != 1:
        return None
    found, value = _at(loaded.documents[0].data, path)
    if not found:
        return ABSENT
    return json.dumps({"v": value}, sort_keys=True, ensure_ascii=False, default=str)


def shown_value(key: str) -> str:
    """The approved value as people read it (JSON for a list or mapping)."""
    if not key:
        return ""
    if key == ABSENT:
        return "—"
    value = json.loads(key).get("v")
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def covered_digests(
    waiver: Waiver, versions: Iterable[Version], extra: tuple[str, str] | None = None
) -> list[str]:
    """The document digests `waiver` covers: the version it was asked for, and every
    version (and `extra`, an upload being checked: (digest, yaml_text)) whose value at
    its path is the same. A waiver made before values were kept (value "") covers its
    own version's digest only."""
    digests = [waiver.document_digest] if waiver.document_digest else []
    if waiver.value and waiver.path:
        candidates = [(v.document_digest, v.yaml_text) for v in versions]
        if extra is not None:
            candidates.append(extra)
        for digest, text in candidates:
            if digest and digest not in digests and value_key(text, waiver.path) == waiver.value:
                digests.append(digest)
    return digests
