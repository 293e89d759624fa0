"""Send documents to OPA in batches, several batches at once, answers in order.

OPA evaluates one query on one core, and serves concurrent queries on as many
cores as there are. Evaluation is the other half of a large check's time (about
half a millisecond a document for the patuh policies), so up to `jobs` batches
are in flight while the next files are still being read.

OPA is started (or reached) only when the first batch is sent: a run whose
documents are all answered from the result cache never starts it. It is opened by the
thread that sends the first batch, not by the caller: opening waits for the server and
asks it for its policies (the provenance digest, ~0.1 s), and the caller meanwhile reads
the next files. For the same reason the first batches are small (FIRST_BATCH documents,
then twice as many each time, up to `batch_size`): OPA starts evaluating after a few
documents, not after the first 250, so that a check of a hundred files evaluates while
it reads instead of after.
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Generic, TypeVar

from engine.evaluating.errors import EngineError
from engine.findings import RawResult

if TYPE_CHECKING:
    from engine.evaluating.opa.client import OpaEngine

Item = TypeVar("Item")

# The size of the first batch; each next batch is twice as large, up to `batch_size`.
FIRST_BATCH = 16


def batch_limit(sent: int, batch_size: int) -> int:
    """How many documents the batch after `sent` batches holds (see the module's text)."""
    return min(batch_size, FIRST_BATCH << min(sent, 16))


class BatchEvaluator(Generic[Item]):
    """Collects documents (`add`), sends them in batches of `batch_size`, and hands
    each answer to `on_answer` in the order the documents were added. Any failure
    is an EngineError raised by `add` or `finish`."""

    def __init__(
        self,
        open_engine: Callable[[], AbstractContextManager[OpaEngine]],
        *,
        batch_size: int,
        jobs: int,
        on_answer: Callable[[Item, RawResult], None],
    ) -> None:
        self._open_engine = open_engine
        self._batch_size = batch_size
        self._jobs = max(1, jobs)
        self._on_answer = on_answer
        self._batch: list[tuple[Item, str]] = []
        self._in_flight: deque[tuple[list[Item], Future[list[RawResult]]]] = deque()
        self._sent = 0
        self._resources = contextlib.ExitStack()
        self._opa: OpaEngine | None = None
        # The engine is opened once, by the first batch's thread; the others wait for
        # it, and a failure to open is every batch's failure (never a second attempt,
        # which would start a second OPA). Closing takes the same lock, so a server
        # being started is stopped once it is up, never left running.
        self._opening = threading.Lock()
        self._open_failure: BaseException | None = None
        self._closed = False
        self._threads: ThreadPoolExecutor | None = None

    @property
    def opened(self) -> bool:
        """Whether OPA was started (or reached) in this run."""
        return self._opa is not None

    def add(self, item: Item, body: str) -> None:
        """Queue one document, `body` its JSON."""
        self._batch.append((item, body))
        if len(self._batch) >= batch_limit(self._sent, self._batch_size):
            self._send()

    def finish(self) -> None:
        """Send what is queued and wait for every answer."""
        if self._batch:
            self._send()
        while self._in_flight:
            self._receive()

    def _send(self) -> None:
        batch, self._batch = self._batch, []
        self._sent += 1
        if self._threads is None:
            self._threads = ThreadPoolExecutor(max_workers=self._jobs, thread_name_prefix="opa")
        future = self._threads.submit(self._evaluate, [body for _, body in batch])
        self._in_flight.append(([item for item, _ in batch], future))
        # `jobs` batches at OPA at most; beyond that, take the oldest answer first.
        while len(self._in_flight) > self._jobs:
            self._receive()

    def _receive(self) -> None:
        items, future = self._in_flight.popleft()
        answers = future.result()  # an EngineError of that batch is raised here
        for item, answer in zip(items, answers, strict=True):
            self._on_answer(item, answer)

    def _evaluate(self, bodies: list[str]) -> list[RawResult]:
        return self._engine().evaluate_json(bodies)

    def _engine(self) -> OpaEngine:
        with self._opening:
            if self._open_failure is not None:
                raise self._open_failure
            if self._closed:
                raise EngineError("the check was stopped before OPA was reached")
            if self._opa is None:
                try:
                    self._opa = self._resources.enter_context(self._open_engine())
                except BaseException as exc:
                    self._open_failure = exc
                    raise
            return self._opa

    def __enter__(self) -> BatchEvaluator[Item]:
        return self

    def __exit__(self, *exc: object) -> None:
        for _, future in self._in_flight:
            future.cancel()
        # Stop OPA first: a request still running then ends at once (its answer is
        # not wanted any more), instead of at its time-out.
        with self._opening:
            self._closed = True
            self._resources.close()
        if self._threads is not None:
            self._threads.shutdown(wait=True)
