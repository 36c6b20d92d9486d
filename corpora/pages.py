"""Official information pages stored verbatim as Markdown, one document per paragraph.

A page file starts with YAML front matter (slug, title, site, url, publisher, stand, optional
``section_ministries`` mapping a ``##`` heading to a ministry abbreviation); the body holds one
``#`` title, ``##`` section headings and paragraphs separated by blank lines. Paragraphs are kept
word for word so that answers can quote them exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from haystack import Document
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from corpora.base import SourceKind, load_manifest, make_document
from corpora.ids import page_chunk_id
from corpora.organization_models import Slug, Text, Url
from lsa_assistant.errors import CorpusError

DATA_DIR = Path(__file__).parent / "data" / "pages"


class PageMeta(BaseModel):
    """Front matter of a page file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: Slug
    title: Text
    site: Text = Field(description="Short site name used in labels, e.g. ozg.sachsen-anhalt.de")
    url: Url
    publisher: Text
    stand: Text
    section_ministries: dict[str, Text] = Field(default_factory=dict)


@dataclass(frozen=True)
class Paragraph:
    number: int
    text: str
    section: str | None


@dataclass(frozen=True)
class Page:
    meta: PageMeta
    paragraphs: list[Paragraph]
    path: Path


def load_page(path: Path) -> Page:
    """Parse one page file.

    :raises CorpusError: naming the file for missing or invalid front matter, a heading named in
        ``section_ministries`` that the body lacks, or a body without paragraphs.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise CorpusError("file not found", path=path) from e
    front, body = _split_front_matter(text, path)
    try:
        meta = PageMeta.model_validate(front)
    except ValidationError as e:
        problems = "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors())
        raise CorpusError(f"invalid front matter: {problems}", path=path, where="front matter") from e

    paragraphs: list[Paragraph] = []
    headings: set[str] = set()
    section: str | None = None
    for block in (b.strip() for b in body.split("\n\n")):
        if not block or block.startswith("# "):
            continue
        if block.startswith("## "):
            section = block[3:].strip()
            headings.add(section)
            continue
        # Soft line breaks inside a paragraph are Markdown wrapping, not content.
        joined = " ".join(line.strip() for line in block.splitlines())
        paragraphs.append(Paragraph(number=len(paragraphs) + 1, text=joined, section=section))
    if not paragraphs:
        raise CorpusError("page has no paragraphs", path=path)
    missing = set(meta.section_ministries) - headings
    if missing:
        raise CorpusError(f"section_ministries names unknown heading {sorted(missing)[0]!r}", path=path)
    return Page(meta=meta, paragraphs=paragraphs, path=path)


def load_pages(data_dir: Path = DATA_DIR) -> list[Page]:
    """All ``*.md`` pages in a folder, sorted by file name; slugs must be unique."""
    pages = [load_page(p) for p in sorted(Path(data_dir).glob("*.md"))]
    seen: dict[str, Path] = {}
    for page in pages:
        if page.meta.slug in seen:
            raise CorpusError(
                f"duplicate slug {page.meta.slug!r} (also in {seen[page.meta.slug].name})", path=page.path
            )
        seen[page.meta.slug] = page.path
    return pages


def _split_front_matter(text: str, path: Path) -> tuple[dict[str, object], str]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise CorpusError("missing front matter (first line must be '---')", path=path, where="line 1")
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration:
        raise CorpusError("front matter is not closed with '---'", path=path) from None
    try:
        front = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as e:
        raise CorpusError(f"malformed front matter: {e}", path=path, where="front matter") from e
    if not isinstance(front, dict):
        raise CorpusError("front matter must be a mapping", path=path, where="front matter")
    return front, "\n".join(lines[end + 1 :])


class PagesLoader:
    """One document per paragraph: ``pages/<slug>/p<n>``, labelled "<title> (<site>), Abschnitt <n>"."""

    source: SourceKind = SourceKind.PAGES

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        self.data_dir = Path(data_dir)

    def iter_documents(self) -> Iterator[Document]:
        load_manifest(self.data_dir / "manifest.yaml")  # a corpus without a valid manifest is not indexed
        for page in load_pages(self.data_dir):
            meta = page.meta
            for p in page.paragraphs:
                section_path = [meta.title] + ([p.section] if p.section else [])
                yield make_document(
                    doc_id=page_chunk_id(meta.slug, p.number),
                    content=p.text,
                    source="pages",
                    label=f"{meta.title} ({meta.site}), Abschnitt {p.number}",
                    title=f"{meta.title} – {p.section}" if p.section else meta.title,
                    url=meta.url,
                    version=meta.stand,
                    ministry=meta.section_ministries.get(p.section) if p.section else None,
                    section_path=section_path,
                    kind="page_paragraph",
                    page=meta.slug,
                    paragraph=p.number,
                    publisher=meta.publisher,
                )
