"""The Jinja2 environments of the HTML and Markdown reports (templates in reports/).

HTML is autoescaped by Jinja. Markdown has no autoescape of its own, so its environment
does the same by hand: every value is escaped on output (`finalize`) unless a filter
below has already made it safe Markdown. A value from a document therefore can never
become markup, a link, a table cell break or an @mention in either format.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from engine.resources import reports_dir

# Catalog texts mark field names and values as `code`; so do schema messages, which may
# quote what a document said. Both reports show those spans as code.
_CODE_SPAN = re.compile(r"`([^`]*)`")


@cache
def html_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(reports_dir()),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["rich"] = html_rich
    return env


@cache
def markdown_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(reports_dir()),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_md_finalize,
    )
    env.filters["rich"] = md_rich
    env.filters["code"] = md_code
    env.filters["cell"] = md_cell
    env.filters["safe_md"] = MdSafe
    return env


def html_rich(text: str) -> Markup:
    """Escaped text whose `spans` become <code> elements."""
    parts = _split_code(text)
    return Markup("").join(
        Markup("<code>{}</code>").format(part) if is_code else escape(part)
        for part, is_code in parts
    )


class MdSafe(str):
    """Markdown that a filter has already escaped; printed as it is."""


# Characters that make Markdown (CommonMark + GitHub: emphasis, code, links, raw HTML,
# tables, strikethrough, math) anywhere in a line. Any ASCII punctuation may be
# backslash-escaped, so escaping is always safe; the rest is left legible.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~$])")
# What starts a block only at the start of a line: heading, quote, list, rule.
_MD_LEADING = re.compile(r"^([#>+\-=!]|\d+(?=[.)]))")
_WHITESPACE = re.compile(r"\s+")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# GitHub turns @name into a mention whatever the escaping; a zero-width space after the
# @ keeps a document's text from notifying anyone when the report is a PR comment.
_MENTION = re.compile(r"@(?=\w)")


def md_text(value: Any, *, line_start: bool = True) -> MdSafe:
    text = _WHITESPACE.sub(" ", str(value))  # one line: no paragraph or list can start
    text = _ENTITY.sub("&amp;", text)
    text = _MD_INLINE.sub(r"\\\1", text)
    if line_start:
        text = _MD_LEADING.sub(r"\\\1", text)
    return MdSafe(_MENTION.sub("@\u200b", text))


def md_code(value: Any) -> MdSafe:
    """An inline code span holding `value` literally, whatever backticks it contains."""
    text = _WHITESPACE.sub(" ", str(value)).strip()
    if not text:
        return MdSafe("")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    # CommonMark strips one space on each side, so a backtick at an edge stays content.
    pad = " " if text[0] == "`" or text[-1] == "`" else ""
    return MdSafe(f"{fence}{pad}{text}{pad}{fence}")


def md_rich(value: Any) -> MdSafe:
    """Escaped text whose `spans` stay code spans."""
    return MdSafe(
        "".join(
            md_code(part) if is_code else md_text(part, line_start=index == 0)
            for index, (part, is_code) in enumerate(_split_code(value))
        )
    )


def md_cell(value: Any) -> MdSafe:
    """Safe inside a GitHub table cell, where `|` ends the cell even within code."""
    return MdSafe(re.sub(r"(?<!\\)\|", r"\\|", str(value)))


def _md_finalize(value: Any) -> Any:
    if isinstance(value, MdSafe):
        return value
    # Values sit inside a line in the templates; a filter handles those that start one.
    return md_text(value, line_start=False)


def _split_code(value: Any) -> list[tuple[str, bool]]:
    """Split at `code` spans; an unpaired backtick is plain text."""
    text = str(value)
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in _CODE_SPAN.finditer(text):
        if match.start() > position:
            parts.append((text[position : match.start()], False))
        parts.append((match.group(1), True))
        position = match.end()
    if position < len(text):
        parts.append((text[position:], False))
    return parts
