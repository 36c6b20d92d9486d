"""The structured knowledge the answering steps need, loaded once from the corpora at start-up.

Retrieval finds chunks in Qdrant; this object knows what they *mean*: the law with its gaps, the services with
their authorities and ministries, the organisations with roles and relations, the
LeiKa catalogue entries that have no curated description, and the exact chunk texts by id
(the same chunker as the index, so a quote checked here is a quote of the indexed text). Entity lists for the
question analysis are derived from here, not hard-coded.

The service loads it through :func:`load_knowledge`, which reads it from the start-up cache when the cache was
derived from the same corpus files and code (:mod:`assistant.knowledge_cache`), and loads and chunks the
corpora otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from haystack import Document

from assistant.places.directory import PlaceDirectory
from corpora.egovg_models import Law
from corpora.fim_models import Service
from corpora.ids import service_chunk_id, service_key_of
from corpora.leika_models import CatalogueEntry
from corpora.organization_models import OrganizationData
from corpora.ozg_models import OzgCatalogue

if TYPE_CHECKING:
    from corpora.corpus import Corpus
    from lsa_assistant.settings import Settings

#: File of the cached knowledge base in ``Settings.cache_dir``.
CACHE_FILE = "knowledge.pickle"


@dataclass
class KnowledgeBase:
    law: Law
    services: list[Service]
    organizations: OrganizationData
    chunks: dict[str, Document]  # meta id -> chunk exactly as indexed
    corpus_version: str
    services_by_key: dict[str, Service] = field(default_factory=dict)  # slug and LeiKa key -> service
    chunks_by_parent: dict[str, list[str]] = field(default_factory=dict)  # loader unit id -> chunk ids
    chunks_by_service: dict[str, list[str]] = field(
        default_factory=dict
    )  # service key -> its chunk ids, sorted
    #: LeiKa catalogue entries (Stand ~2019) without a curated FIM description, as indexed (``leika/<key>``)
    catalogue: list[CatalogueEntry] = field(default_factory=list)
    catalogue_by_key: dict[str, CatalogueEntry] = field(default_factory=dict)
    #: the OZG catalogue (Lebenslagen, OZG-Leistungen) with the curated services placed in it
    ozg: OzgCatalogue | None = None
    #: the Gemeinden, Verbandsgemeinden and Kreise (``assistant.places``): place -> concrete authority
    places: PlaceDirectory | None = None
    #: :func:`~assistant.knowledge_cache.source_fingerprint` of the sources when loaded through the cache
    #: (derived caches such as the analyser's lexicons are keyed by it); empty otherwise
    fingerprint: str = ""

    def __post_init__(self) -> None:
        for service in self.services:
            self.services_by_key[service.id] = service
            if service.leika_key:
                self.services_by_key[service.leika_key] = service
        for entry in self.catalogue:
            self.catalogue_by_key[entry.key] = entry
        for chunk_id, chunk in self.chunks.items():
            parent = str(chunk.meta.get("parent_id") or chunk_id)
            self.chunks_by_parent.setdefault(parent, []).append(chunk_id)
            if (key := service_key_of(chunk_id)) is not None:
                self.chunks_by_service.setdefault(key, []).append(chunk_id)
        for ids in self.chunks_by_service.values():
            ids.sort()

    def service(self, key: str) -> Service | None:
        """By slug or LeiKa key."""
        return self.services_by_key.get(key)

    def service_chunk_ids(self, service: Service, module: str | None = None) -> list[str]:
        """Chunk ids of a service (all modules, or one module such as ``kosten``), sorted."""
        ids = self.chunks_by_service.get(service.key, [])
        if module is None:
            return list(ids)
        prefix = service_chunk_id(service.key, "")
        return [cid for cid in ids if cid[len(prefix) :].split("/")[0] == module]

    def catalogue_entry(self, key: str) -> CatalogueEntry | None:
        """A catalogue-only service by its LeiKa key (None for curated services and unknown keys)."""
        return self.catalogue_by_key.get(key)

    def chunk(self, chunk_id: str) -> Document | None:
        return self.chunks.get(chunk_id)


def load_knowledge(settings: Settings, corpus: Corpus | None = None) -> KnowledgeBase:
    """The knowledge base of ``settings.corpus_dir``, through the start-up cache unless it is turned off.

    :param corpus: the corpus the caller has already loaded (the index job's), so its sources are not read again.
    """
    from indexing.nlp.caches import use_nlp_caches

    # chunking splits compounds and lemmatises: with the cached n-grams and lemma tries, not the packages' dicts
    use_nlp_caches(settings.model_cache_dir)
    return load_knowledge_base(
        settings.corpus_dir, cache_dir=settings.cache_dir if settings.startup_cache else None, corpus=corpus
    )


def load_knowledge_base(
    corpus_dir: Path, cache_dir: Path | None = None, corpus: Corpus | None = None
) -> KnowledgeBase:
    """Load and validate all sources and chunk them exactly as the indexing pipeline does.

    :param cache_dir: read the result from ``cache_dir / CACHE_FILE`` when it was derived from the same corpus
        files and code, else load the corpora and (re)write it; None: always load, write nothing.
    :param corpus: the already loaded :class:`~corpora.corpus.Corpus` of ``corpus_dir``, if the caller has one.
    :raises CorpusError: a source file is invalid (never cached: a cache is only written after a good load).
    """
    if cache_dir is None:
        return _load_from_corpora(corpus_dir, corpus)
    from assistant.knowledge_cache import read_cache, source_fingerprint, write_cache

    key = source_fingerprint(corpus_dir)
    path = cache_dir / CACHE_FILE
    cached = read_cache(path, key)
    if isinstance(cached, KnowledgeBase):
        return cached
    knowledge = _load_from_corpora(corpus_dir, corpus)
    knowledge.fingerprint = key
    write_cache(path, key, knowledge)
    return knowledge


def _load_from_corpora(corpus_dir: Path, corpus: Corpus | None = None) -> KnowledgeBase:
    """The knowledge base from the corpus' parsed sources: each source is read once, for the documents and here."""
    from corpora.registry import load_corpus
    from indexing.components.chunker import CorpusChunker

    corpus = corpus or load_corpus(corpus_dir)
    chunks = CorpusChunker().run(corpus.documents)["documents"]
    return KnowledgeBase(
        ozg=corpus.ozg,
        places=PlaceDirectory(corpus.places),
        law=corpus.law,
        services=corpus.services,
        organizations=corpus.organizations,
        chunks={str(c.meta["id"]): c for c in chunks},
        corpus_version=str(corpus.report["corpus_version"]),
        catalogue=corpus.catalogue,
    )
