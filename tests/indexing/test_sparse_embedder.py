"""BM25 sparse embedders: settings, serialisation, weights and a lexical sanity check."""

from __future__ import annotations

from pathlib import Path

import pytest
from haystack import Document
from haystack.dataclasses import SparseEmbedding

from indexing.components.sparse_embedder import (
    DEFAULT_AVGDL,
    GermanSparseDocumentEmbedder,
    GermanSparseTextEmbedder,
    average_document_length,
    bm25_document_embedding,
    query_embedding,
    term_id,
)

DOC_TYPE = "indexing.components.sparse_embedder.GermanSparseDocumentEmbedder"
TEXT_TYPE = "indexing.components.sparse_embedder.GermanSparseTextEmbedder"


def sparse(document: Document) -> SparseEmbedding:
    assert document.sparse_embedding is not None
    return document.sparse_embedding


def score(query: SparseEmbedding, document: SparseEmbedding) -> float:
    """Dot product as Qdrant computes it (without the IDF the collection would add)."""
    weights = dict(zip(document.indices, document.values, strict=True))
    return sum(
        weights.get(index, 0.0) * value for index, value in zip(query.indices, query.values, strict=True)
    )


class TestTermIds:
    def test_term_id_is_stable_and_31_bit(self) -> None:
        # Fixed values: changing the hash silently invalidates every stored index.
        assert term_id("§9") == 1395210522
        assert term_id("behoerde") == 912520765
        assert all(0 <= term_id(term) < 2**31 for term in ["a", "wohnsitz", "§13", "ä" * 50])

    def test_bm25_saturates_term_frequency(self) -> None:
        once = bm25_document_embedding(["antrag"], k1=1.2, b=0.0, avgdl=1.0).values[0]
        twice = bm25_document_embedding(["antrag", "antrag"], k1=1.2, b=0.0, avgdl=1.0).values[0]
        assert once == pytest.approx(1.0)
        assert once < twice < 2 * once

    def test_bm25_normalises_length(self) -> None:
        short = bm25_document_embedding(["antrag", "frist"], k1=1.2, b=0.75, avgdl=4.0)
        long = bm25_document_embedding(["antrag", "frist", "a1", "a2", "a3", "a4"], k1=1.2, b=0.75, avgdl=4.0)
        assert (
            short.values[short.indices.index(term_id("antrag"))]
            > long.values[long.indices.index(term_id("antrag"))]
        )

    def test_query_embedding_deduplicates(self) -> None:
        embedding = query_embedding(["antrag", "frist", "antrag"])
        assert embedding.indices == sorted({term_id("antrag"), term_id("frist")})
        assert embedding.values == [1.0, 1.0]


class TestGermanSparseDocumentEmbedder:
    def test_init_default(self) -> None:
        embedder = GermanSparseDocumentEmbedder()
        assert (embedder.k1, embedder.b, embedder.avgdl) == (1.2, 0.75, DEFAULT_AVGDL)
        assert embedder.vocabulary_path is None
        assert embedder.meta_fields_to_embed == []

    @pytest.mark.parametrize(
        ("k1", "b", "avgdl"), [(-0.1, 0.75, 45.0), (1.2, 1.5, 45.0), (1.2, -0.1, 45.0), (1.2, 0.75, 0.0)]
    )
    def test_init_invalid(self, k1: float, b: float, avgdl: float) -> None:
        with pytest.raises(ValueError, match=r"\[N003\]"):
            GermanSparseDocumentEmbedder(k1=k1, b=b, avgdl=avgdl)

    def test_to_dict(self) -> None:
        embedder = GermanSparseDocumentEmbedder(avgdl=30.0, meta_fields_to_embed=["title"])
        assert embedder.to_dict() == {
            "type": DOC_TYPE,
            "init_parameters": {
                "k1": 1.2,
                "b": 0.75,
                "avgdl": 30.0,
                "vocabulary_path": None,
                "meta_fields_to_embed": ["title"],
                "embedding_separator": "\n",
                "batch_size": 256,
                "progress_bar": False,
            },
        }

    def test_from_dict(self) -> None:
        embedder = GermanSparseDocumentEmbedder(k1=1.5, b=0.5, avgdl=30.0, vocabulary_path="words.txt")
        restored = GermanSparseDocumentEmbedder.from_dict(embedder.to_dict())
        assert restored.to_dict() == embedder.to_dict()

    def test_run(self) -> None:
        documents = [
            Document(content="Die Meldebehörde"),
            Document(content=None),
            Document(content="§ 9 EGovG"),
        ]
        result = GermanSparseDocumentEmbedder().run(documents)["documents"]
        assert [d.id for d in result] == [d.id for d in documents]
        assert all(d.sparse_embedding is None for d in documents)  # inputs stay untouched
        assert set(sparse(result[0]).indices) == {
            term_id(t) for t in ["meldebehoerde", "melden", "melde", "behoerde"]
        }
        assert sparse(result[1]) == SparseEmbedding(indices=[], values=[])
        assert term_id("§9") in sparse(result[2]).indices
        assert sparse(result[0]).indices == sorted(sparse(result[0]).indices)

    def test_run_meta_fields_to_embed(self) -> None:
        document = Document(content="Antrag", meta={"title": "Kindergeld"})
        (embedded,) = GermanSparseDocumentEmbedder(meta_fields_to_embed=["title"]).run([document])[
            "documents"
        ]
        assert term_id("kindergeld") in sparse(embedded).indices

    def test_run_wrong_input(self) -> None:
        with pytest.raises(TypeError):
            GermanSparseDocumentEmbedder().run("kein Dokument")  # type: ignore[arg-type]

    def test_run_vocabulary_path(self, tmp_path: Path) -> None:
        path = tmp_path / "words.txt"
        path.write_text("Quaxel\n", encoding="utf-8")
        embedder = GermanSparseDocumentEmbedder(vocabulary_path=str(path))
        embedder.warm_up()
        (embedded,) = embedder.run([Document(content="Quaxelbehörde")])["documents"]
        assert term_id("quaxel") in sparse(embedded).indices

    def test_warm_up_missing_vocabulary(self, tmp_path: Path) -> None:
        with pytest.raises(OSError, match=r"\[N002\]"):
            GermanSparseDocumentEmbedder(vocabulary_path=str(tmp_path / "missing.txt")).warm_up()


class TestGermanSparseTextEmbedder:
    def test_init_default(self) -> None:
        assert GermanSparseTextEmbedder().vocabulary_path is None

    def test_to_dict(self) -> None:
        assert GermanSparseTextEmbedder().to_dict() == {
            "type": TEXT_TYPE,
            "init_parameters": {"vocabulary_path": None},
        }

    def test_from_dict(self) -> None:
        embedder = GermanSparseTextEmbedder(vocabulary_path="words.txt")
        assert GermanSparseTextEmbedder.from_dict(embedder.to_dict()).vocabulary_path == "words.txt"

    def test_run(self) -> None:
        embedding = GermanSparseTextEmbedder().run("Antrag, Antrag und Frist")["sparse_embedding"]
        assert embedding.indices == sorted({term_id("antrag"), term_id("frist")})
        assert embedding.values == [1.0, 1.0]

    def test_run_only_stop_words(self) -> None:
        assert GermanSparseTextEmbedder().run("wo ist das?")["sparse_embedding"] == SparseEmbedding([], [])

    def test_run_wrong_input(self) -> None:
        with pytest.raises(TypeError):
            GermanSparseTextEmbedder().run(Document(content="x"))  # type: ignore[arg-type]


PASSAGES = [
    "Die Anmeldung des Wohnsitzes erfolgt bei der Meldebehörde der Gemeinde.",
    "Die Personalausweisbehörde stellt den Personalausweis aus.",
    "Das Kindergeld wird bei der Familienkasse beantragt.",
]


@pytest.fixture(scope="module")
def passages() -> list[Document]:
    embedder = GermanSparseDocumentEmbedder(avgdl=8.0)
    return embedder.run([Document(content=passage) for passage in PASSAGES])["documents"]


class TestBm25Sanity:
    """Lemmas and compounds make lexical search meet the user's words."""

    def ranking(self, query: str, documents: list[Document]) -> list[float]:
        embedding = GermanSparseTextEmbedder().run(query)["sparse_embedding"]
        return [score(embedding, sparse(document)) for document in documents]

    def test_wohnsitz_query_meets_passage(self, passages: list[Document]) -> None:
        query = GermanSparseTextEmbedder().run("Wo melde ich meinen Wohnsitz an?")["sparse_embedding"]
        shared = set(query.indices) & set(sparse(passages[0]).indices)
        assert term_id("wohnsitz") in shared  # lemma: Wohnsitzes → wohnsitz
        assert term_id("melden") in shared  # compound: Meldebehörde → melden + behörde
        scores = self.ranking("Wo melde ich meinen Wohnsitz an?", passages)
        assert scores[0] > max(scores[1:])

    def test_split_query_meets_compound(self, passages: list[Document]) -> None:
        scores = self.ranking("Behörde Personalausweis", passages)
        assert scores[1] > max(scores[0], scores[2])

    def test_citation_query(self) -> None:
        documents = GermanSparseDocumentEmbedder().run(
            [
                Document(content="§ 9 Abs. 1 EGovG LSA regelt den Zugang."),
                Document(content="§ 19 regelt mehr."),
            ]
        )["documents"]
        scores = self.ranking("paragraf 9 egovg", documents)
        assert scores[0] > 0 == scores[1]


def test_average_document_length() -> None:
    assert average_document_length(["Antrag Frist", "Antrag"]) == pytest.approx(1.5)
    assert average_document_length([]) == DEFAULT_AVGDL
