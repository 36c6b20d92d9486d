"""Prometheus instruments on a per-app registry (several apps in one process must not collide).

Labels are bounded and free of personal data: the route *template* (``/v1/services/{key}``), never
the raw path; methods outside the usual few become ``OTHER``; no question text, no IP, no key.

Per-stage p50/p95 of the answering stages (analysis, embedding, retrieval, candidates, scoring, decision,
composition, total; and the search route) are exported directly as well
(``lsa_pipeline_stage_recent_seconds{stage, quantile}``, over the last :data:`WINDOW` observations of each stage): a
histogram's buckets (1, 2.5, 5, 10 ms …) are too coarse to tell a 12 ms p95 from a 20 ms one, and an operator should
not need a Prometheus server to read them.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily
from starlette.requests import Request
from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.state import service_state

#: 1 ms … 10 s: a cached lookup takes milliseconds, a cold answer on a slow CPU seconds.
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
UNMATCHED = "<unmatched>"
#: Most recent observations per stage that the exported quantiles are computed from.
WINDOW = 1000
QUANTILES = (0.5, 0.95)
_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


class Metrics:
    """The instruments of one app, registered on their own :class:`CollectorRegistry`."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "lsa_http_requests",
            "HTTP requests by route template and status.",
            ["method", "route", "status"],
            registry=r,
        )
        self.duration = Histogram(
            "lsa_http_request_duration_seconds",
            "HTTP request duration by route template (until the last byte, streams included).",
            ["method", "route"],
            buckets=BUCKETS,
            registry=r,
        )
        self.stages = Histogram(
            "lsa_pipeline_stage_seconds",
            "Seconds per pipeline stage (analysis, embedding, retrieval, candidates, scoring, decision, composition, "
            "total, search).",
            ["stage"],
            buckets=BUCKETS,
            registry=r,
        )
        self.answers = Counter(
            "lsa_answers",
            "Answers by intent and whether the sources answered.",
            ["intent", "no_answer"],
            registry=r,
        )
        self.rate_limited = Counter(
            "lsa_rate_limited", "Requests refused by the rate limit (scope ip or key).", ["scope"], registry=r
        )
        self.index_ready = Gauge("lsa_index_ready", "1 when the index is loaded and consistent.", registry=r)
        self.recent = StageWindow()
        r.register(self.recent)

    def observe_stage(self, stage: str, seconds: float) -> None:
        self.stages.labels(stage=stage).observe(seconds)
        self.recent.observe(stage, seconds)


def quantile(ordered: list[float], q: float) -> float:
    """Nearest-rank quantile of an ascending list (the value below which a share ``q`` of them lie)."""
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


class StageWindow:
    """p50/p95 per stage over its last :data:`WINDOW` observations, as a Prometheus collector (thread-safe: answers
    are computed in worker threads)."""

    def __init__(self, size: int = WINDOW) -> None:
        self.size = size
        self._values: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def observe(self, stage: str, seconds: float) -> None:
        with self._lock:
            self._values.setdefault(stage, deque(maxlen=self.size)).append(seconds)

    def snapshot(self) -> dict[str, dict[float, float]]:
        with self._lock:
            values = {stage: sorted(v) for stage, v in self._values.items() if v}
        return {stage: {q: quantile(v, q) for q in QUANTILES} for stage, v in values.items()}

    def describe(self) -> Iterable[GaugeMetricFamily]:
        return [self._family()]

    def collect(self) -> Iterable[GaugeMetricFamily]:
        family = self._family()
        for stage, quantiles in sorted(self.snapshot().items()):
            for q, value in quantiles.items():
                family.add_metric([stage, str(q)], value)
        return [family]

    def _family(self) -> GaugeMetricFamily:
        return GaugeMetricFamily(
            "lsa_pipeline_stage_recent_seconds",
            f"p50/p95 seconds per pipeline stage over its last {self.size} observations.",
            labels=["stage", "quantile"],
        )


def get_metrics(request: Request) -> Metrics | None:
    return service_state(request.app).metrics


def observe_stages(request: Request, seconds: Mapping[str, float]) -> None:
    """Feed per-stage timings (``AnswerTrace.seconds``, or ``{"search": …}``) into the stage histogram."""
    metrics = get_metrics(request)
    if metrics is None:
        return
    for stage, value in seconds.items():
        if value is not None and value >= 0:
            metrics.observe_stage(stage, value)


def observe_answer(request: Request, intent: str, no_answer: bool) -> None:
    metrics = get_metrics(request)
    if metrics is not None:
        metrics.answers.labels(intent=intent, no_answer=str(no_answer).lower()).inc()


def route_template(scope: Scope) -> str:
    """The matched route's path template; for requests answered before routing (401, 413, 429) the
    routes are matched here. Anything unknown is ``<unmatched>`` so raw paths never become labels."""
    route = scope.get("route")
    if isinstance(getattr(route, "path", None), str):
        return route.path
    routes = getattr(scope.get("app"), "routes", ())
    mounted = scope.get("root_path") or ""  # routing into a Mount (static files) moves the prefix here
    if mounted and any(isinstance(r, Mount) and r.path == mounted for r in routes):
        return f"{mounted}/{{path}}"
    partial = None
    for candidate in _leaf_routes(routes):
        match, _ = candidate.matches(scope)
        if match == Match.FULL:
            return candidate.path
        if match == Match.PARTIAL and partial is None:
            partial = candidate.path
    return partial or UNMATCHED


def _leaf_routes(routes: Iterable[Any]) -> Iterator[Any]:
    """Routes with a full path template. Newer FastAPI keeps included routers as nodes, whose leaves
    are reached through ``effective_route_contexts()``; older ones list the leaves directly."""
    for route in routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if callable(contexts):
            for context in contexts():
                yield context.original_route
        elif isinstance(getattr(route, "path", None), str):
            yield route


def method_label(scope: Scope) -> str:
    method = scope.get("method", "")
    return method if method in _METHODS else "OTHER"


class MetricsMiddleware:
    """Counts and times every HTTP request by method, route template and status."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def observing_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, observing_send)
        finally:
            elapsed = time.perf_counter() - start
            method, route = method_label(scope), route_template(scope)
            self.metrics.requests.labels(method=method, route=route, status=str(status)).inc()
            self.metrics.duration.labels(method=method, route=route).observe(elapsed)
            if route == "/v1/search" and status == 200:  # the search route has one stage: itself
                self.metrics.observe_stage("search", elapsed)
