"""A service's chunk ids come from an index made once, and are exactly those a scan of every chunk id finds."""

from __future__ import annotations

import pickle

from assistant.knowledge import KnowledgeBase
from corpora.ids import service_chunk_id


def _scanned(kb: KnowledgeBase, key: str, module: str | None) -> list[str]:
    prefix = service_chunk_id(key, "")
    return sorted(
        cid
        for cid in kb.chunks
        if cid.startswith(prefix) and (module is None or cid[len(prefix) :].split("/")[0] == module)
    )


def test_service_chunk_ids_equal_a_scan_of_all_chunks(kb: KnowledgeBase) -> None:
    assert kb.services
    for service in kb.services:
        for module in (None, "kosten", "kurztext", "fristen", "unterlagen", "nicht-da"):
            assert kb.service_chunk_ids(service, module) == _scanned(kb, service.key, module)
    some = kb.services[0]
    assert kb.service_chunk_ids(some) and all(c.startswith("fim/") for c in kb.service_chunk_ids(some))


def test_service_chunk_ids_are_a_copy_and_survive_pickling(kb: KnowledgeBase) -> None:
    service = kb.services[0]
    ids = kb.service_chunk_ids(service)
    ids.append("fim/x/y")
    assert "fim/x/y" not in kb.service_chunk_ids(service)
    again = pickle.loads(pickle.dumps(kb))
    assert again.service_chunk_ids(service) == kb.service_chunk_ids(service)
