"""Incremental sync: pass on only chunks that are new or changed, and name the ones that disappeared."""

from __future__ import annotations

from typing import Any

from haystack import Document, component

from indexing.serialization import SettingsSerialization


@component
class ChangeDetector(SettingsSerialization):
    """Compares chunks with what the store holds, by stable id and ``fingerprint`` (text + metadata, from the
    chunker).

    Unchanged chunks are dropped before the (expensive) embedders; ids present in the store but no longer
    produced by the corpora are returned as ``stale_ids`` for deletion.

    :param document_store: the Haystack document store being updated.
    """

    serialized_settings = ("document_store",)

    def __init__(self, document_store: Any) -> None:
        self.document_store = document_store

    def existing_hashes(self) -> dict[str, str]:
        """Store id -> content hash of every chunk already indexed."""
        if self.document_store.count_documents() == 0:
            return {}
        return {
            doc.id: str(doc.meta.get("fingerprint", "")) for doc in self.document_store.filter_documents()
        }

    @component.output_types(documents=list[Document], stale_ids=list[str], stats=dict)
    def run(self, documents: list[Document]) -> dict[str, Any]:
        existing = self.existing_hashes()
        seen: set[str] = set()
        changed: list[Document] = []
        new = updated = 0
        for doc in documents:
            if doc.id in seen:
                raise ValueError(f"duplicate chunk id {doc.meta.get('id')!r}")
            seen.add(doc.id)
            old = existing.get(doc.id)
            if old is None:
                new += 1
                changed.append(doc)
            elif old != doc.meta.get("fingerprint"):
                updated += 1
                changed.append(doc)
        stale = sorted(set(existing) - seen)
        stats = {
            "chunks": len(documents),
            "new": new,
            "changed": updated,
            "deleted": len(stale),
            "unchanged": len(documents) - new - updated,
        }
        return {"documents": changed, "stale_ids": stale, "stats": stats}
