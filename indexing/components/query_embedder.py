"""The query side's dense embedder: one short text, no per-call overhead, repeated questions from a cache.

``SentenceTransformersTextEmbedder`` goes through ``SentenceTransformer.encode`` for every question (length
sorting, batching, progress machinery, numpy round trips). For one question that overhead is several times the
model's arithmetic. This component runs the model's own modules (tokenizer -> transformer -> pooling ->
normalize) directly under ``torch.inference_mode``, or the same model exported to ONNX Runtime
(``indexing.models.onnx_query``, the default), and keeps an LRU cache keyed by the whitespace-normalised
question, so the vectors are identical to the stock embedder's (see ``tests/indexing/test_query_embedder.py``).

``model`` may also be the int8 variant (``indexing.models.quantize``): an ONNX-only directory, embedded with ONNX
Runtime or not at all (a torch fallback would put fp32 questions against int8 passages).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from threading import Event, Lock
from typing import Any

import numpy as np
from haystack import component

from indexing.serialization import SettingsSerialization
from lsa_assistant.errors import ModelError

log = logging.getLogger(__name__)

#: ONNX threads for one question when ``threads`` is 0. Measured with ~18-token questions on two busy cores (int8,
#: in one run): one thread p50 4.9 / p95 6.4 ms, two threads 5.7 / 11.5 ms; the matrices of a short question are
#: too small to split, and a second spinning-up thread costs more than it brings (``benchmarks/query_embedding.py``).
ONNX_AUTO_THREADS = 1
#: background embeddings started by :meth:`FastQueryEmbedder.prefetch` and not yet read; older ones are forgotten
#: (a speculation that missed must not pile up)
PREFETCH_KEEP = 32
#: how long :meth:`FastQueryEmbedder.prefetch` waits for its thread to begin: Python hands the GIL to a waiting
#: thread only every few milliseconds (``sys.getswitchinterval``), so without this wait the embedding would start
#: only when the caller next blocks, i.e. no earlier than without a prefetch
HANDOFF_SECONDS = 0.002


@component
class FastQueryEmbedder(SettingsSerialization):
    """Dense query embedding, drop-in for ``SentenceTransformersTextEmbedder`` (input ``text``, output
    ``embedding``).

    :param model: local sentence-transformers directory.
    :param prefix: put before the text (``"query: "`` for e5).
    :param normalize_embeddings: unit length (the model's own Normalize module also does it when present).
    :param cache_size: questions kept in the LRU cache (0 disables it).
    :param threads: intra-op threads (torch: process-wide, 0 keeps torch's default; ONNX: 0 means one, see
        :data:`ONNX_AUTO_THREADS`).
    :param backend: ``"onnx"`` (ONNX Runtime, exported once; falls back to torch when onnxruntime is missing or
        the export cannot be written) or ``"torch"``.
    """

    serialized_settings = ("model", "prefix", "normalize_embeddings", "cache_size", "threads", "backend")

    def __init__(
        self,
        model: str,
        prefix: str = "query: ",
        normalize_embeddings: bool = True,
        cache_size: int = 1024,
        threads: int = 0,
        backend: str = "onnx",
    ) -> None:
        self.model = model
        self.prefix = prefix
        self.normalize_embeddings = normalize_embeddings
        self.cache_size = cache_size
        self.threads = threads
        self.backend = backend
        self._st: Any = None
        self._onnx: Any = None
        self._cache: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = Lock()
        self._pending: OrderedDict[str, Future[list[float]]] = OrderedDict()
        self._executor: ThreadPoolExecutor | None = None
        self.hits = 0
        self.misses = 0

    def warm_up(self) -> None:
        """Load the model once and run one question through it (first-call allocations happen here)."""
        if self._st is not None or self._onnx is not None:
            return
        from indexing.models.onnx_query import is_onnx_directory

        onnx_only = is_onnx_directory(self.model)
        if self.backend == "onnx" or onnx_only:
            from indexing.models.onnx_query import OnnxQueryEncoder, onnx_available

            if onnx_only and (self.backend != "onnx" or not onnx_available()):
                raise ModelError(
                    f"{self.model} is an ONNX-only (int8) model: it needs the onnx query backend and onnxruntime",
                    path=self.model,
                )
            if onnx_available():
                try:
                    self._onnx = OnnxQueryEncoder(self.model, threads=self.threads or ONNX_AUTO_THREADS)
                except Exception as e:  # noqa: BLE001 - any export/session problem: torch still works (fp32)
                    if onnx_only:
                        raise ModelError(
                            f"cannot open the ONNX model {self.model}: {e}", path=self.model
                        ) from e
                    log.warning("ONNX query encoder unavailable (%s); using torch", e)
            if self._onnx is not None:
                self.embed("Aufwärmen")
                return
        from sentence_transformers import SentenceTransformer

        from indexing.models.engine import set_torch_threads

        set_torch_threads(self.threads)
        self._st = SentenceTransformer(self.model, device="cpu", local_files_only=True)
        self._st.eval()
        self.embed("Aufwärmen")

    @staticmethod
    def cache_key(text: str) -> str:
        return " ".join(text.split())

    def embed(self, text: str) -> list[float]:
        """The embedding of ``text`` (uncached)."""
        if self._st is None and self._onnx is None:
            self.warm_up()
        if self._onnx is not None:
            return self._onnx.encode(self.prefix + text)
        import torch

        with torch.inference_mode():
            features = self._st.tokenize([self.prefix + text])
            out = self._st.forward(features)["sentence_embedding"][0]
            if self.normalize_embeddings:
                out = torch.nn.functional.normalize(out, p=2, dim=0)
        return out.tolist()

    def embed_texts(self, texts: list[str], prefix: str = "passage: ", batch_size: int = 32) -> np.ndarray:
        """Normalised embeddings of many short texts with another prefix (sentences of a service, embedded once
        at start-up); batches of similar length keep the padding small."""
        if self._st is None and self._onnx is None:
            self.warm_up()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), 0), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            prefixed = [prefix + texts[i] for i in batch]
            if self._onnx is not None:
                vectors = np.asarray(self._onnx.encode_batch(prefixed), dtype=np.float32)
            else:
                vectors = np.asarray(
                    self._st.encode(prefixed, normalize_embeddings=True, batch_size=batch_size),
                    dtype=np.float32,
                )
            if out.shape[1] == 0:
                out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
            out[batch] = vectors
        return out

    def prefetch(self, text: str) -> None:
        """Start embedding ``text`` in a background thread; :meth:`run` of the same text then waits for it.

        The model runs outside the GIL, so the caller's own work meanwhile (the question's analysis, the sparse
        side of a search) runs on the other core instead of after the embedding. A prefetch that is never read
        costs one embedding and is forgotten after :data:`PREFETCH_KEEP` newer ones.
        """
        if not isinstance(text, str):
            raise TypeError("FastQueryEmbedder expects a string as input")
        if self._onnx is None:
            return  # not warmed up, or torch: its process-wide threads would only compete with a second embedding
        key = self.cache_key(text)
        with self._lock:
            if key in self._pending or (self.cache_size and key in self._cache):
                return
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="query-embedding")
            begun = Event()
            self._pending[key] = self._executor.submit(self._embed_signalled, key, begun)
            while len(self._pending) > PREFETCH_KEEP:
                self._pending.popitem(last=False)[1].cancel()
        begun.wait(HANDOFF_SECONDS)

    def _embed_signalled(self, text: str, begun: Event) -> list[float]:
        begun.set()
        return self.embed(text)

    @component.output_types(embedding=list[float])
    def run(self, text: str) -> dict[str, list[float]]:
        if not isinstance(text, str):
            raise TypeError("FastQueryEmbedder expects a string as input")
        key = self.cache_key(text)
        with self._lock:
            cached = self._cache.get(key) if self.cache_size else None
            if cached is not None:
                self._cache.move_to_end(key)
                self.hits += 1
                return {"embedding": list(cached)}
            pending = self._pending.pop(key, None)
        # a prefetch still queued behind other ones is taken back and computed here, without waiting in line
        embedding = pending.result() if pending is not None and not pending.cancel() else self.embed(key)
        if self.cache_size:
            with self._lock:
                self.misses += 1
                self._cache[key] = embedding
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return {"embedding": list(embedding)}
