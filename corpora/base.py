"""The loader protocol and the uniform document metadata every chunk carries (see docs/architecture)."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import yaml
from haystack import Document
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from corpora.kinds import SOURCE_KINDS, SourceKind  # noqa: F401 - their home; imported from here as well
from lsa_assistant.errors import CorpusError

#: Metadata keys every document has (value may be None where it does not apply).
UNIFORM_META_KEYS = (
    "id",
    "source",
    "label",
    "title",
    "url",
    "version",
    "ministry",
    "leika_key",
    "section_path",
    "content_hash",
)


def content_hash(text: str) -> str:
    """Stable hash of a chunk's text, used by incremental sync to detect changes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def make_document(
    *,
    doc_id: str,
    content: str,
    source: SourceKind | str,
    label: str,
    title: str,
    url: str,
    version: str,
    ministry: str | None = None,
    leika_key: str | None = None,
    section_path: list[str] | None = None,
    **extra: Any,
) -> Document:
    """Build a Haystack ``Document`` with the uniform metadata.

    The Haystack document id is derived from our stable ``doc_id`` so that re-indexing the same chunk
    overwrites it instead of duplicating it.
    """
    if not content or not content.strip():
        raise CorpusError(f"empty text for document {doc_id!r}")
    meta: dict[str, Any] = {
        "id": doc_id,
        "source": SourceKind(source).value,  # the plain string in every store and payload
        "label": label,
        "title": title,
        "url": url,
        "version": version,
        "ministry": ministry,
        "leika_key": leika_key,
        "section_path": list(section_path or []),
        "content_hash": content_hash(content),
    }
    meta.update(extra)
    return Document(id=stable_point_id(doc_id), content=content, meta=meta)


def stable_point_id(doc_id: str) -> str:
    """A deterministic id for the store (hex of sha256 of our readable id)."""
    return hashlib.sha256(doc_id.encode("utf-8")).hexdigest()


class Loader(Protocol):
    """What every source loader offers."""

    source: SourceKind

    def iter_documents(self) -> Iterator[Document]:
        """Yield one document per unit (Absatz, module, record, paragraph), metadata uniform."""
        ...


class Manifest(BaseModel):
    """What a person needs to judge a source: who, where, which Stand, what is in and what is not."""

    model_config = ConfigDict(extra="allow")

    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    url: str = Field(min_length=1)
    version: str = Field(min_length=1, description="Fassung / Stand")
    licence: str = Field(min_length=1)
    coverage: str = Field(min_length=1)
    known_gaps: list[Any] = Field(default_factory=list)


def load_manifest(path: Path) -> Manifest:
    """Read and validate ``manifest.yaml`` of a source; errors name the file."""
    data = load_yaml(path)
    try:
        return Manifest.model_validate(data)
    except ValidationError as e:
        raise CorpusError(f"invalid manifest: {e}", path=path) from e


def load_yaml(path: Path) -> Any:
    """Read YAML with errors that name the file and line."""
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except FileNotFoundError as e:
        raise CorpusError("file not found", path=path) from e
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        raise CorpusError(f"malformed YAML: {getattr(e, 'problem', e)}", path=path, where=where) from e


def read_tsv(path: Path, columns: list[str]) -> list[tuple[int, list[str]]]:
    """The data rows of a UTF-8 TSV file whose header must be ``columns``, with their line numbers (blank lines
    skipped).

    :raises CorpusError: naming the file (and line): missing or unreadable file, wrong header.
    """
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, delimiter="\t"))
    except FileNotFoundError as e:
        raise CorpusError("file not found", path=path) from e
    except (UnicodeDecodeError, csv.Error) as e:
        raise CorpusError(f"unreadable TSV: {e}", path=path) from e
    if not rows or [c.strip() for c in rows[0]] != columns:
        raise CorpusError(f"header must be {' '.join(columns)}", path=path, where="line 1")
    return [(line, row) for line, row in enumerate(rows[1:], start=2) if any(cell.strip() for cell in row)]
