"""Guards for the Gherkin scenarios: a scenario that checks nothing is a defect, never a pass.

pytest-bdd runs a scenario without steps as an empty test that passes. That happens silently
when a keyword is not one of the feature's language (in a `# language: id` file, `Skenario
Outline:` or `Given` are plain description text, so what follows them is lost), or when a
scenario was left unfinished. Each scenario must therefore have steps of its own, at least
one `Maka` (Then) step, and no step-like line hidden in a description.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

# patuh_run (the helpers shared with tests/evaluating/test_fixtures.py) lives beside this file.
sys.path.insert(0, str(Path(__file__).resolve().parent))

# Lines that look like a step or a section header, in Indonesian or English; inside a
# description they mean the parser did not recognise a keyword.
_STEP_LIKE = re.compile(
    r"^\s*(Diketahui|Dengan|Ketika|Maka|Dan|Tetapi|Tapi|Skenario|Garis-Besar Skenario|Contoh"
    r"|Given|When|Then|And|But|Scenario|Scenario Outline|Skenario Outline|Examples)\b"
)


def _hidden_steps(description: str | None) -> list[str]:
    return [line.strip() for line in (description or "").splitlines() if _STEP_LIKE.match(line)]


def pytest_bdd_before_scenario(request: Any, feature: Any, scenario: Any) -> None:
    where = f'"{scenario.name}" ({feature.rel_filename}, baris {scenario.line_number})'
    # Background steps come before the scenario's own line in the file.
    own_steps = [s for s in scenario.steps if s.line_number > scenario.line_number]
    if not own_steps:
        pytest.fail(f"skenario tanpa langkah: {where}", pytrace=False)
    if not any(s.type == "then" for s in own_steps):
        pytest.fail(
            f"skenario tanpa langkah Maka (tidak memeriksa apa pun): {where}", pytrace=False
        )
    hidden = _hidden_steps(scenario.description) + _hidden_steps(feature.description)
    if hidden:
        pytest.fail(
            f"baris yang tampak seperti langkah, terbaca sebagai deskripsi, di {where}: {hidden}",
            pytrace=False,
        )
