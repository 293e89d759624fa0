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
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass
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


def generate() -> list[Case]:
    cases: list[Case] = []

    def add(
        category: str,
        expect: Expect,
        content: str | bytes,
        rule: str | None = None,
        words: str | None = None,
    ) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        name = f"{category}-{len(cases):04d}.yaml".encode()
        cases.append(Case(name, data, category, expect, rule, words))

    proposal = base("Proposal")

    # --- the bases themselves, and the same content written differently --------------------
    for kind in BASES:
        add("same-content", "compliant", base(kind))
    add("same-content", "compliant", b"\xef\xbb\xbf" + proposal.encode())  # a UTF-8 BOM
    add("same-content", "compliant", swap(proposal, "\n", "\r\n"))  # Windows line ends
    add("same-content", "compliant", "# komentar\n" + swap(proposal, "\n", "  # catatan\n"))
    add("same-content", "compliant", "---\n" + proposal + "...\n")
    add("same-content", "compliant", "%YAML 1.2\n---\n" + proposal)
    add(
        "same-content", "compliant", replace_line(proposal, "title", "'Sistem « ünïcödé » 日本 🚀'")
    )
    add(
        "same-content", "compliant", replace_line(proposal, "summary", "!!str Ringkasan bertag str")
    )
    add("same-content", "compliant", replace_line(proposal, "id", "&anchor UJI-ANCHOR-1"))  # unused
    add("same-content", "compliant", replace_line(proposal, "amount_idr", "9223372036854775807"))
    add("same-content", "compliant", replace_line(proposal, "title", "'" + "T" * 500 + "'"))
    padding = 2 * MIB - len(proposal.encode()) - 1  # the largest file accepted, exactly
    add("same-content", "compliant", "#" * (padding - 1) + "\n" + proposal)

    # --- truncations at every structural point of a compliant document ----------------------
    for kind, text in (("Proposal", proposal), ("Procurement", base("Procurement"))):
        for cut in truncation_points(text, every_token=kind == "Proposal"):
            add(f"truncated-{kind.lower()}", "not_compliant", text[:cut])

    # --- wrong types ---------------------------------------------------------------------------
    wrong_types = {
        "id": ["123", "[UJI-1]", "{a: 1}", "true", "~", "''"],
        "title": ["5", "[a, b]", "{a: b}", "false"],
        "opd": ["1.5", "[]"],
        "submitted": ["20260101", "2026/01/15", "'15-01-2026'", "[2026-01-15]"],
        "availability_percent": ["'99.5'", "yes", "[99.5]", "{v: 99.5}", "true", "'NaN'"],
        "redundancy": ["'true'", "1", "yes", "on", "Y", "[true]"],
        "amount_idr": ["1.5", "'620000000'", "6.2e8", "0x24F", "1_000", "[1]"],
        "dimensions": ["smart_people", "[1, 2]", "[{a: 1}]", "{smart_people: true}"],
        "location": ["Diskominfo", "1", "[diskominfo_datacenter]"],
        "frequency": ["Daily", "DAILY", "setiap hari", "7"],
        "retention_days": ["-1", "36.5", "'365'"],
        "rpo_hours": ["'24'", "[24]"],
    }
    for key, values in wrong_types.items():
        for value in values:
            add("wrong-type", "invalid", replace_line(proposal, key, value), rule="SCHEMA")
    for value in ["password-mfa", "[password]", "PASSWORD_MFA"]:
        wrong = swap(proposal, "method: password_mfa", f"method: {value}")
        add("wrong-type", "invalid", wrong, rule="SCHEMA")
    add("wrong-type", "invalid", replace_line(proposal, "kind", "[Proposal]"), rule="SCHEMA")
    add("wrong-type", "invalid", replace_line(proposal, "apiVersion", "1"), rule="SCHEMA")
    add("wrong-type", "invalid", replace_line(proposal, "metadata", "x"), rule="SCHEMA")
    add("wrong-type", "invalid", HEAD + "spec: [1, 2]\n", rule="SCHEMA")
    add("wrong-type", "invalid", HEAD + "spec: text\n", rule="SCHEMA")

    # --- numbers out of range, NaN and infinities ------------------------------------------
    for value in ["-0.1", "100.0001", "1e308", "-1e308", "140", "-5"]:
        add(
            "range", "invalid", replace_line(proposal, "availability_percent", value), rule="SCHEMA"
        )
    for value in ["-1", "-9223372036854775807"]:
        add("range", "invalid", replace_line(proposal, "amount_idr", value), rule="SCHEMA")
    for value in ["9223372036854775808", "-9223372036854775809", "9" * 5000, "1" + "0" * 30]:
        add(
            "range",
            "invalid",
            replace_line(proposal, "amount_idr", value),
            rule="YAML",
            words="out of the supported range",
        )
    for value in ["1000001", "1e7", "-0.5"]:
        add("range", "invalid", replace_line(proposal, "rpo_hours", value), rule="SCHEMA")
    for value in [
        ".nan",
        ".NaN",
        ".NAN",
        ".inf",
        ".Inf",
        "-.inf",
        "+.inf",
        "1e400",
        "-1e999",
        "1" * 400 + ".0",
    ]:
        add(
            "nonfinite",
            "invalid",
            replace_line(proposal, "availability_percent", value),
            rule="YAML",
            words="finite",
        )
    for value in ["nan", "inf", "NaN", "Infinity", "-Infinity"]:  # plain text, not numbers
        add(
            "nonfinite",
            "invalid",
            replace_line(proposal, "availability_percent", value),
            rule="SCHEMA",
        )

    # --- huge strings, huge files ----------------------------------------------------------
    add("huge", "invalid", replace_line(proposal, "title", "T" * 501), rule="SCHEMA")
    add("huge", "invalid", replace_line(proposal, "summary", "S" * 10_001), rule="SCHEMA")
    add(
        "huge",
        "invalid",
        replace_line(proposal, "summary", "S" * 70_000),
        rule="YAML",
        words="longer than",
    )
    add(
        "huge",
        "invalid",
        HEAD + "spec:\n  " + "k" * 70_000 + ": 1\n",
        rule="YAML",
        words="longer than",
    )
    # A key of more than 1024 characters is not a key to YAML (a simple key's limit).
    add("huge", "invalid", HEAD + "spec:\n  " + "k" * 60_000 + ": 1\n", rule="YAML")
    add("huge", "invalid", HEAD + "spec:\n  " + "k" * 1_000 + ": 1\n", rule="SCHEMA")
    add("huge", "invalid", proposal + "#" * (2 * MIB), rule="YAML", words="larger than")
    add("huge", "invalid", b"a" * (3 * MIB), rule="YAML", words="larger than")
    add("huge", "invalid", "summary: " + "x" * (MIB + 5), rule="YAML", words="longer than")
    # A valid document close to the 2 MiB limit: 200 texts of 9,990 characters.
    texts = ", ".join(f"'{'D' * 9_990}'" for _ in range(200))
    procurement = base("Procurement")
    listed = "    documentation:\n      - user_manual\n      - admin_manual\n"
    assert listed in procurement, "the Procurement base changed its documentation list"
    add("huge", "valid", swap(procurement, listed, f"    documentation: [{texts}]\n"))

    # --- deep nesting ----------------------------------------------------------------------
    add("deep", "invalid", "a: " + "[" * 33 + "]" * 33 + "\n", rule="YAML", words="deeper")
    add("deep", "invalid", "[" * 100_000, rule="YAML")
    add("deep", "invalid", "{a: " * 5_000 + "1" + "}" * 5_000 + "\n", rule="YAML", words="deeper")
    nested = "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "v: 1\n"
    add("deep", "invalid", nested, rule="YAML", words="deeper")
    add("deep", "invalid", "- " * 40 + "x\n", rule="YAML", words="deeper")
    inside = "{a: " * 25 + "1" + "}" * 25
    add("deep", "invalid", replace_line(proposal, "summary", inside), rule="SCHEMA")

    # --- many keys, many values, many documents --------------------------------------------
    add(
        "many",
        "invalid",
        HEAD + "spec:\n" + "".join(f"  k{i}: {i}\n" for i in range(5_000)),
        rule="SCHEMA",
        words="more schema problems",
    )
    add(
        "many",
        "invalid",
        HEAD + "spec:\n" + "".join(f"  k{i}: {i}\n" for i in range(120_000)),
        rule="YAML",
        words="values",
    )
    add(
        "many",
        "invalid",
        HEAD + "spec: {dimensions: [" + ", ".join(["x"] * 15_000) + "]}\n",
        rule="SCHEMA",
        words="more schema problems",
    )
    add(
        "many",
        "invalid",
        "".join("--- {a: 1}\n" for _ in range(150_000)),
        rule="YAML",
        words="more than 1000 documents",
    )
    add(
        "many",
        "valid",
        HEAD + "spec: {dimensions: [" + ", ".join(["smart_living"] * 15_000) + "]}\n",
    )
    small = "--- {apiVersion: patuh/v1, kind: System, metadata: {id: S-%d, title: T, opd: O}}\n"
    add("many", "valid", "".join(small % i for i in range(1_000)))

    # --- aliases, anchors and merge keys -----------------------------------------------------
    bomb = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    bomb += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    add("alias", "invalid", "\n".join(bomb) + "\n", rule="YAML", words="aliases")
    add(
        "alias",
        "invalid",
        swap(proposal, "  opd: Dinas Pendidikan", "  opd: &o Dinas Pendidikan")
        + "  summary_copy: *o\n",
        rule="YAML",
        words="aliases",
    )
    add("alias", "invalid", "base: &b {id: X}\nmetadata: *b\n", rule="YAML", words="aliases")
    add("alias", "invalid", "a: &k key\n*k : 1\n", rule="YAML", words="aliases")
    add("alias", "invalid", "- &x [1]\n- *x\n", rule="YAML", words="aliases")
    add("alias", "invalid", "base: &b {id: X}\nmetadata:\n  <<: *b\n", rule="YAML")
    add(
        "alias",
        "invalid",
        swap(HEAD, "metadata: {", "metadata: {<<: {x: 1}, "),
        rule="YAML",
        words="merge keys",
    )
    add("alias", "invalid", "metadata:\n  <<: [{a: 1}, {b: 2}]\n", rule="YAML", words="merge")
    add("alias", "invalid", HEAD + "spec: {'<<': {summary: x}}\n", rule="SCHEMA")  # quoted: a key

    # --- YAML tags -------------------------------------------------------------------------
    tags = [
        "!!python/object/apply:os.system ['touch /tmp/patuh-pwned']",
        "!!python/object/new:os.system [echo]",
        "!!python/name:os.system",
        "!!python/module:os",
        "!!python/tuple [1, 2]",
        "!!python/str x",
        "!<tag:yaml.org,2002:python/object/apply:os.system> [id]",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
        "!!omap [a: 1]",
        "!!timestamp 2026-01-01",
        "!!float '99.5'",
        "!!int '5'",
        "!!bool 'true'",
        "!!null ''",
        "!custom value",
        "!ruby/object:Gem::Installer x",
        "!!map {a: 1}",
    ]
    for tagged in tags:
        # `!!map` is allowed on a mapping, which spec.summary must not be.
        rule, words = ("SCHEMA", None) if tagged.startswith("!!map") else ("YAML", "tag")
        add("tag", "invalid", replace_line(proposal, "summary", tagged), rule=rule, words=words)
    add(
        "tag",
        "invalid",
        "%TAG ! tag:yaml.org,2002:python/\n---\nsummary: !object x\n",
        rule="YAML",
        words="tag",
    )
    add(
        "tag",
        "invalid",
        "%TAG !! tag:yaml.org,2002:python/\n---\nsummary: !!str x\n",
        rule="YAML",
        words="tag",
    )
    add("tag", "invalid", "%YAML 2.0\n---\na: 1\n", rule="YAML")

    # --- encodings: invalid UTF-8, UTF-16/32, BOMs -------------------------------------------
    utf8 = proposal.encode()
    bad_bytes = [
        b"\xff",
        b"\xc0\xaf",
        b"\xed\xa0\x80",
        b"\xe2\x82",
        b"\xf8\x88\x80\x80\x80",
        b"\x80",
        "é".encode("latin-1"),
    ]
    for index, bad in enumerate(bad_bytes):
        at = utf8.index(b"opd:") + 5 if index % 2 else utf8.index(b"title:") + 7
        add("encoding", "invalid", utf8[:at] + bad + utf8[at:], rule="YAML", words="UTF-8")
    add("encoding", "invalid", utf8 + b"\xe2\x82", rule="YAML", words="UTF-8")  # cut at the end
    add("encoding", "invalid", b"# \xff comment\n" + utf8, rule="YAML", words="UTF-8")
    for codec in ("utf-16", "utf-16-be", "utf-16-le", "utf-32", "utf-32-be"):
        data = proposal.encode(codec)
        bom = {"utf-16-be": b"\xfe\xff", "utf-16-le": b"\xff\xfe", "utf-32-be": b"\x00\x00\xfe\xff"}
        add("encoding", "invalid", bom.get(codec, b"") + data, rule="YAML", words="UTF-")
    add("encoding", "invalid", proposal.encode("utf-16-le"), rule="YAML", words="NUL")
    # A second BOM is a U+FEFF at the start of the text, which YAML itself skips.
    add("encoding", "compliant", b"\xef\xbb\xbf\xef\xbb\xbf" + utf8)

    # --- tabs, NUL, control and invisible characters ----------------------------------------
    add("tab", "invalid", swap(proposal, "\n  title:", "\n\ttitle:"), rule="YAML", words="tab")
    add("tab", "invalid", swap(proposal, "\n    location:", "\n  \tlocation:"), rule="YAML")
    add("tab", "invalid", swap(proposal, "\n    - ", "\n\t  - ", 1), rule="YAML", words="tab")
    add("tab", "invalid", "\tapiVersion: patuh/v1\n", rule="YAML")
    add("tab", "valid", replace_line(proposal, "summary", "'kolom\tdengan\ttab'"))
    add("tab", "compliant", swap(proposal, "title: ", "title:\t", 1))
    for position in ("start", "middle", "end"):
        at = {"start": 0, "middle": len(utf8) // 2, "end": len(utf8)}[position]
        add("control-char", "invalid", utf8[:at] + b"\x00" + utf8[at:], rule="YAML", words="NUL")
    for code in [*range(1, 9), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x80, 0x9F]:
        raw = chr(code).encode()
        add("control-char", "invalid", swap(utf8, b"title: ", b"title: x" + raw, 1), rule="YAML")
    for escaped in [
        "\\0",
        "\\a",
        "\\e[2J",
        "\\x1b[31mPATUH",
        "\\u0007",
        "\\r",
        "\\x7f",
        "\\N",
        "\\u2028",
        "\\u202e",
        "\\v",
        "\\b",
    ]:
        add(
            "control-char",
            "invalid",
            replace_line(proposal, "summary", f'"ok{escaped}x"'),
            rule="YAML",
            words="control character",
        )
    for char, words in (
        ("\u2028", "line separator"),
        ("\u2029", "line separator"),
        ("\x85", "line separator"),
        ("\u202e", "text-direction"),
        ("\u2066", "text-direction"),
    ):
        add("control-char", "invalid", "# x" + char + "y\n" + proposal, rule="YAML", words=words)
    add("control-char", "invalid", swap(proposal, "\n", "\r"), rule="YAML", words="line separator")
    add("control-char", "invalid", replace_line(proposal, "id", "UJI\u200bNOL"), rule="SCHEMA")
    add("control-char", "invalid", swap(proposal, "kind:", "k\u0456nd:", 1), rule="SCHEMA")  # і

    # --- empty and non-mapping documents ----------------------------------------------------
    for empty in [
        "",
        "\n\n",
        "   \n",
        "# hanya komentar\n",
        "---\n",
        "--- \n...\n",
        "~\n",
        "null\n",
        "---\n---\n---\n",
    ]:
        add("empty", "invalid", empty, rule="YAML", words="holds no document")
    for scalar in [
        "teks saja\n",
        "42\n",
        "true\n",
        "- a\n- b\n",
        "|\n  blok\n",
        "- " + swap(proposal, "\n", "\n  ").rstrip() + "\n",
        "[]\n",
        "'{}'\n",
    ]:
        add("non-mapping", "invalid", scalar, rule="SCHEMA", words="must be a YAML mapping")
    add("non-mapping", "invalid", "{}\n", rule="SCHEMA", words="not a patuh document")

    # --- unknown apiVersion / kind, and other envelopes ---------------------------------------
    add("envelope", "compliant", replace_line(proposal, "apiVersion", "patuh/v1   "))
    for value in ["patuh/v2", "patuh/v0", "v1", "Patuh/V1", "''", "~", "'patuh/v1 '", "patuh/v1#"]:
        add("envelope", "invalid", replace_line(proposal, "apiVersion", value), rule="SCHEMA")
    for value in ["proposal", "PROPOSAL", "Policy", "''", "~", "Proposal2"]:
        add("envelope", "invalid", replace_line(proposal, "kind", value), rule="SCHEMA")
    add(
        "envelope",
        "invalid",
        replace_line(proposal, "kind", "Waivers"),
        rule="SCHEMA",
        words="--waivers",
    )
    add("envelope", "invalid", swap(proposal, "kind: Proposal\n", ""), rule="SCHEMA")
    add("envelope", "invalid", swap(proposal, "apiVersion: patuh/v1\n", ""), rule="SCHEMA")
    add(
        "envelope",
        "invalid",
        "services: {web: {image: nginx}}\n",
        rule="SCHEMA",
        words="not a patuh document",
    )

    # --- structure: duplicate and complex keys, multi-document files --------------------------
    add(
        "structure",
        "invalid",
        swap(proposal, "  title:", "  id: LAGI\n  title:", 1),
        rule="YAML",
        words="appears twice",
    )
    add(
        "structure",
        "invalid",
        proposal + "apiVersion: patuh/v1\n",
        rule="YAML",
        words="appears twice",
    )
    add(
        "structure",
        "invalid",
        HEAD + "spec: {hosting: {location: a, location: b}}\n",
        rule="YAML",
        words="appears twice",
    )
    add("structure", "invalid", "? [a, b]\n: 1\n", rule="YAML", words="plain text")
    add("structure", "invalid", "? {a: 1}\n: 1\n", rule="YAML", words="plain text")
    add("structure", "invalid", HEAD + "spec: {1: a, true: b, ~: c}\n", rule="SCHEMA")
    add("structure", "invalid", proposal + "---\n" + HEAD + "spec: {hosting: [\n", rule="YAML")
    add("structure", "invalid", proposal + "...\ngarbage: [\n", rule="YAML")
    add("structure", "invalid", proposal + "---\n" + "- a\n", rule="SCHEMA")
    add("structure", "invalid", swap(proposal, "spec:", "spec:\n  spec:", 1), rule="SCHEMA")

    # --- hostile file names (valid, compliant content: the name must not break a report) -----
    for name in [
        b"nama\nPATUH  palsu.yaml",
        b"ansi-\x1b[2J-\x1b[31m.yaml",
        b"latin1-\xe9.yaml",
        b"rtl-\xe2\x80\xaelmay.exe.yaml",
        b"-dash-first.yaml",
        b"x" * 250 + b".yaml",
        b"spasi dan 'kutip' \"ganda\".yaml",
    ]:
        cases.append(Case(name, proposal.encode(), "file-name", "compliant"))
    return cases


def truncation_points(text: str, every_token: bool) -> list[int]:
    """Offsets strictly inside `text` where a structure begins or ends: each line start
    and, with `every_token`, after each key's colon, each `- `, and each flow `{ [ , }`."""
    points = {0}
    offset = 0
    for line in text.splitlines(keepends=True):
        points.add(offset)
        if every_token:
            for match in re.finditer(r"(?<=:)(?= |\n)|(?<=- )|[\[{,\]}]", line):
                points.add(offset + match.start())
                points.add(offset + match.end())
        offset += len(line)
    # A cut that removes only trailing blanks is no truncation.
    return sorted(p for p in points if text[p:].strip())


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
