"""Qdrant Edge (``qdrant-edge-py``, Qdrant's embedded Rust engine) as a Haystack document store and retrievers.

Documents map to points exactly as qdrant-haystack maps them (same point ids, payload keys ``content``/``meta``,
named vectors ``text-dense``/``text-sparse`` with the IDF modifier), so an Edge shard and a Qdrant collection hold
the same data and answer the same queries (see ``tests/indexing/test_edge_congruence.py``).
"""

from indexing.edge.document_store import EdgeDocumentStore

__all__ = ["EdgeDocumentStore"]
