"""What a check is asked to do: the options of `patuh check` as the engine takes them.

Kept apart from the stages so that the command line can name its defaults without
importing them (a `patuh --help` should not load the OPA client).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from engine.findings import FailOn

DEFAULT_BATCH_SIZE = 250


@dataclass
class CheckOptions:
    fail_on: FailOn = "error"
    opa_url: str | None = None
    opa_token: str | None = None
    opa_ca_cert: str | None = None
    opa_timeout: float = 60.0
    opa_binary: str | None = None
    policy_dir: Path | None = None
    batch_size: int = DEFAULT_BATCH_SIZE
    # Told (stage "read" or "evaluate", done, total) as the check goes; see engine/progress.py.
    progress: Callable[[str, int, int], None] | None = None
    # Evaluate even when the server's policies differ from the ones patuh would load
    # (recorded in the report); without it such a server is refused (exit 3).
    allow_policy_mismatch: bool = False
    # Files never read as documents: the waiver file, when it lies among the paths.
    exclude: frozenset[Path] = frozenset()
    # Worker processes reading files, and OPA queries at once; 0: one per core.
    jobs: int = 0
    # Reuse the answers of earlier runs for unchanged documents (engine/cache/store.py).
    cache: bool = True
    # Set only when `policy_dir` is patuh's private snapshot of this folder
    # (engine/evaluating/policy_snapshot.py), which nothing else writes: the managed OPA's
    # policies are then hashed locally, and messages name this folder.
    policy_source: Path | None = None
    # The day the rules that depend on today count from (YYYY-MM-DD); None: today
    # (UTC). Recorded in the report, and part of the cache key.
    run_date: str | None = None
