"""Hostile cases of YAML features patuh refuses or must read safely: aliases, anchors
and merge keys, tags (Python object constructors among them), duplicate and complex
keys, broken multi-document files. Part of the corpus of generate.py.
"""

from __future__ import annotations

from casebook import HEAD, Casebook, replace_line, swap


def aliases(book: Casebook, proposal: str) -> None:
    """Aliases, anchors and merge keys."""
    bomb = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    bomb += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    book.add("alias", "invalid", "\n".join(bomb) + "\n", rule="YAML", words="aliases")
    book.add(
        "alias",
        "invalid",
        swap(proposal, "  opd: Dinas Pendidikan", "  opd: &o Dinas Pendidikan")
        + "  summary_copy: *o\n",
        rule="YAML",
        words="aliases",
    )
    book.add("alias", "invalid", "base: &b {id: X}\nmetadata: *b\n", rule="YAML", words="aliases")
    book.add("alias", "invalid", "a: &k key\n*k : 1\n", rule="YAML", words="aliases")
    book.add("alias", "invalid", "- &x [1]\n- *x\n", rule="YAML", words="aliases")
    book.add("alias", "invalid", "base: &b {id: X}\nmetadata:\n  <<: *b\n", rule="YAML")
    book.add(
        "alias",
        "invalid",
        swap(HEAD, "metadata: {", "metadata: {<<: {x: 1}, "),
        rule="YAML",
        words="merge keys",
    )
    book.add("alias", "invalid", "metadata:\n  <<: [{a: 1}, {b: 2}]\n", rule="YAML", words="merge")
    # Quoted, `<<` is a key (no merge).
    book.add("alias", "invalid", HEAD + "spec: {'<<': {summary: x}}\n", rule="SCHEMA")


def tags(book: Casebook, proposal: str) -> None:
    """YAML tags."""
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
        book.add(
            "tag", "invalid", replace_line(proposal, "summary", tagged), rule=rule, words=words
        )
    book.add(
        "tag",
        "invalid",
        "%TAG ! tag:yaml.org,2002:python/\n---\nsummary: !object x\n",
        rule="YAML",
        words="tag",
    )
    book.add(
        "tag",
        "invalid",
        "%TAG !! tag:yaml.org,2002:python/\n---\nsummary: !!str x\n",
        rule="YAML",
        words="tag",
    )
    book.add("tag", "invalid", "%YAML 2.0\n---\na: 1\n", rule="YAML")


def structure(book: Casebook, proposal: str) -> None:
    """Structure: duplicate and complex keys, multi-document files."""
    book.add(
        "structure",
        "invalid",
        swap(proposal, "  title:", "  id: LAGI\n  title:", 1),
        rule="YAML",
        words="appears twice",
    )
    book.add(
        "structure",
        "invalid",
        proposal + "apiVersion: patuh/v1\n",
        rule="YAML",
        words="appears twice",
    )
    book.add(
        "structure",
        "invalid",
        HEAD + "spec: {hosting: {location: a, location: b}}\n",
        rule="YAML",
        words="appears twice",
    )
    book.add("structure", "invalid", "? [a, b]\n: 1\n", rule="YAML", words="plain text")
    book.add("structure", "invalid", "? {a: 1}\n: 1\n", rule="YAML", words="plain text")
    book.add("structure", "invalid", HEAD + "spec: {1: a, true: b, ~: c}\n", rule="SCHEMA")
    book.add("structure", "invalid", proposal + "---\n" + HEAD + "spec: {hosting: [\n", rule="YAML")
    book.add("structure", "invalid", proposal + "...\ngarbage: [\n", rule="YAML")
    book.add("structure", "invalid", proposal + "---\n" + "- a\n", rule="SCHEMA")
    book.add("structure", "invalid", swap(proposal, "spec:", "spec:\n  spec:", 1), rule="SCHEMA")
