"""What every indexing component holding a document store shares: it keeps the store it is given, serialises
with the store's own dict, and is restored from that dict on both store back-ends."""

from __future__ import annotations

from typing import Any

import pytest

from indexing.components.change_detector import ChangeDetector
from indexing.components.stale_remover import StaleChunkRemover

#: The components and the type name their ``to_dict`` must carry (a pipeline YAML refers to it).
COMPONENTS = [
    (ChangeDetector, "indexing.components.change_detector.ChangeDetector"),
    (StaleChunkRemover, "indexing.components.stale_remover.StaleChunkRemover"),
]


@pytest.mark.parametrize(("cls", "type_name"), COMPONENTS)
def test_store_components_init_keeps_the_store(store: Any, cls: type, type_name: str) -> None:
    assert cls(document_store=store).document_store is store


@pytest.mark.parametrize(("cls", "type_name"), COMPONENTS)
def test_store_components_to_dict(store: Any, cls: type, type_name: str) -> None:
    assert cls(document_store=store).to_dict() == {
        "type": type_name,
        "init_parameters": {"document_store": store.to_dict()},
    }


@pytest.mark.parametrize(("cls", "type_name"), COMPONENTS)
def test_store_components_from_dict(store: Any, cls: type, type_name: str) -> None:
    data = cls(document_store=store).to_dict()
    restored = cls.from_dict(data)
    assert isinstance(restored, cls)
    assert type(restored.document_store) is type(store)
    assert restored.to_dict() == data
    assert data == cls(document_store=store).to_dict()  # the input is not consumed
