"""What patuh shows on a terminal besides the report: progress on stderr, and colour.

Progress appears only when stderr is a terminal and the report is for people (never in
a machine format, which a CI job may read from a log). Colour appears only on a
terminal, and never when NO_COLOR is set (https://no-color.org).
"""

from __future__ import annotations

import os
import time
from typing import TextIO

from engine.i18n import Lang, t

# Progress is for many documents; a check of a few shows none (no flicker).
MANY = 20
REDRAW_EVERY = 0.1  # seconds, at most ten lines a second on a slow terminal
_CLEAR_LINE = "\r\x1b[2K"


def wants_color(stream: TextIO) -> bool:
    return _is_terminal(stream) and not os.environ.get("NO_COLOR")


def wants_progress(stream: TextIO, human_format: bool) -> bool:
    return human_format and _is_terminal(stream)


class TerminalProgress:
    """Told (stage, done, total) by the pipeline; draws one line it rewrites in place."""

    def __init__(self, stream: TextIO, lang: Lang) -> None:
        self.stream = stream
        self.lang = lang
        self.drawn_at = 0.0
        self.visible = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if total < MANY:
            return
        now = time.monotonic()
        if self.visible and done < total and now - self.drawn_at < REDRAW_EVERY:
            return  # the last step of a stage is always drawn
        self.drawn_at = now
        self.stream.write(_CLEAR_LINE + t(f"progress.{stage}", self.lang, done=done, total=total))
        self.stream.flush()
        self.visible = True

    def finish(self) -> None:
        """Clear the line, so the report starts on a clean one."""
        if self.visible:
            self.stream.write(_CLEAR_LINE)
            self.stream.flush()
            self.visible = False


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
