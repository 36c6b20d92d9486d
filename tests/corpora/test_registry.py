"""The registry: all sources together, corpus version, and errors that name the broken file."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from haystack import Document

from corpora.base import SOURCE_KINDS, UNIFORM_META_KEYS, make_document
from corpora.egovg import EgovgLoader
from corpora.ids import ID_PREFIX, subject_of
from corpora.organizations import OrganizationsLoader
from corpora.pages import PagesLoader
from corpora.registry import SOURCE_DIRS, build_loaders, corpus_version, load_all_documents
from lsa_assistant.errors import CorpusError
from lsa_assistant.settings import default_corpus_dir

SOURCES = set(SOURCE_KINDS)


@pytest.fixture(scope="module")
def shipped() -> tuple[list[Document], dict]:
    """One load of the shipped corpus for all read-only tests (a load takes most of a second)."""
    return load_all_documents(default_corpus_dir())


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(default_corpus_dir(), target)
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}: the fixture corpus changed, adjust the test"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_registry_build_loaders_one_per_source() -> None:
    loaders = build_loaders(default_corpus_dir())
    assert [loader.source for loader in loaders] == [
        "egovg-lsa",
        "organizations",
        "fim",
        "pages",
        "leika",
        "ozg",
        "places",
    ]
    assert set(SOURCE_DIRS) == SOURCES


def test_registry_shipped_corpus_has_every_source(shipped: tuple[list[Document], dict]) -> None:
    documents, report = shipped
    assert set(report) == {"documents", "documents_per_source", "corpus_version", "loaders"}
    per_source = report["documents_per_source"]
    assert set(per_source) == SOURCES
    assert all(n > 0 for n in per_source.values())
    assert per_source == dict(Counter(d.meta["source"] for d in documents))
    assert report["documents"] == len(documents) == sum(per_source.values())
    assert list(per_source) == sorted(per_source)


@pytest.mark.parametrize(
    ("source", "loader"),
    [("egovg-lsa", EgovgLoader), ("organizations", OrganizationsLoader), ("pages", PagesLoader)],
)
def test_registry_counts_match_each_loader(
    shipped: tuple[list[Document], dict], source: str, loader: type
) -> None:
    _, report = shipped
    alone = list(loader(default_corpus_dir() / SOURCE_DIRS[source]).iter_documents())
    assert report["documents_per_source"][source] == len(alone)


def test_registry_catalogue_skips_every_curated_key(shipped: tuple[list[Document], dict]) -> None:
    """A curated FIM description wins: no catalogue document for any key a FIM service carries."""
    from corpora.fim import load_fim_services
    from corpora.leika import load_catalogue
    from corpora.registry import curated_service_names

    documents, report = shipped
    curated = set(curated_service_names(load_fim_services(default_corpus_dir() / "fim")))
    in_catalogue = {e.key for e in load_catalogue(default_corpus_dir() / "leika")}
    indexed = {d.meta["leika_key"] for d in documents if d.meta["source"] == "leika"}
    leika = report["loaders"]["leika"]
    assert not curated & indexed and indexed == in_catalogue - curated
    assert leika["skipped_curated"] == len(curated & in_catalogue) > 40
    assert leika["indexed"] + leika["skipped_curated"] == leika["entries"] == 4813
    assert report["documents_per_source"]["leika"] == leika["indexed"]


def test_registry_ids_unique_and_metadata_uniform(shipped: tuple[list[Document], dict]) -> None:
    documents, _ = shipped
    ids = [d.meta["id"] for d in documents]
    assert len(ids) == len(set(ids))
    assert len({d.id for d in documents}) == len(documents)
    for doc in documents:
        assert set(UNIFORM_META_KEYS) <= set(doc.meta), doc.meta["id"]
        assert doc.meta["id"].startswith(ID_PREFIX[doc.meta["source"]])
        assert subject_of(doc.meta["id"]) is not None, doc.meta["id"]


def test_registry_corpus_version_stable_across_loads(
    shipped: tuple[list[Document], dict], corpus_copy: Path
) -> None:
    """A second load, from a copy in another folder, gives the same report: the version ignores the path."""
    _, first = shipped
    _, second = load_all_documents(corpus_copy)
    assert re.fullmatch(r"[0-9a-f]{16}", first["corpus_version"])
    assert second == first


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        (
            "egovg-lsa/egovg-lsa.md",
            "öffentlich-rechtliche Verwaltungstätigkeit",
            "öffentliche Verwaltungstätigkeit",
        ),
        (
            "fim/leistungen-a.xml",
            "Pflicht zur Anmeldung innerhalb von zwei Wochen",
            "Pflicht zur Anmeldung binnen zwei Wochen",
        ),
        ("pages/ozg-umsetzung.md", "Es gilt der Leitsatz:", "Es gilt der Grundsatz:"),
    ],
    ids=["egovg", "fim", "pages"],
)
def test_registry_corpus_version_changes_when_one_text_changes(
    shipped: tuple[list[Document], dict], corpus_copy: Path, file: str, old: str, new: str
) -> None:
    documents, report = shipped
    edit(corpus_copy / file, old, new)
    edited, edited_report = load_all_documents(corpus_copy)
    assert edited_report["corpus_version"] != report["corpus_version"]
    assert edited_report["documents_per_source"] == report["documents_per_source"]
    before = {d.meta["id"]: d.meta["content_hash"] for d in documents}
    changed = [d.meta["id"] for d in edited if before[d.meta["id"]] != d.meta["content_hash"]]
    assert len(changed) == 1


def test_registry_corpus_version_independent_of_order(shipped: tuple[list[Document], dict]) -> None:
    documents, report = shipped
    assert corpus_version(list(reversed(documents))) == report["corpus_version"]


@pytest.mark.parametrize(
    "change",
    [{"content": "Anderer Text."}, {"doc_id": "pages/t/p2"}],
    ids=["text", "id"],
)
def test_registry_corpus_version_of_documents(change: dict[str, str]) -> None:
    base = {
        "doc_id": "pages/t/p1",
        "content": "Ein Text.",
        "source": "pages",
        "label": "L",
        "title": "T",
        "url": "u",
        "version": "v",
    }
    one = corpus_version([make_document(**base)])
    assert corpus_version([make_document(**base)]) == one
    assert corpus_version([make_document(**{**base, **change})]) != one


BROKEN = [
    pytest.param(
        "fim/leistungen-b.xml",
        "</xzufi:schreibe>",
        "<xzufi:schreibe>",
        "malformed XML",
        id="fim-xml-unclosed",
    ),
    pytest.param(
        "organizations/organizations.yaml",
        "    authority_type: meldebehoerde",
        "    authority_type: gibt-es-nicht",
        "unknown authority type 'gibt-es-nicht'",
        id="org-bad-type",
    ),
    pytest.param(
        "organizations/organizations.yaml",
        "    ministry: MI\n    basis",
        "    ministry: XX\n    basis",
        "unknown ministry 'XX'",
        id="org-bad-ministry",
    ),
    pytest.param(
        "organizations/organizations.yaml",
        "relations:\n",
        "relations: [\n",
        "malformed YAML",
        id="org-yaml-syntax",
    ),
    pytest.param(
        "fim/leistungen-a.xml",
        ">MI<",
        ">XX<",
        "unknown ministry abbreviation 'XX'",
        id="fim-ref-unknown-ministry",
    ),
    pytest.param(
        "fim/leistungen-b.xml",
        "buergergeld-beantragen",
        "wohnsitz-anmelden",
        "duplicate leistung id 'wohnsitz-anmelden' (first in leistungen-a.xml",
        id="fim-duplicate-id",
    ),
    pytest.param(
        "egovg-lsa/egovg-lsa.md",
        "### § 2 Anwendung",
        "### § 1 Anwendung",
        "duplicate § 1",
        id="egovg-duplicate-paragraph",
    ),
    pytest.param(
        "pages/manifest.yaml", 'title: "Amtliche', 'titel: "Amtliche', "invalid manifest", id="pages-manifest"
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), BROKEN)
def test_registry_broken_file_raises_corpus_error_naming_it(
    corpus_copy: Path, file: str, old: str, new: str, message: str
) -> None:
    edit(corpus_copy / file, old, new, count=-1 if "duplicate leistung" in message else 1)
    with pytest.raises(CorpusError) as info:
        load_all_documents(corpus_copy)
    error = info.value
    assert error.code == "E100"
    assert str(error).startswith(f"[E100] {corpus_copy / file}")
    assert Path(str(error.context["path"])) == corpus_copy / file
    assert message in str(error)


def test_registry_missing_source_folder_names_it(corpus_copy: Path) -> None:
    shutil.rmtree(corpus_copy / "pages")
    with pytest.raises(CorpusError, match=re.escape(str(corpus_copy / "pages" / "manifest.yaml"))):
        load_all_documents(corpus_copy)


def test_registry_missing_corpus_dir(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="corpus directory not found") as info:
        load_all_documents(tmp_path / "nirgends")
    assert info.value.context["path"] == tmp_path / "nirgends"


class _FakeLoader:
    def __init__(self, source: str, ids: list[str]) -> None:
        self.source, self.ids = source, ids

    def iter_documents(self) -> Iterator[Document]:
        for doc_id in self.ids:
            yield make_document(
                doc_id=doc_id,
                content=f"Text {doc_id}",
                source=self.source,
                label="L",
                title="T",
                url="u",
                version="v",
            )  # type: ignore[arg-type]


def test_registry_duplicate_id_across_sources_names_both(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    loaders = [_FakeLoader("egovg-lsa", ["x/1", "x/2"]), _FakeLoader("pages", ["p/1", "x/2"])]
    monkeypatch.setattr("corpora.registry.build_loaders", lambda corpus_dir: loaders)
    with pytest.raises(CorpusError) as info:
        load_all_documents(tmp_path)
    assert "duplicate document ids: 'x/2' (egovg-lsa and pages)" in str(info.value)
    assert info.value.context["path"] == tmp_path / "pages"
    assert "x/1" not in str(info.value) and "p/1" not in str(info.value)
