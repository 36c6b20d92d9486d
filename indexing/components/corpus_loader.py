"""The pipeline's entry: all corpora as documents (validated across sources)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from haystack import Document, component, default_from_dict, default_to_dict

if TYPE_CHECKING:
    from corpora.corpus import Corpus


@component
class CorpusLoader:
    """:param corpus_dir: the directory with one sub-directory per source (``corpora/data``).
    :param corpus: that directory's already loaded :class:`~corpora.corpus.Corpus`, shared with the knowledge
        base (not serialized: ``from_dict`` loads the directory afresh).
    """

    def __init__(self, corpus_dir: str, corpus: Corpus | None = None) -> None:
        self.corpus_dir = str(corpus_dir)
        self.corpus = corpus

    def to_dict(self) -> dict[str, Any]:
        return default_to_dict(self, corpus_dir=self.corpus_dir)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CorpusLoader:
        return default_from_dict(cls, data)

    @component.output_types(documents=list[Document], report=dict)
    def run(self) -> dict[str, Any]:
        from corpora.registry import load_corpus

        corpus = self.corpus or load_corpus(Path(self.corpus_dir))
        return {"documents": corpus.documents, "report": corpus.report}
