"""The subject catalogue is read from the start-up cache when it was built from the same sources and code."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.understand import subjects
from assistant.understand.subjects import CACHE_FILE, SubjectCatalog, load_subject_catalog
from corpora.ids import SubjectRef


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each build records the knowledge base's fingerprint and returns a catalogue with one subject."""
    calls: list[str] = []

    def build(knowledge: object, nlp: object) -> SubjectCatalog:
        calls.append(knowledge.fingerprint)  # type: ignore[attr-defined]
        catalog = SubjectCatalog()
        ref = SubjectRef("service", f"built-{len(calls)}")
        catalog.subjects[ref] = subjects.SubjectInfo(ref, "Wohnsitz anmelden")
        return catalog

    monkeypatch.setattr(SubjectCatalog, "build", staticmethod(build))
    return calls


def _ids(catalog: SubjectCatalog) -> list[str]:
    return [ref.id for ref in catalog.subjects]


def test_subjects_cache_is_read_for_the_same_sources(builds: list[str], tmp_path: Path) -> None:
    knowledge = SimpleNamespace(fingerprint="abc")
    first = load_subject_catalog(knowledge, nlp=None, cache_dir=tmp_path)  # type: ignore[arg-type]
    again = load_subject_catalog(knowledge, nlp=None, cache_dir=tmp_path)  # type: ignore[arg-type]
    assert builds == ["abc"] and (tmp_path / CACHE_FILE).is_file()
    assert _ids(again) == _ids(first) == ["built-1"]


def test_subjects_cache_other_sources_rebuild(builds: list[str], tmp_path: Path) -> None:
    load_subject_catalog(SimpleNamespace(fingerprint="abc"), nlp=None, cache_dir=tmp_path)  # type: ignore[arg-type]
    rebuilt = load_subject_catalog(SimpleNamespace(fingerprint="xyz"), nlp=None, cache_dir=tmp_path)  # type: ignore[arg-type]
    assert builds == ["abc", "xyz"] and _ids(rebuilt) == ["built-2"]


@pytest.mark.parametrize(("fingerprint", "cache"), [("", True), ("abc", False)])
def test_subjects_cache_not_used_without_key_or_directory(
    builds: list[str], tmp_path: Path, fingerprint: str, cache: bool
) -> None:
    knowledge = SimpleNamespace(fingerprint=fingerprint)
    for _ in range(2):
        load_subject_catalog(knowledge, nlp=None, cache_dir=tmp_path if cache else None)  # type: ignore[arg-type]
    assert len(builds) == 2 and not (tmp_path / CACHE_FILE).exists()
