"""The templates `patuh init` writes and the desk's form starts from: a commented
document of each kind, in Bahasa Indonesia.

The templates (engine/reading/init_templates/) mark what the author must write as "<ISI: ...>"
and "<PILIH: ...>"; patuh refuses a document that still holds one (placeholders.py).
"""

from __future__ import annotations

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "init_templates"


def template_text(kind: str) -> str:
    return (TEMPLATES / f"{kind}.yaml").read_text(encoding="utf-8")
