"""The values of a pack's parameters (policies/<pack>/data.json), for `patuh explain`.

A rule's message names the thresholds it applies, as placeholders the policy fills
from its pack's `params` (`{min_hours}`: `lib.param("min_training_hours")`). A
finding brings the values with it; `explain` has no finding, so it shows the
parameters' values as loaded, and `…` where the text names a value of a document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# Placeholder of the rule texts -> parameter of data.json (as the policies map them).
PLACEHOLDER_PARAMETER = {
    "min_hours": "min_training_hours",
    "min_participants": "min_training_participants",
    "minimum": "min_availability_percent",
    "allowed": "allowed_hosting",
}
# Placeholders a document fills (the control, the third party...): no value to show.
DOCUMENT_VALUE = "…"


def explain_params(policy_dir: Path, pack: str, placeholders: list[str]) -> dict[str, Any]:
    """A value for each placeholder: the parameter of the rule's pack, else `…`."""
    try:
        data = json.loads((policy_dir / pack / "data.json").read_text(encoding="utf-8"))
        params = data["params"]
    except (OSError, ValueError, KeyError, TypeError):
        params = {}
    values: dict[str, Any] = {}
    for name in placeholders:
        parameter = PLACEHOLDER_PARAMETER.get(name)
        if parameter is not None and parameter in params:
            value = params[parameter]
            values[name] = ", ".join(map(str, value)) if isinstance(value, list) else value
        else:
            values[name] = DOCUMENT_VALUE
    return values
