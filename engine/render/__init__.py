"""Output formats: one module per format, each a `render(report, catalog, lang)`.

Like conftest's output/ package: a small interface, one file per format, so a new
format is a new module and a line below, never a change to the others.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from engine.catalog import Catalog
from engine.findings import Report
from engine.i18n import Lang
from engine.render import github, json_report, junit, text


class Renderer(Protocol):
    def __call__(self, report: Report, catalog: Catalog, lang: Lang) -> str: ...


def _on_first_use(module: str) -> Renderer:
    """The `render` of engine.render.<module>, imported when first asked for: the
    formats built on Jinja (HTML, Markdown, SARIF) would otherwise import it at every
    start, ~25 ms of a one-file check that asked for none of them."""

    def render(report: Report, catalog: Catalog, lang: Lang) -> str:
        renderer: Renderer = importlib.import_module(f"engine.render.{module}").render
        return renderer(report, catalog, lang)

    return render


RENDERERS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_report.render,
    "markdown": _on_first_use("markdown"),
    "html": _on_first_use("html"),
    "sarif": _on_first_use("sarif"),
    "junit": junit.render,
    "github": github.render,
}

# Formats read by people: only these may show progress on a terminal (cli.py).
HUMAN_FORMATS = frozenset({"text", "markdown", "html"})
