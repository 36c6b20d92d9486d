"""Answers for a service that only the Leistungskatalog (LeiKa, Stand ~2019) knows.

The catalogue names the service, its key, who regulates and who executes it (Typisierung) and the legal basis
– nothing about the authority in Sachsen-Anhalt. So the answer says exactly that much, cites the indexed entry,
says plainly that no Sachsen-Anhalt description is indexed, and points to the BUS LSA Zuständigkeitsfinder. It
names no authority: the data names none.
"""

from __future__ import annotations

import re
from collections import defaultdict

from assistant.compose.draft import BUS_URL, HELP_115, STOPWORDS, Draft
from assistant.knowledge import KnowledgeBase
from assistant.models import QueryAnalysis
from corpora.base import SourceKind
from corpora.ids import SubjectRef, catalogue_chunk_id, catalogue_key_of, is_of
from corpora.leika_models import CatalogueEntry
from corpora.ozg_katalog import OBJECT_DIGITS
from indexing.nlp.lemmas import lemmatize

#: Words that share this many first letters (or lemmas that do) are one word ("abgeholt" / "Abholung").
STEM = 5
#: At most this many Leistungen of an object are listed by name (the rest are counted).
MAX_LISTED = 8
#: The last digits of a LeiKa key number a variant of a Leistung ("…005001"); the plain Leistung has these.
PLAIN_VARIANT = "000"
_WORD = re.compile(r"[\wäöüÄÖÜß]+")


def entry_of_hit(knowledge: KnowledgeBase, hit_id: str) -> CatalogueEntry | None:
    """The catalogue entry of a retrieved chunk id (``leika/<key>``), if it is one."""
    key = catalogue_key_of(hit_id)
    return knowledge.catalogue_entry(key) if key is not None else None


def named_entry(
    knowledge: KnowledgeBase, analysis: QueryAnalysis, top_hit: str | None = None
) -> CatalogueEntry | None:
    """The catalogue entry the question names, unless an organisation or § is named more clearly or the
    best search hit is a curated service description (it then answers better than a catalogue line)."""
    if not analysis.catalogue or is_of(top_hit or "", SourceKind.FIM):
        return None
    best = analysis.catalogue[0]
    if any(e.score > best.score for e in analysis.entities):
        return None
    return knowledge.catalogue_entry(best.id)


def is_object_entry(key: str) -> bool:
    """The catalogue line of a Leistungsobjekt itself, without a Verrichtung: a LeiKa key's first eight digits name
    the object ("Blindengeld" 99107030000000), its Leistungen add a Verrichtung ("Blindengeld Gewährung",
    99107030080000)."""
    return key[OBJECT_DIGITS:] == "0" * (len(key) - OBJECT_DIGITS)


def _stems(text: str) -> set[str]:
    out: set[str] = set()
    for word in _WORD.findall(text):
        if len(word) >= 4 and word.casefold() not in STOPWORDS:
            out |= {word.casefold()[:STEM], lemmatize(word)[:STEM]}
    return out


class CatalogueObjects:
    """The concrete Leistungen the catalogue lists under each Leistungsobjekt.

    An object's own line ("Kirchenaustritt") is a heading, not a service one applies for; a citizen asking about
    it means one of its Leistungen ("Kirchenaustritt Bescheinigung"). Objects that a curated service describes are
    left alone: the catalogue does not list that service among the object's Leistungen (it is indexed as the
    curated description), so "its only Leistung" would be the wrong one. Built once per process.
    """

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge
        self.by_object: dict[str, list[CatalogueEntry]] = defaultdict(list)
        for entry in knowledge.catalogue:
            if not is_object_entry(entry.key):
                self.by_object[entry.key[:OBJECT_DIGITS]].append(entry)
        self.curated = {
            key[:OBJECT_DIGITS]
            for s in knowledge.services
            for key in (s.leika_key, *s.weitere_leika_keys)
            if key
        }

    def leistungen(self, entry: CatalogueEntry) -> list[CatalogueEntry]:
        """The Leistungen under an object's own line; none for a line that is a Leistung itself or whose object a
        curated service describes."""
        object_key = entry.key[:OBJECT_DIGITS]
        if not is_object_entry(entry.key) or object_key in self.curated:
            return []
        return list(self.by_object.get(object_key, ()))

    def concrete(self, entry: CatalogueEntry, question: str) -> CatalogueEntry | None:
        """The one Leistung an object's line stands for: its only one, or the only one whose own words (beyond
        the object's name) the question uses; None when the question leaves it open."""
        leistungen = self.leistungen(entry)
        if len(leistungen) == 1:
            return leistungen[0]
        asked = _stems(question)
        heading = _stems(entry.name)
        named = [e for e in leistungen if (_stems(e.name) - heading) & asked]
        return named[0] if len(named) == 1 else None

    def general(self, entry: CatalogueEntry, question: str) -> CatalogueEntry | None:
        """The plain Leistung of a variant the question does not name: "heilpraktiker erlaubnis" means
        "Ausübung der Heilkunde Erlaubnis" (99018008005000), not its variant "… auf dem Gebiet der
        Psychotherapie" (…005001), unless the question uses a word of the variant's own."""
        if entry.key.endswith(PLAIN_VARIANT):
            return None
        plain = self.knowledge.catalogue_entry(entry.key[: -len(PLAIN_VARIANT)] + PLAIN_VARIANT)
        if plain is None:
            return None
        own = _stems(entry.name) - _stems(plain.name)
        return plain if own and not own & _stems(question) else None

    def concrete_ref(self, ref: SubjectRef, question: str) -> SubjectRef:
        """``ref`` itself, the Leistung its object line stands for (:meth:`concrete`), or the plain Leistung of a
        variant the question does not name (:meth:`general`)."""
        entry = self.knowledge.catalogue_entry(ref.id) if ref.kind == "catalogue" else None
        if entry is None:
            return ref
        chosen = self.general(entry, question) or self.concrete(entry, question)
        return SubjectRef(kind="catalogue", id=chosen.key) if chosen is not None else ref


def compose_catalogue(
    draft: Draft,
    knowledge: KnowledgeBase,
    entry: CatalogueEntry,
    leistungen: list[CatalogueEntry] | None = None,
) -> bool:
    """Name, key, Typisierung in words, legal basis and the outdated-key note, all cited from the entry's
    chunk; then the plain statement that no Sachsen-Anhalt description exists and the referral.

    :param leistungen: the Leistungen the catalogue lists under an object's own line (:meth:`CatalogueObjects.
        leistungen`): each is named with its key and cited from its own entry.
    :returns: False when the entry's chunk is not indexed (the caller then says it has no answer).
    """
    chunk_id = catalogue_chunk_id(entry.key)
    chunk = knowledge.chunk(chunk_id)
    if chunk is None or not chunk.content:
        return False
    quote = chunk.content  # short (a few lines): every statement below is a line of it
    if entry.general_note:
        lead = (
            f"Im Leistungskatalog (LeiKa, Stand 2019) steht „{entry.name}“ (Schlüssel {entry.key}) nur als "
            "allgemeiner Hinweis, nicht als konkrete Verwaltungsleistung"
        )
    else:
        lead = (
            f"Im Leistungskatalog (LeiKa, Stand 2019) ist die Leistung „{entry.name}“ mit dem "
            f"Leistungsschlüssel {entry.key} verzeichnet"
        )
    if draft.claim(lead, chunk_id, quote) is None:
        return False
    if entry.typisierung and not entry.general_note:
        draft.claim(entry.typisierung_text, chunk_id, quote)
    elif not entry.typisierung:
        draft.claim("Eine Typisierung (wer regelt, wer vollzieht) nennt der Katalog nicht", chunk_id, quote)
    if entry.legal_basis:
        draft.claim(f"Rechtsgrundlage laut Katalog: {entry.legal_basis_text}", chunk_id, quote)
    elif entry.laws:
        draft.claim(f"Gesetz laut Katalog: {', '.join(entry.law_names())}", chunk_id, quote)
    if entry.outdated:
        maybe = "vermutlich " if entry.replacement_certainty == "vermutet" else ""
        if entry.replaced_by:
            current = knowledge.service(entry.replaced_by)
            name = current.name if current is not None else entry.replaced_by_name
            named = f"{entry.replaced_by} („{name}“)" if name else entry.replaced_by
            draft.claim(
                f"Dieser Schlüssel ist {maybe}überholt; der aktuelle Schlüssel ist {named}", chunk_id, quote
            )
            if current is not None:
                draft.suggestions.append(f"Wie beantrage ich „{current.name}“?")
        else:
            draft.claim(f"Dieser Schlüssel ist {maybe}überholt", chunk_id, quote)
    _list_leistungen(draft, knowledge, leistungen or [])
    draft.claim(
        "Eine Leistungsbeschreibung für Sachsen-Anhalt ist dazu noch nicht hinterlegt", chunk_id, quote
    )
    draft.say("Welche Behörde vor Ort zuständig ist, nennen meine Quellen deshalb nicht.")
    draft.say(
        f"Die zuständige Stelle finden Sie im Zuständigkeitsfinder des BUS LSA unter {BUS_URL} "
        f"oder über {HELP_115}."
    )
    return True


def _list_leistungen(draft: Draft, knowledge: KnowledgeBase, leistungen: list[CatalogueEntry]) -> int:
    """Name an object's Leistungen ("Wahlhelfer Anmeldung", "Wahlhelfer Verpflichtung"), each cited from its own
    entry, so a reader sees which concrete service the heading stands for; returns how many were named."""
    named = 0
    for entry in leistungen[:MAX_LISTED]:
        chunk_id = catalogue_chunk_id(entry.key)
        chunk = knowledge.chunk(chunk_id)
        if chunk is None or not chunk.content:
            continue
        if named == 0:
            draft.say("Unter diesem Leistungsobjekt verzeichnet der Katalog diese Leistungen:")
        if draft.claim(f"- „{entry.name}“ (Schlüssel {entry.key})", chunk_id, chunk.content) is not None:
            named += 1
    if named and len(leistungen) > named:
        draft.say(f"- und {len(leistungen) - named} weitere")
    return named
