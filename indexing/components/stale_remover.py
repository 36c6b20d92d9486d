"""Deletes chunks whose source disappeared (the other half of incremental sync)."""

from __future__ import annotations

from typing import Any

from haystack import component

from indexing.serialization import SettingsSerialization


@component
class StaleChunkRemover(SettingsSerialization):
    """:param document_store: the store to delete from."""

    serialized_settings = ("document_store",)

    def __init__(self, document_store: Any) -> None:
        self.document_store = document_store

    @component.output_types(deleted=int)
    def run(self, stale_ids: list[str]) -> dict[str, int]:
        if stale_ids:
            self.document_store.delete_documents(stale_ids)
        return {"deleted": len(stale_ids)}
