"""Load, abuse limits and privacy against a real ``lsa-assistant serve`` on 127.0.0.1 (tiny-model index).

CI runs 16 clients for ``LOAD_SECONDS``; the 60-second figure in docs/reliability.md comes from
``benchmarks/load.py`` with the same workload.
"""

from __future__ import annotations

import re

import httpx
import pytest

from benchmarks.load import QUESTIONS, run_load

pytestmark = [pytest.mark.slow, pytest.mark.load]
LOAD_SECONDS = 20
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")


def test_load_16_clients_no_errors_memory_stable_nothing_private_logged(served) -> None:
    with served("load", LSA_RATE_LIMIT_PER_MINUTE="100000") as (base, pid, log_path, _):
        result = run_load(base, clients=16, seconds=LOAD_SECONDS, pid=pid)
        metrics = httpx.get(base + "/metrics").text
    figures = {k: v for k, v in result.items() if k != "records"}
    print(f"\nload: {figures}")
    assert result["errors"] == 0, result["statuses"]
    assert result["requests"] >= 16 * 5
    assert {"search", "chat", "services"} <= set(result["latency_ms"])
    assert result["rss_mb_end"] <= result["rss_mb_start"] * 1.5 + 64, figures  # no leak of the request volume
    log = log_path.read_text(encoding="utf-8", errors="replace")
    assert "GET /v1/search 200" in log  # the access log did log the requests ...
    for question in QUESTIONS:  # ... but none of the questions, in the log or in the metrics
        for text in (question, str(httpx.QueryParams({"q": question}))[2:]):  # as typed, as sent
            assert text not in log and text not in metrics
    access = [line for line in log.splitlines() if "/v1/" in line]
    assert access and not any(IPV4.search(line) for line in access), access[:3]
    assert not IPV4.search(metrics.replace("0.0.0.0", ""))


def test_load_rate_limits_hold_per_ip_and_per_key_cors_closed(served) -> None:
    """8 anonymous clients share one IP bucket, 4 + 4 clients two key buckets; the limits hold exactly.

    The same service (default settings otherwise) shows CORS closed and the security headers.
    """
    keys = {n: ("key-a" if n < 12 else "key-b") for n in range(8, 16)}
    limits = {"ip": 15, "key-a": 20, "key-b": 20}
    with served(
        "abuse",
        LSA_RATE_LIMIT_PER_MINUTE=str(limits["ip"]),
        LSA_RATE_LIMIT_PER_KEY_PER_MINUTE=str(limits["key-a"]),
        LSA_API_KEYS="key-a,key-b",
    ) as (base, _, _, _):
        result = run_load(
            base, clients=16, seconds=8, headers_for=lambda n: {"X-API-Key": keys[n]} if n in keys else {}
        )
        # admin needs a known key (the IP bucket is spent by now: 429 is a refusal too)
        assert httpx.post(base + "/v1/admin/reload").status_code in (401, 429)
        assert httpx.post(base + "/v1/admin/reload", headers={"X-API-Key": "guess"}).status_code in (401, 429)
        origin = {"Origin": "https://evil.example"}
        preflight = httpx.options(
            base + "/v1/search", headers=origin | {"Access-Control-Request-Method": "GET"}
        )
        assert "access-control-allow-origin" not in preflight.headers
        simple = httpx.get(
            base + "/v1/search", params={"q": "Wohnsitz"}, headers=origin | {"X-API-Key": "key-b"}
        )
        assert "access-control-allow-origin" not in simple.headers
        page = httpx.get(base + "/")
        for header in (
            "content-security-policy",
            "x-frame-options",
            "x-content-type-options",
            "referrer-policy",
        ):
            assert header in page.headers
    records = result["records"]
    assert {str(r.status) for r in records} <= {"200", "429"}, result["statuses"]
    allowed = dict.fromkeys(limits, 0)
    attempts = dict.fromkeys(limits, 0)
    for record in records:
        bucket = keys.get(record.client, "ip")
        attempts[bucket] += 1
        if record.status == 200:
            allowed[bucket] += 1
        else:
            assert int(record.headers["retry-after"]) >= 1
            assert record.headers["content-type"].startswith("application/problem+json")
    assert all(attempts[b] > limits[b] for b in limits), attempts  # every bucket was pushed past its limit
    assert allowed == limits, allowed
    print(f"\nabuse: {result['statuses']} attempts {attempts} allowed {allowed}")
