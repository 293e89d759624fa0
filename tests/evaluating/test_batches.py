"""How documents go to OPA (engine/evaluating/batches.py): the first batches are small and OPA
is reached by the thread that sends the first one, so that OPA evaluates while the
caller still reads the next files. This changes when OPA works, never what it says."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine.evaluating.batches import FIRST_BATCH, BatchEvaluator, batch_limit
from engine.evaluating.errors import EngineError
from engine.evaluating.opa.client import OpaEngine
from engine.findings import RawResult
from engine.reading.yaml_loader import load_bytes

ROOT = Path(__file__).resolve().parents[2]
# A system whose server is in the OPD's own room: MDN-HOST-01, the same each time.
DOCUMENT = load_bytes((ROOT / "fixtures" / "examples" / "sistem-dan-usulan-lain.yaml").read_bytes())


def _body() -> str:
    data = DOCUMENT.documents[0].data
    assert data is not None
    return json.dumps(data)


def test_batches_grow_from_a_few_documents_to_the_batch_size() -> None:
    assert [batch_limit(sent, 250) for sent in range(7)] == [16, 32, 64, 128, 250, 250, 250]
    # Never above the batch size asked for (`--batch-size 2` stays two a query).
    assert [batch_limit(sent, 2) for sent in range(3)] == [2, 2, 2]
    assert batch_limit(10_000, 100_000) == 100_000


def test_opa_is_reached_after_the_first_documents_not_after_the_batch_size(
    opa_url: str,
) -> None:
    """With the default batch size (250), 16 documents already open the engine, in a
    thread of its own, and the answers are those of one query of all documents."""
    opened = threading.Event()
    opened_by: list[threading.Thread] = []

    @contextlib.contextmanager
    def open_engine() -> Iterator[OpaEngine]:
        opened_by.append(threading.current_thread())
        opened.set()
        with OpaEngine(opa_url, context={"packs": ["medan"], "run_date": "2026-11-29"}) as opa:
            yield opa

    answers: list[tuple[int, RawResult]] = []
    with BatchEvaluator[int](
        open_engine, batch_size=250, jobs=2, on_answer=lambda i, a: answers.append((i, a))
    ) as evaluator:
        for number in range(FIRST_BATCH):
            evaluator.add(number, _body())
        assert opened.wait(timeout=30), "OPA was not reached after the first batch"
        assert opened_by == [opened_by[0]] and opened_by[0] is not threading.main_thread()
        for number in range(FIRST_BATCH, 100):
            evaluator.add(number, _body())
        evaluator.finish()
    assert [number for number, _ in answers] == list(range(100))
    with OpaEngine(opa_url, context={"packs": ["medan"], "run_date": "2026-11-29"}) as opa:
        (alone,) = opa.evaluate_json([_body()])
    assert [finding.rule for finding in alone.errors] == ["MDN-HOST-01"]
    assert all(answer == alone for _, answer in answers)
    assert len(opened_by) == 1  # opened once for every batch


def test_an_engine_that_cannot_be_opened_fails_every_batch_and_is_opened_once() -> None:
    """A fake engine (named as such) that fails to open: the failure reaches the caller
    and no batch tries to open it again (which would start a second OPA)."""
    attempts: list[int] = []

    @contextlib.contextmanager
    def failing_engine() -> Iterator[Any]:
        attempts.append(1)
        raise EngineError("fake: OPA did not start")
        yield  # pragma: no cover

    answers: list[int] = []
    with (
        pytest.raises(EngineError, match="fake: OPA did not start"),
        BatchEvaluator[int](
            failing_engine, batch_size=250, jobs=2, on_answer=lambda i, a: answers.append(i)
        ) as evaluator,
    ):
        for number in range(200):
            evaluator.add(number, _body())
        evaluator.finish()
    assert answers == []
    assert attempts == [1]
