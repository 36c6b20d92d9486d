"""``QueryAnalyzer``: the question analysis step of the answering pipeline.

Per user turn: cut out injected instructions, detect English and gloss it, run the German pipeline,
link entities, resolve the turn against the previous one, classify intent and aspect. Turns are
analysed oldest first, so a chain of follow-ups ("Perso?" → "Und was kostet das?" → "Und die
Unterlagen?") carries the entity all the way. Stateless: everything comes from ``messages``; after
:meth:`QueryAnalyzer.warm_up` an analysis takes about a millisecond.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from assistant.analysis.catalogue import CatalogueLinker
from assistant.analysis.english import detect_language, gloss
from assistant.analysis.entities import EntityLinker
from assistant.analysis.followup import disambiguate, resolve, resolved_text
from assistant.analysis.injection import find_injection
from assistant.analysis.intent import classify, find_cues
from assistant.analysis.lexicon import QuestionWords, question_words
from assistant.knowledge import KnowledgeBase
from assistant.knowledge_cache import read_cache, write_cache
from assistant.models import EntityRef, Message, QueryAnalysis
from indexing.nlp import build_german_nlp

log = logging.getLogger(__name__)

#: Nouns that ask *about* something rather than name a new subject ("Welche Unterlagen …?").
CUE_NOUNS = frozenset(
    "unterlage unterlagen dokument dokumente nachweis nachweise kosten gebuehr gebuehren frist fristen "
    "voraussetzung voraussetzungen antrag ablauf termin zustaendigkeit behoerde amt stelle ministerium "
    "gesetz paragraf paragraph rechtsgrundlage dauer bearbeitungszeit formular pflicht pflichten regelung "
    "vorschrift ausnahme anspruch hilfe info information informationen auskunft".split()
)
#: Only the start of a long assistant reply is read for hints, and only clear service names count.
MAX_REPLY_CHARS = 500
REPLY_MIN_SCORE = 0.7
#: Citations score at least this; a § linked by its title scores less.
CITED_NORM_SCORE = 0.85
#: Intents for which a catalogue-only service may be what the question is about.
CATALOGUE_INTENTS = frozenset({"service", "responsibility", "definition"})
#: A curated service linked below this (a candidate only, see ``MIN_SERVICE_SCORE`` of the entity linker)
#: gives way to a catalogue name that fits at least ``STRONG_CATALOGUE_SCORE``.
WEAK_CURATED_SCORE = 0.5
STRONG_CATALOGUE_SCORE = 0.9
#: How many user turns of a conversation are looked at (older ones rarely matter).
MAX_TURNS = 6
#: File of the cached lexicons in ``Settings.cache_dir``.
CACHE_FILE = "analysis.pickle"


class QueryAnalyzer:
    """Intent, aspect, entities, follow-up context, language and injection flag of the last user turn."""

    def __init__(self, knowledge: KnowledgeBase, cache_dir: Path | None = None) -> None:
        """:param cache_dir: keep the built lexicons in ``cache_dir / CACHE_FILE``, keyed by the knowledge base's
        source fingerprint (only for a knowledge base loaded through the start-up cache); None: build them."""
        self.knowledge = knowledge
        self.cache_dir = cache_dir
        self._nlp: Language | None = None
        self._linker: EntityLinker | None = None
        self._catalogue: CatalogueLinker | None = None

    def warm_up(self) -> None:
        """Build the German pipeline and the entity lexicons from the corpus (a few seconds with the catalogue),
        or read the lexicons from the start-up cache."""
        if self._linker is not None:
            return
        self._nlp = build_german_nlp()
        catalogue = CatalogueLinker(self.knowledge, self._nlp)
        linker = EntityLinker(self.knowledge, self._nlp)
        key = self.knowledge.fingerprint
        path = self.cache_dir / CACHE_FILE if self.cache_dir is not None and key else None
        cached = read_cache(path, key) if path is not None else None
        if not (isinstance(cached, dict) and _restore(cached, catalogue, linker)):
            catalogue.warm_up()
            linker.warm_up()
            if path is not None:
                write_cache(
                    path, key, {"catalogue": catalogue.export_state(), "entities": linker.export_state()}
                )
        self._catalogue = catalogue
        self._linker = linker

    @property
    def nlp(self) -> Language:
        """The German pipeline (built in :meth:`warm_up`); shared with the understanding step."""
        self.warm_up()
        assert self._nlp is not None
        return self._nlp

    def analyze(self, messages: list[Message]) -> QueryAnalysis:
        """Analyse the last user message in the context of the earlier user messages.

        :param messages: The conversation, oldest first. Assistant turns are not analysed; a reply is
            only read to settle an ambiguity ("Dann lassen Sie es außer Betrieb setzen").
        :returns: The analysis of the last user message; ``out_of_scope`` when there is none.
        """
        self.warm_up()
        # (user turn, the assistant reply just before it) for the last MAX_TURNS user turns
        turns: list[tuple[str, str]] = []
        reply = ""
        for message in messages:
            if message.role == "user":
                turns.append((message.content, reply))
            else:
                reply = message.content
        if not turns:
            return QueryAnalysis(text="", resolved_text="", intent="out_of_scope")
        analysis: QueryAnalysis | None = None
        previous: QueryAnalysis | None = None
        for text, reply in turns[-MAX_TURNS:]:
            previous = analysis
            analysis = self._analyze_turn(text, analysis, reply if analysis is not None else "")
        assert analysis is not None
        if previous is not None:
            analysis.previous_entities = list(previous.entities)
        return analysis

    def _analyze_turn(self, text: str, previous: QueryAnalysis | None, reply: str = "") -> QueryAnalysis:
        assert self._nlp is not None and self._linker is not None
        injection, cleaned = find_injection(text)
        language = detect_language(cleaned)
        german = gloss(cleaned) if language == "en" else cleaned
        cues = find_cues(german if language == "de" else f"{cleaned} {german}")
        doc = self._nlp(german)
        words = question_words(doc)
        entities, ambiguous = self._linker.link(german, words)
        # the reply is analysed at most once: for the carried subject, or to settle an open question below
        replied = self._reply_services(reply) if previous is not None and not previous.entities else None
        resolution = resolve(
            german, cues, entities, ambiguous, previous, novel=self._novel(doc), reply=replied or []
        )
        if resolution.ambiguous and previous is not None:
            # The previous turn's service decides only if that turn was not itself an open question.
            decided = [] if previous.ambiguous else previous.of_kind("service")
            from_reply = replied if replied is not None else self._reply_services(reply)
            resolution = disambiguate(resolution, from_reply, decided)
        intent, aspect = classify(
            cues, resolution.entities, fallback=resolution.fallback, elliptic=resolution.elliptic
        )
        catalogue = self._catalogue_entries(words, intent, resolution.entities, previous)
        if catalogue and (intent == "out_of_scope" or any(e.kind == "service" for e in resolution.entities)):
            # the catalogue name is the only hint that the question is about a service ("Spielhalle"), or
            # it replaces a curated service that matched only a word or two (below WEAK_CURATED_SCORE)
            resolution.entities = [e for e in resolution.entities if e.kind != "service"]
            resolution.ambiguous = []
            intent, aspect = classify(
                cues,
                [*resolution.entities, catalogue[0]],
                fallback=resolution.fallback,
                elliptic=resolution.elliptic,
            )
        resolution.entities = _drop_title_norms(resolution.entities, intent)
        if intent in ("smalltalk", "out_of_scope") and not resolution.carried:
            resolution.entities, resolution.ambiguous = [], []  # "Danke für die Hilfe" names no service
        return QueryAnalysis(
            catalogue=catalogue if intent in CATALOGUE_INTENTS else [],
            text=text,
            resolved_text=resolved_text(german, resolution, previous),
            intent=intent,
            aspect=aspect,
            entities=resolution.entities,
            follow_up=resolution.follow_up,
            ambiguous=resolution.ambiguous,
            language="en" if language == "en" else "de",
            injection=injection,
            carried=list(resolution.carried),
            cues=cues,
            doc=doc,
        )

    def _catalogue_entries(
        self,
        words: QuestionWords,
        intent: str,
        entities: list[EntityRef],
        previous: QueryAnalysis | None,
    ) -> list[EntityRef]:
        """Catalogue entries the question names, when it names no curated service clearly.

        A curated service linked at ``WEAK_CURATED_SCORE`` or better wins (its description says more than a
        catalogue line); a weaker candidate gives way only to a catalogue name that fits at
        ``STRONG_CATALOGUE_SCORE``. Entries of a Leistungsobjekt a curated service covers are never linked
        (see :class:`CatalogueLinker`). A follow-up that names nothing new ("Und die Rechtsgrundlage?")
        keeps the previous turn's entries.
        """
        curated = max((e.score for e in entities if e.kind == "service"), default=None)
        if intent == "smalltalk" or (curated is not None and curated >= WEAK_CURATED_SCORE):
            return []
        assert self._catalogue is not None
        found = self._catalogue.link(words)
        if curated is not None and not (found and found[0].score >= STRONG_CATALOGUE_SCORE):
            return []
        if not found and previous is not None and not entities:
            return list(previous.catalogue)
        return found

    def _novel(self, doc: Doc) -> bool:
        """Whether the turn names a noun the corpus does not know (capitalised, not sentence-initial)."""
        assert self._linker is not None
        return any(
            token.i > 0
            and token.text[:1].isupper()
            and not token.is_stop
            and token.is_alpha
            and token.norm_ not in CUE_NOUNS
            and not self._linker.knows(token.norm_)
            for token in doc
        )

    def _reply_services(self, reply: str) -> list[EntityRef]:
        """Services the assistant's reply names clearly (it may have answered a clarification)."""
        if not reply:
            return []
        assert self._nlp is not None and self._linker is not None
        return self._linker.services_in(question_words(self._nlp(reply[:MAX_REPLY_CHARS])), REPLY_MIN_SCORE)


def _restore(cached: dict[str, Any], catalogue: CatalogueLinker, linker: EntityLinker) -> bool:
    """Take the lexicons back from the start-up cache; False (and a log line) when they do not fit."""
    try:
        catalogue.restore_state(cached["catalogue"])
        linker.restore_state(cached["entities"])
    except (KeyError, TypeError) as e:
        log.warning("cached analyser lexicons do not fit (%s); rebuilding them", e)
        return False
    return True


def _drop_title_norms(entities: list[EntityRef], intent: str) -> list[EntityRef]:
    """Keep a § found only through its title ("Basisdienste" → § 17) for legal questions, and for
    definitions about nothing else; elsewhere a § would outrank the organisation or service the
    question is really about.
    """
    if intent == "legal" or (intent == "definition" and all(e.kind == "norm" for e in entities)):
        return entities
    return [e for e in entities if e.kind != "norm" or e.score >= CITED_NORM_SCORE]
