"""Hostile cases against the reader's limits: huge strings and files, deep nesting, many
keys, values and documents (and valid documents just inside those limits). Part of
the corpus of generate.py.
"""

from __future__ import annotations

from casebook import HEAD, MIB, Casebook, base, replace_line, swap


def huge(book: Casebook, proposal: str) -> None:
    """Huge strings, huge files."""
    book.add("huge", "invalid", replace_line(proposal, "title", "T" * 501), rule="SCHEMA")
    book.add("huge", "invalid", replace_line(proposal, "summary", "S" * 10_001), rule="SCHEMA")
    book.add(
        "huge",
        "invalid",
        replace_line(proposal, "summary", "S" * 70_000),
        rule="YAML",
        words="longer than",
    )
    book.add(
        "huge",
        "invalid",
        HEAD + "spec:\n  " + "k" * 70_000 + ": 1\n",
        rule="YAML",
        words="longer than",
    )
    # A key of more than 1024 characters is not a key to YAML (a simple key's limit).
    book.add("huge", "invalid", HEAD + "spec:\n  " + "k" * 60_000 + ": 1\n", rule="YAML")
    book.add("huge", "invalid", HEAD + "spec:\n  " + "k" * 1_000 + ": 1\n", rule="SCHEMA")
    book.add("huge", "invalid", proposal + "#" * (2 * MIB), rule="YAML", words="larger than")
    book.add("huge", "invalid", b"a" * (3 * MIB), rule="YAML", words="larger than")
    book.add("huge", "invalid", "summary: " + "x" * (MIB + 5), rule="YAML", words="longer than")
    # A valid document close to the 2 MiB limit: 200 texts of 9,990 characters.
    texts = ", ".join(f"'{'D' * 9_990}'" for _ in range(200))
    procurement = base("Procurement")
    listed = "    documentation:\n      - user_manual\n      - admin_manual\n"
    assert listed in procurement, "the Procurement base changed its documentation list"
    book.add("huge", "valid", swap(procurement, listed, f"    documentation: [{texts}]\n"))


def deep(book: Casebook, proposal: str) -> None:
    """Deep nesting."""
    book.add("deep", "invalid", "a: " + "[" * 33 + "]" * 33 + "\n", rule="YAML", words="deeper")
    book.add("deep", "invalid", "[" * 100_000, rule="YAML")
    book.add(
        "deep", "invalid", "{a: " * 5_000 + "1" + "}" * 5_000 + "\n", rule="YAML", words="deeper"
    )
    nested = "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "v: 1\n"
    book.add("deep", "invalid", nested, rule="YAML", words="deeper")
    book.add("deep", "invalid", "- " * 40 + "x\n", rule="YAML", words="deeper")
    inside = "{a: " * 25 + "1" + "}" * 25
    book.add("deep", "invalid", replace_line(proposal, "summary", inside), rule="SCHEMA")


def many(book: Casebook, proposal: str) -> None:
    """Many keys, many values, many documents."""
    book.add(
        "many",
        "invalid",
        HEAD + "spec:\n" + "".join(f"  k{i}: {i}\n" for i in range(5_000)),
        rule="SCHEMA",
        words="more schema problems",
    )
    book.add(
        "many",
        "invalid",
        HEAD + "spec:\n" + "".join(f"  k{i}: {i}\n" for i in range(120_000)),
        rule="YAML",
        words="values",
    )
    book.add(
        "many",
        "invalid",
        HEAD + "spec: {dimensions: [" + ", ".join(["x"] * 15_000) + "]}\n",
        rule="SCHEMA",
        words="more schema problems",
    )
    book.add(
        "many",
        "invalid",
        "".join("--- {a: 1}\n" for _ in range(150_000)),
        rule="YAML",
        words="more than 1000 documents",
    )
    book.add(
        "many",
        "valid",
        HEAD + "spec: {dimensions: [" + ", ".join(["smart_living"] * 15_000) + "]}\n",
    )
    small = "--- {apiVersion: patuh/v1, kind: System, metadata: {id: S-%d, title: T, opd: O}}\n"
    book.add("many", "valid", "".join(small % i for i in range(1_000)))
