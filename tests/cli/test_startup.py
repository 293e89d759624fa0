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
from typing import Any

import pytest

from engine.catalog.rules import load_catalog
from engine.cli.options import KINDS
from engine.findings import DocumentResult, EngineInfo, Finding, Report
from engine.reading.models import MODELS
from engine.reporting.render import RENDERERS

ROOT = Path(__file__).resolve().parents[2]

# Loaded by `patuh --help` before issue 12: the OPA client (requests, urllib3), the
# document models (pydantic), the readers and the YAML loader of documents.
HEAVY = (
    "requests",
    "urllib3",
    "pydantic",
    "engine.check.run",
    "engine.reading.yaml_loader",
    "pathspec",
)

_PROBE = """
import json, sys
from engine.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _probe(
    script: str, *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], Any]:
    """Run `script` (a probe) with patuh's arguments in a fresh interpreter: the run,
    and what the probe printed last on stderr (JSON)."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )
    return done, json.loads(done.stderr.strip().splitlines()[-1])


def _modules_loaded(*args: str) -> set[str]:
    done, loaded = _probe(_PROBE, *args, env={"PATUH_LANG": "id"})
    assert done.returncode == 0, done.stderr
    return set(loaded)


@pytest.mark.parametrize(
    "args",
    [("--help",), ("check", "--help"), ("version",), ("rules",), ("explain", "MDN-PBJ-03")],
)
def test_commands_at_the_prompt_load_no_engine(args: tuple[str, ...]) -> None:
    """`rules` and `explain` read the catalog in its validated form
    (engine/catalog/validated.json), without pydantic."""
    loaded = _modules_loaded(*args)
    assert not {name for name in HEAVY if name in loaded}, args


def test_the_command_line_names_the_kinds_and_formats_there_are() -> None:
    """The CLI names kinds and formats without importing the models or renderers; each
    format it names is imported on first use and renders a report naming its finding."""
    assert list(KINDS) == sorted(MODELS)
    finding = Finding(
        rule="MDN-KOOR-01", severity="error", path="spec.coordination.diskominfo", line=7
    )
    report = Report(
        results=[
            DocumentResult(
                file="usulan-telemedicine.yaml",
                index=0,
                kind="Proposal",
                id="DINKES-2026-007",
                findings=[finding],
                evaluated=True,
            )
        ],
        engine=EngineInfo(),
    )
    catalog = load_catalog()
    for name, render in RENDERERS.items():
        written = render(report, catalog, "id")
        assert "MDN-KOOR-01" in written, name
        assert "usulan-telemedicine.yaml" in written, name


_POPEN_PROBE = """
import json, subprocess, sys
calls = []
real = subprocess.Popen.__init__

def recording(self, args, *rest, **options):
    calls.append(
        [list(map(str, args))[1:2], "engine.check.run" in sys.modules,
         "engine.reading.validation" in sys.modules]
    )
    real(self, args, *rest, **options)

subprocess.Popen.__init__ = recording
from engine.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    status = exit.code
print(json.dumps({"calls": calls, "status": status}), file=sys.stderr)
"""


def test_a_check_without_cache_starts_opa_before_importing_the_readers() -> None:
    """`opa version` and the managed OPA start first, and run while patuh imports its
    readers and reads the file (they took ~0.1 s each after it, issue 12); the server
    begun early is the one used: OPA is started once."""
    document = str(ROOT / "fixtures" / "medan" / "MDN-SLA-01.fail.yaml")
    done, probe = _probe(_POPEN_PROBE, "check", "--no-cache", "--format", "json", document)
    assert probe["status"] == 1, done.stderr  # MDN-SLA-01 fires: OPA answered
    assert json.loads(done.stdout)["results"][0]["findings"][0]["rule"] == "MDN-SLA-01"
    opa_calls = [(args[0], imported) for args, imported, _ in probe["calls"] if args]
    assert ("version", False) in opa_calls
    assert ("run", False) in opa_calls
    assert [call for call in opa_calls if call[0] == "run"] == [("run", False)]


def test_a_check_uses_the_opa_client_without_its_asyncio_half() -> None:
    """opa-python-client's package `__init__` also imports its asyncio client and
    aiohttp (0.1-0.4 s of CPU, an SSL context built at import); patuh uses the
    synchronous client only (engine/evaluating/opa/client.py), and a check that OPA answers
    loads that one without aiohttp."""
    document = str(ROOT / "fixtures" / "medan" / "MDN-SLA-01.fail.yaml")
    done, modules = _probe(_PROBE, "check", "--no-cache", "--format", "json", document)
    assert done.returncode == 0, done.stderr  # the probe ends normally
    assert json.loads(done.stdout)["results"][0]["findings"][0]["rule"] == "MDN-SLA-01"
    loaded = set(modules)
    assert "opa_client.opa" in loaded
    assert "opa_client.opa_async" not in loaded
    assert not {name for name in loaded if name.split(".")[0] == "aiohttp"}


def test_a_check_without_patterns_or_waivers_loads_neither() -> None:
    """pathspec (for --exclude and .patuhignore patterns, ~0.05 s) and the waiver
    models are loaded by the checks that use them only; with them, they still apply
    (tests/reading/test_selection.py, tests/waivers/test_waivers.py)."""
    document = str(ROOT / "fixtures" / "medan" / "MDN-SLA-01.fail.yaml")
    plain = _modules_loaded("check", "--no-cache", "--format", "json", document)
    assert "engine.check.run" in plain  # the check ran
    assert "pathspec" not in plain
    assert "engine.waivers.waiver_file" not in plain
    excluding = _modules_loaded(
        "check", "--no-cache", "--format", "json", "--exclude", "*.pass.yaml", "fixtures/medan"
    )
    assert "pathspec" in excluding


def test_a_check_answered_from_the_cache_loads_neither_models_nor_client(tmp_path: Path) -> None:
    """A re-check of unchanged files reads their findings from the result cache: it
    needs neither pydantic's document models nor the OPA client (requests, urllib3),
    together ~0.15-0.2 s of its start (issue 12). A changed file still loads them,
    and is validated and evaluated."""
    folder = tmp_path / "dokumen"
    folder.mkdir()
    (folder / "sla.yaml").write_bytes((ROOT / "fixtures/medan/MDN-SLA-01.fail.yaml").read_bytes())
    environment = {"PATUH_LANG": "id", "PATUH_CACHE_DIR": str(tmp_path / "cache")}

    def check() -> tuple[dict[str, Any], set[str]]:
        done, modules = _probe(_PROBE, "check", "--format", "json", str(folder), env=environment)
        return json.loads(done.stdout), set(modules)

    first, _ = check()  # fills the cache
    again, loaded = check()
    assert first["results"] == again["results"]
    assert again["results"][0]["findings"][0]["rule"] == "MDN-SLA-01"
    assert not {"requests", "urllib3", "pydantic", "pathspec"} & loaded
    assert (
        "engine.reading.validation" not in loaded and "engine.evaluating.opa.client" not in loaded
    )

    (folder / "sla.yaml").write_bytes((ROOT / "fixtures/medan/MDN-SLA-01.pass.yaml").read_bytes())
    changed, loaded = check()
    assert changed["results"][0]["verdict"] == "compliant"
    assert {"pydantic", "engine.reading.validation", "engine.evaluating.opa.client"} <= loaded


def test_a_changed_file_under_the_cache_starts_opa_before_the_models_load(
    tmp_path: Path,
) -> None:
    """With the result cache, OPA is not begun at the start (the files may all be
    cached), but as soon as a file is known to need parsing: it then starts while
    patuh loads its document models and parses (~0.1 s), not after (issue 12). One
    server, the one that answers."""
    document = tmp_path / "sla.yaml"
    document.write_bytes((ROOT / "fixtures/medan/MDN-SLA-01.fail.yaml").read_bytes())
    done, probe = _probe(
        _POPEN_PROBE,
        "check",
        "--format",
        "json",
        str(document),
        env={"PATUH_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert probe["status"] == 1, done.stderr
    assert json.loads(done.stdout)["results"][0]["findings"][0]["rule"] == "MDN-SLA-01"
    runs = [models for args, _, models in probe["calls"] if args == ["run"]]
    assert runs == [False]
