"""StaleChunkRemover: deletes the ids ChangeDetector reports as gone, on both store back-ends."""

from __future__ import annotations

from typing import Any
from unittest.mock import MagicMock

import pytest
from haystack import Document, Pipeline

from indexing.components.change_detector import ChangeDetector
from indexing.components.stale_remover import StaleChunkRemover
from tests.indexing.component_stores import chunks as page_chunks
from tests.indexing.component_stores import index


def chunks(*keys: str) -> list[Document]:
    """Chunked pages ``pages/t/<key>``, one per key (the remover only looks at their ids)."""
    return page_chunks(**{key: f"Text {key}." for key in keys})


def stored_ids(store: Any) -> list[str]:
    return sorted(d.meta["id"] for d in store.filter_documents())


class TestStaleChunkRemover:
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
