"""Mutation testing of the policies: does some test notice when a rule changes?

    python bench/mutants.py --opa PATH [--conftest PATH] [--jobs 2] [--only medan/sla.rego]
                            [--allowed bench/mutants_equivalent.yaml] [--list]

`opa test --coverage` says every line ran, not that every condition is pinned. This
script makes one small change at a time (a mutant) in each rule file and its
parameters, and runs the tests on the changed policies:

- comparisons and boundaries: `<=` to `<`, `<` to `<=`, `>=` to `>`, `>` to `>=`,
  `==` to `!=` and back;
- numbers: each number one more and one less;
- a condition line deleted (a line of a rule body);
- `not x` to `x`;
- an element dropped from a literal set, from the array of a `some x in [...]`, or
  an entry from a literal object;
- every parameter of a data.json: a number one more and one less, a list without
  each element, a boolean flipped.

A mutant is *killed* when `opa test` fails on it, *invalid* when the changed policies
do not compile (not counted). A mutant `opa test` lets through is run under the other
guards of `make test` that read the policies themselves: `opa check --strict`, then
the conftest agreement tests (tests/evaluating/test_conftest_*.py, on a copy of the
policies and fixtures). One that passes all of them *survives*.

A survivor is either a behaviour no test pins (write the test) or an equivalent
mutant: a change that cannot alter any verdict. Equivalent mutants are listed, each
with a one-line reason, in bench/mutants_equivalent.yaml, keyed by what stays when
rules move: the file, the rule (a deny/warn rule by its id), the kind of change, and
the source text before and after (never line numbers). The run prints a score per
file and every survivor; it fails (status 1) on a survivor not on the list, and names
the entries of the list that no surviving mutant matches any more (a test kills them
now, or the rule changed): those go.

Not part of `make test`: ~600 mutants at ~1 s each take minutes (`make mutants`).
At most --jobs mutants run at once (each in its own copy of the policies).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "policies"
ALLOWED = ROOT / "bench" / "mutants_equivalent.yaml"
# The conftest agreement tests, run on a survivor in a copy of what they read.
CONFTEST_TESTS = sorted((ROOT / "tests" / "evaluating").glob("test_conftest_*.py"))


@dataclass(frozen=True)
class Mutant:
    file: str  # relative to policies/, e.g. "medan/sla.rego"
    rule: str  # the rule or function the change is in ("deny MDN-SLA-05", "_recent")
    kind: str  # comparison, number, delete-line, negation, drop-element, parameter
    before: str  # the source line (or parameter) before the change, stripped
    after: str  # the same after it
    line: int  # for the reader only: never part of the key
    text: str  # the whole mutated file

    def key(self) -> tuple[str, str, str, str, str]:
        return (self.file, self.rule, self.kind, self.before, self.after)


# --- Reading Rego: which characters are code (not comment, not string) -------------


def code_only(source: str) -> str:
    """`source` with every comment blanked to spaces and the inside of every string
    ("..." with escapes, `raw`) to underscores: the same length and lines, so that a
    pattern matched in it is code, never text a rule prints or a comment says."""
    out = list(source)
    i = 0
    while i < len(source):
        char = source[i]
        if char == "#":
            end = source.find("\n", i)
            end = len(source) if end < 0 else end
            out[i:end] = " " * (end - i)
            i = end
        elif char in '"`':
            j = i + 1
            while j < len(source) and source[j] != char:
                j += 2 if char == '"' and source[j] == "\\" else 1
            j = min(j, len(source) - 1)
            out[i + 1 : j] = ["\n" if c == "\n" else "_" for c in source[i + 1 : j]]
            i = j + 1
        else:
            i += 1
    return "".join(out)


_HEAD = re.compile(r"^([A-Za-z_][A-Za-z0-9_.]*)")
_FINDING_ID = re.compile(r'"([A-Z]{2,4}-[A-Z]+-[0-9]+)"')


def rule_names(source: str) -> list[str]:
    """For each line, the rule or function it belongs to: the name of the last head at
    column 0; for deny/warn, with the rule id its finding names first."""
    names: list[str] = []
    current = ""
    lines = source.split("\n")
    for number, line in enumerate(lines):
        head = _HEAD.match(line)
        if head and head.group(1) not in ("package", "import", "else"):
            current = head.group(1)
            if current == "default":
                current = line.split()[1]
            if current in ("deny", "warn"):
                for ahead in lines[number : number + 4]:
                    found = _FINDING_ID.search(ahead)
                    if found:
                        current = f"{current} {found.group(1)}"
                        break
        names.append(current)
    return names


def _line_of(source: str, position: int) -> int:
    return source.count("\n", 0, position)


def _matching(code: str, start: int) -> int:
    """The position of the bracket closing the one at `start` (in code-only text)."""
    pairs = {"{": "}", "[": "]", "(": ")"}
    depth, opening, closing = 0, code[start], pairs[code[start]]
    for i in range(start, len(code)):
        if code[i] == opening:
            depth += 1
        elif code[i] == closing:
            depth -= 1
            if depth == 0:
                return i
    return -1


# --- Mutation operators on a .rego file ---------------------------------------------

_COMPARISON = re.compile(r"<=|>=|==|!=|(?<![<>=!:])[<>](?!=)")
_SWAP = {"<=": "<", "<": "<=", ">=": ">", ">": ">=", "==": "!=", "!=": "=="}
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")
_NOT = re.compile(r"\bnot\s+")
_STRING_ITEM = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_LITERAL = r'(?:"[^"\\]*(?:\\.[^"\\]*)*"|true|false|null|-?\d+(?:\.\d+)?)'
_ITEM = re.compile(rf"\s*(?:{_STRING_ITEM}\s*:\s*{_LITERAL}|{_STRING_ITEM})\s*(?:,|$)")


def _numbers_changed(literal: str) -> list[str]:
    if "." in literal:
        value = float(literal)
        places = len(literal.split(".")[1])
        step = 10**-places
        return [f"{value + step:.{places}f}", f"{value - step:.{places}f}"]
    value_int = int(literal)
    return [str(value_int + 1)] + ([str(value_int - 1)] if value_int > 0 else [])


def _collection_items(source: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """The spans of the items of the literal collection between `start` and `end`
    (the brackets), each with its comma; None when it is not a literal of strings
    (or of "key": literal entries)."""
    inner = source[start + 1 : end]
    # Comments between the items are allowed (a written-out constant).
    stripped = re.sub(r"#[^\n]*", lambda m: " " * len(m.group(0)), inner)
    items: list[tuple[int, int]] = []
    position = 0
    while stripped[position:].strip():
        found = _ITEM.match(stripped, position)
        if not found:
            return None
        items.append((start + 1 + position, start + 1 + found.end()))
        position = found.end()
    return items or None


def _drop_item(source: str, span: tuple[int, int], last: bool, start: int) -> str:
    """`source` without the item at `span`; the last item takes the comma before it."""
    begin, end = span
    if last:
        before = source[start + 1 : begin]
        comma = before.rfind(",")
        if comma >= 0:
            begin = start + 1 + comma
    return source[:begin] + source[end:]


def rego_mutants(relative: str, source: str) -> Iterator[Mutant]:
    code = code_only(source)
    lines = source.split("\n")
    names = rule_names(source)

    def mutant(kind: str, start: int, end: int, replacement: str) -> Mutant:
        text = source[:start] + replacement + source[end:]
        number = _line_of(source, start)
        after_lines = text.split("\n")
        after = "\n".join(after_lines[number : number + 1 + replacement.count("\n")])
        span_lines = source[start:end].count("\n")
        before = "\n".join(lines[number : number + 1 + span_lines])
        return Mutant(
            relative,
            names[number],
            kind,
            " ".join(before.split()),
            " ".join(after.split()),
            number + 1,
            text,
        )

    for found in _COMPARISON.finditer(code):
        op = found.group(0)
        yield mutant("comparison", found.start(), found.end(), _SWAP[op])

    for found in _NUMBER.finditer(code):
        # Not in a package path or an identifier; only code characters.
        for changed in _numbers_changed(found.group(0)):
            yield mutant("number", found.start(), found.end(), changed)

    for found in _NOT.finditer(code):
        yield mutant("negation", found.start(), found.end(), "")

    # Literal collections: sets and objects ({...}), arrays iterated by `some x in [...]`.
    for found in re.finditer(r"\{|\bin\s*\[", code):
        start = found.end() - 1
        end = _matching(code, start)
        if end < 0:
            continue
        items = _collection_items(source, start, end)
        if not items or (code[start] == "{" and not _is_literal_brace(code, start)):
            continue
        for index, span in enumerate(items):
            text_after = _drop_item(source, span, index == len(items) - 1 and index > 0, start)
            number = _line_of(source, span[0])
            dropped = " ".join(source[span[0] : span[1]].split()).rstrip(",").strip()
            yield Mutant(
                relative,
                names[number],
                "drop-element",
                " ".join(source[start : end + 1].split()),
                f"without {dropped}",
                number + 1,
                text_after,
            )

    # Condition lines: each whole line of a rule body (a brace opened by `if {`,
    # `every ... {` or `else ... {`), complete in itself.
    body_depth = _body_lines(code)
    offset = 0
    for number, line in enumerate(lines):
        line_code = code[offset : offset + len(line)]
        stripped = line_code.strip()
        if (
            body_depth[number]
            and stripped
            and not stripped.startswith("#")
            and stripped not in ("}", ")", "]")
            and not stripped.endswith(("{", "[", "(", ","))
            and _balanced(line_code)
        ):
            yield Mutant(
                relative,
                names[number],
                "delete-line",
                " ".join(line.split()),
                "",
                number + 1,
                source[:offset] + source[offset + len(line) + 1 :],
            )
        offset += len(line) + 1


def _is_literal_brace(code: str, start: int) -> bool:
    before = code[:start].rstrip()
    return not (before.endswith("if") or before.endswith("else") or _opens_every(code, start))


def _opens_every(code: str, start: int) -> bool:
    line_start = code.rfind("\n", 0, start) + 1
    return code[line_start:start].strip().startswith("every ")


def _balanced(line: str) -> bool:
    return all(line.count(a) == line.count(b) for a, b in ("()", "[]", "{}"))


def _body_lines(code: str) -> list[bool]:
    """For each line, whether it starts inside a rule body (and not inside a literal
    collection or a call written over several lines)."""
    stack: list[str] = []
    result: list[bool] = []
    line_start = 0
    for line in code.split("\n"):
        result.append(bool(stack) and stack[-1] == "body")
        for column, char in enumerate(line):
            if char == "{":
                kind = "literal" if _is_literal_brace(code, line_start + column) else "body"
                stack.append(kind)
            elif char in "[(":
                stack.append("literal")
            elif char in "}])" and stack:
                stack.pop()
        line_start += len(line) + 1
    return result


# --- Mutation of data.json parameters -----------------------------------------------


def data_mutants(relative: str, source: str) -> Iterator[Mutant]:
    document = json.loads(source)

    def walk(value: Any, path: list[str | int]) -> Iterator[tuple[list[str | int], Any]]:
        if isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, [*path, key])
        elif isinstance(value, list):
            for index in range(len(value)):
                yield path, ("drop", index)
        else:
            yield path, value

    def changed(path: list[str | int], new: Any) -> Any:
        copy = json.loads(source)
        target = copy
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = new
        return copy

    for path, value in list(walk(document, [])):
        name = ".".join(str(p) for p in path)
        if isinstance(value, tuple) and value[0] == "drop":
            original = _at(document, path)
            new = [v for i, v in enumerate(original) if i != value[1]]
            yield _data_mutant(relative, name, original, new, changed(path, new))
        elif isinstance(value, bool):
            yield _data_mutant(relative, name, value, not value, changed(path, not value))
        elif isinstance(value, int | float):
            literal = json.dumps(value)
            for new_literal in _numbers_changed(literal):
                number = float(new_literal) if "." in new_literal else int(new_literal)
                yield _data_mutant(relative, name, value, number, changed(path, number))


def _at(document: Any, path: list[str | int]) -> Any:
    for key in path:
        document = document[key]
    return document


def _data_mutant(relative: str, name: str, before: Any, after: Any, document: Any) -> Mutant:
    return Mutant(
        relative,
        name,
        "parameter",
        json.dumps(before, ensure_ascii=False),
        json.dumps(after, ensure_ascii=False),
        0,
        json.dumps(document, indent=2, ensure_ascii=False) + "\n",
    )


def mutants_of(policies: Path, only: list[str]) -> list[Mutant]:
    found: list[Mutant] = []
    for path in sorted(policies.rglob("*")):
        relative = path.relative_to(policies).as_posix()
        if only and relative not in only:
            continue
        if path.suffix == ".rego" and not path.name.endswith("_test.rego"):
            found += rego_mutants(relative, path.read_text(encoding="utf-8"))
        elif path.name == "data.json":
            found += data_mutants(relative, path.read_text(encoding="utf-8"))
    return found


# --- Running the tests on a mutant --------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    mutant: Mutant
    verdict: str  # killed, invalid, survived
    by: str  # what killed it: "opa test", "opa check --strict", "conftest tests"


class Workspace:
    """A copy of the repository's policies (and what the conftest tests read) in
    which one mutant at a time is written and tested; one per worker."""

    def __init__(self, opa: Path, conftest: Path | None) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="patuh-mutants-"))
        self.opa, self.conftest = opa, conftest
        shutil.copytree(POLICIES, self.root / "policies")
        shutil.copytree(ROOT / "fixtures", self.root / "fixtures")
        tests = self.root / "tests" / "evaluating"
        tests.mkdir(parents=True)
        for test in CONFTEST_TESTS:
            shutil.copy(test, tests / test.name)
        # An empty configuration: pytest then reads none of the project's (no xdist).
        (self.root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")

    def run(self, mutant: Mutant) -> Outcome:
        target = self.root / "policies" / mutant.file
        original = (POLICIES / mutant.file).read_text(encoding="utf-8")
        target.write_text(mutant.text, encoding="utf-8")
        try:
            return self._judge(mutant)
        finally:
            target.write_text(original, encoding="utf-8")

    def _opa_test(self, only: str | None) -> subprocess.CompletedProcess[str]:
        """`opa test` on the whole copy of the policies (every package compiled, as
        the engine loads them), running only the tests whose names match `only`."""
        return subprocess.run(
            # A test's 5 s default limit is reached on a busy machine: a test stopped
            # by it would count as a kill that no test made.
            [str(self.opa), "test", "--timeout=600s", "--format=json"]
            + (["--run", only] if only else [])
            + [str(self.root / "policies")],
            capture_output=True,
            text=True,
        )

    def _judge(self, mutant: Mutant) -> Outcome:
        policies = str(self.root / "policies")
        # The tests near the change first (the helpers' and the rule area's pack:
        # seconds), then, when they all pass, every test (the batch entrypoint's cost
        # most); a kill is a kill of the whole suite either way.
        top = mutant.file.split("/")[0]
        near = None
        if "/" in mutant.file:
            packs = r"[a-z_]+" if top == "lib" else re.escape(top)
            near = rf"^data\.patuh\.(lib_test|rules\.{packs}\.[a-z_]+_test)\."
        for only in [near, None] if near else [None]:
            test = self._opa_test(only)
            if test.returncode != 0:
                try:
                    results = json.loads(test.stdout)
                except json.JSONDecodeError:
                    return Outcome(mutant, "invalid", "does not compile")
                if not isinstance(results, list) or not results:
                    return Outcome(mutant, "invalid", "does not compile")
                return Outcome(mutant, "killed", "opa test")
        check = subprocess.run(
            [str(self.opa), "check", "--strict", policies], capture_output=True, text=True
        )
        if check.returncode != 0:
            return Outcome(mutant, "killed", "opa check --strict")
        if self.conftest is not None and CONFTEST_TESTS:
            environment = dict(os.environ, PATUH_CONFTEST_BINARY=str(self.conftest))
            agreement = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pytest",
                    "-q",
                    "-x",
                    "-p",
                    "no:cacheprovider",
                    "-c",
                    str(self.root / "pytest.ini"),
                    "--rootdir",
                    str(self.root),
                    str(self.root / "tests" / "evaluating"),
                ],
                capture_output=True,
                text=True,
                cwd=self.root,
                env=environment,
            )
            if agreement.returncode == 1:
                return Outcome(mutant, "killed", "conftest tests")
            if agreement.returncode != 0:
                raise RuntimeError(f"the conftest tests did not run:\n{agreement.stdout}")
        return Outcome(mutant, "survived", "")

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def run_all(mutants: list[Mutant], opa: Path, conftest: Path | None, jobs: int) -> list[Outcome]:
    local = threading.local()
    workspaces: list[Workspace] = []
    lock = threading.Lock()
    done = [0]

    def one(mutant: Mutant) -> Outcome:
        if not hasattr(local, "workspace"):
            local.workspace = Workspace(opa, conftest)
            with lock:
                workspaces.append(local.workspace)
        outcome: Outcome = local.workspace.run(mutant)
        with lock:
            done[0] += 1
            if done[0] % 50 == 0:
                print(f"  {done[0]}/{len(mutants)} mutants", file=sys.stderr, flush=True)
        return outcome

    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            return list(pool.map(one, mutants))
    finally:
        for workspace in workspaces:
            workspace.remove()


# --- The list of equivalent mutants -------------------------------------------------


def read_allowed(path: Path) -> dict[tuple[str, str, str, str, str], str]:
    """key -> reason, from the reviewed list (each entry: file, rule, kind, before,
    after, reason)."""
    if not path.is_file():
        return {}
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    allowed: dict[tuple[str, str, str, str, str], str] = {}
    for entry in entries:
        key = (entry["file"], entry["rule"], entry["kind"], entry["before"], entry["after"])
        reason = str(entry.get("reason") or "").strip()
        if not reason:
            raise SystemExit(f"{path}: an entry without a reason: {key}")
        allowed[key] = reason
    return allowed


def report(outcomes: list[Outcome], allowed: dict[tuple[str, str, str, str, str], str]) -> int:
    by_file: dict[str, dict[str, int]] = {}
    unlisted: list[Outcome] = []
    listed: list[Outcome] = []
    for outcome in outcomes:
        counts = by_file.setdefault(
            outcome.mutant.file, {"killed": 0, "invalid": 0, "survived": 0, "listed": 0}
        )
        counts[outcome.verdict] += 1
        if outcome.verdict == "survived":
            if outcome.mutant.key() in allowed:
                counts["listed"] += 1
                listed.append(outcome)
            else:
                unlisted.append(outcome)

    header = f"{'file':<26} {'mutants':>7} {'invalid':>7} {'killed':>6} {'surv.':>5} {'listed':>6}"
    print(f"{header} {'score':>7} {'score*':>7}")
    totals = {"killed": 0, "invalid": 0, "survived": 0, "listed": 0}
    for file, counts in sorted(by_file.items()):
        for name in totals:
            totals[name] += counts[name]
        _print_row(file, counts)
    _print_row("all", totals)
    print("score: killed / (killed + survived); score*: equivalent mutants (listed) not counted")

    kinds: dict[str, str] = {}
    for outcome in outcomes:
        if outcome.verdict == "killed":
            kinds[outcome.by] = kinds.get(outcome.by, "") + "."
    print("killed by: " + ", ".join(f"{by} {len(dots)}" for by, dots in sorted(kinds.items())))

    if listed:
        print(f"\nequivalent (bench/mutants_equivalent.yaml): {len(listed)}")
        for outcome in listed:
            print(f"  {_describe(outcome.mutant)}\n      {allowed[outcome.mutant.key()]}")
    failed = 0
    # An entry is stale when no mutant of the tested files has its key any more, or
    # when every mutant with its key is killed now (a test tells it from the rule).
    surviving = {o.mutant.key() for o in outcomes if o.verdict == "survived"}
    tested_files = {outcome.mutant.file for outcome in outcomes}
    stale = [key for key in allowed if key[0] in tested_files and key not in surviving]
    if stale:
        print(f"\nlisted, but no surviving mutant has the key (remove it): {len(stale)}")
        for key in stale:
            print(f"  {key}")
        failed = 1
    if unlisted:
        print(f"\nSURVIVORS not on the list: {len(unlisted)}")
        for outcome in unlisted:
            print(f"  {_describe(outcome.mutant)}")
            print(
                "    "
                + yaml.safe_dump(_entry(outcome.mutant), allow_unicode=True, width=200)
                .replace("\n", "\n    ")
                .rstrip()
            )
        return 1
    print("\nno survivor that is not on the list")
    return failed


def _print_row(file: str, counts: dict[str, int]) -> None:
    valid = counts["killed"] + counts["survived"]
    score = 100 * counts["killed"] / valid if valid else 100.0
    judged = valid - counts["listed"]
    score_star = 100 * counts["killed"] / judged if judged else 100.0
    total = valid + counts["invalid"]
    print(
        f"{file:<26} {total:>7} {counts['invalid']:>7} {counts['killed']:>6} "
        f"{counts['survived']:>5} {counts['listed']:>6} {score:>6.1f}% {score_star:>6.1f}%"
    )


def _describe(mutant: Mutant) -> str:
    where = f"{mutant.file}:{mutant.line}" if mutant.line else mutant.file
    return f"{where} [{mutant.rule}] {mutant.kind}: {mutant.before!r} -> {mutant.after!r}"


def _entry(mutant: Mutant) -> list[dict[str, str]]:
    return [
        {
            "file": mutant.file,
            "rule": mutant.rule,
            "kind": mutant.kind,
            "before": mutant.before,
            "after": mutant.after,
            "reason": "...",
        }
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opa", type=Path, default=os.environ.get("PATUH_OPA_BINARY"))
    parser.add_argument(
        "--conftest", type=Path, default=os.environ.get("PATUH_CONFTEST_BINARY") or None
    )
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once (2)")
    parser.add_argument("--only", action="append", default=[], help="a file under policies/")
    parser.add_argument("--allowed", type=Path, default=ALLOWED)
    parser.add_argument("--list", action="store_true", help="list the mutants, test none")
    arguments = parser.parse_args()

    mutants = mutants_of(POLICIES, arguments.only)
    if arguments.list:
        for mutant in mutants:
            print(_describe(mutant))
        print(f"{len(mutants)} mutants")
        return 0
    if arguments.opa is None or not Path(arguments.opa).is_file():
        parser.error("--opa (or PATUH_OPA_BINARY): the pinned OPA, built by `make setup`")
    conftest = arguments.conftest
    if conftest is not None and not conftest.is_file():
        parser.error(f"--conftest {conftest} is not a file: `make mutants` builds it")
    print(f"{len(mutants)} mutants, {arguments.jobs} at a time", file=sys.stderr, flush=True)
    outcomes = run_all(mutants, Path(arguments.opa), conftest, arguments.jobs)
    return report(outcomes, read_allowed(arguments.allowed))


if __name__ == "__main__":
    sys.exit(main())
