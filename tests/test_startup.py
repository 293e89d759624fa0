"""What each command imports: the commands a user waits for at the prompt (`--help`,
`rules`, `explain`, `version`) load only what they use (issue 12). The times are
measured by `make bench` (bench/run_bench.py), never asserted here; this checks the
cause of those times, the modules loaded, in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import KINDS
from engine.documents import MODELS
from engine.render import RENDERERS

ROOT = Path(__file__).resolve().parent.parent

# Loaded by `patuh --help` before issue 12: the OPA client (requests, urllib3), the
# document models (pydantic), the readers and the YAML loader of documents.
HEAVY = ("requests", "urllib3", "pydantic", "engine.pipeline", "engine.yaml_loader", "pathspec")

_PROBE = """
import json, sys
from engine.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _modules_loaded(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PATUH_LANG": "id"},
        timeout=60,
        check=True,
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "args",
    [("--help",), ("check", "--help"), ("version",), ("rules",), ("explain", "MDN-PBJ-03")],
)
def test_commands_at_the_prompt_load_no_engine(args: tuple[str, ...]) -> None:
    """`rules` and `explain` read the catalog in its validated form
    (engine/catalog_validated.json), without pydantic."""
    loaded = _modules_loaded(*args)
    assert not {name for name in HEAVY if name in loaded}, args


def test_the_command_line_names_the_kinds_and_formats_there_are() -> None:
    """The CLI names kinds and formats without importing the models or renderers."""
    assert list(KINDS) == sorted(MODELS)
    for name in RENDERERS:  # each format's module is importable and renders
        assert callable(RENDERERS[name])
