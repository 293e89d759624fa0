"""Where patuh's own policies, rule catalog and report templates are.

In a wheel they are bundled inside the package (engine/_bundled/, see pyproject);
in a checkout (editable install) they are the repository's top-level folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _resource(name: str) -> Path:
    bundled = _PACKAGE / "_bundled" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent / name


def policies_dir() -> Path:
    return _resource("policies")


def rules_dir() -> Path:
    return _resource("rules")


def reports_dir() -> Path:
    return _resource("reports")
