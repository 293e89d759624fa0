"""Notes people write (a transition's, a waiver decision's or withdrawal's, a
revocation's reason, a comment): at most NOTE_LIMIT characters everywhere. The services
refuse a longer one (NoteTooLong, 400), whoever calls them; the pages' forms
(NoteForm) and the API's bodies (Note) say so before, in the reader's language."""

from __future__ import annotations

from typing import Annotated, Any

from django import forms
from pydantic import Field

from engine.desk.core.errors import DeskError

NOTE_LIMIT = 5_000

# An API body's note (pydantic): a longer one is a 400 `text_too_long` (engine/desk/api.py).
Note = Annotated[str, Field(max_length=NOTE_LIMIT)]


class NoteTooLong(DeskError):
    code, status = "note_too_long", 400


def bounded_note(note: str | None) -> str:
    """The note trimmed; NoteTooLong when it is longer than NOTE_LIMIT characters."""
    text = (note or "").strip()
    if len(text) > NOTE_LIMIT:
        raise NoteTooLong(length=len(text), limit=NOTE_LIMIT)
    return text


class NoteForm(forms.Form):
    """A page's note (the decision form, the waiver decision and withdrawal, the
    revocation): bounded before it reaches the services, with the refusal in the
    reader's language."""

    note = forms.CharField(required=False, strip=True)

    def __init__(self, *args: Any, lang: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lang = lang

    def clean_note(self) -> str:
        note: str = self.cleaned_data.get("note") or ""
        try:
            return bounded_note(note)
        except NoteTooLong as exc:
            raise forms.ValidationError(exc.message(self.lang), code=exc.code) from exc


def note_refusal(form: NoteForm) -> str:
    """The form's refusal, for a page that shows one message beside its form."""
    return " ".join(str(m) for m in form.errors.get("note", []))
