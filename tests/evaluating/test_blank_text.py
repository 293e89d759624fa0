"""Text with no visible character is blank (policies/lib/patuh.rego `blank`), under
patuh and under conftest alike.

Issue 13.3: a certificate authority, DRP or coordination reference holding only a
zero-width space (or a soft hyphen, a Braille blank, a Hangul filler ...) looked
empty to a reviewer and satisfied the rule.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "fixtures" / "medan"

# Written as YAML escapes, so the file shows which character it holds.
INVISIBLE = [
    "\\u200b",  # zero-width space
    "\\u2060",  # word joiner
    "\\ufeff",  # zero-width no-break space (BOM)
    "\\u00ad",  # soft hyphen
    "\\u2800",  # Braille pattern blank
    "\\u3164",  # Hangul filler
    "\\u115f",  # Hangul choseong filler
    "\\uffa0",  # halfwidth Hangul filler
    "\\u00a0\\u3000 \\u200b\\t",  # no-break and ideographic spaces, mixed
]
# Issue 20.14: placeholder words and template placeholders the engine's SCHEMA check
# does not catch (a trailing ".", lower case, text around them) say nothing either.
PLACEHOLDER_WORDS = [
    "-",
    "\u2014",
    "N/A.",
    "n.a.",
    "TBD",
    "belum ada",
    "Belum\u00a0Ada.",
    "Tidak Ada",
    "nihil",
    "0",
    "?",
    "<ISI: nomor surat>.",
    "<isi: nomor surat>",
    "lihat <PILIH: a | b>",
]
# (fixture that passes, its line holding the field, the rule that must fire, its path)
FIELDS = [
    (
        # No encryption in transit: the certificate authority is the only means of
        # securing transmission (MDN-KAM-06 accepts any one, issue 22).
        "MDN-KAM-06.otoritas-sertifikat.pass.yaml",
        "      certificate_authority: BSrE\n",
        "MDN-KAM-06",
        "spec.security.encryption.in_transit",
    ),
    (
        "MDN-SLA-03.pass.yaml",
        "      plan_ref: DRP-BAPENDA-2023-02\n",
        "MDN-SLA-03",
        "spec.sla.disaster_recovery.plan_ref",
    ),
    (
        "MDN-KAM-06.pass.yaml",
        "      reference: 555/087/Diskominfo/2026\n",
        "MDN-KOOR-01",
        "spec.coordination.diskominfo.reference",
    ),
]


def _emptied(folder: Path, fixture: str, line: str, invisible: str) -> Path:
    source = (RULES / fixture).read_text()
    assert source.count(line) == 1
    key = line.split(":")[0]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{key.strip()}.yaml"
    target.write_text(source.replace(line, f'{key}: "{invisible}"\n'))
    return target


@pytest.mark.parametrize("invisible", INVISIBLE)
def test_invisible_text_is_blank_under_patuh(patuh: Any, tmp_path: Path, invisible: str) -> None:
    for fixture, line, rule, path in FIELDS:
        code, report, _ = patuh(str(_emptied(tmp_path, fixture, line, invisible)))
        [result] = report["results"]
        assert [(f["rule"], f["path"]) for f in result["findings"]] == [(rule, path)], fixture
        assert (code, result["verdict"]) == (1, "non_compliant")


@pytest.mark.parametrize("word", PLACEHOLDER_WORDS)
def test_placeholder_words_are_blank_under_patuh(patuh: Any, tmp_path: Path, word: str) -> None:
    for fixture, line, rule, path in FIELDS:
        code, report, _ = patuh(str(_emptied(tmp_path, fixture, line, word)))
        [result] = report["results"]
        assert [(f["rule"], f["path"]) for f in result["findings"]] == [(rule, path)], fixture
        assert (code, result["verdict"]) == (1, "non_compliant")


def conftest_binary() -> Path:
    """The pinned conftest `make test` builds (Makefile: $(CONFTEST), PATUH_CONFTEST_BINARY)."""
    explicit = os.environ.get("PATUH_CONFTEST_BINARY")
    if explicit:
        return Path(explicit)
    tools = subprocess.run(
        ["make", "-s", "tools-path"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    return Path(tools) / "conftest"


def conftest_rules(*documents: Path) -> dict[str, list[str]]:
    """The rules conftest reports for each of `documents` (by the path given), run as the
    README says, once for them all: each run compiles the policies again."""
    result = subprocess.run(
        [
            str(conftest_binary()),
            "test",
            "--all-namespaces",
            "--output",
            "json",
            "-p",
            "policies/lib",
            "-p",
            "policies/medan",
            "--data",
            "policies",
            *map(str, documents),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    rules: dict[str, list[str]] = {str(document): [] for document in documents}
    namespaces: dict[str, set[str]] = {str(document): set() for document in documents}
    for entry in json.loads(result.stdout):  # one entry per document and namespace
        namespaces[entry["filename"]].add(entry["namespace"])
        rules[entry["filename"]] += [
            item["msg"].split(":")[0] for item in entry.get("failures") or []
        ]
    for document, seen in namespaces.items():
        assert seen >= {"patuh.rules.medan.keamanan"}, document
    return {document: sorted(found) for document, found in rules.items()}


def test_invisible_text_is_blank_under_conftest(tmp_path: Path) -> None:
    expected: dict[Path, tuple[list[str], Any]] = {}
    for fixture, line, rule, _ in FIELDS:
        expected[RULES / fixture] = ([], fixture)  # the fixture passes
        for number, invisible in enumerate(INVISIBLE):
            emptied = _emptied(tmp_path / str(number), fixture, line, invisible)
            expected[emptied] = ([rule], (fixture, invisible))
    found = conftest_rules(*expected)
    for document, (rules, what) in expected.items():
        assert found[str(document)] == rules, what


def test_placeholder_words_are_blank_under_conftest(tmp_path: Path) -> None:
    expected: dict[Path, tuple[list[str], Any]] = {}
    for fixture, line, rule, _ in FIELDS:
        for number, word in enumerate(PLACEHOLDER_WORDS):
            emptied = _emptied(tmp_path / str(number), fixture, line, word)
            expected[emptied] = ([rule], (fixture, word))
    found = conftest_rules(*expected)
    for document, (rules, what) in expected.items():
        assert found[str(document)] == rules, what
