"""StaleChunkRemover: deletes the ids ChangeDetector reports as gone, on both store back-ends."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any
from unittest.mock import MagicMock

import pytest
from haystack import Document, Pipeline
from haystack.document_stores.in_memory import InMemoryDocumentStore
from haystack_integrations.document_stores.qdrant import QdrantDocumentStore

from corpora.base import make_document
from indexing.components.change_detector import ChangeDetector
from indexing.components.chunker import CorpusChunker
from indexing.components.stale_remover import StaleChunkRemover

TYPE = "indexing.components.stale_remover.StaleChunkRemover"


@pytest.fixture(params=["memory", "qdrant"])
def store(request: pytest.FixtureRequest) -> Iterator[Any]:
    if request.param == "memory":
        yield InMemoryDocumentStore()
    else:
        yield QdrantDocumentStore(
            location=":memory:", embedding_dim=4, use_sparse_embeddings=True, progress_bar=False
        )


def chunks(*keys: str) -> list[Document]:
    docs = [
        make_document(
            doc_id=f"pages/t/{k}",
            content=f"Text {k}.",
            source="pages",
            label=k,
            title="T",
            url="https://example.org/t",
            version="2026",
        )
        for k in keys
    ]
    return CorpusChunker().run(docs)["documents"]


def index(store: Any, docs: list[Document]) -> None:
    store.write_documents([replace(d, embedding=[0.1, 0.2, 0.3, 0.4]) for d in docs])


def stored_ids(store: Any) -> list[str]:
    return sorted(d.meta["id"] for d in store.filter_documents())


class TestStaleChunkRemover:
    def test_init_default(self, store: Any) -> None:
        assert StaleChunkRemover(document_store=store).document_store is store

    def test_to_dict(self, store: Any) -> None:
        assert StaleChunkRemover(document_store=store).to_dict() == {
            "type": TYPE,
            "init_parameters": {"document_store": store.to_dict()},
        }

    def test_from_dict(self, store: Any) -> None:
        data = StaleChunkRemover(document_store=store).to_dict()
        remover = StaleChunkRemover.from_dict(data)
        assert isinstance(remover, StaleChunkRemover)
        assert type(remover.document_store) is type(store)
        assert remover.to_dict() == data

    @pytest.mark.parametrize(
        ("delete", "left"),
        [
            ([], ["a", "b", "c"]),
            (["b"], ["a", "c"]),
            (["a", "c"], ["b"]),
            (["a", "b", "c"], []),
        ],
    )
    def test_run_deletes_given_ids(self, store: Any, delete: list[str], left: list[str]) -> None:
        docs = {d.meta["id"].rsplit("/", 1)[1]: d for d in chunks("a", "b", "c")}
        index(store, list(docs.values()))
        result = StaleChunkRemover(store).run(stale_ids=[docs[k].id for k in delete])
        assert result == {"deleted": len(delete)}
        assert stored_ids(store) == [f"pages/t/{k}" for k in left]

    def test_run_empty_list_does_not_touch_store(self) -> None:
        store = MagicMock()
        assert StaleChunkRemover(store).run(stale_ids=[]) == {"deleted": 0}
        store.delete_documents.assert_not_called()

    def test_run_passes_ids_to_store(self) -> None:
        store = MagicMock()
        StaleChunkRemover(store).run(stale_ids=["x", "y"])
        store.delete_documents.assert_called_once_with(["x", "y"])

    def test_run_after_change_detector_in_pipeline(self, store: Any) -> None:
        index(store, chunks("a", "b", "c"))
        pipe = Pipeline()
        pipe.add_component("changes", ChangeDetector(store))
        pipe.add_component("remove", StaleChunkRemover(store))
        pipe.connect("changes.stale_ids", "remove.stale_ids")
        result = pipe.run({"changes": {"documents": chunks("a", "d")}})
        assert result["remove"] == {"deleted": 2}
        assert stored_ids(store) == ["pages/t/a"]
