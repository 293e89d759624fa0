"""What the hostile corpus is made of: the `Case` (a file and what a correct engine must
answer, see generate.py), the `Casebook` that collects and names them, and the compliant
bases and the mutations the themed modules (cases_*.py) write them with.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar

REPO = Path(__file__).resolve().parents[2]
BASES = {
    "Proposal": REPO / "fixtures/medan/MDN-HOST-01.pass.yaml",
    "Procurement": REPO / "fixtures/medan/MDN-PBJ-01.pass.yaml",
    "System": REPO / "fixtures/medan/MDN-KAM-03.pass.yaml",
}

T = TypeVar("T", str, bytes)
Expect = Literal["invalid", "compliant", "valid", "not_compliant"]
MIB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    name: bytes  # a file name is bytes on Linux: some cases are not valid UTF-8
    content: bytes
    category: str
    expect: Expect
    rule: str | None = None  # YAML or SCHEMA, for `invalid`
    words: str | None = None  # in the English message of that finding

    def path(self, folder: Path) -> Path:
        return Path(os.fsdecode(os.path.join(os.fsencode(folder), self.name)))


def base(kind: str = "Proposal") -> str:
    """A compliant document whose last line is its Diskominfo coordination, in flow style."""
    text = BASES[kind].read_text(encoding="utf-8")
    block = re.search(
        r"^  coordination:\n    diskominfo:\n      reference: (.+)\n      date: (.+)\n"
        r"      status: (.+)\n",
        text,
        flags=re.MULTILINE,
    )
    assert block is not None, f"{BASES[kind]} no longer has a coordination block"
    reference, date, status = block.groups()
    text = text[: block.start()] + text[block.end() :]
    assert text.endswith("\n") and re.search(r"^spec:", text, re.MULTILINE)
    flow = f"{{diskominfo: {{reference: {reference}, date: {date}, status: {status}}}}}"
    return text + f"  coordination: {flow}\n"


def swap(text: T, old: T, new: T, count: int = -1) -> T:
    """`text.replace(old, new, count)`, insisting that `old` is there: a mutation that
    silently changes nothing would be a valid document filed as a hostile one."""
    assert old in text, f"{old!r} is not in the base any more"
    return text.replace(old, new, count)


def replace_line(text: str, key: str, new_value: str) -> str:
    """`text` with the value of the first `key:` replaced, a block value (the more
    indented lines below the key) included; the key's indentation is kept."""
    lines = text.splitlines(keepends=True)
    pattern = re.compile(rf"^(\s*){re.escape(key)}:")
    for number, line in enumerate(lines):
        found = pattern.match(line)
        if found is None:
            continue
        indent = len(found.group(1))
        end = number + 1
        while end < len(lines) and _indent(lines[end]) > indent:
            end += 1
        lines[number:end] = [f"{found.group(0)} {new_value}\n"]
        return "".join(lines)
    raise AssertionError(f"no {key}: line in the base")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" ")) if line.strip() else 10**6


HEAD = (
    "apiVersion: patuh/v1\nkind: Proposal\nmetadata: {id: HOSTILE-1, title: Uji, opd: Dinas Uji}\n"
)


@dataclass
class Casebook:
    """The cases in the order they were added. A file is named after its category and
    its position in the whole corpus, so the themed modules fill one book in turn."""

    cases: list[Case] = field(default_factory=list)

    def add(
        self,
        category: str,
        expect: Expect,
        content: str | bytes,
        rule: str | None = None,
        words: str | None = None,
    ) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        name = f"{category}-{len(self.cases):04d}.yaml".encode()
        self.cases.append(Case(name, data, category, expect, rule, words))
