"""Store back-ends (Edge, local mode, server path on local mode): atomic switch, metadata checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from haystack import Document
from haystack.dataclasses import SparseEmbedding

from indexing.store import IndexInfo, new_build_id
from indexing.store.edge import EdgeBackend
from indexing.store.embedded import EmbeddedBackend
from indexing.store.server import ServerBackend
from lsa_assistant.errors import IndexMismatchError, IndexMissingError


def _doc(i: int, dim: int = 4) -> Document:
    vec = [0.0] * dim
    vec[i % dim] = 1.0
    return Document(
        id=f"{i:064x}",
        content=f"Text {i}",
        embedding=vec,
        sparse_embedding=SparseEmbedding(indices=[i + 1], values=[1.0]),
        meta={"id": f"t/{i}", "source": "pages", "ministry": "MI", "leika_key": None},
    )


def _build(backend, n: int, *, incremental: bool = False, model: str = "m1", dim: int = 4) -> IndexInfo:
    info = IndexInfo(build_id=new_build_id(), collection="lsa", model_id=model, dimension=dim)
    store = backend.begin_build(info, incremental=incremental)
    store.write_documents([_doc(i, dim) for i in range(n)], policy="overwrite")
    backend.commit_build(info)
    return info


@pytest.fixture
def embedded(make_settings) -> EmbeddedBackend:
    backend = EmbeddedBackend(make_settings())
    yield backend
    backend.close()


@pytest.fixture
def edge(make_settings) -> EdgeBackend:
    backend = EdgeBackend(make_settings())
    yield backend
    backend.close()


@pytest.fixture
def server(make_settings, tmp_path: Path) -> ServerBackend:
    from qdrant_client import QdrantClient

    settings = make_settings(
        qdrant_url="http://qdrant.invalid:6333", qdrant_shard_number=2, qdrant_replication_factor=2
    )
    backend = ServerBackend(settings, client_factory=lambda: QdrantClient(path=str(tmp_path / "server")))
    yield backend
    backend.close()


@pytest.mark.parametrize("backend_name", ["edge", "embedded", "server"])
def test_store_missing_index_is_reported(backend_name: str, request: pytest.FixtureRequest) -> None:
    backend = request.getfixturevalue(backend_name)
    assert backend.active_info() is None
    with pytest.raises(IndexMissingError):
        backend.open_active()


@pytest.mark.parametrize("backend_name", ["edge", "embedded", "server"])
def test_store_commit_switches_and_records_metadata(
    backend_name: str, request: pytest.FixtureRequest
) -> None:
    backend = request.getfixturevalue(backend_name)
    first = _build(backend, 3)
    store, info = backend.open_active()
    assert store.count_documents() == 3
    assert (info.model_id, info.dimension, info.build_id) == ("m1", 4, first.build_id)
    second = _build(backend, 5)
    store, info = backend.open_active()
    assert info.build_id == second.build_id
    assert store.count_documents() == 5


@pytest.mark.parametrize("backend_name", ["edge", "embedded", "server"])
def test_store_aborted_build_leaves_active_index(backend_name: str, request: pytest.FixtureRequest) -> None:
    backend = request.getfixturevalue(backend_name)
    first = _build(backend, 3)
    info = IndexInfo(build_id=new_build_id(), collection="lsa", model_id="m1", dimension=4)
    store = backend.begin_build(info, incremental=False)
    store.write_documents([_doc(i) for i in range(7)], policy="overwrite")
    backend.abort_build(info)
    store, active = backend.open_active()
    assert active.build_id == first.build_id
    assert store.count_documents() == 3


@pytest.mark.parametrize("backend_name", ["edge", "embedded", "server"])
def test_store_incremental_build_starts_from_active(
    backend_name: str, request: pytest.FixtureRequest
) -> None:
    backend = request.getfixturevalue(backend_name)
    _build(backend, 3)
    info = IndexInfo(build_id=new_build_id(), collection="lsa", model_id="m1", dimension=4)
    store = backend.begin_build(info, incremental=True)
    assert store.count_documents() == 3
    store.write_documents([_doc(10)], policy="overwrite")
    backend.commit_build(info)
    store, _ = backend.open_active()
    assert store.count_documents() == 4


def test_store_server_uses_alias_and_drops_old_collection(server: ServerBackend) -> None:
    first = _build(server, 2)
    second = _build(server, 2)
    names = {c.name for c in server.client.get_collections().collections}
    assert server.active_collection() == f"lsa__{second.build_id}"
    assert f"lsa__{first.build_id}" not in names


@pytest.mark.parametrize("backend_name", ["edge", "embedded"])
def test_store_embedded_pointer_is_atomic_json(backend_name: str, request: pytest.FixtureRequest) -> None:
    embedded = request.getfixturevalue(backend_name)
    info = _build(embedded, 1)
    data = json.loads(embedded.pointer.read_text())
    assert data["build_id"] == info.build_id
    assert not list(embedded.pointer.parent.glob("CURRENT.json.tmp*"))


@pytest.mark.parametrize(
    ("model", "dim", "ok"),
    [("m1", 4, True), ("m2", 4, False), ("m1", 8, False)],
)
def test_store_compatibility_check(model: str, dim: int, ok: bool, edge: EdgeBackend) -> None:
    embedded = edge
    _build(embedded, 1)
    _, info = embedded.open_active()
    if ok:
        info.check_compatible(model, dim)
    else:
        with pytest.raises(IndexMismatchError, match="rebuild"):
            info.check_compatible(model, dim)


def test_store_foreign_collection_is_refused(make_settings) -> None:
    from qdrant_client import QdrantClient, models

    settings = make_settings()
    backend = EmbeddedBackend(settings)
    build = backend.build_dir("20260101T000000000000")
    build.mkdir(parents=True)
    client = QdrantClient(path=str(build))
    client.create_collection(
        "lsa", vectors_config=models.VectorParams(size=3, distance=models.Distance.COSINE)
    )
    client.close()
    backend.pointer.write_text(json.dumps({"build_id": build.name}))
    with pytest.raises(IndexMismatchError, match="foreign or corrupt"):
        backend.active_info()
    backend.close()


def test_store_pointer_to_missing_build_is_reported(make_settings) -> None:
    backend = EmbeddedBackend(make_settings())
    backend.pointer.parent.mkdir(parents=True)
    backend.pointer.write_text(json.dumps({"build_id": "gone"}))
    with pytest.raises(IndexMissingError, match="does not exist"):
        backend.active_info()


def test_store_server_creates_payload_indexes_and_cluster_settings(make_settings, tmp_path: Path) -> None:
    from qdrant_client import QdrantClient

    client = QdrantClient(path=str(tmp_path / "server"))
    indexed: list[str] = []
    created: dict[str, object] = {}
    original_index, original_create = client.create_payload_index, client.create_collection

    def record_index(collection_name: str, field_name: str, field_schema: object, **kw: object) -> object:
        indexed.append(field_name)
        return original_index(
            collection_name=collection_name, field_name=field_name, field_schema=field_schema, **kw
        )

    def record_create(*args: object, **kwargs: object) -> object:
        created.update(kwargs)
        return original_create(*args, **kwargs)

    client.create_payload_index = record_index  # type: ignore[method-assign]
    client.create_collection = record_create  # type: ignore[method-assign]
    settings = make_settings(
        qdrant_url="http://qdrant.invalid:6333",
        qdrant_shard_number=3,
        qdrant_replication_factor=2,
        qdrant_write_consistency_factor=2,
    )
    backend = ServerBackend(settings, client_factory=lambda: client)
    _build(backend, 1)
    assert sorted(indexed) == ["meta.id", "meta.leika_key", "meta.ministry", "meta.source"]
    assert (created["shard_number"], created["replication_factor"], created["write_consistency_factor"]) == (
        3,
        2,
        2,
    )
    backend.close()
