"""Deletes chunks whose source disappeared (the other half of incremental sync)."""

from __future__ import annotations

from typing import Any

from haystack import component, default_from_dict, default_to_dict


@component
class StaleChunkRemover:
    """:param document_store: the store to delete from."""

    def __init__(self, document_store: Any) -> None:
        self.document_store = document_store

    def to_dict(self) -> dict[str, Any]:
        return default_to_dict(self, document_store=self.document_store)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StaleChunkRemover:
        # default_from_dict rebuilds the nested store from its qualified class name (Haystack 3 dropped
        # haystack.utils.deserialize_document_store_in_init_params_inplace).
        return default_from_dict(cls, data)

    @component.output_types(deleted=int)
    def run(self, stale_ids: list[str]) -> dict[str, int]:
        if stale_ids:
            self.document_store.delete_documents(stale_ids)
        return {"deleted": len(stale_ids)}
