"""Latency of ``GET /v1/search`` and ``POST /v1/chat`` over HTTP on the shipped corpus.

Starts ``lsa-assistant serve`` on 127.0.0.1 (the real model and the index under ``LSA_DATA_DIR``, built
first when missing), waits for ``/readyz``, sends every question of a fixed list sequentially (after a
warm-up round) and reports p50/p95/p99 per endpoint, plus time to ready and the service's RSS.

Usage:  .venv/bin/python benchmarks/http_latency.py [--rounds 3] [--out docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
MARK_BEGIN = "<!-- bench:http:begin -->"
MARK_END = "<!-- bench:http:end -->"
QUESTIONS = [
    "Wer ist für die Bezahlplattform zuständig?",
    "Welche sicheren Zugänge muss eine Behörde eröffnen?",
    "Wo melde ich meinen Wohnsitz an?",
    "Was kostet ein Personalausweis?",
    "Welche Unterlagen brauche ich für die Eheschließung?",
    "Was regelt § 9 EGovG LSA?",
    "Welches Ministerium ist für Digitalisierung zuständig?",
    "Wie beantrage ich Elterngeld?",
    "Wer ist für das Gewerbe zuständig?",
    "Was ist das Once-Only-Prinzip?",
    "Wie melde ich ein Fahrzeug an?",
    "Welche Aufgaben hat das Ministerium der Finanzen?",
    "Muss eine Behörde elektronische Akten führen?",
    "Wo bekomme ich einen Fischereischein?",
    "Wer ist für Baugenehmigungen zuständig?",
    "Wie lange dauert die Ausstellung eines Reisepasses?",
    "Was ist das Servicekonto?",
    "Wie beantrage ich BAföG?",
    "Welche Rolle hat das MID beim OZG?",
    "Wann gilt ein elektronisches Dokument als zugegangen?",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def rss_mb(pid: int) -> float:
    """Resident memory of the server process and its children (MiB), from /proc."""
    total = 0
    for candidate in [pid, *children(pid)]:
        try:
            status = Path(f"/proc/{candidate}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(match.group(1)) if match else 0
    return total / 1024


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def gold_questions(limit: int) -> list[str]:
    """Distinct first user turns of the gold set (none repeated: every one misses the query cache)."""
    import yaml

    gold = yaml.safe_load((ROOT / "tests" / "eval" / "gold.yaml").read_text(encoding="utf-8"))
    firsts = dict.fromkeys(item["messages"][0]["content"] for item in gold)
    return [q for q in firsts if q not in QUESTIONS][:limit]


def measure(client: httpx.Client, rounds: int, fresh: int = 0) -> dict[str, list[float]]:
    """``rounds`` over the fixed list (repeats hit the query cache), or with ``fresh`` that many distinct gold
    questions for each endpoint once each after the warm-up round: the chat is asked other questions than the
    search, so neither finds the other's query embedding in the cache."""
    timings: dict[str, list[float]] = {"search": [], "chat": []}
    warm = [(q, q) for q in QUESTIONS]
    if fresh:
        distinct = gold_questions(2 * fresh)
        measured = [list(zip(distinct[0::2], distinct[1::2], strict=False))]
    else:
        measured = [warm] * rounds
    for round_no, pairs in enumerate([warm, *measured]):  # round 0 warms up and is not counted
        for searched, asked in pairs:
            started = time.perf_counter()
            response = client.get("/v1/search", params={"q": searched, "k": 10})
            search_ms = (time.perf_counter() - started) * 1000
            response.raise_for_status()
            started = time.perf_counter()
            response = client.post("/v1/chat", json={"messages": [{"role": "user", "content": asked}]})
            chat_ms = (time.perf_counter() - started) * 1000
            response.raise_for_status()
            if round_no:
                timings["search"].append(search_ms)
                timings["chat"].append(chat_ms)
    return timings


def stage_quantiles(client: httpx.Client) -> dict[str, dict[str, float]]:
    """The service's own per-stage p50/p95 (ms) from ``/metrics`` (``lsa_pipeline_stage_recent_seconds``)."""
    pattern = re.compile(r"^lsa_pipeline_stage_recent_seconds\{([^}]*)\} (\S+)$")
    stages: dict[str, dict[str, float]] = {}
    for line in client.get("/metrics").text.splitlines():
        match = pattern.match(line)
        if match:
            labels = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))
            stages.setdefault(labels["stage"], {})[labels["quantile"]] = float(match.group(2)) * 1000
    return stages


def render(
    timings: dict[str, list[float]],
    ready_s: float,
    rss: float,
    rounds: int,
    fresh: int = 0,
    stages: dict[str, dict[str, float]] | None = None,
) -> str:
    how = (
        f"{len(timings['search'])} distinct gold-set questions once each per endpoint, other ones for the chat "
        "than for the search (no query-cache hits)"
        if fresh
        else f"{len(QUESTIONS)} questions × {rounds} rounds (repeats: query-cache hits)"
    )
    marks = (MARK_BEGIN.replace("http", "http-fresh"), MARK_END.replace("http", "http-fresh"))
    lines = [
        marks[0] if fresh else MARK_BEGIN,
        f"### HTTP latency on the shipped corpus{' (uncached questions)' if fresh else ''}",
        "",
        f"Command: `.venv/bin/python benchmarks/http_latency.py "
        f"{f'--fresh {fresh}' if fresh else f'--rounds {rounds}'}` — "
        f"{platform.machine()}, {os.cpu_count()} cores (shared, load average {os.getloadavg()[0]:.1f}), "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}. `lsa-assistant serve` on 127.0.0.1 with "
        f"the real model; {how}, sequential, one warm-up round not counted.",
        "",
        "| endpoint | n | p50 ms | p95 ms | p99 ms | mean ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, path in (("search", "GET /v1/search"), ("chat", "POST /v1/chat")):
        values = timings[name]
        lines.append(
            f"| `{path}` | {len(values)} | {percentile(values, 50):.0f} | {percentile(values, 95):.0f} | "
            f"{percentile(values, 99):.0f} | {statistics.fmean(values):.0f} |"
        )
    if stages:
        lines += [
            "",
            "Per stage inside the service (`/metrics`, `lsa_pipeline_stage_recent_seconds`; warm-up round included):",
            "",
            "| stage | p50 ms | p95 ms |",
            "|---|---:|---:|",
        ]
        lines += [
            f"| {name} | {values.get('0.5', float('nan')):.1f} | {values.get('0.95', float('nan')):.1f} |"
            for name, values in stages.items()
        ]
    lines += [
        "",
        f"Time to ready (process start → `/readyz` 200, index built): {ready_s:.1f} s; "
        f"service RSS after the run: {rss:.0f} MiB.",
        marks[1] if fresh else MARK_END,
    ]
    return "\n".join(lines)


def write_section(out: Path, section: str) -> None:
    text = out.read_text(encoding="utf-8") if out.exists() else "# Benchmarks\n"
    begin, end = section.splitlines()[0], section.splitlines()[-1]
    if begin in text:
        text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: section, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    out.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--fresh", type=int, default=0, help="N distinct gold questions once each instead")
    parser.add_argument("--out", type=Path, default=None, help="write the table into this Markdown file")
    args = parser.parse_args()
    port = free_port()
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "LSA_RATE_LIMIT_PER_MINUTE": "100000",
        "LSA_LOG_LEVEL": "WARNING",
    }
    started = time.perf_counter()
    # ``-m`` from the checkout: the code of this tree, whatever the venv's console script points to
    server = subprocess.Popen(
        [sys.executable, "-m", "cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            while True:
                if server.poll() is not None:
                    raise SystemExit("the server exited before it was ready")
                try:
                    if client.get("/readyz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.2)
            ready_s = time.perf_counter() - started
            timings = measure(client, args.rounds, args.fresh)
            stages = stage_quantiles(client)
        section = render(timings, ready_s, rss_mb(server.pid), args.rounds, args.fresh, stages)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(section)
    if args.out:
        write_section(args.out, section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
