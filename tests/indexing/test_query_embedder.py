"""The fast query embedder: same vectors as Haystack's stock text embedder, an LRU cache, serialisation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from indexing.components.query_embedder import FastQueryEmbedder
from tests.indexing.stock_embedders import stock_embedder

QUESTIONS = ["Wo melde ich meinen Wohnsitz an?", "Personalausweis beantragen", "§ 9 EGovG LSA"]


@pytest.fixture(scope="module", params=["onnx", "torch"])
def embedder(tiny_model_dir: Path, request: pytest.FixtureRequest) -> FastQueryEmbedder:
    fast = FastQueryEmbedder(model=str(tiny_model_dir), cache_size=2, backend=request.param)
    fast.warm_up()
    assert (fast._onnx is not None) == (request.param == "onnx")  # noqa: SLF001 - the backend really in use
    return fast


@pytest.mark.parametrize("question", QUESTIONS)
def test_query_embedder_matches_stock_embedder(
    embedder: FastQueryEmbedder, tiny_model_dir: Path, question
) -> None:
    expected = stock_embedder(str(tiny_model_dir), "query").run(question)["embedding"]
    got = embedder.run(question)["embedding"]
    np.testing.assert_allclose(got, expected, atol=1e-5)
    assert abs(np.linalg.norm(got) - 1.0) < 1e-5


def test_query_embedder_cache_is_lru_and_whitespace_insensitive(tiny_model_dir: Path) -> None:
    fast = FastQueryEmbedder(model=str(tiny_model_dir), cache_size=2)
    fast.warm_up()
    first = fast.run("Gewerbe  anmelden ")["embedding"]
    assert (fast.hits, fast.misses) == (0, 1)
    first[0] = 99.0  # callers get copies: the cached vector stays intact
    assert fast.run("Gewerbe anmelden")["embedding"][0] != 99.0
    assert fast.hits == 1
    fast.run("a")
    fast.run("b")  # evicts "Gewerbe anmelden"
    fast.run("Gewerbe anmelden")
    assert (fast.hits, fast.misses) == (1, 4)


def test_query_embedder_without_cache(tiny_model_dir: Path) -> None:
    fast = FastQueryEmbedder(model=str(tiny_model_dir), cache_size=0)
    fast.run("Gewerbe anmelden")
    fast.run("Gewerbe anmelden")
    assert (fast.hits, fast.misses) == (0, 0)


def test_query_embedder_round_trips_and_rejects_non_text(tiny_model_dir: Path) -> None:
    fast = FastQueryEmbedder(
        model=str(tiny_model_dir), prefix="q: ", cache_size=7, threads=1, backend="torch"
    )
    again = FastQueryEmbedder.from_dict(fast.to_dict())
    assert (again.model, again.prefix, again.cache_size, again.threads, again.backend) == (
        str(tiny_model_dir),
        "q: ",
        7,
        1,
        "torch",
    )
    with pytest.raises(TypeError, match="string"):
        fast.run(["not", "a", "string"])  # type: ignore[arg-type]


def test_query_embedder_onnx_export_is_cached_beside_the_model(tiny_model_dir: Path) -> None:
    from indexing.models.onnx_query import ensure_onnx_model, onnx_file_for

    path = ensure_onnx_model(tiny_model_dir)
    assert path == onnx_file_for(tiny_model_dir) and path.is_file()
    assert path.parent.parent == tiny_model_dir.parent  # the (verified) model directory gains no files
    mtime = path.stat().st_mtime_ns
    assert ensure_onnx_model(tiny_model_dir).stat().st_mtime_ns == mtime


def test_query_embedder_falls_back_to_torch(tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import indexing.models.onnx_query as onnx_query

    monkeypatch.setattr(onnx_query, "onnx_available", lambda: False)
    fast = FastQueryEmbedder(model=str(tiny_model_dir), backend="onnx")
    fast.warm_up()
    assert fast._onnx is None and fast._st is not None  # noqa: SLF001


def test_query_embedder_onnx_weights_live_beside_the_graph(tiny_model_dir: Path, tmp_path: Path) -> None:
    """External data is memory-mapped by ONNX Runtime; a single-file export of an earlier version is converted
    once, and its outputs do not change."""
    import shutil

    import onnx

    from indexing.models.onnx_query import OnnxQueryEncoder, ensure_external_data, ensure_onnx_model

    exported = ensure_onnx_model(tiny_model_dir)
    assert exported.with_name("model.onnx.data").is_file()
    model_dir = tmp_path / tiny_model_dir.name
    shutil.copytree(tiny_model_dir, model_dir)
    converted = OnnxQueryEncoder(model_dir).encode("query: Personalausweis")  # copy: a fresh export
    single = ensure_onnx_model(model_dir)
    onnx.save_model(onnx.load(str(single)), str(single))  # back to one file, as earlier versions wrote it
    single.with_name("model.onnx.data").unlink()
    assert OnnxQueryEncoder(model_dir).encode("query: Personalausweis") == converted
    assert single.with_name("model.onnx.data").is_file()
    mtime = single.stat().st_mtime_ns
    ensure_external_data(single)
    assert single.stat().st_mtime_ns == mtime
