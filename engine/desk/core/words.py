"""The pages' words: the desk's messages (engine/desk/messages/*.yaml, web.yaml for the
pages, through engine.desk.core.i18n), then patuh's own engine/messages.yaml (verdicts,
kinds, the report's headings), so a word the report already has is never written twice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine import i18n
from engine.desk.core import i18n as desk_i18n
from engine.i18n import Lang

WEB_MESSAGES = Path(__file__).resolve().parent.parent / "messages" / "web.yaml"


def t(key: str, lang: Lang, /, **params: Any) -> str:
    try:
        return desk_i18n.t(key, lang, **params)
    except KeyError:
        return i18n.t(key, lang, **params)


def has(key: str) -> bool:
    try:
        desk_i18n.t(key, "id")
    except KeyError:
        return i18n.has(key)
    return True
