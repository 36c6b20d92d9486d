"""Rate limits per client IP and per API key, and which forwarded address counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.ratelimit import client_ip, key_label, parse_networks
from tests.api.problems import PROBLEM
from tests.api.test_middleware import fake_client


def _search(client: TestClient, **headers: str) -> object:
    return client.get("/v1/search", params={"q": "Wohnsitz"}, headers=headers)


def test_ratelimit_429_after_limit(tmp_path: Path) -> None:
    with fake_client(tmp_path, rate_limit_per_minute=3) as client:
        for remaining in (2, 1, 0):
            ok = _search(client)
            assert ok.status_code == 200
            assert ok.headers["ratelimit-limit"] == "3"
            assert ok.headers["ratelimit-remaining"] == str(remaining)
        refused = _search(client)
        assert refused.status_code == 429
        assert refused.headers["content-type"].startswith(PROBLEM)
        assert refused.json()["code"] == "E429" and refused.json()["status"] == 429
        assert refused.headers["retry-after"].isdigit() and 1 <= int(refused.headers["retry-after"]) <= 60
        assert refused.headers["ratelimit-limit"] == "3" and refused.headers["ratelimit-remaining"] == "0"
        # outside /v1 nothing is limited or labelled
        for _ in range(5):
            health = client.get("/healthz")
            assert health.status_code == 200 and "ratelimit-limit" not in health.headers
        assert client.get("/metrics").status_code == 200


def test_ratelimit_key_and_ip_counted_separately(tmp_path: Path) -> None:
    with fake_client(
        tmp_path, rate_limit_per_minute=2, rate_limit_per_key_per_minute=3, api_keys=["key-a", "key-b"]
    ) as client:
        assert [_search(client).status_code for _ in range(3)] == [200, 200, 429]
        # the same machine with a key has the key's own budget
        statuses = [_search(client, **{"X-API-Key": "key-a"}).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        assert _search(client, **{"X-API-Key": "key-a"}).headers["ratelimit-limit"] == "3"
        # another key is another budget
        assert _search(client, **{"X-API-Key": "key-b"}).status_code == 200
        # and the IP budget is still spent
        assert _search(client).status_code == 429


#: Three different clients as a proxy names them in X-Forwarded-For.
THREE_CLIENTS = [f"203.0.113.{i}" for i in range(3)]


def _behind_proxy(tmp_path: Path, peer: str) -> TestClient:
    """A client (a context manager) whose requests come from ``peer``; 10.0.0.9 is the trusted proxy, two searches
    a minute."""
    return fake_client(tmp_path, peer=peer, rate_limit_per_minute=2, trusted_proxies=["10.0.0.9"])


def _forwarded_statuses(client: TestClient, forwarded_for: list[str]) -> list[int]:
    """The status of one search per X-Forwarded-For value, in order."""
    return [_search(client, **{"X-Forwarded-For": value}).status_code for value in forwarded_for]


def test_ratelimit_forwarded_for_ignored_from_untrusted_peer(tmp_path: Path) -> None:
    with _behind_proxy(tmp_path, peer="10.0.0.8") as client:
        assert _forwarded_statuses(client, THREE_CLIENTS) == [200, 200, 429]


def test_ratelimit_forwarded_for_used_from_trusted_proxy(tmp_path: Path) -> None:
    with _behind_proxy(tmp_path, peer="10.0.0.9") as client:
        assert _forwarded_statuses(client, THREE_CLIENTS) == [200, 200, 200]
        same = _forwarded_statuses(client, ["198.51.100.7, 10.0.0.9"] * 3)
        assert same == [200, 200, 429]


def _scope(peer: str, forwarded: str | None = None) -> dict:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded is not None else []
    return {"type": "http", "client": (peer, 1234), "headers": headers}


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        ("192.0.2.1", None, [], "192.0.2.1"),
        ("192.0.2.1", "203.0.113.5", [], "192.0.2.1"),
        ("192.0.2.1", "203.0.113.5", ["10.0.0.0/8"], "192.0.2.1"),
        ("10.1.2.3", "203.0.113.5", ["10.0.0.0/8"], "203.0.113.5"),
        ("10.1.2.3", "203.0.113.5, 10.1.2.3", ["10.0.0.0/8"], "203.0.113.5"),
        ("10.1.2.3", "not-an-ip", ["10.0.0.0/8"], "10.1.2.3"),
        ("10.1.2.3", None, ["10.0.0.0/8"], "10.1.2.3"),
        ("::1", "2001:db8::1", ["::1"], "2001:db8::1"),
        ("testclient", "203.0.113.5", ["127.0.0.1"], "testclient"),
    ],
)
def test_ratelimit_client_ip(peer: str, forwarded: str | None, trusted: list[str], expected: str) -> None:
    assert client_ip(_scope(peer, forwarded), parse_networks(trusted)) == expected


def test_ratelimit_key_label_hides_the_key() -> None:
    label = key_label("super-secret-portal-key")
    assert len(label) == 12 and "secret" not in label
    assert label == key_label("super-secret-portal-key") != key_label("another-key")
    assert parse_networks(["not an ip", "10.0.0.1"]) == parse_networks(["10.0.0.1"])


def test_ratelimit_key_guessing_costs_the_ip_budget(tmp_path: Path) -> None:
    with fake_client(tmp_path, rate_limit_per_minute=3, api_keys=["real-key"]) as client:
        statuses = [_search(client, **{"X-API-Key": f"guess-{i}"}).status_code for i in range(4)]
        assert statuses == [401, 401, 401, 429]
        assert _search(client, **{"X-API-Key": "real-key"}).status_code == 200


def test_ratelimit_cleans_up_at_a_pace_not_with_a_thread_per_hit(monkeypatch: pytest.MonkeyPatch) -> None:
    """limits' storage started a timer thread after nearly every hit; ours starts one per interval at most."""
    import threading

    from api.ratelimit import EXPIRY_INTERVAL_S, RateLimiter

    started: list[object] = []
    original = threading.Timer.start
    monkeypatch.setattr(threading.Timer, "start", lambda timer: (started.append(timer), original(timer))[1])
    limiter = RateLimiter(per_ip_per_minute=1000, per_key_per_minute=1000)
    first = len(started)  # the storage's own first clean-up
    verdicts = []
    for i in range(200):
        verdicts.append(limiter.hit("ip", f"10.0.0.{i % 7}"))
        if i % 20 == 0:  # time for a clean-up to finish: the library would start a new one after it
            threading.Event().wait(0.02)
    assert all(v.allowed for v in verdicts)
    assert len(started) - first <= 2 and EXPIRY_INTERVAL_S >= 1.0
    small = RateLimiter(per_ip_per_minute=3, per_key_per_minute=3)
    assert [small.hit("ip", "10.1.1.1").allowed for _ in range(4)] == [True, True, True, False]
