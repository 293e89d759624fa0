"""The input of patuh's query to OPA, built outside the engine: the documents of a
folder as the engine reads them, and the batch query around them.

Used by bench/run_bench.py (`opa bench` on the query patuh sends),
bench/policy_cost.py and bench/compare_policies.py.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from engine.reading.reader import canonical_json
from engine.reading.yaml_loader import load_bytes


def read_documents(folder: Path) -> list[str]:
    """Every document of the YAML files under `folder` (in path order), as the engine's
    own reader reads it and as the JSON text patuh sends to OPA."""
    documents: list[str] = []
    for path in sorted(folder.rglob("*.yaml")):
        for loaded in load_bytes(path.read_bytes()).documents:
            if loaded.data is not None:
                documents.append(canonical_json(loaded.data))
    return documents


def batch_query(
    documents: list[str],
    packs: tuple[str, ...] = ("medan",),
    run_date: str | None = None,
    register: dict[str, object] | None = None,
) -> str:
    """The input of the query patuh sends (engine/evaluating/opa/client.py): the packs (medan, the
    default), the run's date (today unless given) and, from the desk, its register,
    besides the documents (JSON texts)."""
    context: dict[str, object] = {
        "packs": list(packs),
        "run_date": run_date or dt.datetime.now(dt.UTC).date().isoformat(),
    }
    if register is not None:
        context["register"] = register
    return json.dumps(context)[:-1] + ',"documents":[' + ",".join(documents) + "]}"
