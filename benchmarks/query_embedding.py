"""One question's dense embedding: fp32 vs int8, one vs two threads, side by side in one run, against the floor.

Every variant embeds the same distinct gold-set questions (``FastQueryEmbedder`` without its cache, as the service
calls it: idle threads sleep between questions); per question the variants take turns in a rotated order, so load
from other processes falls on all alike. The arithmetic floor of a variant is the encoder's arithmetic at this run's
rate for large matrix products with the same number of threads (int8: projections and feed-forward at the int8 rate,
attention scores at the fp32 rate).

Usage:  .venv/bin/python benchmarks/query_embedding.py [--questions 120] [--out docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.flops import flops_per_token, int8_gops, matmul_gflops  # noqa: E402
from benchmarks.http_latency import gold_questions, percentile  # noqa: E402
from benchmarks.report import publish  # noqa: E402
from lsa_assistant.settings import Settings  # noqa: E402

MARK_BEGIN = "<!-- bench:query-embedding:begin -->"
MARK_END = "<!-- bench:query-embedding:end -->"
VARIANTS = (("fp32", 2), ("fp32", 1), ("int8", 2), ("int8", 1))


def measure(settings: Settings, questions: list[str]) -> dict:
    from indexing.components.query_embedder import FastQueryEmbedder
    from indexing.models.resolve import resolve_embedding_model

    specs = {
        p: resolve_embedding_model(settings.model_copy(update={"embedding_precision": p}))
        for p in ("fp32", "int8")
    }
    embedders = {}
    for precision, threads in VARIANTS:
        embedder = FastQueryEmbedder(model=str(specs[precision].path), cache_size=0, threads=threads)
        embedder.warm_up()
        embedders[(precision, threads)] = embedder
    tokenizer = embedders[VARIANTS[0]]._onnx.tokenizer  # noqa: SLF001
    tokens = sum(len(tokenizer.encode("query: " + q).ids) for q in questions) / len(questions)
    timings: dict[tuple[str, int], list[float]] = {v: [] for v in VARIANTS}
    loads = []
    for i, question in enumerate(questions):
        order = VARIANTS[i % len(VARIANTS) :] + VARIANTS[: i % len(VARIANTS)]
        for variant in order:
            started = time.perf_counter()
            embedders[variant].embed(question)
            timings[variant].append((time.perf_counter() - started) * 1000)
            time.sleep(
                0.005
            )  # a question arrives now and then: threads go idle in between, as in the service
        if i % 20 == 0:
            loads.append(os.getloadavg()[0])
    linear, attention = flops_per_token(tokens=round(tokens), split=True)
    rates = {t: (matmul_gflops(2.0, threads=t), int8_gops(2.0, threads=t)) for t in (1, 2)}
    floors = {
        (p, t): tokens
        * (linear / (rates[t][1 if p == "int8" else 0] * 1e9) + attention / (rates[t][0] * 1e9))
        * 1000
        for p, t in VARIANTS
    }
    return {
        "tokens": tokens,
        "timings": timings,
        "floors": floors,
        "rates": rates,
        "loads": loads,
        "specs": specs,
    }


def render(r: dict, command: str) -> str:
    loads = r["loads"]
    lines = [
        MARK_BEGIN,
        "## Query embedding: fp32 vs int8, threads (issue 15)",
        "",
        f"Command: `{command}` — {time.strftime('%Y-%m-%d')}, 2 cores shared with other work (load average "
        f"{min(loads):.1f}–{max(loads):.1f} during the run). {len(next(iter(r['timings'].values())))} distinct "
        f"gold-set questions, {r['tokens']:.1f} tokens on average with `query: `; each variant embeds each question "
        "once, in turns. Rates for large products in this run: fp32 "
        + " / ".join(f"{r['rates'][t][0]:.0f}" for t in (1, 2))
        + " GFLOP/s, int8 "
        + " / ".join(f"{r['rates'][t][1]:.0f}" for t in (1, 2))
        + " GOP/s with 1 / 2 threads.",
        "",
        "| precision | threads | p50 ms | p95 ms | floor ms | p50 / floor |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for (precision, threads), ms in r["timings"].items():
        floor = r["floors"][(precision, threads)]
        p50 = percentile(ms, 50)
        lines.append(
            f"| {precision} | {threads} | {p50:.2f} | {percentile(ms, 95):.2f} | {floor:.2f} | {p50 / floor:.1f}× |"
        )
    lines += [
        "",
        "The service embeds with the index's precision and, with `LSA_EMBEDDING_THREADS=0` (the default), one "
        f"thread (`indexing.components.query_embedder.ONNX_AUTO_THREADS`). Models: `{r['specs']['fp32'].model_id}`, "
        f"`{r['specs']['int8'].model_id}`.",
        MARK_END,
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=120)
    parser.add_argument("--out", type=Path, default=None, help="Markdown file to update (section markers)")
    args = parser.parse_args()
    result = measure(Settings(), gold_questions(args.questions))
    command = "python benchmarks/query_embedding.py" + (
        f" --questions {args.questions}" if args.questions != 120 else ""
    )
    return publish(render(result, command), args.out)


if __name__ == "__main__":
    sys.exit(main())
