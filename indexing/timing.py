"""Seconds per pipeline component, taken from Haystack's tracing hooks (no wrappers around components)."""

from __future__ import annotations

import contextlib
import time
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from haystack import tracing
from haystack.tracing import Span, Tracer


class _Span(Span):
    def __init__(self) -> None:
        self.tags: dict[str, Any] = {}

    def set_tag(self, key: str, value: Any) -> None:
        self.tags[key] = value


class StageTimer(Tracer):
    """Collects wall time per component name while a pipeline runs."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._current: Span | None = None

    @contextlib.contextmanager
    def trace(
        self, operation_name: str, tags: dict[str, Any] | None = None, parent_span: Span | None = None
    ) -> Iterator[Span]:
        span = _Span()
        span.tags.update(tags or {})
        start = time.perf_counter()
        previous, self._current = self._current, span
        try:
            yield span
        finally:
            self._current = previous
            if operation_name == "haystack.component.run":
                name = str(span.tags.get("haystack.component.name", "?"))
                self.seconds[name] += time.perf_counter() - start

    def current_span(self) -> Span | None:
        return self._current


@contextlib.contextmanager
def timed_stages() -> Iterator[StageTimer]:
    """Enable the timer for the duration of a block, then restore whatever tracer was active."""
    timer = StageTimer()
    previous = tracing.tracer.actual_tracer
    tracing.enable_tracing(timer)
    try:
        yield timer
    finally:
        tracing.tracer.actual_tracer = previous
