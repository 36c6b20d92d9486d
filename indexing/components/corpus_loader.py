"""The pipeline's entry: all corpora as documents (validated across sources)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from haystack import Document, component, default_from_dict, default_to_dict


@component
class CorpusLoader:
    """:param corpus_dir: the directory with one sub-directory per source (``corpora/data``)."""

    def __init__(self, corpus_dir: str) -> None:
        self.corpus_dir = str(corpus_dir)

    def to_dict(self) -> dict[str, Any]:
        return default_to_dict(self, corpus_dir=self.corpus_dir)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CorpusLoader:
        return default_from_dict(cls, data)

    @component.output_types(documents=list[Document], report=dict)
    def run(self) -> dict[str, Any]:
        from corpora.registry import load_all_documents

        documents, report = load_all_documents(Path(self.corpus_dir))
        return {"documents": documents, "report": report}
