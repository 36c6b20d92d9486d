"""The index store: where builds live, how one becomes active, and which retrievers read it.

One front door for the three back-ends (``base`` holds what they share):

* ``edge`` – embedded, one Qdrant Edge shard per build (the default: ``LSA_QDRANT_URL`` empty);
* ``embedded`` – embedded, one qdrant-client local-mode directory per build (``LSA_EMBEDDED_ENGINE=local``);
* ``server`` – a Qdrant server or cluster by URL, builds as collections behind one alias.

Callers ask :func:`open_backend` for the back-end the settings select, open the active build with
:meth:`StoreBackend.open_active` and take its retrievers from :meth:`StoreBackend.retrievers`.
"""

from __future__ import annotations

from typing import Any

from indexing.store.base import (
    INDEXED_PAYLOAD_FIELDS,
    ClientFactory,
    IndexInfo,
    Retrievers,
    StoreBackend,
    make_document_store,
    new_build_id,
    qdrant_retrievers,
)
from lsa_assistant.settings import Settings


def open_backend(settings: Settings, client_factory: ClientFactory | None = None) -> StoreBackend:
    """The back-end the settings select: embedded under the data directory, or a server by URL."""
    if settings.embedded and settings.embedded_engine == "edge":
        from indexing.store.edge import EdgeBackend

        return EdgeBackend(settings)
    if settings.embedded:
        from indexing.store.embedded import EmbeddedBackend

        return EmbeddedBackend(settings)
    from indexing.store.server import ServerBackend

    return ServerBackend(settings, client_factory=client_factory)


def retrievers_for(store: Any) -> Retrievers:
    """The retrievers for an open document store, for callers that hold a store without its back-end."""
    from indexing.edge.document_store import EdgeDocumentStore

    if isinstance(store, EdgeDocumentStore):
        from indexing.store.edge import edge_retrievers

        return edge_retrievers()
    return qdrant_retrievers()


__all__ = [
    "INDEXED_PAYLOAD_FIELDS",
    "IndexInfo",
    "Retrievers",
    "StoreBackend",
    "make_document_store",
    "new_build_id",
    "open_backend",
    "retrievers_for",
]
