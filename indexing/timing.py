"""Seconds per pipeline component, taken from Haystack's tracing hooks (no wrappers around components)."""

from __future__ import annotations

import contextlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from haystack import tracing
from haystack.tracing import Span, Tracer


class _Span(Span):
    def __init__(self) -> None:
        self.tags: dict[str, Any] = {}

    def set_tag(self, key: str, value: Any) -> None:
        self.tags[key] = value


class StageTimer(Tracer):
    """Collects wall time per component name while a pipeline runs.

    :param on_stage: called with the component name and its seconds when a component has run (progress output).
    """

    def __init__(self, on_stage: Callable[[str, float], None] | None = None) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._current: Span | None = None
        self._on_stage = on_stage

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
                elapsed = time.perf_counter() - start
                self.seconds[name] += elapsed
                if self._on_stage is not None:
                    self._on_stage(name, elapsed)

    def current_span(self) -> Span | None:
        return self._current


@contextlib.contextmanager
def timed_stages(on_stage: Callable[[str, float], None] | None = None) -> Iterator[StageTimer]:
    """Enable the timer for the duration of a block, then restore whatever tracer was active."""
    timer = StageTimer(on_stage)
    previous = tracing.tracer.actual_tracer
    tracing.enable_tracing(timer)
    try:
        yield timer
    finally:
        tracing.tracer.actual_tracer = previous
