"""Whether a regular expression is one OPA reads (RE2 syntax, Go's regexp), decided
before OPA ever sees it: the register's letter_form (register_schema.py) is refused
with exit 2 when it is not, never left to make a rule undefined (issue 20.12).

No RE2 library is needed for that: a pattern is accepted only when Python's `re`
compiles it AND it uses none of the constructs Python reads but RE2 refuses
(lookaround, backreferences, atomic groups, conditionals, comments, possessive
quantifiers, `\\Z`, `\\u`, `\\U`, `\\N`, octal or numbered escapes, flags RE2 has
not, repetition counts above 1,000). Conservative on purpose: a valid RE2 that
Python does not read (`\\pL`, `(?<name>...)`, `[[:alpha:]]` is read by both) is refused
too, with the reason, which costs a desk administrator a rewrite, never a rule.
"""

from __future__ import annotations

import re

# RE2's limit on a counted repetition ({n}, {n,m}).
MAX_REPEAT = 1000
# Escapes Python's `re` reads that RE2 does not (or reads otherwise: `\1` is a
# backreference in Python, an octal code in RE2).
_FOREIGN_ESCAPES = set("uUNZ0123456789")
# What may follow "(?" in RE2: a non-capturing group, a named group `(?P<`, or flags.
_GROUP = re.compile(r"\?(?::|P<[A-Za-z_][A-Za-z0-9_]*>|[ims]*(?:-[ims]*)?[:)])")
_COUNT = re.compile(r"\{(\d+)(?:,(\d*))?\}")


def re2_problem(pattern: str) -> str | None:
    """Why `pattern` is not an expression both RE2 and Python read alike, or None."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"not a regular expression: {exc}"
    except (OverflowError, RecursionError):
        return "not a regular expression: too large"
    return _foreign(pattern)


def _foreign(pattern: str) -> str | None:
    index, in_class, after_quantifier = 0, False, False
    while index < len(pattern):
        char = pattern[index]
        quantified = False
        if char == "\\":
            escaped = pattern[index + 1 : index + 2]
            if escaped in _FOREIGN_ESCAPES:
                return f"the escape \\{escaped} is not RE2 syntax"
            index += 2
            after_quantifier = False
            continue
        if in_class:
            in_class = char != "]" or _class_start(pattern, index)
        elif char == "[":
            in_class = True
        elif char == "(" and pattern.startswith("?", index + 1):
            if not _GROUP.match(pattern, index + 1):
                return f"the group {pattern[index : index + 4]}… is not RE2 syntax"
        elif char in "*+?":
            if after_quantifier and not (char == "?" and pattern[index - 1] != "?"):
                return f"the repetition {pattern[index - 1 : index + 1]} is not RE2 syntax"
            quantified = True
        elif char == "{" and (count := _COUNT.match(pattern, index)):
            if after_quantifier:
                return "a repetition of a repetition is not RE2 syntax"
            for number in count.groups():
                if number and int(number) > MAX_REPEAT:
                    return f"a repetition count above {MAX_REPEAT} is not RE2 syntax"
            index = count.end()
            after_quantifier = True
            continue
        after_quantifier = quantified
        index += 1
    return None


def _class_start(pattern: str, index: int) -> bool:
    """A "]" right after "[" or "[^" is a literal, not the end of the class."""
    before = pattern[:index]
    return before.endswith("[") or before.endswith("[^")
