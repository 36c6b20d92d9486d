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
        results = {mode: searcher.search("Bezahlplattform ePayment", k=5, mode=mode).hits for mode in MODES}
        assert all(len(hits) == 5 for hits in results.values())
        # the sparse (BM25) side finds the exact term; hybrid keeps it on top
        assert results["sparse"][0].id == "org/MID/role/5"
        # RRF may give the sparse winner the same score as the dense winner; ties go to the lexical rank
        hybrid = results["hybrid"]
        assert hybrid[0].id == "org/MID/role/5"
        assert [h.score for h in hybrid] == sorted((h.score for h in hybrid), reverse=True)
        only_law = searcher.search("elektronischer Zugang", k=3, source="egovg-lsa", mode="dense").hits
        assert {h.source for h in only_law} == {"egovg-lsa"}
    finally:
        searcher.close()


class _FakeSparseRetriever:
    def __init__(self, ranked: list[str]) -> None:
        self.ranked = ranked
        self.calls = 0

    def run(self, **_: object) -> dict[str, list]:
        from haystack import Document

        self.calls += 1
        return {"documents": [Document(id=doc_id, content=doc_id) for doc_id in self.ranked]}


@pytest.mark.parametrize(
    ("hybrid", "sparse_ranked", "expected"),
    [
        # mirrored ranks: the dense winner came first from the engine, the lexical winner goes first
        ([("d", 0.64), ("s", 0.64), ("x", 0.4)], ["s", "x", "d"], ["s", "d", "x"]),
        # already in lexical order: unchanged
        ([("s", 0.64), ("d", 0.64), ("x", 0.4)], ["s", "x", "d"], ["s", "d", "x"]),
        # a tie below the top is ordered too; a tied document missing from the sparse list goes last, then by id
        ([("a", 0.9), ("c", 0.3), ("b", 0.3), ("z", 0.3)], ["z", "a"], ["a", "z", "b", "c"]),
    ],
)
def test_retrieval_rrf_ties_follow_the_sparse_rank(
    make_settings, hybrid: list[tuple[str, float]], sparse_ranked: list[str], expected: list[str]
) -> None:
    from haystack import Document

    searcher = Searcher(make_settings())
    fake = _FakeSparseRetriever(sparse_ranked)
    searcher._tie_retriever = fake
    documents = [
        Document(id=doc_id, content=doc_id, score=score, meta={"id": doc_id}) for doc_id, score in hybrid
    ]
    ordered = searcher._break_rrf_ties(documents, {"query_sparse_embedding": None, "filters": None})
    assert [doc.id for doc in ordered] == expected
    assert fake.calls == 1


def test_retrieval_no_tie_no_extra_query(make_settings) -> None:
    from haystack import Document

    searcher = Searcher(make_settings())
    fake = _FakeSparseRetriever([])
    searcher._tie_retriever = fake
    documents = [Document(id=i, content=i, score=s) for i, s in (("a", 0.9), ("b", 0.5))]
    assert searcher._break_rrf_ties(documents, {"query_sparse_embedding": None, "filters": None}) == documents
    assert fake.calls == 0
