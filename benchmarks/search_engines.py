"""Side by side in one run: our search path vs the stock Haystack pipeline, same model, same data.

* **ours**: ``FastQueryEmbedder`` (ONNX, no query cache for these rows) + German sparse query vector +
  ``EdgeHybridRetriever`` on a Qdrant Edge shard (exact search), components called directly as the ``Searcher`` does.
* **stock**: ``Pipeline(SentenceTransformersTextEmbedder -> QdrantHybridRetriever)`` (plus the same sparse query
  embedder) on ``QdrantDocumentStore`` in qdrant-client's local mode.

Per corpus size: writes into both stores (chunks/s), search latency in-process, then each engine served by
``benchmarks/engine_server.py`` on 127.0.0.1 (same minimal endpoint for both): HTTP latency, throughput at 1/4/16
concurrent clients (bounded in time and count), time to ready and peak RSS of the server process. Corpus:
``benchmarks/engines_corpus.py`` (real chunks and vectors, synthetic top-up). Questions: the gold set's.

Usage: python benchmarks/search_engines.py [--sizes 1000,10000,100000] [--queries 60] [--stock-queries 20]
       [--out docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from haystack import Document  # noqa: E402

from benchmarks.engine_server import STOCK_INDEX, stock_pipeline  # noqa: E402
from benchmarks.engines_corpus import base_chunks, questions, synthetic  # noqa: E402
from benchmarks.engines_http import measure_engine  # noqa: E402
from benchmarks.flops import flops_per_token, matmul_gflops  # noqa: E402
from benchmarks.http_latency import percentile  # noqa: E402
from lsa_assistant.settings import Settings  # noqa: E402

MARK_BEGIN = "<!-- bench:engines:begin -->"
MARK_END = "<!-- bench:engines:end -->"


def timed(fn, items) -> list[float]:
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t) * 1000)
    return out


def stats(ms: list[float]) -> str:
    return f"{percentile(ms, 50):.1f} / {percentile(ms, 95):.1f} / {percentile(ms, 99):.1f}"


def run_size(
    n: int, docs: list[Document], model_path: str, qs: list[str], stock_n: int, tmp: Path, stock_model: str
) -> dict:
    from haystack_integrations.document_stores.qdrant import QdrantDocumentStore

    from indexing.components.query_embedder import FastQueryEmbedder
    from indexing.components.sparse_embedder import GermanSparseTextEmbedder
    from indexing.edge.document_store import EdgeDocumentStore
    from indexing.edge.hybrid_retriever import EdgeHybridRetriever

    row: dict = {"chunks": n}
    edge_path, local_path = tmp / f"edge-{n}", tmp / f"local-{n}"
    edge = EdgeDocumentStore(edge_path, embedding_dim=len(docs[0].embedding))
    t = time.perf_counter()
    edge.write_documents(docs, policy="overwrite")
    edge.flush()
    row["ours_write_per_s"] = n / (time.perf_counter() - t)
    local = QdrantDocumentStore(
        path=str(local_path), index=STOCK_INDEX, embedding_dim=len(docs[0].embedding),
        use_sparse_embeddings=True, sparse_idf=True, recreate_index=True, write_batch_size=256,
    )  # fmt: skip
    t = time.perf_counter()
    local.write_documents(docs, policy="overwrite")
    row["stock_write_per_s"] = n / (time.perf_counter() - t)

    fast = FastQueryEmbedder(model=model_path, cache_size=0)
    fast.warm_up()
    sparse = GermanSparseTextEmbedder()
    sparse.warm_up()
    retriever = EdgeHybridRetriever(document_store=edge, top_k=10)

    def ours(q: str) -> list[Document]:
        return retriever.run(
            query_embedding=fast.run(q)["embedding"], query_sparse_embedding=sparse.run(q)["sparse_embedding"]
        )["documents"]

    stock = stock_pipeline(local, stock_model)

    def stock_search(q: str) -> list[Document]:
        return stock.run({"dense": {"text": q}, "sparse": {"text": q}})["retriever"]["documents"]

    ours(qs[0]), stock_search(qs[0])  # first-call allocations
    row["ours_ms"] = timed(ours, qs)
    row["stock_ms"] = timed(stock_search, qs[:stock_n])
    vecs = {q: (fast.run(q)["embedding"], sparse.run(q)["sparse_embedding"]) for q in qs}
    row["ours_retrieval_ms"] = timed(lambda q: retriever.run(*vecs[q]), qs)
    row["ours_embed_ms"] = timed(lambda q: fast.run(q), qs)
    overlap = [
        len({d.id for d in ours(q)} & {d.id for d in stock_search(q)}) / 10 for q in qs[: min(stock_n, 10)]
    ]  # exact search and RRF on both sides; tied ranks may be filled differently
    row["top10_overlap"] = f"{sum(overlap) / len(overlap):.2f}"
    edge.close()
    local.close()
    row["ours_http"] = measure_engine(
        "ours", edge_path, model_path, qs, len(qs), {"seconds": 5.0, "requests": 400}
    )
    row["stock_http"] = measure_engine(
        "stock", local_path, stock_model, qs, stock_n, {"seconds": 8.0, "requests": 40}
    )
    return row


def embedding_floor(model_path: str, qs: list[str], stock_model: str) -> dict:
    """Arithmetic of one query forward pass at this machine's matmul rate vs the measured calls."""
    from haystack_integrations.components.embedders.sentence_transformers import (
        SentenceTransformersTextEmbedder,
    )

    from indexing.components.query_embedder import FastQueryEmbedder

    fast = FastQueryEmbedder(model=model_path, cache_size=len(qs) + 1)
    fast.warm_up()
    tokenizer = fast._onnx.tokenizer if fast._onnx else None  # noqa: SLF001
    tokens = [
        len(tokenizer.encode("query: " + q).ids)
        if tokenizer
        else len(fast._st.tokenizer("query: " + q)["input_ids"])  # noqa: SLF001
        for q in qs
    ]
    mean_tokens = sum(tokens) / len(tokens)
    gflops = matmul_gflops(2.0)
    floor_ms = flops_per_token(tokens=int(mean_tokens)) * mean_tokens / (gflops * 1e9) * 1000
    stock = SentenceTransformersTextEmbedder(
        model=stock_model,
        prefix="query: ",
        normalize_embeddings=True,
        progress_bar=False,
        local_files_only=True,
    )
    stock.warm_up()
    stock.run(qs[0])
    torch_path = FastQueryEmbedder(model=stock_model, cache_size=0, backend="torch")
    torch_path.warm_up()
    return {
        "torch_ms": timed(lambda q: torch_path.embed(q), qs),
        "tokens": mean_tokens,
        "gflops": gflops,
        "floor_ms": floor_ms,
        "fast_ms": timed(lambda q: fast.embed(q), qs),
        "stock_ms": timed(lambda q: stock.run(q), qs),
        "cached_ms": timed(lambda q: fast.run(q), qs + qs)[len(qs) :],
    }


def render(rows: list[dict], floor: dict, args: argparse.Namespace, seconds: float) -> str:
    load = os.getloadavg()
    lines = [
        MARK_BEGIN,
        "## Search engines side by side: ours (Qdrant Edge) vs the stock Haystack pipeline",
        "",
        f"Command: `python benchmarks/search_engines.py --sizes {args.sizes} --queries {args.queries} "
        f"--stock-queries {args.stock_queries}`  ",
        f"Machine: 2 cores shared with other jobs (load average {load[0]:.1f} / {load[1]:.1f} at the end), "
        f"date {time.strftime('%Y-%m-%d')}; run time {seconds:.0f} s; top-10 hybrid (RRF), exact search on both sides.",
        "",
        "In-process (components called directly, no HTTP):",
        "",
        "| chunks | ours search p50/p95/p99 ms | stock search p50/p95/p99 ms | stock p95 / ours p95 "
        "| ours retrieval p50/p95 ms | write chunks/s ours / stock | top-10 overlap |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = percentile(r["stock_ms"], 95) / percentile(r["ours_ms"], 95)
        lines.append(
            f"| {r['chunks']:,} | {stats(r['ours_ms'])} | {stats(r['stock_ms'])} | {ratio:.0f}× | "
            f"{percentile(r['ours_retrieval_ms'], 50):.2f} / {percentile(r['ours_retrieval_ms'], 95):.2f} | "
            f"{r['ours_write_per_s']:.0f} / {r['stock_write_per_s']:.0f} | {r['top10_overlap']} |"
        )
    lines += [
        "",
        "Over loopback HTTP (`benchmarks/engine_server.py`, one uvicorn process per engine, the same endpoint for "
        "both; sequential latency, then throughput with 1/4/16 concurrent keep-alive clients, each level bounded to "
        "5 s / 400 requests for ours and 8 s / 40 requests for stock — at least 2 requests per client):",
        "",
        "| chunks | ours HTTP p50/p95/p99 ms | stock HTTP p50/p95/p99 ms | stock p95 / ours p95 "
        "| ours q/s at 1/4/16 clients | stock q/s at 1/4/16 | time to ready s ours / stock "
        "| peak RSS MiB ours / stock | errors |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ours, stock = r["ours_http"], r["stock_http"]
        ratio = percentile(stock["http_ms"], 95) / percentile(ours["http_ms"], 95)
        errors = sum(level["errors"] for side in (ours, stock) for level in side["qps"].values())
        lines.append(
            f"| {r['chunks']:,} | {stats(ours['http_ms'])} | {stats(stock['http_ms'])} | {ratio:.0f}× | "
            + " / ".join(f"{v['qps']:.0f}" for v in ours["qps"].values())
            + " | "
            + " / ".join(f"{v['qps']:.1f}" for v in stock["qps"].values())
            + f" | {ours['ready_s']:.1f} / {stock['ready_s']:.1f} | {ours['peak_rss_mb']:.0f} / "
            f"{stock['peak_rss_mb']:.0f} | {errors} |"
        )
    f = floor
    lines += [
        "",
        f"Query embedding (mean {f['tokens']:.1f} tokens incl. `query: `; matmul {f['gflops']:.0f} GFLOP/s → "
        f"arithmetic floor **{f['floor_ms']:.1f} ms**): fast path p50/p95 {percentile(f['fast_ms'], 50):.1f} / "
        f"{percentile(f['fast_ms'], 95):.1f} ms ({percentile(f['fast_ms'], 50) / f['floor_ms']:.1f}× the floor), "
        f"torch direct call {percentile(f['torch_ms'], 50):.1f} / {percentile(f['torch_ms'], 95):.1f} ms, "
        f"stock `SentenceTransformersTextEmbedder` {percentile(f['stock_ms'], 50):.1f} / "
        f"{percentile(f['stock_ms'], 95):.1f} ms, cached repeat {percentile(f['cached_ms'], 50) * 1000:.0f} µs. "
        f"Peak RSS of the benchmark process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB.",
        MARK_END,
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--stock-queries", type=int, default=20)
    parser.add_argument("--out", type=Path, default=None, help="markdown file to update (section markers)")
    args = parser.parse_args()
    started = time.perf_counter()
    from indexing.models.engine import set_torch_threads
    from indexing.models.resolve import resolve_embedding_model

    settings = Settings()
    set_torch_threads(settings.embedding_threads or 2)
    model_path = str(resolve_embedding_model(settings).path)
    # the stock side and the torch rows load the sentence-transformers directory (fp32): the int8 default of
    # ours is an ONNX directory that SentenceTransformersTextEmbedder cannot load
    stock_model = str(
        resolve_embedding_model(settings.model_copy(update={"embedding_precision": "fp32"})).path
    )
    qs = questions(args.queries)
    base = base_chunks(settings, model_path)
    rows = []
    (settings.data_dir / "bench").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lsa-engines-") as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            rows.append(
                run_size(n, synthetic(base, n), model_path, qs, args.stock_queries, Path(tmp), stock_model)
            )
            print(
                json.dumps({k: v for k, v in rows[-1].items() if not k.endswith(("_ms", "_http"))}),
                flush=True,
            )
            (settings.data_dir / "bench" / f"engines-{n}.json").write_text(json.dumps(rows[-1]))
    floor = embedding_floor(model_path, qs, stock_model)
    section = render(rows, floor, args, time.perf_counter() - started)
    print(section)
    if args.out:
        text = args.out.read_text(encoding="utf-8") if args.out.exists() else "# Benchmarks\n"
        if MARK_BEGIN in text:
            text = text[: text.index(MARK_BEGIN)] + section + text[text.index(MARK_END) + len(MARK_END) :]
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
