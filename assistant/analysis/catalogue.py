"""Linking a question to a Leistungskatalog entry (LeiKa, Stand ~2019) that has no curated description.

The ~4,800 catalogue names get their own phrase lexicon, built once in :meth:`CatalogueLinker.warm_up`: kept
apart from the curated services so they never change intent, ambiguity or follow-up handling of the curated
ones; they only say which catalogue entry a service question most likely means.
"""

from __future__ import annotations

from spacy.language import Language

from assistant.analysis.lexicon import PhraseLexicon, QuestionWords, Target
from assistant.knowledge import KnowledgeBase
from assistant.models import EntityRef

#: A catalogue entry counts only when the question covers its name this well (names are many and short).
MIN_CATALOGUE_SCORE = 0.75
#: Candidates returned (best first); the composer uses the first, retrieval sees them all.
MAX_CANDIDATES = 3
#: Digits of a LeiKa key that name the Leistungsobjekt ("99008001" Personalausweis).
OBJECT_DIGITS = 8
_BATCH = 256


class CatalogueLinker:
    """The catalogue entries a question names; :meth:`link` is pure after :meth:`warm_up`."""

    def __init__(self, knowledge: KnowledgeBase, nlp: Language) -> None:
        self.knowledge = knowledge
        self._nlp = nlp
        self._lexicon: PhraseLexicon | None = None

    def warm_up(self) -> None:
        """Build the lexicon of catalogue names (a few seconds for 4,800 names; once per process)."""
        if self._lexicon is not None:
            return
        lexicon = PhraseLexicon(self._nlp)
        # A Leistungsobjekt (first 8 digits of the key) that a curated service covers is left to the curated
        # linker and retrieval: "Was kostet ein Personalausweis?" means the curated "Personalausweis
        # beantragen", not the catalogue's bare object entry "Personalausweis".
        covered = {key[:OBJECT_DIGITS] for key in self._curated_keys()}
        entries = [
            e for e in self.knowledge.catalogue if not e.general_note and e.key[:OBJECT_DIGITS] not in covered
        ]
        # nlp.pipe in batches: the names are short and many; per-name calls would dominate the warm-up
        docs = self._nlp.pipe((e.name for e in entries), batch_size=_BATCH)
        for entry, doc in zip(entries, docs, strict=True):
            lexicon.add_doc(doc, entry.name, Target("service", entry.key, entry.name))
        lexicon.freeze()
        self._lexicon = lexicon

    def export_state(self) -> dict[str, object]:
        """What :meth:`warm_up` built, for the start-up cache (:meth:`restore_state` takes it back)."""
        assert self._lexicon is not None, "call warm_up() first"
        return {"lexicon": self._lexicon}

    def restore_state(self, state: dict[str, object]) -> None:
        lexicon = state["lexicon"]
        if not isinstance(lexicon, PhraseLexicon):
            raise TypeError(f"not a catalogue lexicon: {type(lexicon).__name__}")
        self._lexicon = lexicon

    def _curated_keys(self) -> set[str]:
        return {key for s in self.knowledge.services for key in (s.leika_key, *s.weitere_leika_keys) if key}

    def link(self, words: QuestionWords) -> list[EntityRef]:
        """Catalogue entries the question names well enough (kind ``service``, id = LeiKa key), best first.

        Ties go to the entry whose name the question covers with more weight ("Altpapier Entsorgung"
        before "Altpapier"), then to the shorter key path (the Leistungsobjekt before its variants).
        """
        assert self._lexicon is not None, "call warm_up() first"
        matches = self._lexicon.match(words, minimum=MIN_CATALOGUE_SCORE)
        matches.sort(key=lambda m: (-m.score, -m.weight, len(m.target.id.rstrip("0")), m.target.id))
        return [
            EntityRef("service", m.target.id, m.target.label, m.score, m.matched)
            for m in matches[:MAX_CANDIDATES]
        ]
