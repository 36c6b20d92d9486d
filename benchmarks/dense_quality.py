"""Dense-only retrieval on the gold set: fp32 vs the int8 variant, and each mixed with the other.

Embeds every chunk of the shipped corpus with both precisions on ONNX Runtime (or reuses the vectors that
``benchmarks/indexing.py`` saved for the same corpus state under ``<data_dir>/bench``), embeds the single-turn gold
questions with both, and reports recall@5 / MRR of exact cosine search for every pairing of passages and
questions, the cosine of the int8 vectors to the fp32 ones, and the top-10 agreement (``indexing.models.dense_eval``).

Usage:  .venv/bin/python benchmarks/dense_quality.py [--out docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from benchmarks.report import publish  # noqa: E402
from indexing.models import dense_eval  # noqa: E402
from lsa_assistant.settings import Settings  # noqa: E402

MARK_BEGIN = "<!-- bench:dense-quality:begin -->"
MARK_END = "<!-- bench:dense-quality:end -->"
PRECISIONS = ("fp32", "int8")


def vectors_file(settings: Settings, model_id: str, key: str) -> Path:
    """Where passage vectors of one model variant and corpus state are kept between benchmark runs."""
    slug = "".join(c if c.isalnum() else "-" for c in model_id)
    return settings.data_dir / "bench" / f"passages-{slug}-{key}.npy"


def cached_passages(settings: Settings, spec, chunks, key: str) -> np.ndarray:  # noqa: ANN001
    path = vectors_file(settings, spec.model_id, key)
    if path.is_file():
        print(f"reusing {path}", file=sys.stderr)
        return np.load(path)
    started = time.perf_counter()
    vectors = dense_eval.passage_vectors(spec.path, chunks)
    print(
        f"{spec.model_id}: {len(chunks)} passages in {time.perf_counter() - started:.0f} s", file=sys.stderr
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def measure(settings: Settings) -> dict:
    from indexing.models.resolve import resolve_embedding_model

    specs = {
        p: resolve_embedding_model(settings.model_copy(update={"embedding_precision": p})) for p in PRECISIONS
    }
    chunks = dense_eval.corpus_chunks(settings.corpus_dir)
    key = dense_eval.corpus_key(chunks)
    ids = [str(doc.meta.get("id")) for doc in chunks]
    queries = dense_eval.gold_queries(ROOT / "tests" / "eval" / "gold.yaml")
    passages = {p: cached_passages(settings, specs[p], chunks, key) for p in PRECISIONS}
    questions = {p: dense_eval.query_vectors(specs[p].path, [q.text for q in queries]) for p in PRECISIONS}
    ranked = {
        (pp, qp): dense_eval.rankings(questions[qp], passages[pp]) for pp in PRECISIONS for qp in PRECISIONS
    }
    return {
        "chunks": len(chunks),
        "corpus_key": key,
        "models": {p: specs[p].model_id for p in PRECISIONS},
        "quality": {pair: dense_eval.quality(r, ids, queries) for pair, r in ranked.items()},
        "passage_cosine": dense_eval.row_cosines(passages["int8"], passages["fp32"]),
        "query_cosine": dense_eval.row_cosines(questions["int8"], questions["fp32"]),
        "overlap": dense_eval.top_overlap(ranked[("int8", "int8")], ranked[("fp32", "fp32")]),
        "overlap_mixed": dense_eval.top_overlap(ranked[("int8", "fp32")], ranked[("fp32", "fp32")]),
    }


def render(r: dict, command: str) -> str:
    base = r["quality"][("fp32", "fp32")]
    lines = [
        MARK_BEGIN,
        "## Dense retrieval: fp32 vs int8 (issue 15)",
        "",
        f"Command: `{command}` — {time.strftime('%Y-%m-%d')}, load average {os.getloadavg()[0]:.1f} at the end "
        "(quality figures do not depend on load). Exact cosine search over all "
        f"{r['chunks']:,} chunks of the shipped corpus (corpus state `{r['corpus_key']}`), "
        f"{base.questions} single-turn gold questions with expected documents; MRR over the top 10.",
        "",
        "| passages | questions | recall@5 | MRR | Δ recall@5 | Δ MRR |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for (pp, qp), q in r["quality"].items():
        lines.append(
            f"| {pp} | {qp} | {q.recall_at_5:.3f} | {q.mrr:.3f} | {q.recall_at_5 - base.recall_at_5:+.3f} | "
            f"{q.mrr - base.mrr:+.3f} |"
        )
    pc, qc = r["passage_cosine"], r["query_cosine"]
    lines += [
        "",
        f"Cosine of the int8 vectors to the fp32 ones: passages min {pc.min():.4f} / 1st percentile "
        f"{np.percentile(pc, 1):.4f} / mean {pc.mean():.4f}; questions min {qc.min():.4f} / mean {qc.mean():.4f}. "
        f"Top-10 agreement with fp32/fp32: int8/int8 {r['overlap']:.3f}, int8 passages with fp32 questions "
        f"{r['overlap_mixed']:.3f}. Models: `{r['models']['fp32']}` and `{r['models']['int8']}`.",
        MARK_END,
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="Markdown file to update (section markers)")
    args = parser.parse_args()
    return publish(render(measure(Settings()), "python benchmarks/dense_quality.py"), args.out)


if __name__ == "__main__":
    sys.exit(main())
