"""A corpus of malformed and adversarial patuh documents, generated (never stored).

    python tests/hostile/generate.py OUT_DIR     # writes the corpus, prints the counts

Each case says what a correct engine must answer:
- `invalid`: refused (verdict invalid, exit 2) with a YAML or SCHEMA finding, optionally
  one whose English message contains `words`;
- `compliant`: a legitimate pass, because the document really is valid and compliant
  (a control: the same content as a compliant base, only written differently);
- `valid`: a legitimate verdict (compliant or non-compliant), the document is valid;
- `not_compliant`: a truncation of a compliant document. Its last line is a flow mapping
  that an obligation needs (spec.coordination, rule MDN-KOOR-01), so every proper prefix
  either does not parse, does not validate, or lacks that obligation: none may pass.

The bases are compliant fixtures of the repository (fixtures/medan/*.pass.yaml), so the
corpus follows the schema and the rules as they evolve.

The cases are written by themed modules beside this one (cases_written.py: controls
and truncations; cases_values.py: the schema's level; cases_limits.py: sizes and
depths; cases_yaml.py: YAML features; cases_text.py: bytes, characters and file names)
into one Casebook (casebook.py), in a fixed order: a file's name holds its position.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import cases_limits
import cases_text
import cases_values
import cases_written
import cases_yaml
from casebook import Case, Casebook, base

__all__ = ["Case", "generate", "write"]


def generate() -> list[Case]:
    book = Casebook()
    proposal = base("Proposal")
    for section in (
        cases_written.same_content,
        cases_written.truncations,
        cases_values.wrong_types,
        cases_values.numbers,
        cases_limits.huge,
        cases_limits.deep,
        cases_limits.many,
        cases_yaml.aliases,
        cases_yaml.tags,
        cases_text.encodings,
        cases_text.control_characters,
        cases_values.not_documents,
        cases_values.envelopes,
        cases_yaml.structure,
        cases_text.file_names,
    ):
        section(book, proposal)
    return book.cases


def write(cases: list[Case], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for case in cases:
        case.path(folder).write_bytes(case.content)


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: generate.py OUT_DIR")
    cases = generate()
    write(cases, Path(sys.argv[1]))
    by_category = Counter(case.category for case in cases)
    by_expectation = Counter(case.expect for case in cases)
    print(
        json.dumps(
            {"cases": len(cases), "by_category": by_category, "by_expectation": by_expectation},
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
