"""The pipeline's entry: all corpora as documents (validated across sources)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from haystack import Document, component

from indexing.serialization import SettingsSerialization

if TYPE_CHECKING:
    from corpora.corpus import Corpus


@component
class CorpusLoader(SettingsSerialization):
    """:param corpus_dir: the directory with one sub-directory per source (``corpora/data``).
    :param corpus: that directory's already loaded :class:`~corpora.corpus.Corpus`, shared with the knowledge
        base (not serialized: ``from_dict`` loads the directory afresh).
    """

    serialized_settings = ("corpus_dir",)

    def __init__(self, corpus_dir: str, corpus: Corpus | None = None) -> None:
        self.corpus_dir = str(corpus_dir)
        self.corpus = corpus

    @component.output_types(documents=list[Document], report=dict)
    def run(self) -> dict[str, Any]:
        from corpora.registry import load_corpus

        corpus = self.corpus or load_corpus(Path(self.corpus_dir))
        return {"documents": corpus.documents, "report": corpus.report}
