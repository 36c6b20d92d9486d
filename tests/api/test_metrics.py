"""``GET /metrics``: counters and histograms by route template, on a registry per app."""

from __future__ import annotations

from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from api.app import create_app
from lsa_assistant.settings import Settings
from tests.api.test_middleware import fake_client

QUESTION = "Zitronenfalterwiese"


def _samples(text: str) -> dict[tuple[str, tuple], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def _value(samples: dict, name: str, **labels: str) -> float | None:
    return samples.get((name, tuple(sorted(labels.items()))))


def test_metrics_after_requests(tmp_path: Path) -> None:
    with fake_client(tmp_path, rate_limit_per_minute=4) as client:
        client.get("/v1/search", params={"q": QUESTION})
        client.post("/v1/chat", json={"messages": [{"role": "user", "content": QUESTION}]})
        client.get("/v1/services/99115005104000")
        client.get("/nix/Erika-Mustermann")
        client.get("/static/chat.js")
        client.get("/static/Erika-Mustermann.js")
        client.get("/v1/search", params={"q": QUESTION})
        client.get("/v1/search", params={"q": QUESTION})  # the fifth /v1 request: refused
        response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    for private in (QUESTION, "Mustermann", "99115005104000", "testclient"):
        assert private not in text
    samples = _samples(text)
    requests = "lsa_http_requests_total"
    assert _value(samples, requests, method="GET", route="/v1/search", status="200") == 2
    assert _value(samples, requests, method="GET", route="/v1/search", status="429") == 1
    assert _value(samples, requests, method="POST", route="/v1/chat", status="200") == 1
    assert _value(samples, requests, method="GET", route="/v1/services/{key}", status="200") == 1
    assert _value(samples, requests, method="GET", route="<unmatched>", status="404") == 1
    assert _value(samples, requests, method="GET", route="/static/{path}", status="200") == 1
    assert _value(samples, requests, method="GET", route="/static/{path}", status="404") == 1
    duration = "lsa_http_request_duration_seconds"
    assert _value(samples, f"{duration}_count", method="GET", route="/v1/search") == 3
    assert _value(samples, f"{duration}_bucket", method="GET", route="/v1/search", le="0.001") is not None
    assert _value(samples, f"{duration}_bucket", method="GET", route="/v1/search", le="10.0") == 3
    stages = "lsa_pipeline_stage_seconds_count"
    for stage in ("analysis", "retrieval", "composition"):
        assert _value(samples, stages, stage=stage) == 1
    assert _value(samples, stages, stage="search") == 2
    recent = "lsa_pipeline_stage_recent_seconds"
    for stage in ("analysis", "retrieval", "composition", "search"):
        p50, p95 = (_value(samples, recent, stage=stage, quantile=q) for q in ("0.5", "0.95"))
        assert p50 is not None and p95 is not None and 0 <= p50 <= p95
    assert _value(samples, "lsa_answers_total", intent="responsibility", no_answer="false") == 1
    assert _value(samples, "lsa_rate_limited_total", scope="ip") == 1
    assert _value(samples, "lsa_index_ready") == 1


def test_metrics_registry_per_app(tmp_path: Path) -> None:
    with fake_client(tmp_path / "a") as first, fake_client(tmp_path / "b") as second:
        first.get("/v1/search", params={"q": "x"})
        first.get("/v1/search", params={"q": "x"})
        second.get("/v1/search", params={"q": "x"})
        counts = [
            _value(
                _samples(c.get("/metrics").text),
                "lsa_http_requests_total",
                method="GET",
                route="/v1/search",
                status="200",
            )
            for c in (first, second)
        ]
    assert counts == [2, 1]
    assert first.app.state.service.metrics.registry is not second.app.state.service.metrics.registry


def test_metrics_index_not_ready(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    settings = Settings(data_dir=tmp_path / "var", embedding_model=str(tmp_path / "no-model"))
    with TestClient(create_app(settings)) as client:
        assert _value(_samples(client.get("/metrics").text), "lsa_index_ready") == 0


def test_metrics_in_openapi_as_health(tmp_path: Path) -> None:
    with fake_client(tmp_path) as client:
        schema = client.get("/openapi.json").json()
    operation = schema["paths"]["/metrics"]["get"]
    assert operation["tags"] == ["health"]


def test_metrics_stage_window_quantiles_over_the_last_observations() -> None:
    from api.metrics import StageWindow

    window = StageWindow(size=100)
    for ms in range(1, 201):  # the first hundred fall out of the window
        window.observe("embedding", ms / 1000)
    window.observe("total", 0.5)
    snapshot = window.snapshot()
    assert snapshot["embedding"] == {0.5: 0.15, 0.95: 0.195}  # nearest rank over 101..200 ms
    assert snapshot["total"] == {0.5: 0.5, 0.95: 0.5}
    [family] = window.collect()
    assert {(s.labels["stage"], s.labels["quantile"]) for s in family.samples} == {
        (stage, q) for stage in ("embedding", "total") for q in ("0.5", "0.95")
    }
