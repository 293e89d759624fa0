"""The shape of the desk's register (engine/evaluating/register.py), validated before OPA
reads it: a letter without its OPD would make every procurement citing it fail,
or worse, pass."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Name = Annotated[str, Field(min_length=1, max_length=300)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class RegisterLetter(_Strict):
    opd: Name
    valid: bool


class DeskCheck(_Strict):
    """The check is the desk's: the document is submitted to Diskominfo through it."""

    checked_on: Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]


class Register(_Strict):
    letter_form: Annotated[str, Field(min_length=1, max_length=500)]
    letters: dict[str, RegisterLetter]
    proposals: dict[str, list[Name]]
    desk: DeskCheck | None = None
