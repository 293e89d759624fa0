"""Output formats: one module per format, each a `render(report, catalog, lang)`.

Like conftest's output/ package: a small interface, one file per format, so a new
format is a new module and a line below, never a change to the others.
"""

from __future__ import annotations

from typing import Protocol

from engine.catalog import Catalog
from engine.findings import Report
from engine.i18n import Lang
from engine.render import github, html, json_report, junit, markdown, sarif, text


class Renderer(Protocol):
    def __call__(self, report: Report, catalog: Catalog, lang: Lang) -> str: ...


RENDERERS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_report.render,
    "markdown": markdown.render,
    "html": html.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
}

# Formats read by people: only these may show progress on a terminal (cli.py).
HUMAN_FORMATS = frozenset({"text", "markdown", "html"})
