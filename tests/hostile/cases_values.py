"""Hostile cases at the schema's level: values of the wrong type, numbers out of range
(NaN and infinities among them), documents that are empty or not mappings, and
unknown or broken envelopes (apiVersion, kind). Part of the corpus of generate.py.
"""

from __future__ import annotations

from casebook import HEAD, Casebook, replace_line, swap


def wrong_types(book: Casebook, proposal: str) -> None:
    """Wrong types."""
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
            book.add("wrong-type", "invalid", replace_line(proposal, key, value), rule="SCHEMA")
    for value in ["password-mfa", "[password]", "PASSWORD_MFA"]:
        wrong = swap(proposal, "method: password_mfa", f"method: {value}")
        book.add("wrong-type", "invalid", wrong, rule="SCHEMA")
    book.add("wrong-type", "invalid", replace_line(proposal, "kind", "[Proposal]"), rule="SCHEMA")
    book.add("wrong-type", "invalid", replace_line(proposal, "apiVersion", "1"), rule="SCHEMA")
    book.add("wrong-type", "invalid", replace_line(proposal, "metadata", "x"), rule="SCHEMA")
    book.add("wrong-type", "invalid", HEAD + "spec: [1, 2]\n", rule="SCHEMA")
    book.add("wrong-type", "invalid", HEAD + "spec: text\n", rule="SCHEMA")


def numbers(book: Casebook, proposal: str) -> None:
    """Numbers out of range, NaN and infinities."""
    for value in ["-0.1", "100.0001", "1e308", "-1e308", "140", "-5"]:
        book.add(
            "range", "invalid", replace_line(proposal, "availability_percent", value), rule="SCHEMA"
        )
    for value in ["-1", "-9223372036854775807"]:
        book.add("range", "invalid", replace_line(proposal, "amount_idr", value), rule="SCHEMA")
    for value in ["9223372036854775808", "-9223372036854775809", "9" * 5000, "1" + "0" * 30]:
        book.add(
            "range",
            "invalid",
            replace_line(proposal, "amount_idr", value),
            rule="YAML",
            words="out of the supported range",
        )
    for value in ["1000001", "1e7", "-0.5"]:
        book.add("range", "invalid", replace_line(proposal, "rpo_hours", value), rule="SCHEMA")
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
        book.add(
            "nonfinite",
            "invalid",
            replace_line(proposal, "availability_percent", value),
            rule="YAML",
            words="finite",
        )
    for value in ["nan", "inf", "NaN", "Infinity", "-Infinity"]:  # plain text, not numbers
        book.add(
            "nonfinite",
            "invalid",
            replace_line(proposal, "availability_percent", value),
            rule="SCHEMA",
        )


def not_documents(book: Casebook, proposal: str) -> None:
    """Empty and non-mapping documents."""
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
        book.add("empty", "invalid", empty, rule="YAML", words="holds no document")
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
        book.add("non-mapping", "invalid", scalar, rule="SCHEMA", words="must be a YAML mapping")
    book.add("non-mapping", "invalid", "{}\n", rule="SCHEMA", words="not a patuh document")


def envelopes(book: Casebook, proposal: str) -> None:
    """Unknown apiVersion / kind, and other envelopes."""
    book.add("envelope", "compliant", replace_line(proposal, "apiVersion", "patuh/v1   "))
    for value in ["patuh/v2", "patuh/v0", "v1", "Patuh/V1", "''", "~", "'patuh/v1 '", "patuh/v1#"]:
        book.add("envelope", "invalid", replace_line(proposal, "apiVersion", value), rule="SCHEMA")
    for value in ["proposal", "PROPOSAL", "Policy", "''", "~", "Proposal2"]:
        book.add("envelope", "invalid", replace_line(proposal, "kind", value), rule="SCHEMA")
    book.add(
        "envelope",
        "invalid",
        replace_line(proposal, "kind", "Waivers"),
        rule="SCHEMA",
        words="--waivers",
    )
    book.add("envelope", "invalid", swap(proposal, "kind: Proposal\n", ""), rule="SCHEMA")
    book.add("envelope", "invalid", swap(proposal, "apiVersion: patuh/v1\n", ""), rule="SCHEMA")
    book.add(
        "envelope",
        "invalid",
        "services: {web: {image: nginx}}\n",
        rule="SCHEMA",
        words="not a patuh document",
    )
