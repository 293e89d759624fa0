"""The hostile-input bound measures the `patuh` process itself, whatever the size of the
test process that starts it (tests/hostile/bounded.py)."""

from __future__ import annotations

from hostile.bounded import run_patuh


def test_peak_memory_is_the_childs_own_not_the_test_process() -> None:
    # The test process grows by 300 MiB (as it does once Django and a browser driver are
    # loaded by other tests); `patuh --version` itself needs a few tens of MiB.
    ballast = bytearray(300 * 1024 * 1024)
    ballast[::4096] = b"x" * len(ballast[::4096])  # touch every page: resident
    run = run_patuh(["--version"])
    assert run.exit_code == 0 and b"patuh" in run.stdout
    assert run.max_rss_mib < 150, f"{run.max_rss_mib:.0f} MiB"
    del ballast
