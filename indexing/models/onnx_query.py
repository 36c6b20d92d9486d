"""The e5 encoder on ONNX Runtime: the same weights, exported once, run without torch per call.

Used for questions (one text per call) and, in the indexing job, for passages (padded batches).

Measured on the 2-core machines (``../shared/MODELS.md``, ``docs/benchmarks.md``): torch through
sentence-transformers needs 35–45 ms for one short question, ONNX Runtime 14 ms, and it degrades far less when
other processes compete for the cores. The export (``torch.onnx.export``, opset 17, dynamic batch and sequence)
runs once per model and is cached next to the model directory (``<model>.onnx-<fingerprint>/model.onnx``: the
converted directory itself is checksum-verified and must not gain files). Outputs equal torch's to ~1e-7, so an
index embedded with torch and questions embedded here meet in the same space (fp32 on both sides; no int8).

The weights are kept beside the graph (``model.onnx.data``, :func:`ensure_external_data`): ONNX Runtime
memory-maps such external data on CPU instead of copying it, so the 384 MB word-embedding table (250k pieces ×
384) costs resident memory only for the pages that questions' tokens touch, and creating the session skips
parsing 470 MB of protobuf (measured: 0.3 s instead of 1.1 s, +90 MiB anonymous memory instead of +470 MiB;
outputs bit-identical).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

OPSET = 17


def onnx_available() -> bool:
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def onnx_file_for(model_path: Path) -> Path:
    """Where the export of ``model_path`` lives: a sibling directory keyed by config and weight files."""
    digest = hashlib.sha256()
    for name in sorted(os.listdir(model_path)):
        item = model_path / name
        if item.is_file():
            stat = item.stat()
            digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return model_path.parent / f"{model_path.name}.onnx-{digest.hexdigest()[:12]}" / "model.onnx"


def ensure_onnx_model(model_path: Path) -> Path:
    """Export the transformer of a sentence-transformers directory to ONNX once (atomic rename), weights beside
    the graph (:func:`ensure_external_data`)."""
    target = onnx_file_for(model_path)
    if not target.is_file():
        _export(model_path, target)
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
        os.chmod(work / data.name, target.stat().st_mode & 0o777)  # onnx writes it 0600
        os.replace(work / data.name, data)
        os.replace(work / target.name, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log.info("moved the weights of %s into %s", target, data.name)


def _export(model_path: Path, target: Path) -> None:
    import torch
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(str(model_path), device="cpu", local_files_only=True)
    st.eval()

    class LastHidden(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    features = st.tokenize(["query: Beispiel"])
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".tmp{os.getpid()}")
    axes = {0: "batch", 1: "sequence"}
    with torch.inference_mode():
        torch.onnx.export(
            LastHidden(st[0].auto_model),
            (features["input_ids"], features["attention_mask"]),
            str(tmp),
            input_names=["input_ids", "attention_mask"],
            output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes},
            opset_version=OPSET,
            dynamo=False,
        )
    os.replace(tmp, target)
    log.info("exported %s to %s", model_path, target)


def _tokenizer_max_length(path: Path) -> int | None:
    """``model_max_length`` of the tokenizer config: what sentence-transformers truncates to without a
    ``max_seq_length`` in ``sentence_bert_config.json``."""
    file = path / "tokenizer_config.json"
    if not file.is_file():
        return None
    value = json.loads(file.read_text(encoding="utf-8")).get("model_max_length")
    return int(value) if isinstance(value, int | float) and 0 < value < 100_000 else None


class OnnxQueryEncoder:
    """Tokenizer + ONNX session + mean pooling + L2 normalisation (the e5 sentence-transformers modules).

    The name stays from when it only encoded questions; :meth:`encode_batch` serves the passages.
    """

    def __init__(self, model_path: str | Path, threads: int = 0, spinning: bool = False) -> None:
        """:param spinning: let idle intra-op threads spin between calls. Off for questions: one call every now and
        then, and spinning threads would take the cores from the web server's own threads (measured over HTTP:
        chat p95 25 → 16–19 ms); on for passage batches, where the next parallel section follows at once."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

        path = Path(model_path)
        pooling = json.loads((path / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
        if not (pooling.get("pooling_mode_mean_tokens") or pooling.get("pooling_mode") == "mean"):
            raise ValueError(f"{path}: only mean pooling is supported by the ONNX query encoder")
        st_config = path / "sentence_bert_config.json"
        config = json.loads(st_config.read_text(encoding="utf-8")) if st_config.is_file() else {}
        self.max_length = int(config.get("max_seq_length") or _tokenizer_max_length(path) or 512)
        # the fast tokenizer's own file (normaliser, pieces, ``<s> $A </s>`` template): no transformers/torch import
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_length)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or min(2, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(
            str(ensure_onnx_model(path)), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, text: str) -> list[float]:
        enc = self.tokenizer.encode(text)
        ids = np.asarray([enc.ids], dtype=np.int64)
        mask = np.asarray([enc.attention_mask], dtype=np.int64)
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0][0]
        weights = mask[0][:, None].astype(np.float32)
        vec = (hidden * weights).sum(axis=0) / max(float(weights.sum()), 1e-9)
        return (vec / max(float(np.linalg.norm(vec)), 1e-12)).tolist()

    def encode_batch(self, texts: list[str]) -> np.ndarray:
        """Normalised embeddings of ``texts`` in one session call (padded to the longest; padding is masked).

        Callers sort texts by length before batching, so padding stays short: the transformer's cost grows with
        the padded length, and masked positions change no output beyond float rounding (~1e-7).
        """
        encodings = self.tokenizer.encode_batch(list(texts))
        width = max(len(enc.ids) for enc in encodings)
        pad_id = self.tokenizer.token_to_id("<pad>")
        ids = np.full((len(encodings), width), 1 if pad_id is None else pad_id, dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for row, enc in enumerate(encodings):
            ids[row, : len(enc.ids)] = enc.ids
            mask[row, : len(enc.ids)] = 1
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        weights = mask[:, :, None].astype(np.float32)
        vecs = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
