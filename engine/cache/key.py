"""The engine key: a digest of everything an answer depends on besides the document.

patuh's own code and the libraries that parse and validate, the rule catalog, the OPA
binary (path, size, modification time) and its version, every file the managed OPA
loads from the policy folder (policies and data), the packs, the run's date and the
register. Any change gives a new key and so an empty cache; stale answers are never
looked at. Policies that call a nondeterministic builtin are never cached.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from engine import __version__
from engine.cache.folder import CacheUnavailable
from engine.catalog.rules import Catalog
from engine.evaluating.policy_snapshot import policy_files

FORMAT = 1  # of the key's material and of the stores (store.py)

# Builtins whose answer is not a function of the input and the policies (from
# `opa capabilities --current`, OPA v1.22: those marked nondeterministic). Policies
# that call one are never cached.
NONDETERMINISTIC_BUILTINS = (
    "http.send",
    "io.jwt.decode_verify",
    "io.jwt.encode_sign",
    "io.jwt.encode_sign_raw",
    "json.match_schema",
    "json.verify_schema",
    "net.lookup_ip_addr",
    "opa.runtime",
    "rand.intn",
    "time.now_ns",
    "uuid.rfc4122",
)
_NONDETERMINISTIC = re.compile(
    r"\b(" + "|".join(re.escape(name) for name in NONDETERMINISTIC_BUILTINS) + r")\b"
)


def managed_engine_key(
    *,
    catalog: Catalog,
    opa_binary: Path,
    opa_version: str,
    policy_dir: Path,
    run_date: str,
    register: str | None = None,
) -> str:
    """The key of every answer the managed OPA gives in this configuration.

    Computed from the same files the managed OPA loads (engine/evaluating/opa/managed.py
    starts it on `policy_dir` with the ignore patterns policy_snapshot.OPA_IGNORED), so a run
    whose documents are all cached may skip starting OPA: the OPA it would have
    started would load exactly these bytes, with this binary, and answer as before.
    The packs applied and the run's date are part of it: a rule may depend on
    today (an audit older than two years), so no answer is served across dates.
    So is the digest of the desk's register, when one is given (engine/evaluating/register.py):
    the rules of references answer by it.
    """
    material = {
        "format": FORMAT,
        "code": code_digest(),
        "catalog": catalog.digest,
        "packs": list(catalog.pack_names),
        "run_date": run_date,
        "opa": _binary_identity(opa_binary, opa_version),
        "policies": policy_files_digest(policy_dir),
    }
    if register is not None:  # absent otherwise: the keys of runs without one stay as before
        material["register"] = register
    text = json.dumps(material, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _binary_identity(binary: Path, version: str) -> dict[str, Any]:
    # Hashing a 60 MB binary on every run would cost more than it saves; a rebuilt
    # or replaced binary changes its size or modification time.
    resolved = binary.resolve()
    info = resolved.stat()
    return {
        "path": str(resolved),
        "size": info.st_size,
        "mtime_ns": info.st_mtime_ns,
        "version": version,
    }


def policy_files_digest(policy_dir: Path) -> str:
    """sha256 over every file OPA would load from `policy_dir` (names and bytes).

    Any file not ignored counts, whatever its extension: a file OPA does not load
    only makes the key change more often, never too rarely.
    """
    digest = hashlib.sha256()
    for relative, path in sorted(policy_files(policy_dir)):
        raw = path.read_bytes()
        if path.suffix == ".rego":
            found = _NONDETERMINISTIC.search(raw.decode("utf-8", "replace"))
            if found is not None:
                raise CacheUnavailable(
                    f"{path} calls {found.group(1)}, whose answer can change from run to run"
                )
        digest.update(relative.encode() + b"\0" + raw + b"\0")
    return digest.hexdigest()


def code_digest() -> str:
    """patuh's own code and the versions of what parses and validates documents: a
    file entry skips both, so an upgrade of either must empty the cache."""
    digest = hashlib.sha256(
        f"{__version__}|{sys.version}|{_pydantic_version()}|{yaml.__version__}".encode()
    )
    package = Path(__file__).resolve().parents[1]  # the whole engine package
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _pydantic_version() -> str:
    """pydantic's version (its pydantic/version.py, which names it and the pinned
    pydantic-core), read without importing pydantic: a run answered from the cache
    alone never loads it (importing it, or asking importlib.metadata, ~0.05 s)."""
    spec = importlib.util.find_spec("pydantic")  # finds the package, runs none of it
    if spec is None or spec.origin is None:
        raise CacheUnavailable("pydantic is not installed")
    return Path(spec.origin).with_name("version.py").read_text(encoding="utf-8")
