"""Index build of the shipped corpus: passage embedding variants side by side in one run, next to the FLOP floor.

The corpus is chunked and sparse-embedded once; then every dense variant embeds the same chunks, interleaved in
``--slices`` stride slices with the variants' order rotated per slice, so load from other processes falls on all of
them alike. Each slice is embedded as the job embeds (one component call, the component's own batching). The
Qdrant Edge write is timed once (it does not depend on the variant). ``--job`` also runs the real indexing job from
scratch (fresh data directory, model cache shared) for the first and the last variant, alternately.

Variants: ``torch-fp32`` (sentence-transformers, batch 16: the default before issue 15), ``onnx-fp32`` (fused
export), ``onnx-int8`` (the int8 variant, the default since). The vectors of the ONNX variants are saved for
``benchmarks/dense_quality.py``.

Usage:  .venv/bin/python benchmarks/indexing.py [--variants torch-fp32,onnx-fp32,onnx-int8] [--slices 6] [--job]
        [--out docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from benchmarks.flops import flops_per_token, int8_gops, matmul_gflops  # noqa: E402
from benchmarks.report import publish  # noqa: E402
from lsa_assistant.settings import Settings  # noqa: E402

MARK_BEGIN = "<!-- bench:indexing:begin -->"
MARK_END = "<!-- bench:indexing:end -->"
#: variant -> (backend, precision, batch size); torch keeps the batch size it had as the default
VARIANTS = {
    "torch-fp32": ("torch", "fp32", 16),
    "onnx-fp32": ("onnx", "fp32", None),
    "onnx-int8": ("onnx", "int8", None),
}


def variant_settings(settings: Settings, name: str) -> Settings:
    backend, precision, batch = VARIANTS[name]
    update: dict[str, object] = {"document_embedding_backend": backend, "embedding_precision": precision}
    if batch:
        update["embedding_batch_size"] = batch
    return settings.model_copy(update=update)


def prepare(settings: Settings) -> tuple[list, dict[str, float]]:
    """Corpus -> chunks -> sparse vectors, as the job does them; seconds per stage."""
    from corpora.registry import load_all_documents
    from indexing.components.chunker import CorpusChunker
    from indexing.components.sparse_embedder import GermanSparseDocumentEmbedder
    from indexing.pipeline import CONTEXT_FIELD

    times: dict[str, float] = {}
    started = time.perf_counter()
    corpus, _ = load_all_documents(settings.corpus_dir)
    times["load"] = time.perf_counter() - started
    t = time.perf_counter()
    chunks = CorpusChunker().run(corpus)["documents"]
    times["chunk"] = time.perf_counter() - t
    sparse = GermanSparseDocumentEmbedder(meta_fields_to_embed=[CONTEXT_FIELD])
    t = time.perf_counter()
    sparse.warm_up()
    chunks = sparse.run(chunks)["documents"]
    times["sparse"] = time.perf_counter() - t
    return chunks, times


def dense_side_by_side(settings: Settings, chunks: list, names: list[str], slices: int) -> dict[str, dict]:
    """Seconds per variant over the same chunks, interleaved by slice; the vectors in chunk order."""
    from indexing.models.resolve import resolve_embedding_model
    from indexing.pipeline import build_dense_document_embedder

    runs: dict[str, dict] = {}
    for name in names:
        vs = variant_settings(settings, name)
        t = time.perf_counter()
        spec = resolve_embedding_model(vs)
        embedder = build_dense_document_embedder(str(spec.path), vs)
        embedder.load_model()
        runs[name] = {"spec": spec, "embedder": embedder, "load_s": time.perf_counter() - t, "dense_s": 0.0}
        runs[name]["vectors"] = np.zeros((len(chunks), spec.dimension), dtype=np.float32)
    loads = []
    for s in range(slices):
        part = chunks[s::slices]
        for name in names[s % len(names) :] + names[: s % len(names)]:
            t = time.perf_counter()
            embedded = runs[name]["embedder"].run(part)["documents"]
            runs[name]["dense_s"] += time.perf_counter() - t
            runs[name]["vectors"][s::slices] = np.asarray([d.embedding for d in embedded], dtype=np.float32)
        loads.append(os.getloadavg()[0])
        print(
            f"slice {s + 1}/{slices}: " + ", ".join(f"{n} {runs[n]['dense_s']:.0f}s" for n in names),
            flush=True,
        )
    for run in runs.values():
        run["loads"] = loads
    return runs


def write_seconds(chunks: list, vectors: np.ndarray, dimension: int) -> float:
    """Qdrant Edge write of all chunks with their vectors into a fresh shard (the embedded default)."""
    import tempfile
    from dataclasses import replace

    from indexing.edge.document_store import EdgeDocumentStore

    docs = [replace(d, embedding=v.tolist()) for d, v in zip(chunks, vectors, strict=True)]
    with tempfile.TemporaryDirectory(prefix="lsa-bench-") as tmp:
        store = EdgeDocumentStore(Path(tmp) / "shard", embedding_dim=dimension)
        t = time.perf_counter()
        store.write_documents(docs, policy="overwrite")
        store.flush()
        seconds = time.perf_counter() - t
        store.close()
    return seconds


def job_seconds(settings: Settings, name: str) -> dict:
    """The real indexing job from scratch (no index, the model cache of ``settings`` shared)."""
    import tempfile

    from indexing.job import run_index_job

    with tempfile.TemporaryDirectory(prefix="lsa-bench-job-") as tmp:
        data = Path(tmp) / "var"
        data.mkdir()
        (data / "models").symlink_to(settings.model_cache_dir.resolve())
        load = os.getloadavg()[0]
        summary = run_index_job(variant_settings(settings, name).model_copy(update={"data_dir": data}))
    return {"total": summary.seconds_total, "stages": summary.seconds_per_stage, "load": load}


def tokens_per_chunk(model_path: Path, chunks: list) -> float:
    from indexing.components.onnx_document_embedder import OnnxDocumentEmbedder
    from indexing.pipeline import CONTEXT_FIELD

    text_of = OnnxDocumentEmbedder(model=str(model_path), meta_fields_to_embed=[CONTEXT_FIELD]).text_of
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
    tokenizer.enable_truncation(512)
    return float(np.mean([len(e.ids) for e in tokenizer.encode_batch([text_of(d) for d in chunks])]))


def render(r: dict, command: str) -> str:
    n, tokens, common = r["chunks"], r["tokens"], r["common"]
    linear, attention = flops_per_token(tokens=int(tokens), split=True)
    fp32_floor = n * tokens * (linear + attention) / (r["gflops"] * 1e9)
    int8_floor = n * tokens * (linear / (r["gops"] * 1e9) + attention / (r["gflops"] * 1e9))
    loads = next(iter(r["runs"].values()))["loads"]
    lines = [
        MARK_BEGIN,
        "## Index build: passage embedding side by side (issue 15)",
        "",
        f"Command: `{command}`  ",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores shared with other work (load average per slice "
        f"{min(loads):.1f}–{max(loads):.1f}), Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}. "
        f"Shipped corpus: {n:,} chunks, {tokens:.0f} tokens each on average. Common stages: load "
        f"{common['load']:.1f} s, chunking {common['chunk']:.1f} s, sparse {common['sparse']:.1f} s, Edge write "
        f"{common['write']:.1f} s. Rates of large matrix products in this run: fp32 {r['gflops']:.0f} GFLOP/s "
        f"(torch), int8 {r['gops']:.0f} GOP/s (ONNX Runtime `DynamicQuantizeMatMul`).",
        "",
        "| variant | model load s | dense s | chunks/s (dense) | build s (common + dense) | fp32 floor s | "
        "dense / fp32 floor | int8 floor s | dense / int8 floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, run in r["runs"].items():
        dense = run["dense_s"]
        int8 = name.endswith("int8")
        lines.append(
            f"| {name} | {run['load_s']:.1f} | {dense:.1f} | {n / dense:.1f} | {sum(common.values()) + dense:.1f} | "
            f"{fp32_floor:.1f} | {dense / fp32_floor:.1f}× | {int8_floor:.1f} | "
            + (f"{dense / int8_floor:.1f}× |" if int8 else "– |")
        )
    for name, job in r.get("jobs", {}).items():
        stages = ", ".join(f"{k} {v:.1f}" for k, v in job["stages"].items())
        lines.append(f"\nJob from scratch, {name} (load average {job['load']:.1f} at its start): "
                     f"**{job['total']:.1f} s** ({stages}).")  # fmt: skip
    lines += [
        "",
        "The floors are the arithmetic of the encoder alone (projections, feed-forward, attention scores) at the "
        "rates above; the int8 floor counts the projections and the feed-forward at the int8 rate and the "
        "attention scores (fp32 inside `QAttention`) at the fp32 rate. Model load: resolving the variant (made "
        "once and cached) and opening the session or the torch model.",
        MARK_END,
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--variants", default=",".join(VARIANTS), help="comma-separated, of " + ", ".join(VARIANTS)
    )
    parser.add_argument("--slices", type=int, default=6, help="interleaving slices (≥ 1)")
    parser.add_argument(
        "--job", action="store_true", help="also run the real job for the first and last variant"
    )
    parser.add_argument("--out", type=Path, default=None, help="Markdown file to update (section markers)")
    args = parser.parse_args()
    names = args.variants.split(",")
    settings = Settings()
    chunks, common = prepare(settings)
    runs = dense_side_by_side(settings, chunks, names, max(1, args.slices))
    last = runs[names[-1]]
    common["write"] = write_seconds(chunks, last["vectors"], last["spec"].dimension)
    from benchmarks.dense_quality import vectors_file
    from indexing.models.dense_eval import corpus_key

    key = corpus_key(chunks)
    for name, run in runs.items():
        if name.startswith("onnx"):
            path = vectors_file(settings, run["spec"].model_id, key)
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, run["vectors"])
    result = {
        "chunks": len(chunks),
        "tokens": tokens_per_chunk(last["spec"].path, chunks),
        "common": common,
        "runs": {n: {k: v for k, v in run.items() if k in ("load_s", "dense_s", "loads")} for n, run in runs.items()},
        "gflops": matmul_gflops(),
        "gops": int8_gops(),
    }  # fmt: skip
    if args.job:
        order = [names[-1], names[0]] if len(names) > 1 else names
        result["jobs"] = {name: job_seconds(settings, name) for name in order}
    command = "python benchmarks/indexing.py" + (
        f" --variants {args.variants}" if names != list(VARIANTS) else ""
    )
    command += (f" --slices {args.slices}" if args.slices != 6 else "") + (" --job" if args.job else "")
    return publish(render(result, command), args.out)


if __name__ == "__main__":
    sys.exit(main())
