"""The shape of the desk's register (engine/evaluating/register.py), validated before OPA
reads it: a letter without its OPD would make every procurement citing it fail,
or worse, pass."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from engine.evaluating.re2_syntax import re2_problem

Name = Annotated[str, Field(min_length=1, max_length=300)]


def _re2(pattern: str) -> str:
    problem = re2_problem(pattern)
    if problem is not None:
        raise ValueError(
            f"letter_form must be an RE2 regular expression (as OPA reads it): {problem}"
        )
    return pattern


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class RegisterLetter(_Strict):
    opd: Name
    valid: bool
    # What the letter was issued for (issue 20.12): a procurement must cite the letter
    # of the proposal it names, and a proposal whose letter was revoked is no longer
    # recommended. Required: a letter that does not say it would back any proposal.
    kind: Literal["Proposal", "Procurement", "System"]
    document_id: Name


class DeskCheck(_Strict):
    """The check is the desk's: the document is submitted to Diskominfo through it."""

    checked_on: Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]


class Register(_Strict):
    # The desk's letter numbers as RE2 (OPA's regex): refused when it is not one.
    letter_form: Annotated[str, Field(min_length=1, max_length=500), AfterValidator(_re2)]
    letters: dict[str, RegisterLetter]
    proposals: dict[str, list[Name]]
    desk: DeskCheck | None = None
