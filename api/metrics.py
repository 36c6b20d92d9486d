"""Prometheus instruments on a per-app registry (several apps in one process must not collide).

Labels are bounded and free of personal data: the route *template* (``/v1/services/{key}``), never
the raw path; methods outside the usual few become ``OTHER``; no question text, no IP, no key.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from starlette.requests import Request
from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: 1 ms … 10 s: a cached lookup takes milliseconds, a cold answer on a slow CPU seconds.
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
UNMATCHED = "<unmatched>"
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
            "Seconds per pipeline stage (analysis, embedding, retrieval, composition, search).",
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


def get_metrics(request: Request) -> Metrics | None:
    return getattr(request.app.state, "metrics", None)


def observe_stages(request: Request, seconds: Mapping[str, float]) -> None:
    """Feed per-stage timings (``AnswerTrace.seconds``, or ``{"search": …}``) into the stage histogram."""
    metrics = get_metrics(request)
    if metrics is None:
        return
    for stage, value in seconds.items():
        if value is not None and value >= 0:
            metrics.stages.labels(stage=stage).observe(value)


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
                self.metrics.stages.labels(stage="search").observe(elapsed)
