"""The result cache's tests share these: a real OPA that counts its starts and
evaluations, patuh run through its CLI, and the stores on disk."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from engine.cache.folder import STORE_FOLDER, default_dir
from engine.cli.main import main
from engine.resources import policies_dir

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "fixtures" / "medan"
EXAMPLES = ROOT / "fixtures" / "examples"


@dataclass
class CountingOpa:
    binary: Path
    log: Path
    requests: Path

    @property
    def starts(self) -> int:
        return len(self.log.read_text().splitlines()) if self.log.exists() else 0

    @property
    def evaluations(self) -> int:
        """Queries of patuh's results answered by any server started so far (OPA's own
        request log: one "Received request." line each)."""
        if not self.requests.exists():
            return 0
        return sum(
            '"Received request."' in line and f'"req_path":"{RESULTS_PATH}"' in line
            for line in self.requests.read_text().splitlines()
        )


RESULTS_PATH = "/v1/data/patuh/main/results"


def counting_wrapper(opa_binary: Path, tmp_path: Path) -> CountingOpa:
    """The real OPA, behind a wrapper that appends a line to a log at each server start
    and has the server log its requests (OPA's --log-level info, on its stderr; its
    start-up errors are on its stdout, which patuh still reads)."""
    log = tmp_path / "opa-starts.log"
    requests = tmp_path / "opa-requests.log"
    wrapper = tmp_path / "bin" / "opa"
    wrapper.parent.mkdir()
    wrapper.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = run ]; then echo started >> "{log}"; '
        f'exec "{opa_binary}" "$@" --log-level info 2>> "{requests}"; fi\n'
        f'exec "{opa_binary}" "$@"\n'
    )
    wrapper.chmod(0o755)
    return CountingOpa(wrapper, log, requests)


def check(opa: CountingOpa, *args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(
        main, ["check", "--format", "json", "--opa-binary", str(opa.binary), *args]
    )
    assert not (result.exception and not isinstance(result.exception, SystemExit)), result.output
    return result.exit_code, json.loads(result.stdout)


def same_answer(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two reports say the same, whenever they were made."""
    return {**a, "generated_at": None} == {**b, "generated_at": None}


def copy_fixtures(target: Path, *sources: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for source in sources:
        shutil.copy(source, target / source.name)
    return target


def store_files() -> list[Path]:
    stores = default_dir() / STORE_FOLDER
    return sorted(stores.glob("*.json")) if stores.exists() else []


MIXED = (
    RULES / "MDN-SLA-01.fail.yaml",
    RULES / "MDN-KAM-07.fail.yaml",
    RULES / "MDN-PBJ-03.fail.yaml",
    RULES / "MDN-HOST-01.pass.yaml",
    EXAMPLES / "sistem-dan-usulan-lain.yaml",  # two documents in one file
    EXAMPLES / "pengadaan-aplikasi-telemedicine.yaml",
)


def copy_policies(target: Path) -> Path:
    for path in policies_dir().rglob("*"):
        if path.is_file():
            destination = target / path.relative_to(policies_dir())
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(path.read_bytes())
    return target


def fill_cache_for(counting_opa: CountingOpa, document: Path) -> tuple[int, dict[str, Any]]:
    fresh = check(counting_opa, "--no-cache", str(document))
    check(counting_opa, str(document))
    assert store_files()
    return fresh
