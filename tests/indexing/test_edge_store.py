"""The Edge document store's Haystack protocol: write policies, delete, count, filters, serialisation, locking."""

from __future__ import annotations

from pathlib import Path

import pytest
from haystack import Document
from haystack.dataclasses import SparseEmbedding
from haystack.document_stores.errors import DuplicateDocumentError
from haystack.document_stores.types import DuplicatePolicy
from haystack.utils.filters import FilterError

from indexing.edge.document_store import EdgeDocumentStore
from indexing.edge.embedding_retriever import EdgeEmbeddingRetriever
from indexing.edge.hybrid_retriever import EdgeHybridRetriever
from indexing.edge.sparse_retriever import EdgeSparseEmbeddingRetriever


def _doc(i: int, text: str | None = None, source: str = "fim") -> Document:
    vec = [0.0] * 4
    vec[i % 4] = 1.0
    return Document(
        id=f"{i:064x}",
        content=text or f"Text {i}",
        embedding=vec,
        sparse_embedding=SparseEmbedding(indices=[i + 1, 100], values=[1.0, 0.5]),
        meta={"id": f"t/{i}", "source": source, "ministry": "MI" if i % 2 else "MID"},
    )


@pytest.fixture
def store(tmp_path: Path) -> EdgeDocumentStore:
    s = EdgeDocumentStore(tmp_path / "shard", embedding_dim=4)
    yield s
    s.close()


def test_edge_store_write_count_filter_delete(store: EdgeDocumentStore) -> None:
    assert store.count_documents() == 0
    assert store.write_documents([_doc(i) for i in range(5)]) == 5
    assert store.count_documents() == 5
    docs = {d.id: d for d in store.filter_documents()}
    assert docs[_doc(2).id].meta == _doc(2).meta and docs[_doc(2).id].embedding == _doc(2).embedding
    assert docs[_doc(2).id].sparse_embedding.indices == [3, 100]
    mid = store.filter_documents({"field": "meta.ministry", "operator": "==", "value": "MID"})
    assert sorted(d.meta["id"] for d in mid) == ["t/0", "t/2", "t/4"]
    store.delete_documents([_doc(0).id, "unknown"])
    assert store.count_documents() == 4
    assert store.delete_by_filter({"field": "meta.ministry", "operator": "==", "value": "MI"}) == 2
    assert store.count_documents() == 2


@pytest.mark.parametrize(
    ("policy", "written", "content"),
    [
        (DuplicatePolicy.OVERWRITE, 2, "neu"),
        (DuplicatePolicy.SKIP, 1, "Text 1"),
        ("overwrite", 2, "neu"),
    ],
)
def test_edge_store_duplicate_policies(store: EdgeDocumentStore, policy, written: int, content: str) -> None:
    store.write_documents([_doc(1)])
    assert store.write_documents([_doc(1, "neu"), _doc(2)], policy=policy) == written
    assert store.get_documents_by_id([_doc(1).id])[0].content == content
    assert store.count_documents() == 2


def test_edge_store_fail_policy_raises(store: EdgeDocumentStore) -> None:
    store.write_documents([_doc(1)])
    with pytest.raises(DuplicateDocumentError):
        store.write_documents([_doc(1, "neu")], policy=DuplicatePolicy.FAIL)
    with pytest.raises(ValueError, match="expects Documents"):
        store.write_documents(["kein Dokument"])  # type: ignore[list-item]


def test_edge_store_reopens_persisted_shard_and_serialises(tmp_path: Path) -> None:
    first = EdgeDocumentStore(tmp_path / "shard", embedding_dim=4, exact=False, hnsw_ef=64)
    first.write_documents([_doc(i) for i in range(3)])
    first.close()
    again = EdgeDocumentStore.from_dict(first.to_dict())
    assert (again.path, again.exact, again.hnsw_ef) == (first.path, False, 64)
    assert again.count_documents() == 3
    assert again.shard.info().payload_schema.keys() >= {"meta.source", "meta.ministry", "meta.id"}
    again.close()


def test_edge_store_second_opener_is_refused(store: EdgeDocumentStore) -> None:
    """An Edge shard locks its write-ahead log: one process at a time (why builds are copied, not shared)."""
    store.write_documents([_doc(1)])
    with pytest.raises(Exception, match="WAL"):
        EdgeDocumentStore(store.path, embedding_dim=4).count_documents()


@pytest.mark.parametrize("cls", [EdgeEmbeddingRetriever, EdgeSparseEmbeddingRetriever, EdgeHybridRetriever])
def test_edge_retrievers_round_trip(store: EdgeDocumentStore, cls) -> None:
    retriever = cls(
        document_store=store, top_k=3, filters={"field": "meta.source", "operator": "==", "value": "x"}
    )
    again = cls.from_dict(retriever.to_dict())
    assert again.document_store.path == store.path and again._top_k == 3  # noqa: SLF001
    with pytest.raises(ValueError, match="EdgeDocumentStore"):
        cls(document_store=object())


def test_edge_retrievers_search_with_filters(store: EdgeDocumentStore) -> None:
    store.write_documents([_doc(i, source="fim" if i < 4 else "pages") for i in range(8)])
    dense = EdgeEmbeddingRetriever(document_store=store, top_k=3)
    hits = dense.run(query_embedding=[0.0, 1.0, 0.0, 0.0])["documents"]
    assert {d.meta["id"] for d in hits[:2]} == {"t/1", "t/5"} and hits[0].score == pytest.approx(1.0)
    only = dense.run(
        query_embedding=[0.0, 1.0, 0.0, 0.0],
        filters={"field": "meta.source", "operator": "==", "value": "pages"},
    )
    assert only["documents"][0].meta["id"] == "t/5"
    sparse = EdgeSparseEmbeddingRetriever(document_store=store, top_k=2)
    assert (
        sparse.run(query_sparse_embedding=SparseEmbedding(indices=[4], values=[1.0]))["documents"][0].meta[
            "id"
        ]
        == "t/3"
    )
    hybrid = EdgeHybridRetriever(document_store=store, top_k=2)
    top = hybrid.run(
        query_embedding=[0.0, 0.0, 0.0, 1.0],
        query_sparse_embedding=SparseEmbedding(indices=[4], values=[1.0]),
    )
    assert top["documents"][0].meta["id"] == "t/3"  # first on both lists
    with pytest.raises(FilterError):
        dense.run(query_embedding=[1.0, 0, 0, 0], filters={"field": "meta.source", "value": "x"})


def test_edge_search_documents_come_from_the_cache_and_follow_every_write(store: EdgeDocumentStore) -> None:
    store.write_documents([_doc(i) for i in range(4)])
    dense = EdgeEmbeddingRetriever(document_store=store, top_k=3)
    query = [0.2, 1.0, 0.5, 0.0]  # t/1, t/2, t/0: no ties

    def ids() -> list[str]:
        return [d.meta["id"] for d in dense.run(query_embedding=query)["documents"]]

    first = dense.run(query_embedding=query)["documents"]
    fresh = EdgeDocumentStore(store.path + "-copy", embedding_dim=4)
    try:
        fresh.write_documents([_doc(i) for i in range(4)])
        expected = EdgeEmbeddingRetriever(document_store=fresh, top_k=3).run(query_embedding=query)[
            "documents"
        ]
    finally:
        fresh.close()
    assert first == expected and [d.meta["id"] for d in first] == ["t/1", "t/2", "t/0"]
    assert all(d.embedding is None for d in first) and len(store._documents) == 3  # noqa: SLF001
    first[0].meta["id"] = "changed by a caller"  # a caller's copy: the next search is not affected
    again = dense.run(query_embedding=query)["documents"]
    assert again == expected and again[0] is not first[0]
    store.write_documents([_doc(1, text="neu")], policy=DuplicatePolicy.OVERWRITE)
    assert dense.run(query_embedding=query)["documents"][0].content == "neu"
    store.delete_documents([_doc(1).id])
    assert ids() == ["t/2", "t/0", "t/3"]
    store.delete_by_filter({"field": "meta.id", "operator": "==", "value": "t/2"})
    assert ids() == ["t/0", "t/3"]


def test_edge_search_with_embeddings_returns_the_vectors(store: EdgeDocumentStore) -> None:
    store.write_documents([_doc(i) for i in range(3)])
    hits = EdgeEmbeddingRetriever(document_store=store, top_k=1, return_embedding=True).run(
        query_embedding=[0.0, 0.0, 1.0, 0.0]
    )["documents"]
    assert hits[0].embedding == _doc(2).embedding and hits[0].meta == _doc(2).meta


def test_document_cache_starts_again_past_its_limit(store: EdgeDocumentStore) -> None:
    import qdrant_edge as qe

    from indexing.edge.document_cache import DocumentCache

    store.write_documents([_doc(i) for i in range(4)])

    def nearest(axis: int, limit: int) -> list:
        vector = [0.0] * 4
        vector[axis] = 1.0
        return store.shard.query(
            qe.QueryRequest(limit=limit, query=qe.Query.Nearest(vector, using="text-dense"))
        )

    cache = DocumentCache(limit=2)
    three = nearest(0, 3)
    assert [d.meta["id"] for d in cache.documents(store.shard, three)][0] == "t/0" and len(cache) == 3
    assert [d.score for d in cache.documents(store.shard, three)] == [p.score for p in three]
    one = [p for p in nearest(3, 4) if p.id not in {q.id for q in three}]
    assert len(one) == 1 and len(cache.documents(store.shard, one)) == 1 and len(cache) == 1  # started again


def test_edge_store_preloads_its_documents_for_searches(store: EdgeDocumentStore) -> None:
    store.write_documents([_doc(i) for i in range(5)])
    assert len(store._documents) == 0 and store.preload_documents() == 5  # noqa: SLF001
    cached = dict(store._documents._documents)  # noqa: SLF001
    hits = EdgeEmbeddingRetriever(document_store=store, top_k=2).run(query_embedding=[0.2, 1.0, 0.5, 0.0])
    assert [d.meta["id"] for d in hits["documents"]] == ["t/1", "t/2"]
    again = store._documents._documents  # noqa: SLF001
    assert all(again[key] is document for key, document in cached.items())  # nothing converted again
    from indexing.edge.document_cache import DocumentCache

    assert DocumentCache(limit=4).preload(store.shard) == 0  # more than it may hold: left to the searches
