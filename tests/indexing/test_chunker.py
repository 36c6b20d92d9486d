"""CorpusChunker: whole units stay whole, long ones split by sentence, every chunk fingerprinted."""

from __future__ import annotations

from typing import Any

import pytest
from haystack import Document

from corpora.base import content_hash, make_document, stable_point_id
from indexing.components.chunker import CorpusChunker, embed_context, fingerprint

# Abbreviations ("Abs.", "Nr.") inside each sentence: a naive splitter would cut there.
SENTENCES = [
    f"Satz {i}: Die Behörde prüft den Antrag nach § {i} Abs. 2 Nr. 3 EGovG LSA innerhalb von zwei Wochen."
    for i in range(1, 16)
]
LONG_TEXT = " ".join(SENTENCES)
ENUMERATION = "\n".join(
    f"{i}. die Stelle Nr. {i} nach § 2 Abs. 3 EGovG LSA prüft den Antrag sorgfältig und schnell."
    for i in range(1, 13)
)


def unit(content: str = "Die Verwaltung bietet einen elektronischen Zugang an.", **meta: Any) -> Document:
    values: dict[str, Any] = {
        "doc_id": "egovg-lsa/§2/abs1",
        "source": "egovg-lsa",
        "label": "§ 2 Abs. 1 EGovG LSA",
        "title": "Elektronischer Zugang",
        "url": "https://example.org/egovg/2",
        "version": "2023",
        "section_path": ["EGovG LSA", "§ 2 Elektronischer Zugang", "Abs. 1"],
    }
    values.update(meta)
    return make_document(content=content, **values)


def chunk_one(doc: Document, max_chars: int = 1500) -> Document:
    (chunk,) = CorpusChunker(max_chars=max_chars).run([doc])["documents"]
    return chunk


class TestCorpusChunker:
    def test_init_default(self) -> None:
        chunker = CorpusChunker()
        assert chunker.max_chars == 1500
        assert chunker._nlp is None  # the spaCy pipeline loads only when a unit needs splitting

    @pytest.mark.parametrize("max_chars", [-1, 0, 100, 199])
    def test_init_rejects_max_chars_below_200(self, max_chars: int) -> None:
        with pytest.raises(ValueError, match="at least 200"):
            CorpusChunker(max_chars=max_chars)

    def test_init_accepts_200(self) -> None:
        assert CorpusChunker(max_chars=200).max_chars == 200

    def test_to_dict(self) -> None:
        assert CorpusChunker(max_chars=800).to_dict() == {
            "type": "indexing.components.chunker.CorpusChunker",
            "init_parameters": {"max_chars": 800},
        }

    @pytest.mark.parametrize("max_chars", [200, 800, 1500])
    def test_from_dict(self, max_chars: int) -> None:
        data = {
            "type": "indexing.components.chunker.CorpusChunker",
            "init_parameters": {"max_chars": max_chars},
        }
        chunker = CorpusChunker.from_dict(data)
        assert isinstance(chunker, CorpusChunker)
        assert chunker.max_chars == max_chars
        assert CorpusChunker.from_dict(chunker.to_dict()).to_dict() == data

    def test_from_dict_rejects_small_max_chars(self) -> None:
        with pytest.raises(ValueError, match="at least 200"):
            CorpusChunker.from_dict(
                {"type": "indexing.components.chunker.CorpusChunker", "init_parameters": {"max_chars": 50}}
            )

    @pytest.mark.parametrize("length", [1, 199, 200])
    def test_run_keeps_unit_up_to_max_chars_whole(self, length: int) -> None:
        doc = unit("x" * length)
        chunker = CorpusChunker(max_chars=200)
        (chunk,) = chunker.run([doc])["documents"]
        assert chunk.id == doc.id
        assert chunk.content == doc.content
        assert chunk.meta["id"] == "egovg-lsa/§2/abs1"
        assert chunk.meta["label"] == "§ 2 Abs. 1 EGovG LSA"
        assert "part" not in chunk.meta
        assert chunker._nlp is None  # nothing to split, nothing loaded

    def test_run_unit_one_char_over_max_is_split(self) -> None:
        text = "Erster Satz über den Zugang. " + "Zweiter Satz " + "a" * 158 + "."
        assert len(text) == 201
        chunks = CorpusChunker(max_chars=200).run([unit(text)])["documents"]
        assert [c.content for c in chunks] == [
            "Erster Satz über den Zugang.",
            "Zweiter Satz " + "a" * 158 + ".",
        ]

    def test_run_keeps_every_unit_in_order(self) -> None:
        docs = [unit(f"Text {i}.", doc_id=f"pages/p/p{i}") for i in range(5)]
        chunks = CorpusChunker().run(docs)["documents"]
        assert [c.meta["id"] for c in chunks] == [f"pages/p/p{i}" for i in range(5)]

    def test_run_empty_input(self) -> None:
        assert CorpusChunker().run([]) == {"documents": []}

    def test_run_does_not_mutate_input(self) -> None:
        docs = [unit(), unit(LONG_TEXT, doc_id="egovg-lsa/§3/abs1")]
        before = [(d.id, d.content, dict(d.meta)) for d in docs]
        CorpusChunker(max_chars=300).run(docs)
        assert [(d.id, d.content, dict(d.meta)) for d in docs] == before
        assert "fingerprint" not in docs[0].meta

    def test_run_splits_long_unit_by_sentence(self) -> None:
        doc = unit(LONG_TEXT, doc_id="egovg-lsa/§9/abs1", label="§ 9 Abs. 1 EGovG LSA")
        chunks = CorpusChunker(max_chars=300).run([doc])["documents"]
        assert len(chunks) == 5  # three ~100-char sentences fit into 300
        for n, chunk in enumerate(chunks, start=1):
            assert len(chunk.content) <= 300
            assert chunk.content.startswith("Satz ") and chunk.content.endswith("Wochen.")
            assert chunk.meta["id"] == f"egovg-lsa/§9/abs1/teil{n}"
            assert chunk.id == stable_point_id(f"egovg-lsa/§9/abs1/teil{n}")
            assert chunk.meta["label"] == "§ 9 Abs. 1 EGovG LSA"  # the citation stays the Absatz
            assert chunk.meta["parent_id"] == "egovg-lsa/§9/abs1"
            assert (chunk.meta["part"], chunk.meta["parts"]) == (n, 5)
            assert chunk.meta["content_hash"] == content_hash(chunk.content)
            assert chunk.meta["source"] == "egovg-lsa" and chunk.meta["url"] == doc.meta["url"]
        assert " ".join(c.content for c in chunks) == LONG_TEXT
        assert len({c.meta["fingerprint"] for c in chunks}) == 5

    def test_run_split_parts_are_verbatim_slices(self) -> None:
        chunks = CorpusChunker(max_chars=300).run([unit(ENUMERATION)])["documents"]
        assert len(chunks) == 4
        for chunk in chunks:
            assert chunk.content in ENUMERATION  # line breaks kept, no spaces added between sentences
            assert chunk.content == chunk.content.strip()
        assert "\n".join(c.content for c in chunks) == ENUMERATION

    @pytest.mark.parametrize(
        ("meta", "expected"),
        [
            (
                {
                    "label": "§ 9 Abs. 1 EGovG LSA",
                    "title": "Elektronische Akte",
                    "section_path": ["EGovG LSA", "§ 9 Elektronische Akte", "Abs. 1"],
                },
                "§ 9 Abs. 1 EGovG LSA – Elektronische Akte",  # "Abs. 1" is already in the label
            ),
            (
                {"label": "Wohnsitz anmelden – Kosten", "title": "Wohnsitz anmelden", "section_path": []},
                "Wohnsitz anmelden – Kosten",
            ),
            ({"label": "L", "title": "T", "section_path": ["A", "T"]}, "L – T"),
            (
                {
                    "label": "§ 1 Abs. 2 EGovG LSA",
                    "title": "Geltungsbereich",
                    "section_path": ["EGovG LSA", "Abschnitt 1"],
                },
                "§ 1 Abs. 2 EGovG LSA – Geltungsbereich – Abschnitt 1",
            ),
            ({"label": "L", "title": "", "section_path": ["A", "", "B"]}, "L – B"),
            ({"label": "", "title": "", "section_path": None}, ""),
        ],
    )
    def test_run_sets_embed_context(self, meta: dict[str, Any], expected: str) -> None:
        assert embed_context(meta) == expected
        doc = Document(content="Text.", meta={"id": "x", **meta})
        assert chunk_one(doc).meta["embed_context"] == expected

    def test_run_sets_fingerprint(self) -> None:
        chunk = chunk_one(unit())
        assert chunk.meta["fingerprint"] == fingerprint(chunk)
        assert len(chunk.meta["fingerprint"]) == 32

    def test_run_fingerprint_is_stable(self) -> None:
        assert chunk_one(unit()).meta["fingerprint"] == chunk_one(unit()).meta["fingerprint"]
        rechunked = chunk_one(chunk_one(unit()))  # an existing fingerprint does not feed into the new one
        assert rechunked.meta["fingerprint"] == chunk_one(unit()).meta["fingerprint"]

    @pytest.mark.parametrize(
        "change",
        [
            {"content": "Die Verwaltung bietet einen elektronischen Zugang an!"},
            {"label": "§ 2 Abs. 2 EGovG LSA"},
            {"title": "Zugang"},
            {"url": "https://example.org/egovg/2a"},
            {"version": "2024"},
            {"ministry": "MID"},
            {"leika_key": "99115005104000"},
            {"section_path": ["EGovG LSA", "§ 2 Zugang", "Abs. 1"]},
            {"complete": False},
        ],
        ids=lambda change: next(iter(change)),
    )
    def test_run_fingerprint_changes_with_content_or_any_metadata(self, change: dict[str, Any]) -> None:
        assert chunk_one(unit(**change)).meta["fingerprint"] != chunk_one(unit()).meta["fingerprint"]
