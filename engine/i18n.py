"""One source for every user-visible sentence that is not a rule's: messages.yaml.

Bahasa Indonesia is the default; English on request (`--lang en` or PATUH_LANG=en).
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")
DEFAULT_LANG: Lang = "id"


def env_lang() -> Lang:
    value = os.environ.get("PATUH_LANG", DEFAULT_LANG).strip().lower()
    return "en" if value == "en" else "id"


@cache
def _messages() -> dict[str, dict[str, str]]:
    path = Path(__file__).with_name("messages.yaml")
    # libyaml's safe loader when PyYAML has it: this is read on every start.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    if not isinstance(data, dict):  # pragma: no cover - shipped with the package
        raise RuntimeError(f"{path} is not a mapping")
    return data


def has(key: str) -> bool:
    return key in _messages()


def t(key: str, lang: Lang, /, **params: Any) -> str:
    """The message `key` in `lang`, with `{name}` placeholders filled in."""
    entry = _messages().get(key)
    if entry is None:
        raise KeyError(f"no message {key!r} in messages.yaml")
    return fill(entry[lang], params)


PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
# `{count|document|documents}`: the word for one, or for any other number (English
# needs it; Bahasa Indonesia does not inflect).
PLURAL = re.compile(r"\{([a-z_][a-z0-9_]*)\|([^{}|]*)\|([^{}|]*)\}")


def fill(template: str, params: dict[str, Any]) -> str:
    """Fill `{name}` placeholders; a list reads as `a`, `b`, `c`; unknown ones stay.
    `{name|one|other}` is the word that agrees with the number `name`.

    Only `{identifier}` is a placeholder, so rule texts can show YAML such as
    `{system: SIMPUS, method: api}` without escaping.
    """

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return _show(params[name]) if name in params else match.group(0)

    def plural(match: re.Match[str]) -> str:
        name, one, other = match.groups()
        if name not in params:
            return match.group(0)
        value = params[name]
        return one if isinstance(value, (int, float)) and value == 1 else other

    return PLACEHOLDER.sub(replace, PLURAL.sub(plural, template))


def _show(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(f"`{v}`" for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None:
        return "-"
    return str(value)
