"""The approved waivers as a patuh `Waivers` file (GET /api/v1/waivers.yaml, for
`patuh check --waivers`), and as the engine's Waivers object the desk's own checks
apply: the very YAML it serves, read by the CLI's own loader. Each entry names the
document digests it covers (waivers/values.py): the versions whose value at the
waiver's path is the one it was approved for."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from engine.desk.core import checking
from engine.desk.models import Version, Waiver
from engine.desk.waivers.values import covered_digests
from engine.waivers.waiver_file import WaiverEntry, Waivers, load_waivers

SERVED_NAME = "waivers.yaml"  # the name the served file and the desk's notices use


def _entry(waiver: Waiver, digests: list[str]) -> dict[str, Any]:
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
    entry["document_digests"] = digests
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


def _versions_of(rows: list[Waiver]) -> dict[int, list[Version]]:
    found: dict[int, list[Version]] = {}
    for version in Version.objects.filter(submission_id__in={w.submission_id for w in rows}).only(
        "submission_id", "document_digest", "yaml_text"
    ):
        found.setdefault(version.submission_id, []).append(version)
    return found


def waivers_yaml(rows: list[Waiver], extra: tuple[str, str] | None = None) -> str:
    """A patuh Waivers file of these (approved) waivers, as `patuh check --waivers`
    reads it; `extra` (digest, YAML text): an upload being checked, covered where its
    value at a waiver's path is the approved one. An entry the CLI would refuse, or one
    that would cover no document, is left out, never served half-right."""
    versions = _versions_of(rows)
    entries = [
        entry
        for entry in (
            _entry(w, covered_digests(w, versions.get(w.submission_id, []), extra)) for w in rows
        )
        if entry["document_digests"] and _valid_entry(entry)
    ]
    document = {"apiVersion": "patuh/v1", "kind": "Waivers", "waivers": entries}
    header = "# patuh desk: approved waivers (pimpinan's decisions), for patuh check --waivers\n"
    body = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
    return header + body


def engine_waivers(rows: list[Waiver], extra: tuple[str, str] | None = None) -> Waivers | None:
    """The engine's Waivers object for these waivers: their served YAML read by the
    CLI's own loader, so the desk applies exactly what `patuh check --waivers` would."""
    if not rows:
        return None
    with tempfile.TemporaryDirectory(prefix="patuh-desk-waivers-") as folder:
        path = Path(folder) / SERVED_NAME
        path.write_text(waivers_yaml(rows, extra), encoding="utf-8")
        loaded = load_waivers(path, checking.catalog())
    loaded.file = SERVED_NAME
    return loaded
