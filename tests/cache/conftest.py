"""The result cache's fixture: the real OPA behind a wrapper that counts (counting.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cache.counting import CountingOpa, counting_wrapper


@pytest.fixture
def counting_opa(opa_binary: Path, tmp_path: Path) -> CountingOpa:
    return counting_wrapper(opa_binary, tmp_path)
