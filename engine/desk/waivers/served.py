"""The approved waivers as a patuh `Waivers` file (GET /api/v1/waivers.yaml, for
`patuh check --waivers`), and as the engine's Waivers object the desk's own checks
apply: the very YAML it serves, read by the CLI's own loader."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from engine.desk.core import checking
from engine.desk.models import Waiver
from engine.waivers.waiver_file import WaiverEntry, Waivers, load_waivers

SERVED_NAME = "waivers.yaml"  # the name the served file and the desk's notices use


def _entry(waiver: Waiver) -> dict[str, Any]:
    """One entry of a patuh Waivers file (engine/waivers/waiver_file.py WaiverEntry)."""
    entry: dict[str, Any] = {
        "rule": waiver.rule,
        "kind": waiver.submission.kind,
        "document": waiver.submission.document_id,
        # Ids are unique per OPD only: a served waiver covers its own OPD's document.
        "opd": waiver.submission.opd.name,
    }
    if waiver.path:
        entry["path"] = waiver.path
    entry.update(
        justification=waiver.justification,
        approved_by=waiver.decided_by_name or "-",
        reference=waiver.reference,
        expires=waiver.expires.isoformat(),
    )
    return entry


def _valid_entry(entry: dict[str, Any]) -> bool:
    try:
        WaiverEntry.model_validate(entry)
    except ValidationError:
        return False
    return True


def waivers_yaml(rows: list[Waiver]) -> str:
    """A patuh Waivers file of these (approved) waivers, as `patuh check --waivers`
    reads it. An entry the CLI would refuse is left out, never served half-right."""
    entries = [entry for entry in (_entry(w) for w in rows) if _valid_entry(entry)]
    document = {"apiVersion": "patuh/v1", "kind": "Waivers", "waivers": entries}
    header = "# patuh desk: approved waivers (pimpinan's decisions), for patuh check --waivers\n"
    body = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
    return header + body


def engine_waivers(rows: list[Waiver]) -> Waivers | None:
    """The engine's Waivers object for these waivers: their served YAML read by the
    CLI's own loader, so the desk applies exactly what `patuh check --waivers` would."""
    if not rows:
        return None
    with tempfile.TemporaryDirectory(prefix="patuh-desk-waivers-") as folder:
        path = Path(folder) / SERVED_NAME
        path.write_text(waivers_yaml(rows), encoding="utf-8")
        loaded = load_waivers(path, checking.catalog())
    loaded.file = SERVED_NAME
    return loaded
