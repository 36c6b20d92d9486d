"""Load: N concurrent clients for S seconds against ``lsa-assistant serve`` on 127.0.0.1.

Each client loops over a fixed mix (search 60 %, chat 30 %, catalogue 10 %) with German questions and
records status, latency and the ``X-Index-Build`` header. Reported: requests, errors (anything but 2xx,
and transport errors), throughput, p50/p95/p99 overall and per endpoint, the service's RSS at the start
and at the end, and the index builds seen.

Without ``--url`` the script starts ``serve`` itself on a free port with the ``LSA_*`` environment
(rate limits raised so that the figure measures the service, not the limiter) and stops it afterwards.

Usage:  .venv/bin/python benchmarks/load.py [--clients 16] [--seconds 60] [--url URL --pid PID] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "Wer ist für die Bezahlplattform zuständig?",
    "Wo melde ich meinen Wohnsitz an?",
    "Was regelt § 9 EGovG LSA?",
    "Welches Ministerium ist für Digitalisierung zuständig?",
    "Wie beantrage ich Elterngeld?",
    "Muss eine Behörde elektronische Akten führen?",
    "Wer ist für Baugenehmigungen zuständig?",
    "Was ist das Servicekonto?",
]


@dataclass
class Record:
    """One request: which client, which endpoint, the status (or the transport error's name), the time."""

    client: int
    label: str
    status: int | str
    seconds: float
    headers: Any  # the response headers (httpx.Headers), empty after a transport error

    @property
    def build(self) -> str | None:
        return self.headers.get("x-index-build")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def rss_mb(pid: int) -> float:
    """Resident set size of a process in MiB (Linux ``/proc``; 0 once the process is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def request_for(client_no: int, i: int) -> tuple[str, str, dict[str, Any]]:
    """(endpoint label, method, httpx kwargs) of the i-th request of one client."""
    question = QUESTIONS[(client_no + i) % len(QUESTIONS)]
    slot = i % 10
    if slot < 6:
        return "search", "GET", {"url": "/v1/search", "params": {"q": question, "k": 5}}
    if slot < 9:
        return (
            "chat",
            "POST",
            {"url": "/v1/chat", "json": {"messages": [{"role": "user", "content": question}]}},
        )
    return "services", "GET", {"url": "/v1/services", "params": {"q": "Anmeldung", "limit": 5}}


async def _client(
    base: str, client_no: int, until: float, stop: threading.Event, headers: dict[str, str], records: list
) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60, headers=headers) as http:
        i = 0
        while time.monotonic() < until and not stop.is_set():
            label, method, kwargs = request_for(client_no, i)
            url = kwargs.pop("url")
            started = time.perf_counter()
            try:
                response = await http.request(method, url, **kwargs)
                seconds = time.perf_counter() - started
                records.append(Record(client_no, label, response.status_code, seconds, response.headers))
            except httpx.HTTPError as e:
                records.append(Record(client_no, label, type(e).__name__, time.perf_counter() - started, {}))
            i += 1


def run_load(
    base: str,
    *,
    clients: int = 16,
    seconds: float = 60,
    stop: threading.Event | None = None,
    headers_for: Any = None,
    pid: int | None = None,
) -> dict[str, Any]:
    """Runs the clients until ``seconds`` pass or ``stop`` is set; returns the figures as a dict."""
    stop = stop or threading.Event()
    records: list[Record] = []
    rss_start = rss_mb(pid) if pid else None
    started = time.monotonic()

    async def main() -> None:
        until = time.monotonic() + seconds
        await asyncio.gather(
            *(
                _client(base, n, until, stop, (headers_for(n) if headers_for else {}), records)
                for n in range(clients)
            )
        )

    samples: list[float] = []
    done = threading.Event()

    def sample_rss() -> None:  # every 10 s, to tell a plateau from a leak
        while pid and not done.wait(10):
            samples.append(round(rss_mb(pid), 1))

    sampler = threading.Thread(target=sample_rss, daemon=True)
    sampler.start()
    # a thread of its own: the caller may already run an event loop (e.g. playwright's in a test session)
    with ThreadPoolExecutor(max_workers=1) as runner:
        runner.submit(asyncio.run, main()).result()
    done.set()
    elapsed = time.monotonic() - started
    result = summarize(records, elapsed, clients, rss_start, rss_mb(pid) if pid else None)
    result["rss_mb_every_10s"] = samples
    return result


def summarize(
    records: list, elapsed: float, clients: int, rss_start: float | None, rss_end: float | None
) -> dict[str, Any]:
    latencies: dict[str, list[float]] = defaultdict(list)
    statuses: Counter[str] = Counter()
    builds: Counter[str] = Counter()
    for record in records:
        latencies[record.label].append(record.seconds * 1000)
        latencies["all"].append(record.seconds * 1000)
        statuses[str(record.status)] += 1
        if record.build:
            builds[record.build] += 1
    errors = sum(n for status, n in statuses.items() if not status.startswith("2"))
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(records),
        "errors": errors,
        "statuses": dict(statuses),
        "rps": round(len(records) / elapsed, 1) if elapsed else 0.0,
        "latency_ms": {
            label: {f"p{q}": round(percentile(values, q), 1) for q in (50, 95, 99)} | {"n": len(values)}
            for label, values in sorted(latencies.items())
        },
        "rss_mb_start": round(rss_start, 1) if rss_start is not None else None,
        "rss_mb_end": round(rss_end, 1) if rss_end is not None else None,
        "builds": dict(builds),
        "records": records,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_serve(env: dict[str, str], log_path: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    code = "import sys; from cli.main import main; sys.exit(main())"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log_path.open("wb"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.kill()
    raise SystemExit(f"serve did not become ready; see {log_path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--url", help="an already running service (else serve is started here)")
    parser.add_argument("--pid", type=int, help="its process id, for the RSS figures")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    proc = None
    base, pid = args.url, args.pid
    if base is None:
        env = {"LSA_RATE_LIMIT_PER_MINUTE": "100000", **os.environ, "PYTHONUNBUFFERED": "1"}
        proc, base = start_serve(env, Path(os.environ.get("TMPDIR", "/tmp")) / "lsa-load-serve.log")
        pid = proc.pid
    try:
        result = run_load(base, clients=args.clients, seconds=args.seconds, pid=pid)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    result.pop("records")
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(
            f"{result['clients']} Clients, {result['seconds']} s: {result['requests']} Anfragen, "
            f"{result['errors']} Fehler, {result['rps']}/s; p95 {result['latency_ms']['all']['p95']} ms; "
            f"RSS {result['rss_mb_start']} → {result['rss_mb_end']} MiB (alle 10 s: {result['rss_mb_every_10s']}); "
            f"Status {result['statuses']}"
        )
        for label, figures in result["latency_ms"].items():
            print(
                f"  {label:9s} n={figures['n']:5d} "
                + "  ".join(f"{q} {figures[q]:7.1f}" for q in ("p50", "p95", "p99"))
                + " ms"
            )
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
