"""The indexing job end to end on the shipped corpus (tiny model): build, no-op rerun, one-Absatz edit,
deletions, SIGKILL during --rebuild, model mismatch, and the server code path on qdrant-client local mode."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assistant.retrieval import Searcher
from indexing.job import run_index_job
from indexing.store.embedded import EmbeddedBackend
from indexing.store.server import ServerBackend
from lsa_assistant.errors import IndexMismatchError
from lsa_assistant.settings import default_corpus_dir

pytestmark = pytest.mark.slow


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(default_corpus_dir(), target)
    trim_catalogue(target)
    return target


def trim_catalogue(corpus: Path, keep: int = 200) -> None:
    """The job's mechanics do not need 4,800 catalogue entries: a slice (plus the replaced keys, which must
    exist) keeps each of these function-scoped builds at the size the corpus had before the catalogue."""
    from corpora.leika import REPLACED_NAME, TSV_NAME, load_replacements

    tsv = corpus / "leika" / TSV_NAME
    lines = tsv.read_text(encoding="utf-8").splitlines(keepends=True)
    replaced = set(load_replacements(corpus / "leika" / REPLACED_NAME))
    rest = [line for line in lines[1 + keep :] if line.split("\t", 1)[0] in replaced]
    tsv.write_text("".join(lines[: 1 + keep] + rest), encoding="utf-8")


@pytest.fixture
def built(make_settings, corpus_copy: Path):
    settings = make_settings(corpus_dir=corpus_copy)
    summary = run_index_job(settings, progress=False)
    return settings, summary


def test_job_builds_shipped_corpus(built) -> None:
    settings, summary = built
    assert summary.mode == "Neuaufbau" and summary.switched
    assert summary.chunks >= summary.documents > 500
    assert summary.new == summary.chunks and summary.deleted == 0
    assert set(summary.documents_per_source) == {
        "egovg-lsa",
        "fim",
        "organizations",
        "pages",
        "leika",
        "ozg",
        "places",
    }
    assert set(summary.seconds_per_stage) >= {"loader", "chunker", "sparse", "dense", "writer"}
    recorded = EmbeddedBackend(settings).active_info()
    assert recorded.corpus_version == summary.corpus_version and recorded.model_id == summary.model_id
    assert recorded.extra["seconds_per_stage"]["dense"] == summary.seconds_per_stage["dense"]
    assert recorded.extra["changes"]["new"] == summary.chunks
    searcher = Searcher(settings)
    try:
        hits = searcher.search("Wohnsitz anmelden", k=5).hits
        assert hits and all(h.label for h in hits)
        only_law = searcher.search("elektronischer Zugang", k=5, source="egovg-lsa").hits
        assert only_law and {h.source for h in only_law} == {"egovg-lsa"}
        mid = searcher.search("Bezahlplattform", k=5, ministry="MID").hits
        assert mid and {h.meta["ministry"] for h in mid} == {"MID"}
    finally:
        searcher.close()


def test_job_second_run_changes_nothing(built) -> None:
    settings, first = built
    second = run_index_job(settings, progress=False)
    assert (second.new, second.changed, second.deleted) == (0, 0, 0)
    assert second.unchanged == first.chunks
    assert not second.switched and second.build_id == first.build_id
    assert second.seconds_per_stage["dense"] < 1.0


def test_job_progress_in_the_terminal(built, capsys: pytest.CaptureFixture[str]) -> None:
    """Model preparation and every stage are reported on stderr as they finish (a first start waits minutes)."""
    settings, first = built
    run_index_job(settings, progress=True)
    err = capsys.readouterr().err
    assert "Modell bereit" in err and first.model_id in err and "int8, ONNX Runtime" in err
    assert all(f"  {words}:" in err for words in ("Korpora laden", "Chunking", "Dense (e5)", "Schreiben"))


def test_job_edit_one_absatz_reembeds_one_chunk(built, corpus_copy: Path) -> None:
    settings, first = built
    law = corpus_copy / "egovg-lsa" / "egovg-lsa.md"
    text = law.read_text(encoding="utf-8")
    marker = "(1) "
    position = text.index(marker, text.index("### § 9"))
    law.write_text(text[: position + 4] + "Geändert: " + text[position + 4 :], encoding="utf-8")
    second = run_index_job(settings, progress=False)
    assert (second.new, second.changed, second.deleted) == (0, 1, 0)
    assert second.switched
    searcher = Searcher(settings)
    try:
        searcher.warm_up()
        changed = [
            d
            for d in searcher.store.filter_documents(
                {"field": "meta.id", "operator": "==", "value": "egovg-lsa/§9/abs1"}
            )
        ]
        assert changed and changed[0].content.startswith("(1) Geändert: ")
    finally:
        searcher.close()


def test_job_removed_source_file_deletes_its_chunks(built, corpus_copy: Path) -> None:
    settings, first = built
    (corpus_copy / "fim" / "leistungen-b.xml").unlink()
    second = run_index_job(settings, progress=False)
    # a catalogue entry whose key only the removed file's services carried is indexed again: curated no more
    returned = second.documents_per_source["leika"] - first.documents_per_source["leika"]
    assert second.deleted > 100 and second.new == returned >= 0
    assert second.chunks == first.chunks - second.deleted + second.new
    assert second.documents_per_source["fim"] < first.documents_per_source["fim"]


def test_job_model_change_forces_rebuild_and_query_side_refuses(
    built, tiny_model_dir: Path, tmp_path: Path, make_settings
) -> None:
    settings, first = built
    other = tmp_path / "other-model"
    shutil.copytree(tiny_model_dir, other)
    cfg = other / "config_sentence_transformers.json"
    data = json.loads(cfg.read_text()) if cfg.exists() else {}
    data["marker"] = "another model"
    cfg.write_text(json.dumps(data))
    changed = settings.model_copy(update={"embedding_model": str(other)})
    with pytest.raises(IndexMismatchError):
        Searcher(changed).warm_up()
    summary = run_index_job(changed, progress=False)
    assert summary.mode == "Neuaufbau" and "Neuaufbau" in summary.note


def test_job_precision_change_forces_rebuild_and_query_side_refuses(built) -> None:
    """The index records the variant (int8 by default) in its model id: fp32 questions never meet int8 passages."""
    settings, first = built
    assert first.model_id.endswith("+onnx-int8-v1")
    fp32 = settings.model_copy(update={"embedding_precision": "fp32"})
    with pytest.raises(IndexMismatchError, match="onnx-int8"):
        Searcher(fp32).warm_up()
    summary = run_index_job(fp32, progress=False)
    assert summary.mode == "Neuaufbau" and not summary.model_id.endswith("int8-v1")
    assert EmbeddedBackend(fp32).active_info().model_id == summary.model_id


_KILL_SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    from indexing.edge.document_store import EdgeDocumentStore
    original = EdgeDocumentStore.write_documents
    def write_and_die(self, documents, policy=None):
        original(self, documents[:10], policy)   # part of the new build is on disk ...
        self.flush()
        os.kill(os.getpid(), signal.SIGKILL)     # ... when the job is killed
    EdgeDocumentStore.write_documents = write_and_die
    from lsa_assistant.settings import Settings
    from indexing.job import run_index_job
    run_index_job(Settings(data_dir=sys.argv[1], embedding_model=sys.argv[2], corpus_dir=sys.argv[3]),
                  rebuild=True, progress=False)
    """
)


def test_job_sigkill_during_rebuild_leaves_old_index_answering(built, corpus_copy: Path) -> None:
    settings, first = built
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            _KILL_SCRIPT,
            str(settings.data_dir),
            settings.embedding_model,
            str(corpus_copy),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == -9, proc.stderr[-2000:]
    backend = EmbeddedBackend(settings)
    builds = sorted(p.name for p in (settings.index_dir / "builds").iterdir())
    assert len(builds) == 2  # the active one and the half-written one
    assert backend.active_build_id() == first.build_id
    backend.close()
    searcher = Searcher(settings)
    try:
        searcher.warm_up()
        assert searcher.info.build_id == first.build_id
        assert searcher.search("Personalausweis beantragen", k=3).hits
    finally:
        searcher.close()
    again = run_index_job(settings, rebuild=True, progress=False)
    assert again.switched
    assert first.build_id in {p.name for p in (settings.index_dir / "builds").iterdir()}
    assert len(list((settings.index_dir / "builds").iterdir())) == 2


def test_job_server_path_on_local_mode(make_settings, corpus_copy: Path, tmp_path: Path) -> None:
    from qdrant_client import QdrantClient

    settings = make_settings(
        corpus_dir=corpus_copy,
        qdrant_url="http://qdrant.invalid:6333",
        qdrant_shard_number=2,
        qdrant_replication_factor=2,
    )
    path = str(tmp_path / "server")
    first = run_index_job(
        settings,
        progress=False,
        backend=ServerBackend(settings, client_factory=lambda: QdrantClient(path=path)),
    )
    second = run_index_job(
        settings,
        progress=False,
        backend=ServerBackend(settings, client_factory=lambda: QdrantClient(path=path)),
    )
    assert (second.new, second.changed, second.deleted) == (0, 0, 0)
    rebuilt = run_index_job(
        settings,
        rebuild=True,
        progress=False,
        backend=ServerBackend(settings, client_factory=lambda: QdrantClient(path=path)),
    )
    backend = ServerBackend(settings, client_factory=lambda: QdrantClient(path=path))
    try:
        assert backend.active_collection() == f"lsa__{rebuilt.build_id}"
        names = {c.name for c in backend.client.get_collections().collections}
        assert f"lsa__{first.build_id}" not in names
        searcher = Searcher(settings, backend=backend)
        assert searcher.search("Gewerbe anmelden", k=3, source="fim").hits
    finally:
        backend.close()


def test_job_updates_while_a_service_holds_the_active_index(built, corpus_copy: Path) -> None:
    """Local mode locks a build directory per process: the indexer must never need the active build's lock."""
    settings, first = built
    service = Searcher(settings)
    service.warm_up()  # holds the lock on the active build, like a running `serve`
    try:
        law = corpus_copy / "egovg-lsa" / "egovg-lsa.md"
        law.write_text(
            law.read_text(encoding="utf-8").replace("(1) Dieses Gesetz", "(1) Dieses  Gesetz", 1),
            encoding="utf-8",
        )
        incremental = run_index_job(settings, progress=False)
        assert incremental.switched and incremental.changed == 1
        rebuilt = run_index_job(settings, rebuild=True, progress=False)
        assert rebuilt.switched
        assert service.search("Wohnsitz anmelden", k=3).hits  # the old build still answers
        assert service.info.build_id == first.build_id
    finally:
        service.close()
    fresh = Searcher(settings)
    try:
        fresh.warm_up()
        assert fresh.info.build_id == rebuilt.build_id
    finally:
        fresh.close()
