"""Dense vectors of every sentence a service's texts hold, so the detail a question asks is found by meaning too.

"Muss ich nach dem Kauf nochmal zur Behörde?" shares no word with "Der Erwerb ist binnen zwei Wochen
anzuzeigen"; "in meinem Alter" none with "höchstens 45 Jahre alt". The words of a situation (daughter, autumn,
bakery) also outweigh the asked detail in a word count. The e5 model that ranks the index compares the question
with each sentence of the chosen service instead. Embedded once per index build (a few seconds), stored beside
the decision model as ``sentences.npz`` with a fingerprint of the texts and the model, and loaded at start.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from lsa_assistant.files import write_bytes_atomic

log = logging.getLogger(__name__)
FILE = "sentences.npz"


def fingerprint(texts: Sequence[str], model: str) -> str:
    """What the vectors were made from: every sentence in order and the model's name."""
    digest = hashlib.sha256(model.encode())
    for text in texts:
        digest.update(b"\x00" + text.encode())
    return digest.hexdigest()


@dataclass
class SentenceVectors:
    """One normalised row per sentence; ``spans[key]`` is the (start, end) row range of a service."""

    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    stamp: str = ""  # the :func:`fingerprint` of the texts and model the rows were made from

    @classmethod
    def build(
        cls,
        sentences: dict[str, list[str]],
        embed: Callable[[list[str]], np.ndarray],
        directory: Path | None = None,
        model: str = "",
    ) -> SentenceVectors:
        """The vectors of ``sentences`` (service key -> its sentences in order), read from ``directory`` when a
        file of the same texts and model is there, else embedded (and written there)."""
        spans: dict[str, tuple[int, int]] = {}
        texts: list[str] = []
        for key, items in sentences.items():
            spans[key] = (len(texts), len(texts) + len(items))
            texts.extend(items)
        stamp = fingerprint(texts, model)
        path = directory / FILE if directory is not None else None
        matrix = _read(path, stamp, len(texts)) if path is not None else None
        if matrix is None:
            matrix = np.asarray(embed(texts), dtype=np.float32) if texts else np.zeros((0, 0), np.float32)
            if path is not None and len(texts):
                _write(path, matrix, stamp)
        return cls(spans, matrix, stamp)

    def scores(self, key: str, query: Sequence[float] | np.ndarray | None) -> np.ndarray | None:
        """Cosine of each of the service's sentences with the (normalised) question vector."""
        span = self.spans.get(key)
        if span is None or query is None or self.matrix.size == 0:
            return None
        vector = np.asarray(query, dtype=np.float32)
        if vector.shape[0] != self.matrix.shape[1]:
            return None
        vector = vector / max(float(np.linalg.norm(vector)), 1e-12)
        return self.matrix[span[0] : span[1]] @ vector


def _read(path: Path, stamp: str, rows: int) -> np.ndarray | None:
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["fingerprint"]) != stamp or data["matrix"].shape[0] != rows:
                return None
            return np.asarray(data["matrix"], dtype=np.float32)
    except (OSError, ValueError, KeyError) as e:
        log.warning("sentence vectors %s unreadable (%s); embedding them again", path, e)
        return None


def _write(path: Path, matrix: np.ndarray, stamp: str) -> None:
    import io

    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.savez(buffer, matrix=matrix, fingerprint=np.asarray(stamp))
    write_bytes_atomic(path, buffer.getvalue())
