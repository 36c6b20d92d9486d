"""Compose the answer for an analysed question from direct look-ups and retrieval hits, per intent.

No generative model: every factual line is a quoted or paraphrased-with-quote statement of one chunk, cited
through :class:`~assistant.compose.draft.Draft`. When the sources do not carry an answer the composer says so
(``no_answer``) and points to help (115, the BUS LSA Zuständigkeitsfinder, the ministry's website).

Weak retrieval (used only when the question names no entity): the top hit must have an RRF score of at least
:data:`MIN_FUSION_SCORE` *and* share at least :data:`MIN_OVERLAP` topic words with the question. Qdrant's RRF
gives a document ranked first by one retriever only 0.5 (1/(1+1)); a score above that needs agreement of the
dense and the sparse list, which nonsense and off-topic questions ("Wie wird das Wetter morgen?") do not get.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from assistant.compose.catalogue import CatalogueObjects, compose_catalogue, entry_of_hit, named_entry
from assistant.compose.detail import DetailFinder
from assistant.compose.draft import HELP_TEXT, Draft, match_score, overlap
from assistant.compose.legal import compose_law_hits, compose_norm, law_frequency, parse_norm
from assistant.compose.org import OrganisationAnswers
from assistant.compose.service import (
    MODULES,
    compose_detail,
    compose_further_aspects,
    compose_service,
    compose_service_responsibility,
)
from assistant.hits import SearchHit
from assistant.knowledge import KnowledgeBase
from assistant.models import Answer, QueryAnalysis
from assistant.responsibility import ResponsibilityResolver
from corpora.base import SourceKind
from corpora.ids import authority_type_chunk_id, is_of, org_path, service_chunk_id, service_key_of

MIN_FUSION_SCORE = 0.55
MIN_OVERLAP = 1
#: An ambiguity is settled by the asked module when only one candidate has it and it matches this well.
MIN_MODULE_MATCH = 4
DEFAULT_SUGGESTIONS = (
    "Wer ist für die Bezahlplattform zuständig?",
    "Was kostet ein Personalausweis?",
    "Was steht in § 9 EGovG LSA?",
)
#: A place the question names: "in Halle (Saale)", "in Magdeburg".
_PLACE = re.compile(r"\bin (?:der Stadt )?(?!Sachsen)[A-ZÄÖÜ][a-zäöüß]+\b")
_DIGITAL = ("digitalis", "digitalisier", "online bringt", "online anbiet")


class AnswerComposer:
    """Builds an :class:`Answer` for a :class:`QueryAnalysis` and the retrieval hits."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge
        self.resolver = ResponsibilityResolver(knowledge)
        self.orgs = OrganisationAnswers(knowledge, self.resolver)
        self.objects = CatalogueObjects(knowledge)  # an object's Leistungen, listed in its answer
        self.details = DetailFinder(knowledge)
        self.law_frequency = law_frequency(knowledge)

    def compose(self, analysis: QueryAnalysis, hits: list[SearchHit] | None = None) -> tuple[Answer, int]:
        """:returns: the answer and the number of claims dropped because their quote did not verify."""
        hits = hits or []
        draft = Draft(self.knowledge, analysis.intent)
        if analysis.intent == "smalltalk":
            self._smalltalk(draft, analysis)
        elif analysis.intent == "out_of_scope":
            self._no_answer(
                draft,
                analysis,
                "Dazu kann ich nichts sagen: Ich beantworte nur Fragen zum "
                "E-Government-Gesetz Sachsen-Anhalt, zu Verwaltungsleistungen und zu den "
                "Zuständigkeiten der Landesverwaltung.",
            )
        elif len(analysis.ambiguous) > 1 and self.resolve_ambiguity(analysis, hits) is None:
            self._clarify(draft, analysis)
        elif not self._answer(draft, self.resolve_ambiguity(analysis, hits) or analysis, hits):
            dropped = draft.dropped
            draft = Draft(self.knowledge, analysis.intent)  # nothing half-said survives a failed answer
            draft.citations.dropped = dropped
            self._no_answer(draft, analysis, "Dazu enthalten meine Quellen keine verlässliche Antwort.")
        self._fill_suggestions(draft, analysis)
        return draft.answer(), draft.dropped

    def _fill_suggestions(self, draft: Draft, analysis: QueryAnalysis) -> None:
        """2–3 follow-up questions: the composer's own first, then ones about the named ministries."""
        if draft.clarification:
            return  # the options themselves are the follow-ups
        extra = [
            f"Welche Aufgaben hat {self._nominative(r.id)}?"
            for r in draft.responsible
            if r.kind in ("ministry", "staatskanzlei")
        ]
        extra += list(DEFAULT_SUGGESTIONS)
        asked = analysis.text.strip().casefold()
        seen: list[str] = []
        for question in [*draft.suggestions, *extra]:
            if question.casefold() != asked and question not in seen:
                seen.append(question)
        draft.suggestions = seen[:3]

    def _nominative(self, ministry_id: str) -> str:
        ministry = self.resolver.ministry(ministry_id)
        if ministry is None:
            return ministry_id
        return f"{'die' if ministry.kind == 'staatskanzlei' else 'das'} {ministry.abbreviation}"

    # --- dispatch -------------------------------------------------------------------------------
    def _answer(self, draft: Draft, analysis: QueryAnalysis, hits: list[SearchHit]) -> bool:
        question = analysis.resolved_text or analysis.text
        services = [s for e in analysis.of_kind("service") if (s := self.knowledge.service(e.id))]
        norms = [n for n in analysis.of_kind("norm") if parse_norm(n.id)]
        ids = [h.id for h in hits]
        if norms and analysis.intent == "legal":
            return compose_norm(draft, self.knowledge, norms[0].id, question, ids, self.law_frequency)
        if analysis.intent == "legal" and not services and self._law_hits(draft, question, hits):
            return True
        digital = any(word in question.casefold() for word in _DIGITAL)
        first = analysis.entities[0] if analysis.entities else None
        if (
            first is not None
            and first.kind == "topic"
            and analysis.intent == "responsibility"
            and self._topic_fits(first.id, services)
        ):
            if digital:
                self.orgs.digital_principle(draft)
            if self.orgs.answer(draft, analysis, first):  # "Wer ist für das Gaststättenrecht zuständig?"
                return True
        if services:
            service = services[0]
            if digital or analysis.intent == "responsibility" or analysis.aspect == "zustaendigkeit":
                said = compose_service_responsibility(
                    draft, self.resolver, service, digitalisation=digital, knowledge=self.knowledge
                )
                authorities = [a.id for a in analysis.of_kind("authority_type")]
                # "Wer ist in Halle (Saale) für …?": the authority record may name the place
                if _PLACE.search(question):
                    authorities += [a for a in service.authority_types if a not in authorities]
                for authority in authorities:  # "Wer ist in Magdeburg …?"
                    self.orgs.best_sentence(draft, authority_type_chunk_id(authority), question)
                if said and not digital:  # "… und was kostet es?", "… und wie viel Finderlohn?"
                    compose_further_aspects(draft, self.knowledge, service, question, "zustaendigkeit")
                    compose_detail(draft, self.details, service, question, "zustaendigkeit")
                return said
            if analysis.intent == "definition":
                return self.orgs.quote(draft, service_chunk_id(service.key, "kurztext"), f"„{service.name}“")
            compose_service(
                draft, self.knowledge, self.resolver, service, analysis.aspect, question, self.details
            )
            return True
        if (entry := named_entry(self.knowledge, analysis, ids[0] if ids else None)) is not None:
            return compose_catalogue(draft, self.knowledge, entry, self.objects.leistungen(entry))
        if digital:
            self.orgs.digital_principle(draft)
        for entity in self.orgs.entities(analysis, digital):
            if self.orgs.answer(draft, analysis, entity):
                if any(n.id == "egovg-lsa" for n in analysis.of_kind("norm")):  # "… nach dem EGovG LSA"
                    law = [h.id for h in hits if is_of(h.id, SourceKind.EGOVG_LSA)]
                    compose_law_hits(draft, self.knowledge, law[:1], question)
                return True
        if norms:  # a norm named in a non-legal question, after services and organisations
            return compose_norm(draft, self.knowledge, norms[0].id, question, ids, self.law_frequency)
        if draft.citations.citations:  # the principle alone answers "wer digitalisiert …?"
            return True
        return self._from_hits(draft, analysis, hits)

    def _topic_fits(self, topic_id: str, services: list[Any]) -> bool:
        """A named topic answers first unless a named service involves other authority types too
        ("Führungszeugnis": the relation names the Bundesamt für Justiz, the service the Meldebehörde too)."""
        relation = self.orgs.relation(org_path(topic_id))
        if relation is None:
            return False
        return not services or set(services[0].authority_types) <= {relation.authority_type}

    def _law_hits(self, draft: Draft, question: str, hits: list[SearchHit]) -> bool:
        """A legal question without a §: the law chunks among the top hits, if retrieval is strong."""
        law = [h for h in hits if is_of(h.id, SourceKind.EGOVG_LSA)]
        if not law or not (self.strong(question, hits) or self.strong(question, law)):
            return False
        return compose_law_hits(draft, self.knowledge, [h.id for h in law], question)

    # --- retrieval fallback ---------------------------------------------------------------------
    def _from_hits(self, draft: Draft, analysis: QueryAnalysis, hits: list[SearchHit]) -> bool:
        question = analysis.resolved_text or analysis.text
        if not hits or not self.strong(question, hits):
            return False
        ids = [h.id for h in hits]
        top = ids[0]
        if analysis.intent == "legal" and compose_law_hits(draft, self.knowledge, ids[:5], question):
            return True
        if (key := service_key_of(top)) is not None:
            service = self.knowledge.service(key)
            if service is not None:
                if analysis.intent == "responsibility":
                    return compose_service_responsibility(
                        draft, self.resolver, service, knowledge=self.knowledge
                    )
                compose_service(
                    draft, self.knowledge, self.resolver, service, analysis.aspect, question, self.details
                )
                return True
        if (entry := entry_of_hit(self.knowledge, top)) is not None and analysis.intent != "legal":
            return compose_catalogue(draft, self.knowledge, entry, self.objects.leistungen(entry))
        if is_of(top, SourceKind.ORGANIZATIONS) and self.orgs.from_hit(draft, analysis, top):
            return True
        definition = analysis.intent == "definition"
        if is_of(top, SourceKind.EGOVG_LSA) and compose_law_hits(
            draft, self.knowledge, ids[:5], question, definition
        ):
            return True
        return self.orgs.quote(draft, top, None, count=2)

    def resolve_ambiguity(self, analysis: QueryAnalysis, hits: list[SearchHit]) -> QueryAnalysis | None:
        """Retrieval settles an ambiguity when its top three hits name only one of the candidates."""
        candidates = {self._service_key(e.id): e for e in analysis.ambiguous}
        named = [self._service_key(key) for h in hits[:3] if (key := service_key_of(h.id)) is not None]
        named = [key for key in named if key in candidates]
        if not named or len(set(named)) > 1:  # the asked module may still tell them apart
            named = self._by_module(analysis)
        if not named:
            return None
        chosen = candidates[named[0]]
        others = [e for e in analysis.entities if e.kind != "service"]
        return replace(analysis, entities=[chosen, *others], ambiguous=[])

    def _by_module(self, analysis: QueryAnalysis) -> list[str]:
        """The only candidate that has a text for the asked aspect, if that text fits the question
        ("… wie schnell muss ich die Änderung der Zulassungsbehörde mitteilen?": of the vehicle services
        only "Fahrzeug umschreiben" states a deadline, "Änderungen sind … unverzüglich mitzuteilen")."""
        if analysis.aspect not in ("kosten", "unterlagen", "fristen"):
            return []
        module = MODULES[analysis.aspect][0]
        question = analysis.resolved_text or analysis.text
        having: list[tuple[int, str]] = []
        for entity in analysis.ambiguous:
            service = self.knowledge.service(entity.id)
            if service is None or not (ids := self.knowledge.service_chunk_ids(service, module)):
                continue
            best = max(match_score(question, self.knowledge.chunks[c].content or "") for c in ids)
            having.append((best, service.key))
        if len(having) != 1 or having[0][0] < MIN_MODULE_MATCH:
            return []
        return [having[0][1]]

    def _service_key(self, key: str) -> str:
        service = self.knowledge.service(key)
        return service.key if service is not None else key

    @staticmethod
    def strong(question: str, hits: list[SearchHit]) -> bool:
        """Whether retrieval alone supports an answer (see the module docstring for the thresholds)."""
        top = hits[0]
        text = f"{top.label or ''} {top.title or ''} {top.text or ''}"
        return float(top.score or 0.0) >= MIN_FUSION_SCORE and overlap(question, text) >= MIN_OVERLAP

    # --- simple forms ---------------------------------------------------------------------------
    def _smalltalk(self, draft: Draft, analysis: QueryAnalysis) -> None:
        text = analysis.text.casefold()
        if any(w in text for w in ("danke", "thank")):
            draft.say(
                "Gern geschehen! Fragen Sie mich gern weiter zu Verwaltungsleistungen und Zuständigkeiten "
                "in Sachsen-Anhalt."
            )
        elif any(w in text for w in ("tschüss", "auf wiedersehen", "bye", "ciao")):
            draft.say("Auf Wiedersehen!")
        else:
            draft.say(
                "Hallo! Ich beantworte Fragen zum E-Government-Gesetz Sachsen-Anhalt, zu "
                "Verwaltungsleistungen (z. B. Kosten, Unterlagen, Fristen) und zu Zuständigkeiten der "
                "Ministerien – jeweils mit Quellenangabe."
            )

    def _clarify(self, draft: Draft, analysis: QueryAnalysis) -> None:
        options = [e.label for e in analysis.ambiguous]
        draft.clarification = options
        draft.say(
            "Ihre Frage passt zu mehreren Leistungen. Welche meinen Sie: "
            + " oder ".join(f"„{o}“" for o in options)
            + "?"
        )
        draft.suggestions += options[:3]

    def _no_answer(self, draft: Draft, analysis: QueryAnalysis, reason: str) -> None:
        draft.no_answer = True
        draft.responsible.clear()
        draft.say(reason)
        draft.say(HELP_TEXT)
        for entity in analysis.of_kind("ministry"):
            ministry = self.resolver.ministry(entity.id)
            if ministry is not None and ministry.website:
                draft.say(f"{ministry.label} im Internet: {ministry.website}")
        draft.suggestions += [
            "Wer ist für die Bezahlplattform zuständig?",
            "Wo melde ich meinen Wohnsitz an?",
        ]
