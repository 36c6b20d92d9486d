"""The e5 encoder on ONNX Runtime: the same weights, exported once, run without torch per call.

Used for questions (one text per call) and, in the indexing job, for passages (padded batches of similar length).

Measured on the 2-core machines (``../shared/MODELS.md``, ``docs/benchmarks.md``): torch through
sentence-transformers needs 35–45 ms for one short question, ONNX Runtime fp32 11–14 ms, the int8 variant
(``indexing.models.quantize``) ~5 ms; ONNX Runtime also degrades far less when other processes compete for the
cores. The graph comes from ``indexing.models.onnx_export`` (exported and fused once, cached beside the model) or,
for the int8 variant, from the model directory itself. fp32 outputs equal torch's to ~1e-6, so an fp32 index
embedded with torch and fp32 questions embedded here meet in the same space; int8 passages are queried with int8
questions only (the variant has its own model id).
"""

from __future__ import annotations

import json
import logging
from importlib import util
from pathlib import Path
from typing import Any

import numpy as np

from indexing.models.onnx_export import (  # noqa: F401 - re-exported: the historical home of these helpers
    ensure_external_data,
    ensure_onnx_model,
    is_onnx_directory,
    onnx_file_for,
)

log = logging.getLogger(__name__)


def onnx_available() -> bool:
    """Both packages are installed; looked up, not imported (importing ``onnx`` alone takes most of a second)."""
    return all(util.find_spec(name) is not None for name in ("onnx", "onnxruntime"))


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

    The name stays from when it only encoded questions; :meth:`encode_batch` and :meth:`encode_encodings` serve
    the passages.
    """

    def __init__(self, model_path: str | Path, threads: int = 0, spinning: bool = False) -> None:
        """:param threads: intra-op threads; 0 lets ONNX Runtime use one per physical core.
        :param spinning: let idle intra-op threads spin between calls. Off for questions: one call every now and
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
        pad_id = self.tokenizer.token_to_id("<pad>")
        self.pad_id = 1 if pad_id is None else pad_id
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(0, threads)
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(
            str(ensure_onnx_model(path)), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, text: str) -> list[float]:
        """One text, unpadded (a question): the normalised mean of its token states."""
        enc = self.tokenizer.encode(text)
        ids = np.asarray([enc.ids], dtype=np.int64)
        mask = np.asarray([enc.attention_mask], dtype=np.int64)
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0][0]
        vec = hidden.mean(axis=0)
        return (vec / max(float(np.linalg.norm(vec)), 1e-12)).tolist()

    def encode_batch(self, texts: list[str]) -> np.ndarray:
        """Normalised embeddings of ``texts`` in one session call (see :meth:`encode_encodings`)."""
        return self.encode_encodings(self.tokenizer.encode_batch(list(texts)))

    def encode_encodings(self, encodings: list[Any]) -> np.ndarray:
        """Normalised embeddings of tokenized texts in one session call, padded to the longest (padding is masked).

        Callers group texts of similar length: the transformer's cost grows with the padded length, and masked
        positions change no output beyond float rounding (~1e-7).
        """
        width = max(len(enc.ids) for enc in encodings)
        ids = np.full((len(encodings), width), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for row, enc in enumerate(encodings):
            ids[row, : len(enc.ids)] = enc.ids
            mask[row, : len(enc.ids)] = 1
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        weights = mask[:, :, None].astype(np.float32)
        vecs = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
