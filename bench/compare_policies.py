"""Two policy folders give the same answers: patuh's query, byte for byte.

    python bench/compare_policies.py --opa PATH BEFORE_POLICIES AFTER_POLICIES TARGET...

Each TARGET (a folder or a YAML file) is read as the engine reads it (every document
that parses, invalid ones included: under conftest nothing is validated) and sent to
`opa eval` as the query patuh sends, `data.patuh.main.results`, once per variant:
the medan pack alone and both packs, each without and with the desk's register
(fixtures/register.json), all on one fixed run date. The results of both folders are
compared after JSON canonicalisation (sorted keys); the script prints "identical"
per target and variant, or the first document that differs with both answers, and
exits 1 on any difference. For rewriting the policies for speed without changing a
single finding.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from opa_input import batch_query, read_documents  # noqa: E402

RUN_DATE = "2026-11-29"
REGISTER = ROOT / "fixtures" / "register.json"
VARIANTS: list[tuple[tuple[str, ...], bool]] = [
    (("medan",), False),
    (("medan",), True),
    (("medan", "nasional"), False),
    (("medan", "nasional"), True),
]


def documents_of(target: Path) -> list[str]:
    if target.is_dir():
        return read_documents(target)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / target.name
        copy.write_bytes(target.read_bytes())
        return read_documents(Path(folder))


def results(opa: Path, policies: Path, query_input: Path) -> list[dict[str, list[object]]]:
    out = subprocess.run(
        [
            str(opa),
            "eval",
            "--data",
            str(policies),
            "--ignore",
            "*_test.rego",
            "--input",
            str(query_input),
            "--format",
            "json",
            "data.patuh.main.results",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    answer = json.loads(out.stdout)
    value: list[dict[str, list[object]]] = answer["result"][0]["expressions"][0]["value"]
    return value


def canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def compare(opa: Path, before: Path, after: Path, target: Path, work: Path) -> bool:
    documents = documents_of(target)
    register = json.loads(REGISTER.read_text(encoding="utf-8"))
    same = True
    for packs, with_register in VARIANTS:
        query_input = work / "input.json"
        query_input.write_text(
            batch_query(documents, packs, RUN_DATE, register if with_register else None),
            encoding="utf-8",
        )
        old, new = results(opa, before, query_input), results(opa, after, query_input)
        label = f"{target} ({len(documents)} documents), packs {'+'.join(packs)}" + (
            ", register" if with_register else ""
        )
        if len(old) != len(documents) or len(new) != len(documents):
            print(f"{label}: {len(old)} and {len(new)} answers for {len(documents)} documents")
            same = False
            continue
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            if canonical(a) != canonical(b):
                print(f"{label}: DIFFERENT at document {index}")
                print(f"  document: {documents[index][:400]}")
                print(f"  before:   {canonical(a)}")
                print(f"  after:    {canonical(b)}")
                same = False
                break
        else:
            findings = sum(len(r["errors"]) + len(r["warnings"]) for r in old)
            print(f"{label}: identical ({findings} findings)")
    return same


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opa", type=Path, required=True)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("targets", type=Path, nargs="+")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        outcomes = [compare(args.opa, args.before, args.after, t, Path(work)) for t in args.targets]
    return 0 if all(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
