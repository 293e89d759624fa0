"""Prints how long each format takes to render a large report (not a test: figures only).

The real check of fixtures/medan and fixtures/examples (88 documents, managed OPA), its
results repeated 60 times under distinct file names. Usage, from the repository root:
    PATUH_OPA_BINARY=... .venv/bin/python tests/measure_report_render.py
"""

from __future__ import annotations

import copy
import time

from engine.catalog.rules import load_catalog
from engine.check.run import CheckOptions, run_check
from engine.reporting.render import RENDERERS

REPEAT = 60


def main() -> None:
    catalog = load_catalog()
    report = run_check(["fixtures/medan", "fixtures/examples"], CheckOptions(), catalog)
    results = [copy.copy(result) for _ in range(REPEAT) for result in report.results]
    for number, result in enumerate(results):
        result.file = f"{result.file}.{number}"
    report.results = results
    findings = sum(len(result.findings) for result in results)
    print(f"{len(results)} documents, {findings} findings")
    for name, render in RENDERERS.items():
        start = time.perf_counter()
        output = render(report, catalog, "id")
        print(f"{name:9s} {time.perf_counter() - start:6.2f} s  {len(output) / 1e6:6.1f} MB")


if __name__ == "__main__":
    main()
