"""Export a sentence-transformers BERT to ONNX once: eager attention, ONNX Runtime's transformer fusions, weights
beside the graph.

Why the fusions: the plain export (SDPA attention) leaves every layer as ~40 small nodes (masking through
``IsNaN``/``Where``, separate bias adds, LayerNorms, GELU), and ONNX Runtime's own graph optimiser does not fuse the
attention of that pattern. Exported with eager attention, ``onnxruntime.transformers.optimizer`` turns each layer
into ``Attention`` + ``SkipLayerNormalization`` + ``BiasGelu`` + plain ``MatMul`` nodes and the embeddings into
``EmbedLayerNormalization``; the outputs stay equal to torch's (cosine 1.0000 on real chunks), passages run ~15 %
faster, and the int8 variant (``indexing.models.quantize``) can then quantize the attention projections as well
(``QAttention``). A graph the optimiser cannot fuse (another architecture) is kept as exported.

A BERT is not traced at all: ``indexing.models.onnx_graph`` writes the same fused graph straight from its weights
(the same operators and weights, bit-identical outputs, a few seconds instead of half a minute, no torch import).
The torch export stays for every other model.

The export lives in a sibling directory keyed by the model files and :data:`EXPORT_VERSION`
(``<model>.onnx-<fingerprint>/model.onnx``): the converted model directory is checksum-verified and must not gain
files. Exports of an older version are removed once a new one is in place.

The weights are kept beside the graph (``model.onnx.data``): ONNX Runtime memory-maps such external data on CPU
instead of copying it, so the 384 MB word-embedding table costs resident memory only for the pages that
questions' tokens touch, and creating a session skips parsing 470 MB of protobuf (0.3 s instead of 1.1 s).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

OPSET = 17
#: Bump when the exported graph changes (1: SDPA attention, unfused; 2: eager attention, fused — for a BERT
#: written directly from the weights, with the same outputs bit for bit).
EXPORT_VERSION = 2
#: A directory holding this file is a ready ONNX model (e.g. the int8 variant): used as it is, never exported.
ONNX_FILE = "model.onnx"


def onnx_file_for(model_path: Path) -> Path:
    """Where the export of ``model_path`` lives: a sibling directory keyed by config and weight files."""
    digest = hashlib.sha256(f"export:{EXPORT_VERSION}\n".encode())
    for name in sorted(os.listdir(model_path)):
        item = model_path / name
        if item.is_file():
            stat = item.stat()
            digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return model_path.parent / f"{model_path.name}.onnx-{digest.hexdigest()[:12]}" / ONNX_FILE


def is_onnx_directory(model_path: Path | str) -> bool:
    """True for a model directory that carries its ONNX graph itself (the int8 variant); torch cannot load it."""
    return (Path(model_path) / ONNX_FILE).is_file()


def ensure_onnx_model(model_path: Path) -> Path:
    """The ONNX graph of a model directory: its own ``model.onnx``, else the cached export (made once)."""
    model_path = Path(model_path)
    if is_onnx_directory(model_path):
        return model_path / ONNX_FILE
    target = onnx_file_for(model_path)
    if not target.is_file():
        _export(model_path, target)
        _remove_stale_exports(model_path, keep=target.parent)
    ensure_external_data(target)
    return target


def ensure_external_data(target: Path) -> None:
    """Move the weights of a single-file export into ``<target>.data`` (once; also for exports of earlier versions).

    The data file is renamed into place before the graph that refers to it, so a reader sees either the old
    single-file graph or the new graph with its data; an interrupted conversion is simply done again.
    """
    import onnx

    data = target.with_name(target.name + ".data")
    model = onnx.load(str(target), load_external_data=False)  # a converted graph is a few hundred KB
    if any(t.data_location == onnx.TensorProto.EXTERNAL for t in model.graph.initializer):
        return
    work = target.parent / f".external-{os.getpid()}"
    work.mkdir(exist_ok=True)
    try:
        onnx.save_model(
            model,
            str(work / target.name),
            save_as_external_data=True,
            all_tensors_to_one_file=True,
            location=data.name,
            size_threshold=1024,
        )
        _publish(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log.info("moved the weights of %s into %s", target, data.name)


def _publish(work: Path, target: Path) -> None:
    """Rename ``work/<name>.data`` and then ``work/<name>`` into ``target``'s directory (readers never see a graph
    without its data)."""
    data = target.with_name(target.name + ".data")
    os.chmod(work / data.name, 0o644)  # onnx writes it 0600
    os.replace(work / data.name, data)
    os.replace(work / target.name, target)


def _export(model_path: Path, target: Path) -> None:
    from indexing.models.onnx_graph import write_bert_graph

    target.parent.mkdir(parents=True, exist_ok=True)
    work = target.parent / f".write-{os.getpid()}"
    work.mkdir(exist_ok=True)
    try:
        if write_bert_graph(model_path, work / target.name):
            _publish(work, target)
            log.info("wrote the fused ONNX graph of %s to %s", model_path, target)
            return
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _export_with_torch(model_path, target)


def _export_with_torch(model_path: Path, target: Path) -> None:
    import torch
    from sentence_transformers import SentenceTransformer

    # eager attention exports as MatMul/Softmax, which the transformer optimiser fuses (SDPA's pattern it does not)
    st = SentenceTransformer(
        str(model_path), device="cpu", local_files_only=True, model_kwargs={"attn_implementation": "eager"}
    )
    st.eval()

    class LastHidden(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    features = st.tokenize(["query: Beispiel"])
    target.parent.mkdir(parents=True, exist_ok=True)
    work = target.parent / f".export-{os.getpid()}"
    work.mkdir(exist_ok=True)
    try:
        raw = work / "raw.onnx"
        axes = {0: "batch", 1: "sequence"}
        with torch.inference_mode():
            torch.onnx.export(
                LastHidden(st[0].auto_model),
                (features["input_ids"], features["attention_mask"]),
                str(raw),
                input_names=["input_ids", "attention_mask"],
                output_names=["last_hidden_state"],
                dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes},
                opset_version=OPSET,
                dynamo=False,
            )
        _fuse(raw, work / target.name, st[0].auto_model.config)
        _publish(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log.info("exported %s to %s", model_path, target)


def _fuse(raw: Path, out: Path, config: Any) -> None:
    """ONNX Runtime's BERT fusions (offline, no hardware-specific kernels); the unfused graph when they fail."""
    if getattr(config, "model_type", "") == "bert":
        try:
            from onnxruntime.transformers.optimizer import optimize_model

            fused = optimize_model(
                str(raw),
                model_type="bert",
                num_heads=int(config.num_attention_heads),
                hidden_size=int(config.hidden_size),
                opt_level=0,
            )
            # (this writer also declares the com.microsoft opset of the fused nodes; weights go to <out>.data)
            fused.save_model_to_file(str(out), use_external_data_format=True)
            log.info("fused ONNX graph: %s", json.dumps(_op_counts(fused.model)))
            return
        except Exception as e:  # noqa: BLE001 - the unfused graph computes the same, only slower
            log.warning("ONNX Runtime's transformer fusions failed (%s); keeping the plain export", e)
    import onnx

    onnx.save_model(
        onnx.load(str(raw)),
        str(out),
        save_as_external_data=True,
        all_tensors_to_one_file=True,
        location=out.name + ".data",
        size_threshold=1024,
    )


def _op_counts(model: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for node in model.graph.node:
        counts[node.op_type] = counts.get(node.op_type, 0) + 1
    return counts


def _remove_stale_exports(model_path: Path, keep: Path) -> None:
    """Exports of earlier versions or of earlier model files (~450 MB each)."""
    for stale in model_path.parent.glob(f"{model_path.name}.onnx-*"):
        if stale != keep and stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
            log.info("removed the outdated export %s", stale)
