"""The desk's refusals: every one a DeskError with `.code` (the API's "error"), `.status`
(the HTTP status), `.params`, and `message(lang)` from engine/desk/messages/api.yaml.
The API answers them as {"error", "message"} (engine/desk/api.py), the pages in the
reader's words (engine/desk/web/pages.py refusal_text). Here the ones every domain
raises; each domain defines its own beside its services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.desk.core.i18n import t

if TYPE_CHECKING:
    from engine.desk.core.checking import Checked


class DeskError(Exception):
    code = "error"
    status = 400

    def __init__(self, **params: Any) -> None:
        super().__init__(self.code)
        self.params = params

    def message(self, lang: str) -> str:
        return t(f"error.{self.code}", lang, **self.params)


class NotFound(DeskError):
    code, status = "not_found", 404


class Forbidden(DeskError):
    code, status = "forbidden", 403


class NoteRequired(DeskError):
    code, status = "note_required", 400


class EngineUnavailable(DeskError):
    code, status = "engine", 503


class CheckFailed(DeskError):
    """Carries the check's answer for a 400 that still has a report to show."""

    def __init__(self, checked: Checked, **params: Any) -> None:
        super().__init__(**params)
        self.checked = checked
