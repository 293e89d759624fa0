"""Output formats: one module per format, each a `render(report, catalog, lang)`.

Like conftest's output/ package: a small interface, one file per format, so a new
format is a new module and a line below, never a change to the others.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # only named in annotations: `patuh --help` imports this package
    from engine.catalog.rules import Catalog
    from engine.findings import Report
    from engine.i18n import Lang


class Renderer(Protocol):
    def __call__(self, report: Report, catalog: Catalog, lang: Lang) -> str: ...


def _on_first_use(module: str) -> Renderer:
    """The `render` of engine.reporting.render.<module>, imported when first asked for: the
    formats built on Jinja (HTML, Markdown, SARIF) would otherwise import it at every
    start, ~25 ms of a one-file check that asked for none of them; and the command
    line names the formats (`--format`) without importing any (`patuh --help`)."""

    def render(report: Report, catalog: Catalog, lang: Lang) -> str:
        renderer: Renderer = importlib.import_module(f"engine.reporting.render.{module}").render
        return renderer(report, catalog, lang)

    return render


RENDERERS: dict[str, Renderer] = {
    "text": _on_first_use("text"),
    "json": _on_first_use("json_report"),
    "markdown": _on_first_use("markdown"),
    "html": _on_first_use("html"),
    "sarif": _on_first_use("sarif"),
    "junit": _on_first_use("junit"),
    "github": _on_first_use("github"),
}

# Formats read by people: only these may show progress on a terminal (cli.py).
HUMAN_FORMATS = frozenset({"text", "markdown", "html"})
