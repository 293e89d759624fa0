"""`patuh init KIND [FILE]`: a commented template of a document, in Bahasa Indonesia.

The templates (engine/init_templates/) mark what the author must write as "<ISI: ...>"
and "<PILIH: ...>"; patuh refuses a document that still holds one (placeholders.py).
"""

from __future__ import annotations

from pathlib import Path

from engine.output import OutputError, write_atomically

TEMPLATES = Path(__file__).resolve().parent / "init_templates"


def template_text(kind: str) -> str:
    return (TEMPLATES / f"{kind}.yaml").read_text(encoding="utf-8")


def write_template(kind: str, target: Path, force: bool) -> None:
    if target.exists() and not force:
        raise OutputError("cli.init_exists", path=str(target))
    write_atomically(target, template_text(kind))
