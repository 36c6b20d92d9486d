"""The pages corpus: the stored OZG page, one document per paragraph, and the front-matter checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corpora.base import UNIFORM_META_KEYS, load_manifest
from corpora.pages import DATA_DIR, PagesLoader, load_page, load_pages
from lsa_assistant.errors import CorpusError

OZG_URL = "https://ozg.sachsen-anhalt.de/umsetzung-im-land/ozg-sachsen-anhalt"

FRONT = """---
slug: test-seite
title: "Testseite"
site: example.org
url: "https://example.org/seite"
publisher: "Land Sachsen-Anhalt"
stand: "2026"
section_ministries:
  "Ministerium für Inneres und Sport (MI)": MI
---
"""
BODY = """
# Testseite

Erster Absatz,
über zwei Zeilen.

## Ministerium für Inneres und Sport (MI)

Zweiter Absatz.
"""


@pytest.fixture(scope="module")
def documents():
    return list(PagesLoader().iter_documents())


def test_pages_ozg_page_paragraph_count_and_ids(documents):
    assert [d.meta["id"] for d in documents] == [f"pages/ozg-umsetzung/p{n}" for n in range(1, 11)]


def test_pages_documents_metadata(documents):
    for n, doc in enumerate(documents, start=1):
        assert set(UNIFORM_META_KEYS) <= set(doc.meta)
        assert doc.meta["source"] == "pages"
        assert doc.meta["url"] == OZG_URL
        assert doc.meta["label"] == f"OZG-Umsetzung in Sachsen-Anhalt (ozg.sachsen-anhalt.de), Abschnitt {n}"
        assert doc.meta["paragraph"] == n


@pytest.mark.parametrize(
    ("number", "ministry", "phrase"),
    [
        (2, None, "Die Digitalisierungsverantwortung folgt der Fachverantwortung."),
        (5, "MID", "das elektronische Postfach und Bezahlplattform"),
        (6, "MID", "Basisdienste im Sinne des § 17 EGovG LSA"),
        (8, "MI", "Das MI ist für die FIM-Landesredaktion zuständig"),
        (9, "MI", "ARIS4FIM für die Prozess- und Datenfeldmodellierung"),
    ],
)
def test_pages_paragraph_text_and_section_ministry(documents, number, ministry, phrase):
    doc = documents[number - 1]
    assert phrase in doc.content
    assert doc.meta["ministry"] == ministry


def test_pages_navigation_and_hard_spaces_not_stored(documents):
    text = "\n".join(d.content for d in documents)
    assert "Zum Seitenanfang" not in text and "Menu" not in text and "\xa0" not in text


def test_pages_manifest_valid():
    manifest = load_manifest(DATA_DIR / "manifest.yaml")
    assert manifest.url == OZG_URL and "Land Sachsen-Anhalt" in manifest.licence


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_pages_soft_wrapped_paragraph_joined_and_sections(tmp_path):
    page = load_page(_write(tmp_path, "seite.md", FRONT + BODY))
    assert [(p.number, p.text, p.section) for p in page.paragraphs] == [
        (1, "Erster Absatz, über zwei Zeilen.", None),
        (2, "Zweiter Absatz.", "Ministerium für Inneres und Sport (MI)"),
    ]


def test_pages_loader_on_folder(tmp_path):
    shutil.copy(DATA_DIR / "manifest.yaml", tmp_path / "manifest.yaml")
    _write(tmp_path, "seite.md", FRONT + BODY)
    docs = list(PagesLoader(tmp_path).iter_documents())
    assert [(d.meta["id"], d.meta["ministry"]) for d in docs] == [
        ("pages/test-seite/p1", None),
        ("pages/test-seite/p2", "MI"),
    ]
    assert docs[1].meta["section_path"] == ["Testseite", "Ministerium für Inneres und Sport (MI)"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (BODY, "missing front matter"),
        ("---\nslug: x\n" + BODY, "not closed"),
        (FRONT.replace('"https://example.org/seite"', "example.org/seite") + BODY, "url"),
        (FRONT.replace("slug: test-seite", "slug: Test Seite") + BODY, "slug"),
        (FRONT.replace('(MI)": MI', '(MX)": MI') + BODY, "unknown heading"),
        (FRONT + "\n# Nur ein Titel\n", "no paragraphs"),
        ("---\n- a\n---\n" + BODY, "must be a mapping"),
    ],
)
def test_pages_invalid_page_names_file(tmp_path, text, problem):
    path = _write(tmp_path, "kaputt.md", text)
    with pytest.raises(CorpusError) as excinfo:
        load_page(path)
    assert "kaputt.md" in str(excinfo.value) and problem in str(excinfo.value)


def test_pages_duplicate_slug_rejected(tmp_path):
    _write(tmp_path, "a.md", FRONT + BODY)
    _write(tmp_path, "b.md", FRONT + BODY)
    with pytest.raises(CorpusError, match="duplicate slug 'test-seite'"):
        load_pages(tmp_path)
