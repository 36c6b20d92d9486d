"""Indexing throughput: shipped corpus and a synthetic corpus from the real vocabulary, next to the FLOP bound.

Usage:  .venv/bin/python benchmarks/indexing.py [--synthetic 10000] [--backends onnx,torch] [--out docs/benchmarks.md]

Writes a Markdown section with the exact command, the machine and the numbers into ``--out``.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from haystack import Document  # noqa: E402

from corpora.base import make_document  # noqa: E402
from lsa_assistant.settings import Settings  # noqa: E402

MARK_BEGIN = "<!-- bench:indexing:begin -->"
MARK_END = "<!-- bench:indexing:end -->"


def matmul_gflops(seconds: float = 3.0) -> float:
    """Sustained fp32 matmul rate of this machine with torch (the ceiling for a BERT forward pass)."""
    import torch

    a, b = torch.randn(384, 1536), torch.randn(1536, 384)
    x = torch.randn(2048, 384)
    flops, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        x @ a @ b
        flops += 2 * 2048 * 384 * 1536 * 2
    return flops / (time.perf_counter() - started) / 1e9


def flops_per_token(layers: int = 12, hidden: int = 384, ffn: int = 1536, tokens: int = 128) -> float:
    """Forward FLOPs per token of a BERT encoder: projections, feed-forward and attention scores."""
    dense = 2 * (4 * hidden * hidden + 2 * hidden * ffn)
    attention = 2 * 2 * tokens * hidden
    return layers * (dense + attention)


def synthetic_documents(corpus: list[Document], n: int, seed: int = 7) -> list[Document]:
    """Chunks stitched from real sentences of the corpus (same vocabulary and length distribution)."""
    rng = random.Random(seed)
    sentences = [
        s.strip() for d in corpus for s in re.split(r"(?<=[.!?])\s+", d.content or "") if len(s) > 30
    ]
    lengths = [len(d.content or "") for d in corpus]
    docs = []
    for i in range(n):
        target, text = rng.choice(lengths), ""
        while len(text) < target:
            text = f"{text} {rng.choice(sentences)}".strip()
        docs.append(
            make_document(
                doc_id=f"synthetic/{i}",
                content=text[:1500],
                source="pages",
                label=f"Synthetisch {i}",
                title="Synthetischer Chunk",
                url="urn:synthetic",
                version="bench",
            )
        )
    return docs


def embedded_tokens(model_path: Path, texts: list[str]) -> float:
    """Mean tokens per embedded text (prompt, context and content, truncated as the encoder truncates)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
    tokenizer.enable_truncation(512)
    return sum(len(enc.ids) for enc in tokenizer.encode_batch(texts)) / max(len(texts), 1)


def index_documents(settings: Settings, docs: list[Document], label: str) -> dict[str, float]:
    """Chunker -> sparse -> dense -> writer into a fresh Qdrant Edge shard (the embedded default); seconds per stage."""
    from haystack.components.writers import DocumentWriter
    from haystack.document_stores.types import DuplicatePolicy

    from indexing.components.chunker import CorpusChunker
    from indexing.components.onnx_document_embedder import OnnxDocumentEmbedder
    from indexing.components.sparse_embedder import GermanSparseDocumentEmbedder
    from indexing.edge.document_store import EdgeDocumentStore
    from indexing.models.resolve import resolve_embedding_model
    from indexing.pipeline import CONTEXT_FIELD, build_dense_document_embedder

    spec = resolve_embedding_model(settings)
    tmp = tempfile.mkdtemp(prefix="lsa-bench-")
    store = EdgeDocumentStore(Path(tmp) / "shard", embedding_dim=spec.dimension)
    chunker, sparse = CorpusChunker(), GermanSparseDocumentEmbedder(meta_fields_to_embed=[CONTEXT_FIELD])
    dense = build_dense_document_embedder(str(spec.path), settings, progress=True)
    writer = DocumentWriter(document_store=store, policy=DuplicatePolicy.OVERWRITE)
    for component in (chunker, sparse):
        component.warm_up()
    dense.load_model()
    times: dict[str, float] = {}
    started = time.perf_counter()
    chunks = chunker.run(docs)["documents"]
    times["chunk"] = time.perf_counter() - started
    t = time.perf_counter()
    chunks = sparse.run(chunks)["documents"]
    times["sparse"] = time.perf_counter() - t
    t = time.perf_counter()
    chunks = dense.run(chunks)["documents"]
    times["dense"] = time.perf_counter() - t
    t = time.perf_counter()
    writer.run(chunks)
    store.flush()
    times["write"] = time.perf_counter() - t
    times["total"] = time.perf_counter() - started
    times["chunks"] = len(chunks)
    text_of = OnnxDocumentEmbedder(model=str(spec.path), meta_fields_to_embed=[CONTEXT_FIELD]).text_of
    times["tokens_per_chunk"] = embedded_tokens(spec.path, [text_of(d) for d in chunks])
    store.close()
    print(f"{label}: {times}", file=sys.stderr)
    return times


def render(results: dict[str, dict[str, float]], gflops: float, command: str) -> str:
    lines = [
        MARK_BEGIN,
        "## Indexing throughput",
        "",
        f"Command: `{command}`  ",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"date {time.strftime('%Y-%m-%d')}  ",
        f"Measured fp32 matmul rate (torch): **{gflops:.0f} GFLOP/s**",
        "",
        "| corpus | chunks | tokens/chunk | chunk s | sparse s | dense s | write s | total s | chunks/s (all) | "
        "chunks/s (dense only) | FLOP-bound chunks/s | dense efficiency |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        tokens = r.get("tokens_per_chunk", 100.0)
        bound = gflops * 1e9 / (flops_per_token(tokens=int(tokens)) * tokens)
        dense_rate = r["chunks"] / r["dense"]
        lines.append(
            f"| {name} | {int(r['chunks'])} | {tokens:.0f} | {r['chunk']:.1f} | {r['sparse']:.1f} | {r['dense']:.1f} | "
            f"{r['write']:.1f} | {r['total']:.1f} | {r['chunks'] / r['total']:.1f} | {dense_rate:.1f} | {bound:.1f} | "
            f"{dense_rate / bound:.0%} |"
        )
    lines += [
        "",
        "Dense embedding (multilingual-e5-small, fp32 on CPU; the backend is named in the corpus column: ONNX "
        "Runtime, the default, or torch through sentence-transformers) dominates; the sparse German analysis and "
        "the Qdrant Edge writes are the rest. Tokens per chunk count the embedded text (prompt, context line, "
        "content; at most 512).",
        MARK_END,
    ]
    return "\n".join(lines)


def write_section(out: Path, section: str) -> None:
    text = out.read_text(encoding="utf-8") if out.exists() else "# Benchmarks\n"
    if MARK_BEGIN in text:
        text = text[: text.index(MARK_BEGIN)] + section + text[text.index(MARK_END) + len(MARK_END) :]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    out.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=10_000, help="synthetic chunks (0: skip)")
    parser.add_argument("--backends", default="onnx,torch", help="passage embedding backends to compare")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args()
    from corpora.registry import load_all_documents

    settings = Settings()
    from indexing.models.engine import set_torch_threads

    set_torch_threads(settings.embedding_threads)
    corpus, _ = load_all_documents(settings.corpus_dir)
    results = {}
    for backend in args.backends.split(","):
        run_settings = settings.model_copy(update={"document_embedding_backend": backend})
        results[f"shipped corpus ({backend})"] = index_documents(run_settings, corpus, f"shipped/{backend}")
        if args.synthetic:
            results[f"synthetic {args.synthetic:,} ({backend})"] = index_documents(
                run_settings, synthetic_documents(corpus, args.synthetic), f"synthetic/{backend}"
            )
    gflops = matmul_gflops()
    command = (
        "python benchmarks/indexing.py"
        + (f" --synthetic {args.synthetic}" if args.synthetic != 10_000 else "")
        + (f" --backends {args.backends}" if args.backends != "onnx,torch" else "")
    )
    section = render(results, gflops, command)
    write_section(args.out, section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
