"""The EGovG LSA corpus: the law as structured Markdown, its manifest, one document per Absatz.

The Markdown format is written for editors (``corpora/data/egovg-lsa/FORMAT.md``) so that the remaining §§
can be pasted from the official text without code changes. The manifest records which §§/Absätze are
missing, so the assistant can say "§ 5 ist in der indexierten Fassung nicht enthalten" instead of guessing.
Models live in ``corpora.egovg_models``, the Markdown reader in ``corpora.egovg_markdown``; both are
re-exported here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from haystack import Document
from pydantic import ValidationError

from corpora.base import load_yaml, make_document
from corpora.egovg_markdown import parse_egovg_markdown
from corpora.egovg_models import (
    Absatz,
    Abschnitt,
    Coverage,
    EgovgManifest,
    Item,
    KnownGap,
    Law,
    Norm,
    Paragraph,
    number_key,
    parse_number,
)
from lsa_assistant.errors import CorpusError
from lsa_assistant.settings import default_corpus_dir

__all__ = [
    "DEFAULT_DIR",
    "LAW_FILE",
    "MANIFEST_FILE",
    "SOURCE",
    "Absatz",
    "Abschnitt",
    "Coverage",
    "EgovgLoader",
    "EgovgManifest",
    "Item",
    "KnownGap",
    "Law",
    "Norm",
    "Paragraph",
    "load_egovg",
    "number_key",
    "parse_egovg_markdown",
    "parse_number",
]

logger = logging.getLogger(__name__)

SOURCE = "egovg-lsa"
LAW_FILE = "egovg-lsa.md"
MANIFEST_FILE = "manifest.yaml"
DEFAULT_DIR = default_corpus_dir() / SOURCE


def load_egovg(directory: Path = DEFAULT_DIR) -> Law:
    """Read ``egovg-lsa.md`` and ``manifest.yaml``; manifest/text disagreements are logged as warnings."""
    law_path, manifest_path = Path(directory) / LAW_FILE, Path(directory) / MANIFEST_FILE
    try:
        text = law_path.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError) as e:
        raise CorpusError(f"cannot read law text: {e}", path=law_path) from e
    try:
        manifest = EgovgManifest.model_validate(load_yaml(manifest_path))
    except ValidationError as e:
        raise CorpusError(f"invalid manifest: {e}", path=manifest_path) from e
    law = parse_egovg_markdown(text, law_path)
    law.manifest = manifest
    for problem in law.inconsistencies():
        logger.warning("%s: %s", manifest_path, problem)
    return law


class EgovgLoader:
    """Loader for the EGovG LSA: one document per Absatz, id ``egovg-lsa/§9/abs1``."""

    source: Literal["egovg-lsa"] = SOURCE

    def __init__(self, directory: Path = DEFAULT_DIR) -> None:
        """:param directory: folder holding ``egovg-lsa.md`` and ``manifest.yaml``."""
        self.directory = Path(directory)
        self._law: Law | None = None

    @property
    def law(self) -> Law:
        """The parsed law (read once)."""
        if self._law is None:
            self._law = load_egovg(self.directory)
        return self._law

    def iter_documents(self) -> Iterator[Document]:
        """Yield the Absätze in order; content is the statute text exactly as in the Markdown."""
        law = self.law
        for para in law.paragraphs:
            heading = f"§ {para.number} {para.title}"
            path = [law.abbreviation] + ([para.abschnitt.label] if para.abschnitt else []) + [heading]
            for absatz in para.absaetze:
                cite = f"§ {para.number} Abs. {absatz.number}" if para.numbered else f"§ {para.number}"
                yield make_document(
                    doc_id=f"{SOURCE}/§{para.number}/abs{absatz.number}",
                    content=absatz.text,
                    source=SOURCE,
                    label=f"{cite} {law.abbreviation}",
                    title=para.title,
                    url=law.url_for(para.number),
                    version=law.fassung,
                    ministry=None,
                    section_path=path + ([f"Abs. {absatz.number}"] if para.numbered else []),
                    paragraph=para.number,
                    absatz=absatz.number,
                    complete=absatz.complete,
                )
