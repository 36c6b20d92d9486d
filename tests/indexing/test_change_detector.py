"""ChangeDetector: new / changed / unchanged / stale on Haystack's in-memory store and Qdrant ``:memory:``."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from haystack.core.errors import DeserializationError

from indexing.components.change_detector import ChangeDetector
from indexing.components.chunker import CorpusChunker
from tests.indexing.component_stores import chunks, index, page


class TestChangeDetector:
    def test_to_dict_names_store_type(self, store: Any) -> None:
        data = ChangeDetector(document_store=store).to_dict()
        assert data["init_parameters"]["document_store"]["type"] == (
            f"{type(store).__module__}.{type(store).__name__}"
        )

    def test_from_dict_wrong_type_fails(self, store: Any) -> None:
        data = ChangeDetector(document_store=store).to_dict()
        data["type"] = "indexing.components.stale_remover.StaleChunkRemover"
        with pytest.raises(DeserializationError, match="can't be deserialized"):
            ChangeDetector.from_dict(data)

    def test_existing_hashes_empty_store(self, store: Any) -> None:
        assert ChangeDetector(store).existing_hashes() == {}

    def test_existing_hashes_reads_fingerprints(self, store: Any) -> None:
        docs = chunks(a="Alpha.", b="Beta.")
        index(store, docs)
        assert ChangeDetector(store).existing_hashes() == {d.id: d.meta["fingerprint"] for d in docs}

    def test_run_empty_store_everything_new(self, store: Any) -> None:
        docs = chunks(a="Alpha.", b="Beta.", c="Gamma.")
        result = ChangeDetector(store).run(docs)
        assert [d.id for d in result["documents"]] == [d.id for d in docs]
        assert result["stale_ids"] == []
        assert result["stats"] == {"chunks": 3, "new": 3, "changed": 0, "deleted": 0, "unchanged": 0}

    def test_run_nothing_changed(self, store: Any) -> None:
        docs = chunks(a="Alpha.", b="Beta.")
        index(store, docs)
        result = ChangeDetector(store).run(chunks(a="Alpha.", b="Beta."))
        assert result["documents"] == []
        assert result["stale_ids"] == []
        assert result["stats"] == {"chunks": 2, "new": 0, "changed": 0, "deleted": 0, "unchanged": 2}

    def test_run_counts_new_changed_unchanged_stale(self, store: Any) -> None:
        old = chunks(a="Alpha.", b="Beta.", c="Gamma.", d="Delta.")
        index(store, old)
        current = chunks(a="Alpha.", b="Beta, neu gefasst.", e="Epsilon.")
        result = ChangeDetector(store).run(current)
        assert [d.meta["id"] for d in result["documents"]] == ["pages/t/b", "pages/t/e"]
        by_id = {d.meta["id"]: d.id for d in old}
        assert result["stale_ids"] == sorted([by_id["pages/t/c"], by_id["pages/t/d"]])
        assert result["stats"] == {"chunks": 3, "new": 1, "changed": 1, "deleted": 2, "unchanged": 1}

    @pytest.mark.parametrize("field", ["label", "url", "title"])
    def test_run_metadata_only_change_is_changed(self, store: Any, field: str) -> None:
        (doc,) = chunks(a="Alpha.")
        index(store, [doc])
        edited = page("a", "Alpha.", **{field: "geändert"})
        result = ChangeDetector(store).run(CorpusChunker().run([edited])["documents"])
        assert result["stats"]["changed"] == 1 and result["stats"]["unchanged"] == 0
        assert result["documents"][0].meta[field] == "geändert"

    def test_run_stored_chunk_without_fingerprint_is_changed(self, store: Any) -> None:
        (doc,) = chunks(a="Alpha.")
        meta = {k: v for k, v in doc.meta.items() if k != "fingerprint"}
        index(store, [replace(doc, meta=meta)])
        assert ChangeDetector(store).run([doc])["stats"]["changed"] == 1

    def test_run_all_removed_everything_stale(self, store: Any) -> None:
        docs = chunks(a="Alpha.", b="Beta.")
        index(store, docs)
        result = ChangeDetector(store).run([])
        assert result["documents"] == []
        assert result["stale_ids"] == sorted(d.id for d in docs)
        assert result["stats"] == {"chunks": 0, "new": 0, "changed": 0, "deleted": 2, "unchanged": 0}

    def test_run_does_not_write(self, store: Any) -> None:
        ChangeDetector(store).run(chunks(a="Alpha."))
        assert store.count_documents() == 0

    @pytest.mark.parametrize("stored", [False, True])
    def test_run_duplicate_id_raises(self, store: Any, stored: bool) -> None:
        docs = chunks(a="Alpha.", b="Beta.")
        if stored:
            index(store, docs)
        with pytest.raises(ValueError, match="duplicate chunk id 'pages/t/a'"):
            ChangeDetector(store).run([docs[0], docs[1], docs[0]])
