"""What the three Edge retrievers share: store check, serialisation, filter policy."""

from __future__ import annotations

from typing import Any

from haystack import default_from_dict, default_to_dict
from haystack.document_stores.types import FilterPolicy
from haystack.document_stores.types.filter_policy import apply_filter_policy

from indexing.edge.document_store import EdgeDocumentStore


class EdgeRetrieverBase:
    """Same constructor arguments as the qdrant-haystack retrievers (without grouping).

    :param document_store: the Edge store to search.
    :param filters: Haystack filters applied to every query (combined with run-time ones by ``filter_policy``).
    :param top_k: documents to return.
    :param return_embedding: include the stored vectors in the returned documents.
    :param filter_policy: ``replace`` (run-time filters win) or ``merge``.
    :param score_threshold: drop hits scoring below it.
    """

    def __init__(
        self,
        document_store: EdgeDocumentStore,
        filters: dict[str, Any] | None = None,
        top_k: int = 10,
        return_embedding: bool = False,
        filter_policy: str | FilterPolicy = FilterPolicy.REPLACE,
        score_threshold: float | None = None,
    ) -> None:
        if not isinstance(document_store, EdgeDocumentStore):
            raise ValueError("document_store must be an instance of EdgeDocumentStore")
        self._document_store = document_store
        self._filters = filters
        self._top_k = top_k
        self._return_embedding = return_embedding
        self._filter_policy = (
            filter_policy if isinstance(filter_policy, FilterPolicy) else FilterPolicy.from_str(filter_policy)
        )
        self._score_threshold = score_threshold

    @property
    def document_store(self) -> EdgeDocumentStore:
        return self._document_store

    def _options(
        self,
        filters: dict[str, Any] | None,
        top_k: int | None,
        return_embedding: bool | None,
        score_threshold: float | None,
    ) -> dict[str, Any]:
        return {
            "filters": apply_filter_policy(self._filter_policy, self._filters, filters),
            "top_k": self._top_k if top_k is None else top_k,
            "return_embedding": self._return_embedding if return_embedding is None else return_embedding,
            "score_threshold": self._score_threshold if score_threshold is None else score_threshold,
        }

    def to_dict(self) -> dict[str, Any]:
        return default_to_dict(
            self,
            document_store=self._document_store.to_dict(),
            filters=self._filters,
            top_k=self._top_k,
            return_embedding=self._return_embedding,
            filter_policy=self._filter_policy.value,
            score_threshold=self._score_threshold,
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Any:
        params = data.get("init_parameters", {})
        params["document_store"] = EdgeDocumentStore.from_dict(params["document_store"])
        if "filter_policy" in params:
            params["filter_policy"] = FilterPolicy.from_str(params["filter_policy"])
        return default_from_dict(cls, data)
