"""Faults: a missing, corrupt or foreign index, and an unreachable store in server mode.

Each is refused with a clear, typed error (503 problem+json on the API, ``Fehler [E3xx] …`` and exit 1
on the CLI), leaves the data on disk untouched, and the service recovers without a restart once the
cause is gone. SIGKILL during ``index --rebuild``: tests/indexing/test_job.py
(``test_job_sigkill_during_rebuild_leaves_old_index_answering``) and the reindex-under-load test here.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from cli.main import main

pytestmark = pytest.mark.slow
PROBLEM = "application/problem+json"


def tree_digest(root: Path) -> str:
    """One hash over every file's path and bytes (the qdrant lock file excluded: opening may touch it)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.name != ".lock"):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def assert_problem(response, status: int, code: str) -> dict:  # noqa: ANN001
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["code"] == code, body
    return body


def cli_env(monkeypatch: pytest.MonkeyPatch, settings) -> None:  # noqa: ANN001
    monkeypatch.setenv("LSA_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LSA_EMBEDDING_MODEL", str(settings.embedding_model))
    monkeypatch.setenv("LSA_EMBEDDED_ENGINE", settings.embedded_engine)


def test_faults_missing_index_503_clear_cli_message_then_recovers(
    make_settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_settings(ready_retry_interval_s=0)
    cli_env(monkeypatch, settings)
    assert main(["search", "Wohnsitz"]) == 1
    err = capsys.readouterr().err
    assert "[E301]" in err and "lsa-assistant index" in err, err
    with TestClient(create_app(settings)) as client:
        body = assert_problem(client.get("/readyz"), 503, "E301")
        assert "lsa-assistant index" in body["detail"]
        assert_problem(client.get("/v1/search", params={"q": "Wohnsitz"}), 503, "E301")
        assert client.get("/healthz").status_code == 200  # alive, only not ready
        assert client.get("/v1/services", params={"limit": 1}).status_code == 200  # catalogue still works
        from indexing.job import run_index_job

        run_index_job(settings, progress=False)  # the operator builds the index ...
        ready = client.get("/readyz")  # ... and the running service picks it up, no restart
        assert ready.status_code == 200 and ready.json()["build_id"]
        search = client.get("/v1/search", params={"q": "Wohnsitz"})
        assert search.status_code == 200 and search.headers["X-Index-Build"] == ready.json()["build_id"]


def _corrupt_pointer(settings) -> None:  # noqa: ANN001
    (settings.index_dir / "CURRENT.json").write_text('{"build_id": ', encoding="utf-8")


def _foreign_collection(settings) -> None:  # noqa: ANN001
    """The active build's collection replaced by one without LSA metadata (another application's)."""
    from qdrant_client import QdrantClient, models

    pointer = json.loads((settings.index_dir / "CURRENT.json").read_text(encoding="utf-8"))
    pointer.pop("metadata")
    (settings.index_dir / "CURRENT.json").write_text(json.dumps(pointer), encoding="utf-8")
    client = QdrantClient(path=str(settings.index_dir / "builds" / pointer["build_id"]))
    client.delete_collection(settings.qdrant_collection)
    client.create_collection(settings.qdrant_collection, models.VectorParams(size=4, distance="Cosine"))
    client.close()


def _other_dimension(settings) -> None:  # noqa: ANN001
    """Metadata of a build made with another model and dimension."""
    from qdrant_client import QdrantClient

    pointer = json.loads((settings.index_dir / "CURRENT.json").read_text(encoding="utf-8"))
    client = QdrantClient(path=str(settings.index_dir / "builds" / pointer["build_id"]))
    metadata = {
        **pointer["metadata"],
        "lsa_model_id": "intfloat/multilingual-e5-large",
        "lsa_dimension": 1024,
    }
    client.update_collection(settings.qdrant_collection, metadata=metadata)
    client.close()
    pointer["metadata"] = metadata
    (settings.index_dir / "CURRENT.json").write_text(json.dumps(pointer), encoding="utf-8")


@pytest.mark.parametrize(
    ("damage", "words", "index_refuses"),
    [
        (_corrupt_pointer, "unreadable index pointer", True),
        (_foreign_collection, "foreign or corrupt", True),
        # ``index`` then builds anew beside the old build (tests/indexing/test_job.py); not repeated here
        (_other_dimension, "dim 1024", False),
    ],
    ids=["corrupt-pointer", "foreign-collection", "other-model-and-dimension"],
)
def test_faults_bad_index_refused_and_untouched(
    tiny_index,
    damage,
    words: str,
    index_refuses: bool,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # noqa: ANN001
    settings = tiny_index("damaged", embedded_engine="local")  # the damage is done with QdrantClient
    damage(settings)
    before = tree_digest(settings.index_dir)
    with TestClient(create_app(settings)) as client:
        body = assert_problem(client.get("/readyz"), 503, "E300")
        assert words in body["detail"] and "--rebuild" in body["detail"]
        assert_problem(
            client.post("/v1/chat", json={"messages": [{"role": "user", "content": "Hallo"}]}), 503, "E300"
        )
    cli_env(monkeypatch, settings)
    assert main(["search", "Wohnsitz"]) == 1
    if index_refuses:
        assert main(["index", "--quiet"]) == 1  # an update never overwrites what it cannot read
    err = capsys.readouterr().err
    assert err.count("[E300]") == 1 + index_refuses and words in err, err
    assert tree_digest(settings.index_dir) == before


def _server_settings(tiny_index, port: int):  # noqa: ANN001, ANN202
    """A tiny-index clone served "by a Qdrant server": its collection behind an alias, in local mode."""
    from qdrant_client import QdrantClient, models

    settings = tiny_index(
        "server",
        embedded_engine="local",  # the build directory is opened with QdrantClient(path=…) as the "server"
        qdrant_url=f"http://127.0.0.1:{port}",
        qdrant_collection="lsaserver",
        qdrant_timeout_s=2,
        ready_retry_interval_s=0,
    )
    pointer = json.loads((settings.index_dir / "CURRENT.json").read_text(encoding="utf-8"))
    path = str(settings.index_dir / "builds" / pointer["build_id"])
    client = QdrantClient(path=path)
    client.update_collection_aliases(
        change_aliases_operations=[
            models.CreateAliasOperation(
                create_alias=models.CreateAlias(collection_name="lsa", alias_name="lsaserver")
            )
        ]
    )
    client.close()
    return settings, path


def test_faults_server_unreachable_503_fast_then_recovers(
    tiny_index, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qdrant_client import QdrantClient

    from benchmarks.http_latency import free_port
    from indexing.store.server import ServerBackend

    settings, path = _server_settings(tiny_index, free_port())  # nothing listens on that port
    store_is_back = False
    real_factory = ServerBackend._default_factory

    def factory(self):  # noqa: ANN001, ANN202
        return QdrantClient(path=path) if store_is_back else real_factory(self)

    monkeypatch.setattr(ServerBackend, "_default_factory", factory)
    started = time.monotonic()
    with TestClient(create_app(settings)) as client:
        body = assert_problem(client.get("/readyz"), 503, "E302")
        assert "127.0.0.1" in body["detail"]
        assert_problem(client.get("/v1/search", params={"q": "Wohnsitz"}), 503, "E302")
        assert time.monotonic() - started < 30  # bounded retries and timeouts, no hanging
        store_is_back = True
        assert client.get("/readyz").status_code == 200
        assert client.get("/v1/search", params={"q": "Wohnsitz"}).json()["hits"]
        # the store drops out while serving: 503 problem+json, and answers again once it is back
        store_client = client.app.state.service.searcher.store._client  # noqa: SLF001
        from qdrant_client.http.exceptions import ResponseHandlingException

        def unreachable(*args: object, **kwargs: object) -> None:
            raise ResponseHandlingException(ConnectionRefusedError("connection refused"))

        monkeypatch.setattr(store_client, "query_points", unreachable)
        assert_problem(client.get("/v1/search", params={"q": "Wohnsitz"}), 503, "E302")
        chat = client.post("/v1/chat", json={"messages": [{"role": "user", "content": "Wer ist zuständig?"}]})
        assert_problem(chat, 503, "E302")
        monkeypatch.undo()
        assert client.get("/v1/search", params={"q": "Wohnsitz"}).status_code == 200
