"""Remedies as the desk shows them: for people who never open a terminal, a remedy never
names a command. The stored answer is `patuh check`'s own (its remedies may say "`patuh
init KIND` writes a template"); the pages leave out each sentence or parenthesis that
names a command or an option of the command line, and say where the desk helps instead.
"""

from __future__ import annotations

import re

# A command or an option of the command line, as the engine's messages write them.
_COMMAND = re.compile(r"`(?:patuh [a-z]|--[a-z])|\bPATUH_[A-Z_]+")
_PARENTHESIS = re.compile(r"\s*\([^()]*\)")
_SENTENCE = re.compile(r"[^.;:!?]*[.;:!?]?(?=\s|$)")


def desk_remedy(remedy: str, fallback: str = "") -> str:
    """`remedy` without what names a command; `fallback` when nothing else is left."""
    if not _COMMAND.search(remedy):
        return remedy
    text = _PARENTHESIS.sub(lambda m: "" if _COMMAND.search(m.group()) else m.group(), remedy)
    kept = [s for s in _SENTENCE.findall(text) if s.strip() and not _COMMAND.search(s)]
    result = " ".join(s.strip() for s in kept).strip()
    result = re.sub(r"\s*[,;:]$", ".", result)
    return result or fallback
