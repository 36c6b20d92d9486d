"""CorpusLoader: the indexing pipeline's entry, all four sources with a report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from haystack import Pipeline
from haystack.core.errors import PipelineRuntimeError

from corpora.base import SOURCE_KINDS
from corpora.registry import load_all_documents
from indexing.components.corpus_loader import CorpusLoader
from lsa_assistant.errors import CorpusError
from lsa_assistant.settings import default_corpus_dir

TYPE = "indexing.components.corpus_loader.CorpusLoader"
SOURCES = sorted(SOURCE_KINDS)


@pytest.fixture(scope="module")
def shipped_result() -> dict:
    return CorpusLoader(corpus_dir=str(default_corpus_dir())).run()


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(default_corpus_dir(), target)
    return target


class TestCorpusLoader:
    def test_init_default(self) -> None:
        loader = CorpusLoader(corpus_dir="corpora/data")
        assert loader.corpus_dir == "corpora/data"

    def test_init_accepts_path(self, tmp_path: Path) -> None:
        loader = CorpusLoader(corpus_dir=tmp_path)  # type: ignore[arg-type]
        assert loader.corpus_dir == str(tmp_path)
        assert isinstance(loader.corpus_dir, str)  # serialisable as is

    def test_to_dict(self, tmp_path: Path) -> None:
        assert CorpusLoader(corpus_dir=tmp_path).to_dict() == {  # type: ignore[arg-type]
            "type": TYPE,
            "init_parameters": {"corpus_dir": str(tmp_path)},
        }

    def test_from_dict(self) -> None:
        data = {"type": TYPE, "init_parameters": {"corpus_dir": "/srv/corpus"}}
        loader = CorpusLoader.from_dict(data)
        assert isinstance(loader, CorpusLoader)
        assert loader.corpus_dir == "/srv/corpus"
        assert loader.to_dict() == data

    def test_run_shipped_corpus_every_source(self, shipped_result: dict) -> None:
        documents, report = shipped_result["documents"], shipped_result["report"]
        assert list(report["documents_per_source"]) == SOURCES
        assert all(report["documents_per_source"][s] > 0 for s in SOURCES)
        assert report["documents"] == len(documents) == sum(report["documents_per_source"].values())
        for source in SOURCES:
            assert report["documents_per_source"][source] == sum(
                d.meta["source"] == source for d in documents
            )

    def test_run_matches_registry(self, shipped_result: dict) -> None:
        documents, report = load_all_documents(default_corpus_dir())
        assert shipped_result["report"] == report
        assert [d.id for d in shipped_result["documents"]] == [d.id for d in documents]

    def test_run_corpus_version_stable_across_two_runs(self, shipped_result: dict) -> None:
        again = CorpusLoader(corpus_dir=str(default_corpus_dir())).run()
        assert again["report"]["corpus_version"] == shipped_result["report"]["corpus_version"]

    def test_run_corpus_version_changes_when_one_text_changes(
        self, shipped_result: dict, corpus_copy: Path
    ) -> None:
        law = corpus_copy / "egovg-lsa" / "egovg-lsa.md"
        text = law.read_text(encoding="utf-8")
        assert "Stellen der Landesverwaltung." in text
        law.write_text(
            text.replace("Stellen der Landesverwaltung.", "Stellen des Landes.", 1), encoding="utf-8"
        )
        report = CorpusLoader(corpus_dir=str(corpus_copy)).run()["report"]
        assert report["corpus_version"] != shipped_result["report"]["corpus_version"]
        assert report["documents_per_source"] == shipped_result["report"]["documents_per_source"]

    def test_run_broken_file_raises_corpus_error(self, corpus_copy: Path) -> None:
        broken = corpus_copy / "fim" / "leistungen-b.xml"
        broken.write_text(broken.read_text(encoding="utf-8")[:5000], encoding="utf-8")
        with pytest.raises(CorpusError, match=r"leistungen-b\.xml.*malformed XML") as info:
            CorpusLoader(corpus_dir=str(corpus_copy)).run()
        assert info.value.code == "E100"

    def test_run_in_pipeline(self, corpus_copy: Path) -> None:
        pipe = Pipeline()
        pipe.add_component("loader", CorpusLoader(corpus_dir=str(corpus_copy)))
        report = pipe.run({})["loader"]["report"]
        assert list(report["documents_per_source"]) == SOURCES

    def test_run_in_pipeline_keeps_corpus_error_as_cause(self, corpus_copy: Path) -> None:
        (corpus_copy / "fim" / "leistungen-a.xml").write_text("<kaputt", encoding="utf-8")
        pipe = Pipeline()
        pipe.add_component("loader", CorpusLoader(corpus_dir=str(corpus_copy)))
        with pytest.raises(PipelineRuntimeError) as info:
            pipe.run({})
        assert isinstance(info.value.__cause__, CorpusError)
        assert "leistungen-a.xml" in str(info.value.__cause__)
