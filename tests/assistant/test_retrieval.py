"""Retrieval modes: the query pipeline per mode (hybrid RRF, dense-only, sparse-only) and the Searcher."""

from __future__ import annotations

import pytest

from assistant.retrieval import MODES, Searcher, build_query_pipeline, build_search_pipeline


@pytest.fixture
def store():
    from haystack_integrations.document_stores.qdrant import QdrantDocumentStore

    return QdrantDocumentStore(
        location=":memory:", embedding_dim=32, use_sparse_embeddings=True, recreate_index=True
    )


@pytest.mark.parametrize(
    ("mode", "components", "retriever"),
    [
        ("hybrid", {"dense", "sparse", "retriever"}, "QdrantHybridRetriever"),
        ("dense", {"dense", "retriever"}, "QdrantEmbeddingRetriever"),
        ("sparse", {"sparse", "retriever"}, "QdrantSparseEmbeddingRetriever"),
    ],
)
def test_retrieval_query_pipeline_per_mode(
    make_settings, tiny_model_dir, store, mode: str, components: set[str], retriever: str
) -> None:
    pipe = build_query_pipeline(make_settings(), store, str(tiny_model_dir), mode=mode)  # type: ignore[arg-type]
    assert set(pipe.graph.nodes) == components
    assert type(pipe.get_component("retriever")).__name__ == retriever


def test_retrieval_unknown_mode(make_settings, tiny_model_dir, store) -> None:
    with pytest.raises(ValueError, match="unknown retrieval mode"):
        build_query_pipeline(make_settings(), store, str(tiny_model_dir), mode="bm25")  # type: ignore[arg-type]


def test_retrieval_search_pipeline_is_hybrid(make_settings, tiny_model_dir, store) -> None:
    pipe = build_search_pipeline(make_settings(), store, str(tiny_model_dir))
    assert type(pipe.get_component("retriever")).__name__ == "QdrantHybridRetriever"


@pytest.mark.slow
def test_retrieval_searcher_modes_on_tiny_index(make_settings) -> None:
    from indexing.job import run_index_job

    settings = make_settings()
    run_index_job(settings, progress=False)
    searcher = Searcher(settings)
    try:
        results = {
            mode: searcher.search("Bezahlplattform ePayment", k=5, mode=mode)["hits"] for mode in MODES
        }
        assert all(len(hits) == 5 for hits in results.values())
        # the sparse (BM25) side finds the exact term; hybrid keeps it on top
        assert results["sparse"][0]["id"] == "org/MID/role/5"
        # RRF gives first place on one list and first place on the other list the same score; which of such
        # ties comes first is the engine's choice, so the sparse winner is first or tied with the first
        hybrid = results["hybrid"]
        top = next(h for h in hybrid if h["id"] == "org/MID/role/5")
        assert top["score"] == pytest.approx(hybrid[0]["score"])
        only_law = searcher.search("elektronischer Zugang", k=3, source="egovg-lsa", mode="dense")["hits"]
        assert {h["source"] for h in only_law} == {"egovg-lsa"}
    finally:
        searcher.close()
