"""DeferredDocumentEmbedder: the model loads on the first non-empty batch, not in warm_up."""

from __future__ import annotations

from haystack import Document

from indexing.components.dense_embedder import DeferredDocumentEmbedder


class TestDeferredDocumentEmbedder:
    def test_init_default(self, tiny_model_dir) -> None:
        embedder = DeferredDocumentEmbedder(model=str(tiny_model_dir), local_files_only=True)
        assert embedder.embedding_backend is None

    def test_warm_up_does_not_load(self, tiny_model_dir) -> None:
        embedder = DeferredDocumentEmbedder(model=str(tiny_model_dir), local_files_only=True)
        embedder.warm_up()
        assert embedder.embedding_backend is None

    def test_run_empty_skips_model(self, tiny_model_dir) -> None:
        embedder = DeferredDocumentEmbedder(model=str(tiny_model_dir), local_files_only=True)
        assert embedder.run([]) == {"documents": []}
        assert embedder.embedding_backend is None

    def test_run_embeds_with_context(self, tiny_model_dir) -> None:
        embedder = DeferredDocumentEmbedder(
            model=str(tiny_model_dir),
            local_files_only=True,
            progress_bar=False,
            meta_fields_to_embed=["embed_context"],
        )
        docs = [
            Document(content="Wohnsitz anmelden", meta={"embed_context": "Leistung"}),
            Document(content="Wohnsitz anmelden"),
        ]
        out = embedder.run(docs)["documents"]
        assert embedder.embedding_backend is not None
        assert len(out[0].embedding) == 32
        assert out[0].embedding != out[1].embedding  # the context is embedded too

    def test_to_dict_from_dict(self, tiny_model_dir) -> None:
        embedder = DeferredDocumentEmbedder(
            model=str(tiny_model_dir), prefix="passage: ", local_files_only=True
        )
        data = embedder.to_dict()
        assert data["type"].endswith("dense_embedder.DeferredDocumentEmbedder")
        restored = DeferredDocumentEmbedder.from_dict(data)
        assert restored.prefix == "passage: " and restored.model == str(tiny_model_dir)
