"""An OPD's name for comparison, exactly as the rules compare it (policies/lib/patuh.rego
`office_name`): lower case, every run of white space (and no-break space) one space,
trimmed, without a trailing "Kota Medan" (every office here is the city's). The pages,
the upload's OPD check and the thread all ask this, so a proposal the rules find is
the proposal the pages show, and the other way round."""

from __future__ import annotations

import re

# RE2's \s (as OPA's regex.replace reads it) is ASCII white space only; the rule adds
# the no-break space.
_SPACES = re.compile(r"[\t\n\f\r \u00a0]+")
_CITY = " kota medan"


def office_name(name: str) -> str:
    spaced = _SPACES.sub(" ", name.lower()).strip(" \t\n\f\r\v")
    return spaced.removesuffix(_CITY)


def same_opd(a: str, b: str) -> bool:
    """Do two names name the same office (as the rules decide it)?"""
    return office_name(a) == office_name(b)
