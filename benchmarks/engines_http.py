"""Over loopback HTTP: start ``engine_server.py`` for one engine, then latency, throughput, time to ready, peak RSS.

Bounded as the house rules ask: only 127.0.0.1, a fixed number of sequential requests, and throughput runs that
stop issuing requests after a time limit or a request count (requests already sent are waited for and counted;
the elapsed time includes them).
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from benchmarks.http_latency import free_port

SERVER = Path(__file__).resolve().parent / "engine_server.py"


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process in MiB."""
    match = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    return int(match.group(1)) / 1024 if match else 0.0


def start(
    engine: str, store_path: Path, model: str, timeout_s: float = 600.0
) -> tuple[subprocess.Popen, str, float]:
    """The server process, its base URL and the seconds from spawn to the first healthy answer."""
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, str(SERVER), "--engine", engine, "--path", str(store_path), "--model", model,
         "--port", str(port)],
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    while time.perf_counter() - started < timeout_s:
        if proc.poll() is not None:
            raise RuntimeError(f"{engine} server exited with {proc.returncode}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1.0).status_code == 200:
                return proc, url, time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{engine} server not ready after {timeout_s:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def sequential(url: str, questions: list[str]) -> list[float]:
    """Milliseconds per ``GET /v1/search``, one request at a time (a keep-alive connection, as portals hold)."""
    out = []
    with httpx.Client(base_url=url, timeout=120.0) as client:
        for q in questions:
            t = time.perf_counter()
            client.get("/v1/search", params={"q": q, "k": 10}).raise_for_status()
            out.append((time.perf_counter() - t) * 1000)
    return out


def throughput(url: str, questions: list[str], clients: int, seconds: float, max_requests: int) -> dict:
    """Completed requests per second with ``clients`` concurrent connections; errors are counted, not raised."""
    done = [0] * clients
    errors = [0] * clients
    deadline = time.perf_counter() + seconds

    def worker(w: int) -> None:
        i = w
        with httpx.Client(base_url=url, timeout=120.0) as client:
            while time.perf_counter() < deadline and sum(done) + sum(errors) < max_requests:
                try:
                    client.get(
                        "/v1/search", params={"q": questions[i % len(questions)], "k": 10}
                    ).raise_for_status()
                    done[w] += 1
                except httpx.HTTPError:
                    errors[w] += 1
                i += clients

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, range(clients)))
    elapsed = time.perf_counter() - started
    return {"qps": sum(done) / elapsed, "requests": sum(done), "errors": sum(errors), "seconds": elapsed}


def measure_engine(
    engine: str, store_path: Path, model: str, questions: list[str], n_sequential: int, budget: dict
) -> dict:
    """Everything the table reports for one engine over HTTP; ``budget``: seconds and max requests per level."""
    proc, url, ready_s = start(engine, store_path, model)
    try:
        sequential(url, questions[:2])  # connection set-up, not counted
        ms = sequential(url, questions[:n_sequential])
        qps = {
            c: throughput(url, questions, c, budget["seconds"], max(budget["requests"], 2 * c))
            for c in (1, 4, 16)
        }
        return {"ready_s": ready_s, "http_ms": ms, "qps": qps, "peak_rss_mb": peak_rss_mb(proc.pid)}
    finally:
        stop(proc)
