"""The query embedder's prefetch: the same vector as inline, computed in the background, bounded, errors kept."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from indexing.components import query_embedder
from indexing.components.query_embedder import FastQueryEmbedder


@pytest.fixture
def fast(tiny_model_dir: Path) -> FastQueryEmbedder:
    embedder = FastQueryEmbedder(model=str(tiny_model_dir), cache_size=4, backend="onnx")
    embedder.warm_up()
    return embedder


def _settled(embedder: FastQueryEmbedder, text: str, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    future = embedder._pending[text]  # noqa: SLF001 - the background job itself
    while not future.done() and time.monotonic() < deadline:
        time.sleep(0.005)
    return future.done()


def test_prefetched_vector_is_the_inline_one_and_counts_as_computed(fast: FastQueryEmbedder) -> None:
    expected = fast.embed("Gewerbe anmelden")
    fast.prefetch("Gewerbe  anmelden ")
    assert _settled(fast, "Gewerbe anmelden")  # done without anyone asking: it ran in the background
    got = fast.run("Gewerbe anmelden")["embedding"]
    np.testing.assert_allclose(got, expected, atol=1e-6)
    assert (fast.hits, fast.misses) == (0, 1)
    assert not fast._pending  # noqa: SLF001 - read once, then forgotten
    fast.prefetch("Gewerbe anmelden")  # cached now: nothing to start
    assert not fast._pending  # noqa: SLF001
    assert fast.run("Gewerbe anmelden")["embedding"] == got and fast.hits == 1


def test_prefetch_does_nothing_cold_or_on_torch(tiny_model_dir: Path) -> None:
    cold = FastQueryEmbedder(model=str(tiny_model_dir), backend="onnx")
    cold.prefetch("Wohnsitz anmelden")
    torch = FastQueryEmbedder(model=str(tiny_model_dir), backend="torch")
    torch.warm_up()
    torch.prefetch("Wohnsitz anmelden")
    assert not cold._pending and not torch._pending  # noqa: SLF001
    with pytest.raises(TypeError, match="string"):
        torch.prefetch(None)  # type: ignore[arg-type]


def test_unread_prefetches_are_forgotten(fast: FastQueryEmbedder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(query_embedder, "PREFETCH_KEEP", 2)
    for text in ("a", "b", "c", "d"):
        fast.prefetch(text)
    assert list(fast._pending) == ["c", "d"]  # noqa: SLF001
    np.testing.assert_allclose(fast.run("a")["embedding"], fast.embed("a"), atol=1e-6)


def test_an_error_in_the_background_reaches_the_reader(
    fast: FastQueryEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(text: str) -> list[float]:
        raise RuntimeError(f"kaputt: {text}")

    monkeypatch.setattr(fast, "embed", broken)
    fast.prefetch("Hundesteuer")
    assert _settled(fast, "Hundesteuer")
    with pytest.raises(RuntimeError, match="kaputt: Hundesteuer"):
        fast.run("Hundesteuer")
    assert (fast.hits, fast.misses) == (0, 0)


@pytest.mark.parametrize("backend", ["onnx", "torch"])
def test_many_texts_embed_as_each_alone_in_their_order(tiny_model_dir: Path, backend: str) -> None:
    embedder = FastQueryEmbedder(model=str(tiny_model_dir), prefix="passage: ", cache_size=0, backend=backend)
    texts = ["Ein langer Satz über den Finderlohn und die Fundsache.", "Kurz.", "Mittellanger Satz hier."]
    matrix = embedder.embed_texts(texts, prefix="passage: ", batch_size=2)
    assert matrix.shape[0] == 3
    for row, text in zip(matrix, texts, strict=True):
        assert float(np.dot(row, np.asarray(embedder.embed(text)))) == pytest.approx(1.0, abs=1e-4)
