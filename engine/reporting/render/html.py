"""HTML: the report a Diskominfo reviewer prints or attaches to a recommendation letter.

Self-contained (styles inline, no script, no network) and printable on A4. Its content
security policy allows only the one inline stylesheet, by hash, so even text that
slipped past escaping could not run or fetch anything.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from markupsafe import Markup

from engine.catalog.rules import Catalog
from engine.findings import Report
from engine.i18n import Lang, t
from engine.reporting.render.templating import html_environment
from engine.reporting.render.view import VERDICTS, ReportView, build_view
from engine.resources import reports_dir


def render(report: Report, catalog: Catalog, lang: Lang) -> str:
    view = build_view(report, catalog, lang)
    css = stylesheet(lang)
    template = html_environment().get_template("report.html.j2")
    return (
        template.render(
            v=view,
            t=lambda key, **params: t(key, lang, **params),
            css=Markup(css),
            style_hash=style_hash(css),
            overall_text=overall_text(view),
            verdict_counts={
                verdict: sum(s.count for s in view.by_verdict if s.series == verdict)
                for verdict in VERDICTS
            },
            short=short_digest,
        )
        + "\n"
    )


def stylesheet(lang: Lang) -> str:
    """reports/report.css, and the printed page's running footer in the reader's language."""
    css = (reports_dir() / "report.css").read_text(encoding="utf-8")
    footer = _css_string(t("report.title", lang))
    return (
        css
        + "@page { @bottom-left { content: "
        + footer
        + "; font: 8pt sans-serif; color: #5b6675; }"
        + ' @bottom-right { content: counter(page) " / " counter(pages);'
        + " font: 8pt sans-serif; color: #5b6675; } }\n"
    )


def style_hash(css: str) -> str:
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def overall_text(view: ReportView) -> str:
    summary = view.summary
    counts: dict[str, Any] = {
        "documents": summary["documents"],
        "non_compliant": summary["non_compliant"],
        "invalid": summary["invalid"],
        "not_evaluated": summary.get("not_evaluated", 0),
    }
    if view.nothing_text is not None:
        return view.nothing_text
    if view.overall == "error" and not summary["documents"]:
        return t("report.overall.nothing", view.lang)
    return t(f"report.overall.{view.overall}", view.lang, **counts)


def short_digest(digest: str | None) -> str:
    """`sha256:` and the first 16 hex digits: enough to compare two reports by eye."""
    if not digest:
        return "–"
    return digest[:23] + "…" if len(digest) > 23 else digest


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'
