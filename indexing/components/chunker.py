"""Turns loader units into index chunks: one per Absatz / module / record / paragraph, long ones split."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from haystack import Document, component

from corpora.base import content_hash, stable_point_id
from indexing.serialization import SettingsSerialization


@component
class CorpusChunker(SettingsSerialization):
    """Keeps each loader unit as one chunk and splits only units longer than ``max_chars`` by sentence.

    Loaders already cut at the legal/semantic unit (§ Absatz, FIM text module, organisation record, page
    paragraph), so splitting here is the exception. Split parts keep the label (so the citation stays
    "§ 9 Abs. 1 EGovG LSA") and get ids ``<id>/teil<N>``. Every chunk also gets ``embed_context``: the short
    heading the embedders prepend, because a module text like "- Personalausweis" means little alone.

    :param max_chars: longest chunk before splitting by sentence.
    """

    serialized_settings = ("max_chars",)

    def __init__(self, max_chars: int = 1500) -> None:
        if max_chars < 200:
            raise ValueError("max_chars must be at least 200")
        self.max_chars = max_chars
        self._nlp: Any = None

    def warm_up(self) -> None:
        if self._nlp is None:
            from indexing.nlp.pipeline import build_german_nlp

            self._nlp = build_german_nlp()

    @component.output_types(documents=list[Document])
    def run(self, documents: list[Document]) -> dict[str, list[Document]]:
        chunks: list[Document] = []
        for doc in documents:
            for chunk in self._split(doc):
                chunk.meta["embed_context"] = embed_context(chunk.meta)
                chunk.meta["fingerprint"] = fingerprint(chunk)
                chunks.append(chunk)
        return {"documents": chunks}

    def _split(self, doc: Document) -> list[Document]:
        text = doc.content or ""
        if len(text) <= self.max_chars:
            return [replace(doc, meta=dict(doc.meta))]
        self.warm_up()
        # Parts are slices of the original text (whole sentences), not sentences re-joined with spaces:
        # a quoted statute part must match the source verbatim, line breaks of enumerations included.
        spans: list[list[int]] = []
        for sent in self._nlp(text).sents:
            if spans and sent.end_char - spans[-1][0] > self.max_chars:
                spans.append([sent.start_char, sent.end_char])
            elif spans:
                spans[-1][1] = sent.end_char
            else:
                spans.append([sent.start_char, sent.end_char])
        parts = [part for start, end in spans if (part := text[start:end].strip())]
        out = []
        for n, part in enumerate(parts, start=1):
            meta = dict(doc.meta)
            meta["id"] = f"{doc.meta['id']}/teil{n}"
            meta["part"] = n
            meta["parts"] = len(parts)
            meta["parent_id"] = doc.meta["id"]
            meta["content_hash"] = content_hash(part)
            out.append(Document(id=stable_point_id(meta["id"]), content=part, meta=meta))
        return out


def fingerprint(doc: Document) -> str:
    """Hash of text and all metadata: a changed label or URL must reach the index too, not only new text."""
    meta = {k: v for k, v in doc.meta.items() if k != "fingerprint"}
    return content_hash(
        (doc.content or "") + "\n" + json.dumps(meta, sort_keys=True, ensure_ascii=False, default=str)
    )


def embed_context(meta: dict[str, Any]) -> str:
    """The heading an embedder sees before the chunk text (label plus the section it sits in)."""
    path = [p for p in (meta.get("section_path") or []) if p]
    label = meta.get("label") or ""
    title = meta.get("title") or ""
    bits = [label]
    if title and title not in label:
        bits.append(title)
    if path and path[-1] not in bits and path[-1] not in label:
        bits.append(path[-1])
    return " – ".join(b for b in bits if b)
