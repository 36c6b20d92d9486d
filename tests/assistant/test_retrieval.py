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


class _FakeRetriever:
    """An engine that returns equal scores in an arbitrary (here: reversed id) order and counts its calls."""

    def __init__(self, scored: list[tuple[str, float]]) -> None:
        self.scored = sorted(scored, key=lambda item: (-item[1], [-ord(c) for c in item[0]]))
        self.limits: list[int] = []

    def run(self, top_k: int, **_: object) -> dict[str, list]:
        from haystack import Document

        self.limits.append(top_k)
        return {
            "documents": [
                Document(id=doc_id, content=doc_id, score=score, meta={"id": doc_id})
                for doc_id, score in self.scored[:top_k]
            ]
        }


def test_ranked_orders_equal_scores_by_chunk_id() -> None:
    from assistant.retrieval import TIE_MARGIN, ranked

    engine = _FakeRetriever([("a", 0.9), ("c", 0.5), ("b", 0.5), ("z", 0.5), ("d", 0.1)])
    assert [d.id for d in ranked(engine, 3)] == ["a", "b", "c"]
    assert engine.limits == [3 + TIE_MARGIN]  # the whole list fitted: one call


def test_ranked_asks_deeper_until_the_group_at_the_cut_is_whole() -> None:
    from assistant.retrieval import TIE_MARGIN, ranked

    group = [(f"t{i:03d}", 1.0) for i in range(60)]  # 60 chunks with the same BM25 score
    engine = _FakeRetriever([("a", 2.0), *group, ("y", 0.5)])
    top = ranked(engine, 5)
    assert [d.id for d in top] == ["a", "t000", "t001", "t002", "t003"]
    assert engine.limits == [15, 30, 60, 120] and TIE_MARGIN == 10  # 62 chunks: the fourth call sees the end
    without_ties = _FakeRetriever([(f"u{i}", 1.0 - i / 100) for i in range(50)])
    assert [d.id for d in ranked(without_ties, 2)] == ["u0", "u1"] and without_ties.limits == [2 + TIE_MARGIN]


def test_fuse_rrf_ties_follow_the_sparse_rank_then_the_id() -> None:
    from haystack import Document

    from assistant.retrieval import fuse_rrf

    def docs(ids: str) -> list:
        return [Document(id=i, content=i, meta={"id": i}) for i in ids]

    # mirrored ranks give equal RRF scores: the lexical winner first; a tie without a sparse rank goes by id
    fused = fuse_rrf(docs("dsx"), docs("sxd"))
    assert [d.id for d, _ in fused] == ["s", "d", "x"]
    assert [d.id for d, _ in fuse_rrf(docs("ab"), docs(""))] == ["a", "b"]
