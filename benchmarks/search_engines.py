"""Side by side in one run: our search path vs the stock Haystack pipeline, same model, same data.

* **ours**: ``FastQueryEmbedder`` (direct module call, no cache for the latency rows) + German sparse query
  vector + ``EdgeHybridRetriever`` on a Qdrant Edge shard (exact search), components called directly as the
  ``Searcher`` does.
* **stock**: ``Pipeline(SentenceTransformersTextEmbedder -> QdrantHybridRetriever)`` (plus the same sparse query
  embedder) on ``QdrantDocumentStore`` in qdrant-client's local mode.

Corpus: the shipped chunks with real e5 vectors (embedded once, cached under ``<data_dir>/bench``), topped up to
each size with synthetic chunks: vectors mixed from two real chunks plus noise (renormalised), sparse vectors
merged from the same two chunks, metadata of the first. Questions: the gold set's.

Usage: python benchmarks/search_engines.py [--sizes 1000,10000] [--queries 60] [--stock-queries 20]
       [--out docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from haystack import Document  # noqa: E402
from haystack.dataclasses import SparseEmbedding  # noqa: E402

from benchmarks.http_latency import percentile  # noqa: E402
from benchmarks.indexing import flops_per_token, matmul_gflops  # noqa: E402
from lsa_assistant.settings import Settings  # noqa: E402

MARK_BEGIN = "<!-- bench:engines:begin -->"
MARK_END = "<!-- bench:engines:end -->"


def base_chunks(settings: Settings, model_path: str) -> list[Document]:
    """Shipped chunks with sparse and real dense vectors (dense cached by chunk fingerprints)."""
    from indexing.components.chunker import CorpusChunker
    from indexing.components.corpus_loader import CorpusLoader
    from indexing.components.sparse_embedder import GermanSparseDocumentEmbedder
    from indexing.pipeline import CONTEXT_FIELD, build_dense_document_embedder

    docs = CorpusChunker().run(CorpusLoader(corpus_dir=str(settings.corpus_dir)).run()["documents"])[
        "documents"
    ]
    sparse = GermanSparseDocumentEmbedder(meta_fields_to_embed=[CONTEXT_FIELD])
    sparse.warm_up()
    docs = sparse.run(docs)["documents"]
    key = hashlib.sha256("\n".join(str(d.meta.get("fingerprint", d.id)) for d in docs).encode()).hexdigest()[
        :12
    ]
    cache = settings.data_dir / "bench" / f"dense-{Path(model_path).name}-{key}.npy"
    if cache.is_file():
        vectors = np.load(cache)
    else:
        dense = build_dense_document_embedder(model_path, settings, progress=True)
        dense.load_model()
        vectors = np.array([d.embedding for d in dense.run(docs)["documents"]], dtype=np.float32)
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.save(cache, vectors)
    return [replace(doc, embedding=vec.tolist()) for doc, vec in zip(docs, vectors, strict=True)]


def synthetic(base: list[Document], n: int, seed: int = 7) -> list[Document]:
    """``n`` chunks: the real ones first, then mixtures of two real chunks (see the module docstring)."""
    rng = np.random.default_rng(seed)
    out = list(base[:n])
    mat = np.array([d.embedding for d in base], dtype=np.float32)
    for j in range(len(out), n):
        a, b = rng.integers(0, len(base), 2)
        vec = 0.7 * mat[a] + 0.3 * mat[b] + rng.normal(0, 0.02, mat.shape[1]).astype(np.float32)
        terms = dict(
            zip(base[b].sparse_embedding.indices[::2], base[b].sparse_embedding.values[::2], strict=True)
        )
        terms.update(zip(base[a].sparse_embedding.indices, base[a].sparse_embedding.values, strict=True))
        idx = sorted(terms)
        meta = {**base[a].meta, "id": f"synthetic/{j}"}
        out.append(
            Document(
                id=f"{j:064x}",
                content=base[a].content,
                meta=meta,
                embedding=(vec / np.linalg.norm(vec)).tolist(),
                sparse_embedding=SparseEmbedding(indices=idx, values=[terms[i] for i in idx]),
            )
        )
    return out


def questions(limit: int) -> list[str]:
    import yaml

    gold = yaml.safe_load((ROOT / "tests" / "eval" / "gold.yaml").read_text(encoding="utf-8"))
    seen = dict.fromkeys(m["content"] for item in gold for m in item["messages"] if m["role"] == "user")
    return list(seen)[:limit]


def timed(fn, items) -> list[float]:
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t) * 1000)
    return out


def throughput(fn, qs: list[str], clients: int, seconds: float, max_requests: int) -> float:
    """Requests per second with ``clients`` threads, bounded in time and count."""
    done = [0] * clients
    stop = time.perf_counter() + seconds

    def worker(w: int) -> None:
        i = w
        while time.perf_counter() < stop and sum(done) < max_requests:
            fn(qs[i % len(qs)])
            done[w] += 1
            i += clients

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, range(clients)))
    return sum(done) / (time.perf_counter() - started)


def stats(ms: list[float]) -> str:
    return f"{percentile(ms, 50):.1f} / {percentile(ms, 95):.1f} / {percentile(ms, 99):.1f}"


def run_size(n: int, docs: list[Document], model_path: str, qs: list[str], stock_n: int, tmp: Path) -> dict:
    from haystack import Pipeline
    from haystack_integrations.components.embedders.sentence_transformers import (
        SentenceTransformersTextEmbedder,
    )
    from haystack_integrations.components.retrievers.qdrant import QdrantHybridRetriever
    from haystack_integrations.document_stores.qdrant import QdrantDocumentStore

    from indexing.components.query_embedder import FastQueryEmbedder
    from indexing.components.sparse_embedder import GermanSparseTextEmbedder
    from indexing.edge.document_store import EdgeDocumentStore
    from indexing.edge.hybrid_retriever import EdgeHybridRetriever

    row: dict = {"chunks": n}
    edge = EdgeDocumentStore(tmp / f"edge-{n}", embedding_dim=len(docs[0].embedding))
    t = time.perf_counter()
    edge.write_documents(docs, policy="overwrite")
    edge.flush()
    row["ours_write_per_s"] = n / (time.perf_counter() - t)
    local = QdrantDocumentStore(
        path=str(tmp / f"local-{n}"), index="bench", embedding_dim=len(docs[0].embedding),
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

    stock = Pipeline()
    stock.add_component(
        "dense",
        SentenceTransformersTextEmbedder(
            model=model_path,
            prefix="query: ",
            normalize_embeddings=True,
            progress_bar=False,
            local_files_only=True,
        ),
    )
    stock.add_component("sparse", GermanSparseTextEmbedder())
    stock.add_component("retriever", QdrantHybridRetriever(document_store=local, top_k=10))
    stock.connect("dense.embedding", "retriever.query_embedding")
    stock.connect("sparse.sparse_embedding", "retriever.query_sparse_embedding")
    stock.warm_up()

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
    row["ours_qps"] = {c: throughput(ours, qs, c, 5.0, 400) for c in (1, 4, 16)}
    row["stock_qps"] = {c: throughput(stock_search, qs, c, 8.0, 40) for c in (1, 4, 16)}
    edge.close()
    local.close()
    return row


def embedding_floor(model_path: str, qs: list[str]) -> dict:
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
        model=model_path,
        prefix="query: ",
        normalize_embeddings=True,
        progress_bar=False,
        local_files_only=True,
    )
    stock.warm_up()
    stock.run(qs[0])
    torch_path = FastQueryEmbedder(model=model_path, cache_size=0, backend="torch")
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
        f"date {time.strftime('%Y-%m-%d')}; run time {seconds:.0f} s; in-process, top-10 hybrid (RRF).",
        "",
        "| chunks | ours search p50/p95/p99 ms | stock search p50/p95/p99 ms | stock p95 / ours p95 "
        "| ours retrieval p50/p95 ms | ours q/s at 1/4/16 clients | stock q/s at 1/4/16 | write chunks/s ours / stock "
        "| top-10 overlap |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = percentile(r["stock_ms"], 95) / percentile(r["ours_ms"], 95)
        lines.append(
            f"| {r['chunks']:,} | {stats(r['ours_ms'])} | {stats(r['stock_ms'])} | {ratio:.0f}× | "
            f"{percentile(r['ours_retrieval_ms'], 50):.2f} / {percentile(r['ours_retrieval_ms'], 95):.2f} | "
            + " / ".join(f"{v:.0f}" for v in r["ours_qps"].values())
            + " | "
            + " / ".join(f"{v:.1f}" for v in r["stock_qps"].values())
            + f" | {r['ours_write_per_s']:.0f} / {r['stock_write_per_s']:.0f} | {r['top10_overlap']} |"
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
    qs = questions(args.queries)
    base = base_chunks(settings, model_path)
    rows = []
    with tempfile.TemporaryDirectory(prefix="lsa-engines-") as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            rows.append(run_size(n, synthetic(base, n), model_path, qs, args.stock_queries, Path(tmp)))
            print(json.dumps({k: v for k, v in rows[-1].items() if not k.endswith("_ms")}), flush=True)
            (settings.data_dir / "bench" / f"engines-{n}.json").write_text(json.dumps(rows[-1]))
    floor = embedding_floor(model_path, qs)
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
