"""StageTimer / timed_stages: seconds per component from Haystack's tracing hooks; old tracer restored."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from haystack import Pipeline, component, tracing
from haystack.tracing.tracer import NullTracer

from indexing.timing import StageTimer, timed_stages


@component
class Sleeper:
    """Sleeps ``seconds`` and passes the value on; deterministic enough to compare two stages."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    @component.output_types(value=int)
    def run(self, value: int) -> dict[str, int]:
        time.sleep(self.seconds)
        return {"value": value + 1}


@component
class Failing:
    @component.output_types(value=int)
    def run(self, value: int) -> dict[str, int]:
        raise RuntimeError("kaputt")


def two_stage_pipeline(fast: float = 0.0, slow: float = 0.05) -> Pipeline:
    pipe = Pipeline()
    pipe.add_component("fast", Sleeper(fast))
    pipe.add_component("slow", Sleeper(slow))
    pipe.connect("fast.value", "slow.value")
    return pipe


@pytest.fixture(autouse=True)
def _restore_tracer() -> Iterator[None]:
    """Whatever a failing test leaves behind, the next test starts with the tracer it had."""
    previous = tracing.tracer.actual_tracer
    yield
    tracing.tracer.actual_tracer = previous


class TestStageTimer:
    def test_init_default(self) -> None:
        timer = StageTimer()
        assert dict(timer.seconds) == {}
        assert timer.current_span() is None

    def test_trace_counts_only_component_runs(self) -> None:
        timer = StageTimer()
        with timer.trace("haystack.pipeline.run", tags={"haystack.component.name": "pipe"}):
            pass
        with timer.trace("haystack.component.run", tags={"haystack.component.name": "embed"}) as span:
            span.set_tag("extra", 1)
            assert timer.current_span() is span
        assert set(timer.seconds) == {"embed"}
        assert timer.current_span() is None

    def test_trace_sums_repeated_runs(self) -> None:
        timer = StageTimer()
        for _ in range(2):
            with timer.trace("haystack.component.run", tags={"haystack.component.name": "embed"}):
                time.sleep(0.01)
        assert timer.seconds["embed"] >= 0.02

    def test_trace_reports_each_finished_component(self) -> None:
        seen: list[tuple[str, float]] = []
        timer = StageTimer(on_stage=lambda name, seconds: seen.append((name, seconds)))
        with timer.trace("haystack.pipeline.run"):
            with timer.trace("haystack.component.run", tags={"haystack.component.name": "dense"}):
                time.sleep(0.01)
        assert [name for name, _ in seen] == ["dense"] and seen[0][1] >= 0.01

    def test_trace_nested_spans_restore_current(self) -> None:
        timer = StageTimer()
        with timer.trace("outer") as outer:
            with timer.trace("inner") as inner:
                assert timer.current_span() is inner
            assert timer.current_span() is outer
        assert timer.current_span() is None

    def test_trace_records_time_when_component_fails(self) -> None:
        timer = StageTimer()
        with pytest.raises(RuntimeError):
            with timer.trace("haystack.component.run", tags={"haystack.component.name": "bad"}):
                raise RuntimeError("kaputt")
        assert "bad" in timer.seconds and timer.current_span() is None

    def test_run_collects_seconds_per_component(self) -> None:
        pipe = two_stage_pipeline(fast=0.0, slow=0.2)
        with timed_stages() as timer:
            result = pipe.run({"fast": {"value": 1}})
        assert result == {"slow": {"value": 3}}
        assert set(timer.seconds) == {"fast", "slow"}
        assert timer.seconds["slow"] >= 0.2
        assert timer.seconds["fast"] < timer.seconds["slow"]

    def test_run_twice_accumulates(self) -> None:
        pipe = two_stage_pipeline(fast=0.0, slow=0.02)
        with timed_stages() as timer:
            pipe.run({"fast": {"value": 1}})
            pipe.run({"fast": {"value": 1}})
        assert timer.seconds["slow"] >= 0.04

    def test_run_outside_block_is_not_timed(self) -> None:
        pipe = two_stage_pipeline(slow=0.0)
        with timed_stages() as timer:
            pass
        pipe.run({"fast": {"value": 1}})
        assert dict(timer.seconds) == {}

    @pytest.mark.parametrize("previous", [NullTracer(), StageTimer()], ids=["null", "other-tracer"])
    def test_restores_previous_tracer(self, previous: tracing.Tracer) -> None:
        tracing.tracer.actual_tracer = previous
        with timed_stages() as timer:
            assert tracing.tracer.actual_tracer is timer
        assert tracing.tracer.actual_tracer is previous

    def test_restores_previous_tracer_after_pipeline_error(self) -> None:
        previous = tracing.tracer.actual_tracer
        pipe = Pipeline()
        pipe.add_component("fast", Sleeper(0.0))
        pipe.add_component("bad", Failing())
        pipe.connect("fast.value", "bad.value")
        with pytest.raises(Exception, match="kaputt"):  # noqa: PT011 - Haystack wraps it in PipelineRuntimeError
            with timed_stages() as timer:
                pipe.run({"fast": {"value": 1}})
        assert tracing.tracer.actual_tracer is previous
        assert set(timer.seconds) == {"fast", "bad"}

    def test_nested_blocks_restore_outer_timer(self) -> None:
        pipe = two_stage_pipeline(slow=0.0)
        with timed_stages() as outer:
            with timed_stages() as inner:
                pipe.run({"fast": {"value": 1}})
            assert tracing.tracer.actual_tracer is outer
            pipe.run({"fast": {"value": 1}})
        assert set(inner.seconds) == set(outer.seconds) == {"fast", "slow"}
