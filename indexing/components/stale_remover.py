"""Deletes chunks whose source disappeared (the other half of incremental sync)."""

from __future__ import annotations

from typing import Any

from haystack import component


@component
class StaleChunkRemover:
    """:param document_store: the store to delete from."""

    def __init__(self, document_store: Any) -> None:
        self.document_store = document_store

    def to_dict(self) -> dict[str, Any]:
        return {"type": f"{type(self).__module__}.{type(self).__name__}",
                "init_parameters": {"document_store": self.document_store.to_dict()}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StaleChunkRemover:
        from haystack.utils import deserialize_document_store_in_init_params_inplace

        deserialize_document_store_in_init_params_inplace(data)
        return cls(**data["init_parameters"])

    @component.output_types(deleted=int)
    def run(self, stale_ids: list[str]) -> dict[str, int]:
        if stale_ids:
            self.document_store.delete_documents(stale_ids)
        return {"deleted": len(stale_ids)}
