"""Markdown: the HTML report's content, compact, for a pull-request comment, a CI job
summary ($GITHUB_STEP_SUMMARY) or an attachment. GitHub-flavoured (tables)."""

from __future__ import annotations

from engine.catalog.rules import Catalog
from engine.findings import Report
from engine.i18n import Lang, t
from engine.reporting.render.html import overall_text, short_digest
from engine.reporting.render.templating import markdown_environment
from engine.reporting.render.view import build_view


def render(report: Report, catalog: Catalog, lang: Lang) -> str:
    view = build_view(report, catalog, lang)
    template = markdown_environment().get_template("report.md.j2")
    return template.render(
        v=view,
        t=lambda key, **params: t(key, lang, **params),
        overall_text=overall_text(view),
        short=short_digest,
    )
