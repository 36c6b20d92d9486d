"""One search engine behind the same minimal HTTP endpoint, so both sides of the benchmark pay the same HTTP cost.

``ours``: ``FastQueryEmbedder`` (ONNX, no query cache) + German sparse query vector + ``EdgeHybridRetriever`` on a
Qdrant Edge shard, without torch in the process (as the service). ``stock``:
``Pipeline(SentenceTransformersTextEmbedder -> QdrantHybridRetriever)`` (plus the same sparse query embedder) on
``QdrantDocumentStore`` in qdrant-client's local mode. Both are built and warmed in the lifespan, before the socket
accepts requests, so "ready" means "answers at full speed".

The route is the service's shape (``async`` handler, the blocking search in the thread pool, JSON hits) without
the service's middleware; the service itself is measured by ``benchmarks/http_latency.py``.

Usage: python benchmarks/engine_server.py --engine ours|stock --path STORE_DIR --model MODEL_DIR --port PORT
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

#: Collection name of the stock side's local-mode store (written by ``benchmarks/search_engines.py``).
STOCK_INDEX = "bench"


def build_ours(
    path: str, model: str, threads: int
) -> tuple[Callable[[str, int], list[Any]], Callable[[], None]]:
    from lsa_assistant.imports import torch_hidden

    with torch_hidden():  # as in the service: questions go through ONNX Runtime, torch stays out
        from indexing.components.query_embedder import FastQueryEmbedder
        from indexing.components.sparse_embedder import GermanSparseTextEmbedder
        from indexing.edge.document_store import EdgeDocumentStore
        from indexing.edge.hybrid_retriever import EdgeHybridRetriever

    store = EdgeDocumentStore(path)
    dense = FastQueryEmbedder(model=model, cache_size=0, threads=threads)
    dense.warm_up()
    sparse = GermanSparseTextEmbedder()
    sparse.warm_up()
    retriever = EdgeHybridRetriever(document_store=store, top_k=10)

    def search(q: str, k: int) -> list[Any]:
        return retriever.run(
            query_embedding=dense.run(text=q)["embedding"],
            query_sparse_embedding=sparse.run(text=q)["sparse_embedding"],
            top_k=k,
        )["documents"]

    return search, store.close


def stock_pipeline(store: Any, model: str) -> Any:
    """The stock Haystack search pipeline on ``store`` (warmed): dense and sparse query embedders -> hybrid RRF."""
    from haystack import Pipeline
    from haystack_integrations.components.embedders.sentence_transformers import (
        SentenceTransformersTextEmbedder,
    )
    from haystack_integrations.components.retrievers.qdrant import QdrantHybridRetriever

    from indexing.components.sparse_embedder import GermanSparseTextEmbedder

    pipe = Pipeline()
    pipe.add_component(
        "dense",
        SentenceTransformersTextEmbedder(
            model=model,
            prefix="query: ",
            normalize_embeddings=True,
            progress_bar=False,
            local_files_only=True,
        ),
    )
    pipe.add_component("sparse", GermanSparseTextEmbedder())
    pipe.add_component("retriever", QdrantHybridRetriever(document_store=store, top_k=10))
    pipe.connect("dense.embedding", "retriever.query_embedding")
    pipe.connect("sparse.sparse_embedding", "retriever.query_sparse_embedding")
    pipe.warm_up()
    return pipe


def build_stock(
    path: str, model: str, threads: int
) -> tuple[Callable[[str, int], list[Any]], Callable[[], None]]:
    import torch
    from haystack_integrations.document_stores.qdrant import QdrantDocumentStore

    torch.set_num_threads(threads)
    store = QdrantDocumentStore(
        path=path, index=STOCK_INDEX, embedding_dim=384, use_sparse_embeddings=True, sparse_idf=True
    )
    pipe = stock_pipeline(store, model)

    def search(q: str, k: int) -> list[Any]:
        return pipe.run({"dense": {"text": q}, "sparse": {"text": q}, "retriever": {"top_k": k}})[
            "retriever"
        ]["documents"]

    return search, store.close


def create_app(engine: str, path: str, model: str, threads: int) -> Any:
    from fastapi import FastAPI, Query
    from starlette.concurrency import run_in_threadpool

    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        state["search"], close = (build_ours if engine == "ours" else build_stock)(path, model, threads)
        state["search"]("Wer ist für die Bezahlplattform zuständig?", 10)  # first-call allocations
        yield
        close()

    app = FastAPI(lifespan=lifespan)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/v1/search")
    async def search(q: str = Query(min_length=1, max_length=1000), k: int = Query(10, ge=1, le=50)) -> dict:
        docs = await run_in_threadpool(state["search"], q, k)
        return {"hits": [{"id": d.meta.get("id"), "score": d.score} for d in docs]}

    return app


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("ours", "stock"), required=True)
    parser.add_argument(
        "--path", required=True, help="Edge shard directory (ours) or local-mode path (stock)"
    )
    parser.add_argument("--model", required=True, help="sentence-transformers model directory")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--threads", type=int, default=2, help="intra-op threads of the query encoder")
    args = parser.parse_args()
    import uvicorn

    app = create_app(args.engine, args.path, args.model, args.threads)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
