"""The desk's words: every engine/desk/messages/*.yaml (api.yaml, web.yaml, ...), one
source per sentence, Bahasa Indonesia by default and English on request."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from engine.i18n import fill

MESSAGES = Path(__file__).resolve().parent.parent / "messages"


@cache
def _file(name: str) -> dict[str, dict[str, str]]:
    path = MESSAGES / name
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    if not isinstance(data, dict):  # pragma: no cover - shipped with the package
        raise RuntimeError(f"{path} is not a mapping")
    return data


@cache
def _messages() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(MESSAGES.glob("*.yaml")):
        data = _file(path.name)
        for key in data:
            if key in merged:
                raise RuntimeError(f"message {key!r} is in two files of {MESSAGES}")
        merged.update(data)
    return merged


def lang_of(accept_language: str | None) -> str:
    """`en` when the request prefers English (Accept-Language), else `id`."""
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("id"):
            return "id"
        if tag.startswith("en"):
            return "en"
    return "id"


def t(key: str, lang: str, /, **params: Any) -> str:
    entry = _messages().get(key)
    if entry is None:
        raise KeyError(f"no message {key!r} in {MESSAGES}")
    return fill(entry["en" if lang == "en" else "id"], params)


def cli_t(key: str, lang: str, /, **params: Any) -> str:
    """A word of `patuh desk` (messages/cli.yaml only: its help texts are read at
    every `patuh` start, which need not parse the pages' words)."""
    return fill(_file("cli.yaml")[key]["en" if lang == "en" else "id"], params)
