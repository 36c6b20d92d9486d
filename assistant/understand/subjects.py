"""Every subject the assistant can answer about, with its names and their terms (built once per corpus).

A subject is what a group of chunks is about (:func:`corpora.ids.subject_of`). Its *names* are what a person
would call it: the chunk titles (service name, catalogue name, area, role, Lebenslage, § title), a service's
synonyms ("Begriffe im Kontext"), a ministry's abbreviation. Their terms feed the lexical features of the
candidate scorer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from assistant.knowledge import KnowledgeBase
from assistant.understand.lexical import Terms, TermWeights, doc_terms
from corpora.ids import SubjectRef, subject_of
from indexing.nlp.normalize import fold

_BATCH = 256
#: File of the cached catalogue in ``Settings.cache_dir`` (keyed like the knowledge base's start-up cache).
CACHE_FILE = "subjects.pickle"
#: How much of a page paragraph names it (the page title is shared by all paragraphs).
_PAGE_NAME_CHARS = 120


@dataclass
class SubjectInfo:
    ref: SubjectRef
    label: str
    names: list[str] = field(default_factory=list)
    chunk_ids: list[str] = field(default_factory=list)
    terms: Terms = field(default_factory=lambda: Terms(frozenset()))
    #: a catalogue entry whose Leistungsobjekt a curated service describes (the curated one answers better)
    covered: bool = False
    #: the Lebenslagen of the OZG catalogue this subject belongs to
    lebenslagen: frozenset[str] = frozenset()


class SubjectCatalog:
    """All subjects of a knowledge base; :meth:`build` runs the German pipeline over every name once."""

    def __init__(self) -> None:
        self.subjects: dict[SubjectRef, SubjectInfo] = {}
        self.weights: TermWeights = TermWeights([])
        self._texts: dict[str, str] = {}  # chunk id -> folded text, for :meth:`mentions`

    @classmethod
    def build(cls, knowledge: KnowledgeBase, nlp: Language) -> SubjectCatalog:
        catalog = cls()
        for chunk_id, chunk in knowledge.chunks.items():
            ref = subject_of(chunk_id)
            if ref is None:
                continue
            info = catalog.subjects.get(ref)
            if info is None:
                info = catalog.subjects[ref] = SubjectInfo(ref, _label(ref, chunk.meta, chunk.content or ""))
            info.chunk_ids.append(chunk_id)
            catalog._texts[chunk_id] = fold(chunk.content or "")
            name = _name(ref, chunk.meta, chunk.content or "")
            if name and name not in info.names:
                info.names.append(name)
        for service in knowledge.services:
            info = catalog.subjects.get(SubjectRef("service", service.key))
            if info is not None:
                info.label = service.name
                info.names += [b for b in service.begriffe if b not in info.names]
        for ministry in knowledge.organizations.ministries:
            info = catalog.subjects.get(SubjectRef("ministry", ministry.id))
            if info is not None:
                info.label = ministry.label
                info.names += [ministry.abbreviation]
        curated_objects = {
            key[:8] for s in knowledge.services for key in (s.leika_key, *s.weitere_leika_keys) if key
        }
        for info in catalog.subjects.values():
            info.chunk_ids.sort()
            if info.ref.kind == "catalogue":
                info.covered = info.ref.id[:8] in curated_objects
        _lebenslagen(catalog, knowledge)
        infos = list(catalog.subjects.values())
        docs = nlp.pipe((" . ".join(i.names) for i in infos), batch_size=_BATCH)
        for info, doc in zip(infos, docs, strict=True):
            info.terms = doc_terms(doc)
        catalog.weights = TermWeights(i.terms for i in infos)
        return catalog

    def get(self, ref: SubjectRef) -> SubjectInfo | None:
        return self.subjects.get(ref)

    def mentions(self, ref: SubjectRef, word: str) -> bool:
        """Whether any text of the subject contains ``word`` (folded): "Hauptwohnsitz" is in the texts of
        "Wohnsitz anmelden", "Drohnenführerschein" is in none of "Fahrerlaubnis erstmals beantragen"."""
        info = self.subjects.get(ref)
        folded = fold(word)
        return info is not None and any(folded in self._texts.get(c, "") for c in info.chunk_ids)


def load_subject_catalog(knowledge: KnowledgeBase, nlp: Language, cache_dir: Path | None) -> SubjectCatalog:
    """The catalogue of ``knowledge``: read from ``cache_dir / CACHE_FILE`` when it was built from the same sources
    and code (the knowledge base's source fingerprint; running the pipeline over every name takes seconds at each
    start), else built and cached. None, or a knowledge base not loaded through the start-up cache: built."""
    key = knowledge.fingerprint
    if cache_dir is None or not key:
        return SubjectCatalog.build(knowledge, nlp)
    from assistant.knowledge_cache import read_cache, write_cache

    path = cache_dir / CACHE_FILE
    cached = read_cache(path, key)
    if isinstance(cached, SubjectCatalog):
        return cached
    catalog = SubjectCatalog.build(knowledge, nlp)
    write_cache(path, key, catalog)
    return catalog


def _lebenslagen(catalog: SubjectCatalog, knowledge: KnowledgeBase) -> None:
    ozg = knowledge.ozg
    if ozg is None:
        return
    for info in catalog.subjects.values():
        ref = info.ref
        if ref.kind == "lebenslage":
            ids = {ref.id}
        elif ref.kind == "ozg_leistung" and ref.id in ozg.leistungen:
            ids = {ozg.leistungen[ref.id].lebenslage_id}
        elif ref.kind == "service":
            ids = {ozg.leistungen[p.leistung_id].lebenslage_id for p in ozg.placements.get(ref.id, [])}
        elif ref.kind == "catalogue" and (lebenslage := ozg.lebenslage_of_key(ref.id)) is not None:
            ids = {lebenslage.id}
        else:
            continue
        info.lebenslagen = frozenset(ids)


def _label(ref: SubjectRef, meta: dict, content: str) -> str:
    if ref.kind == "page":
        return str(meta.get("label") or ref.id)
    if ref.kind == "norm":
        return ref.id.split("/")[-1].replace("§", "§ ") + " EGovG LSA"
    return str(meta.get("title") or meta.get("label") or ref.id)


def _name(ref: SubjectRef, meta: dict, content: str) -> str:
    if ref.kind == "page":
        return content[:_PAGE_NAME_CHARS]
    return str(meta.get("title") or "")
