"""The service's ready path step by step in a fresh process: where the seconds and the memory of a start go.

Runs the steps of ``Assistant.warm_up`` one by one (the API's import first, then the knowledge base, the searcher,
the analyser, the composer, the understanding) and one question, each in a new interpreter, so nothing is warm but
what the disk and the bytecode cache hold. Needs a built index (``lsa-assistant index``) whose decision model is
trained; otherwise "understanding" includes its training.

Usage:  .venv/bin/python benchmarks/startup.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STEPS = ("import api.app", "knowledge", "searcher", "analyser", "composer", "understanding", "first answer")

_PROBE = r"""
import json, time
started = time.perf_counter()
times, rss = {}, {}
def mark(step):
    global started
    now = time.perf_counter()
    times[step] = round(now - started, 2)
    rss[step] = int(open("/proc/self/statm").read().split()[1]) * 4096 // 2**20
    started = now
import api.app  # noqa: F401
mark("import api.app")
from assistant.analysis import QueryAnalyzer
from assistant.answering import Assistant
from assistant.compose.dispatch import AnswerComposer
from assistant.knowledge import load_knowledge
from assistant.models import Message
from assistant.retrieval import Searcher
from lsa_assistant.settings import Settings
settings = Settings()
assistant = Assistant(settings)
assistant.knowledge = load_knowledge(settings)
mark("knowledge")
assistant.searcher = Searcher(settings)
assistant.searcher.warm_up()
mark("searcher")
cache = settings.cache_dir if settings.startup_cache else None
assistant.analyzer = QueryAnalyzer(assistant.knowledge, cache_dir=cache)
assistant.analyzer.warm_up()
mark("analyser")
assistant.composer = AnswerComposer(assistant.knowledge)
mark("composer")
assistant._warm_understanding()
mark("understanding")
assistant.answer([Message(role="user", content="Wo melde ich mein Auto an?")])
mark("first answer")
assistant.close()
print(json.dumps({"times": times, "rss": rss}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HAYSTACK_TELEMETRY_ENABLED": "False"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    runs = []
    for _ in range(args.runs):
        done = subprocess.run(
            [sys.executable, "-c", _PROBE], cwd=REPO, env=env, capture_output=True, text=True, check=True
        )
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"| step | {' | '.join(f'run {i + 1} s (RSS MiB)' for i in range(len(runs)))} |")
    print(f"|---|{'---:|' * len(runs)}")
    for step in STEPS:
        cells = [f"{r['times'][step]:.2f} ({r['rss'][step]})" for r in runs]
        print(f"| {step} | {' | '.join(cells)} |")
    totals = [f"{sum(r['times'].values()):.2f}" for r in runs]
    print(f"| total | {' | '.join(totals)} |")
    flag = os.environ.get("PYTHONDONTWRITEBYTECODE", "")
    print(f"PYTHONDONTWRITEBYTECODE={flag!r}, load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
