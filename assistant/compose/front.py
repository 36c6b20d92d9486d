"""The composer's front door: a :class:`~assistant.understand.decision.Decision` becomes an :class:`Answer`.

The decision says what to do (answer about one subject, ask back, decline) and which subject; this module
picks the composer for the subject's kind and states the subject first ("Zu „Meldebescheinigung beantragen“:"),
so a reader sees at once what the answer is about.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.citations import lead
from assistant.compose.answer_subjects import AnswerSubjects
from assistant.compose.catalogue import compose_catalogue
from assistant.compose.contact import with_contact_note
from assistant.compose.dispatch import AnswerComposer
from assistant.compose.draft import Draft
from assistant.compose.figures import figure_note, missing_figures
from assistant.compose.life_event import (
    asks_everything,
    compose_lebenslage,
    compose_lebenslage_line,
    compose_lebenslage_pointer,
    compose_ozg_leistung,
)
from assistant.compose.local import localize, outside_text, place_ref
from assistant.compose.supervision import asks_supervision, compose_supervision, supervised_types
from assistant.hits import SearchHit
from assistant.models import Answer, EntityRef, QueryAnalysis, Subject
from assistant.places.conversation import PlaceContext
from assistant.responsibility import Finding
from assistant.understand.decision import Decision
from assistant.understand.subjects import SubjectCatalog
from assistant.understand.understander import Understanding, cited_norms
from corpora.ids import SubjectRef, org_path, org_unit_id, subject_of
from indexing.nlp.normalize import fold

#: Subject kinds the organisation composer answers, and the entity kind it expects.
ORG_ENTITY = {
    "ministry": "ministry",
    "area": "area",
    "ozg_role": "ozg_role",
    "topic": "topic",
    "authority_type": "authority_type",
}
DECLINED = "Dazu enthalten meine Quellen keine verlässliche Antwort."
OUT_OF_SCOPE = (
    "Dazu kann ich nichts sagen: Ich beantworte nur Fragen zum E-Government-Gesetz Sachsen-Anhalt, zu "
    "Verwaltungsleistungen und zu den Zuständigkeiten der Landesverwaltung."
)


class DecisionComposer:
    def __init__(self, composer: AnswerComposer, catalog: SubjectCatalog) -> None:
        self.composer = composer
        self.catalog = catalog
        self.knowledge = composer.knowledge
        self.objects = composer.objects
        self.subjects = AnswerSubjects(self.knowledge, catalog, composer.orgs, self.objects)

    def subject(self, ref: SubjectRef, probability: float | None = None) -> Subject:
        return self.subjects.subject(ref, probability)

    def compose(
        self, decision: Decision, understanding: Understanding, place: PlaceContext | None = None
    ) -> tuple[Answer, int]:
        """The answer to a decision; with a place, local authorities become the offices of that place."""
        answer, dropped = self._compose(decision, understanding, place)
        if place is not None and place.place is not None:
            answer.place = place_ref(place.place, self.knowledge)
        if not answer.no_answer and not answer.clarification:
            answer.answer = with_contact_note(understanding.analysis.text, answer.answer)
            if missing := missing_figures(understanding.analysis.text, answer.answer):
                # the asked figure is not in the sources: said first, and the question counts as unanswered
                answer.answer = f"{figure_note(missing)}\n{answer.answer}"
                answer.no_answer = True
        return answer, dropped

    def _compose(
        self, decision: Decision, understanding: Understanding, place: PlaceContext | None
    ) -> tuple[Answer, int]:
        analysis = understanding.analysis
        hits = understanding.retrieval.hits if understanding.retrieval is not None else []
        if decision.outcome in ("smalltalk",):
            return self.composer.compose(replace(analysis, intent="smalltalk"), [])
        if decision.outcome == "decline":
            return self._decline(analysis, decision)
        if decision.outcome == "clarify":
            if (
                place is not None
                and place.outside
                and all(o.subject.kind == "service" for o in decision.options)
            ):
                return self._outside(analysis, decision, place.outside)
            return self._clarify(analysis, decision)
        assert decision.chosen is not None
        ref = self.objects.concrete_ref(decision.chosen.subject, analysis.text)  # a Leistung, not its heading
        draft = Draft(self.knowledge, decision.intent)  # type: ignore[arg-type]
        draft.query_vector = (
            understanding.retrieval.embedding if understanding.retrieval is not None else None
        )
        label = self.subject(ref).label
        draft.say(f"Zu „{label}“:")
        supervised = asks_supervision(analysis.text) and compose_supervision(  # the asked supervisor first
            draft, self.knowledge, supervised_types(ref, analysis, self.knowledge)
        )
        if not self._answer(draft, ref, decision, analysis, hits) and not supervised:
            return self._decline(analysis, decision, DECLINED, draft.dropped)
        self._named_norm(draft, analysis, ref)
        self._list_type(draft, ref)
        if place is not None:
            if place.outside and any(r.kind == "authority_type" for r in draft.responsible):
                return self._outside(analysis, decision, place.outside)
            localize(draft, self.knowledge, place)
        if not draft.no_answer:  # an answer that says the sources lack the asked detail points nowhere else
            self._lebenslage(draft, ref, understanding, asks_everything(analysis.text))
        self.composer._fill_suggestions(draft, analysis)  # noqa: SLF001 - the composer's own helper
        answer = draft.answer()
        answer.subjects = [
            self.subject(ref, decision.probability),
            *self.subjects.covered(ref, answer),
        ]
        return answer, draft.dropped

    def _lebenslage(
        self, draft: Draft, ref: SubjectRef, understanding: Understanding, everything: bool
    ) -> None:
        """The Lebenslage a service or catalogue Leistung belongs to, the likeliest Lebenslage candidate first; for
        "Was muss ich alles erledigen?" with the other services described for it."""
        ranked = sorted(understanding.candidates, key=lambda c: -c.probability)
        preferred = [c.subject.id for c in ranked if c.subject.kind == "lebenslage"]
        service = self.knowledge.service(ref.id) if ref.kind == "service" else None
        entry = self.knowledge.catalogue_entry(ref.id) if ref.kind == "catalogue" else None
        if service is not None and everything:
            if compose_lebenslage_pointer(draft, self.knowledge, service, self.composer.resolver, preferred):
                return
        if service is not None or entry is not None:
            key, name = (service.key, service.name) if service is not None else (entry.key, entry.name)
            compose_lebenslage_line(draft, self.knowledge, key, name, preferred)

    def _answer(
        self,
        draft: Draft,
        ref: SubjectRef,
        decision: Decision,
        analysis: QueryAnalysis,
        hits: list[SearchHit],
    ) -> bool:
        kb = self.knowledge
        if ref.kind == "catalogue":
            entry = kb.catalogue_entry(ref.id)
            return entry is not None and compose_catalogue(draft, kb, entry, self.objects.leistungen(entry))
        if ref.kind == "lebenslage":
            return compose_lebenslage(draft, kb, ref.id, self.composer.resolver)
        if ref.kind == "ozg_leistung":
            return compose_ozg_leistung(draft, kb, ref.id, self.composer.resolver)
        if ref.kind == "agency":
            return self._agency(draft, ref)
        if ref.kind in ("page", "principle", "place"):
            return self.composer.orgs.quote(draft, self.catalog.subjects[ref].chunk_ids[0], None, count=2)
        entity = self._entity(ref, analysis)
        context = [e for e in analysis.of_kind("authority_type") if ref.kind == "service"]
        focused = replace(
            analysis,
            intent=decision.intent,
            aspect=decision.aspect,
            entities=[entity, *context],
            ambiguous=[],
            catalogue=[],
        )
        if ref.kind in ORG_ENTITY:  # the record of the chosen organisation subject answers, nothing else
            return self.composer.orgs.answer(draft, focused, entity)
        return self.composer._answer(draft, focused, hits)  # noqa: SLF001 - services and norms

    def _agency(self, draft: Draft, ref: SubjectRef) -> bool:
        """A subordinate authority: what it is (its record) and the ministry whose Geschäftsbereich it is in."""
        info = self.catalog.subjects[ref]
        chunk_id = info.chunk_ids[0]
        text = self.knowledge.chunks[chunk_id].content or ""
        ministry = self.composer.resolver.ministry(ref.id.split("/")[0])
        first = lead(text, 1)
        if ministry is not None and first:
            finding = Finding(
                ministry.id,
                ministry.name,
                ministry.kind,
                "Geschäftsbereich (nachgeordnete Behörde)",
                chunk_id,
                first,
                abbreviation=ministry.abbreviation,
            )
            # the ministry by its own name, as people and signs write it (the record's sentence declines it)
            label = f"{ministry.name} ({ministry.abbreviation})" if ministry.abbreviation else ministry.name
            draft.add_finding(
                finding,
                text=f"Übergeordnetes Ministerium: {label}; in diesem Geschäftsbereich nachgeordnet: „{info.label}“",
            )
        rest = lead(text, 3)[len(first) :].strip()
        if rest:
            draft.claim(f"„{rest}“", chunk_id, rest)
        for type_id in self._same_authority_types(
            ref
        ):  # "Finanzämter" is also the authority type "Finanzamt"
            for finding in self.composer.resolver.for_authority_type(type_id)[:1]:
                draft.add_finding(finding, text=f"Als ausführende Stelle: {finding.name}")
        return bool(draft.citations.citations)

    def _named_norm(self, draft: Draft, analysis: QueryAnalysis, ref: SubjectRef) -> None:
        """A § the question names ("… nach § 17 EGovG LSA?") is quoted beside an answer about something else, so
        the reader can check the answer against it (a § the index lacks is said to be missing, not guessed)."""
        if ref.kind == "norm":
            return
        for norm in cited_norms(analysis)[:1]:
            paragraph = subject_of(norm.id)
            info = self.catalog.get(paragraph) if paragraph is not None else None
            chunk_ids = info.chunk_ids if info is not None else []  # sorted once, when the catalogue is built
            chunk_id = next((c for c in chunk_ids if c == norm.id or c.startswith(norm.id + "/")), None)
            if chunk_id is None:
                draft.say(
                    f"{norm.label} ist in der indexierten Fassung nicht enthalten; den amtlichen Text finden Sie "
                    "unter https://www.landesrecht.sachsen-anhalt.de."
                )
                return
            quote = lead(self.knowledge.chunks[chunk_id].content or "")
            if quote:
                draft.claim(f"{norm.label} sagt dazu: „{quote}“", chunk_id, quote)

    def _outside(self, analysis: QueryAnalysis, decision: Decision, outside: str) -> tuple[Answer, int]:
        """A local office asked for a place in another Land: the sources (Sachsen-Anhalt only) do not answer
        it, and the Land's ministries and rules would be wrong there."""
        draft = Draft(self.knowledge, decision.intent)  # type: ignore[arg-type]
        draft.say(outside_text(outside))
        answer = draft.answer()
        answer.no_answer = True
        return answer, 0

    def _list_type(self, draft: Draft, ref: SubjectRef) -> None:
        """An answer about an authority type lists it under ``responsible`` (cited, no extra sentence), also when
        the record only described it ("Was macht das Landesverwaltungsamt?"); with a place, that entry is the one
        :func:`localize` turns into the concrete office ("Meldebehörde Kuhfelde")."""
        if ref.kind != "authority_type" or any(r.id == ref.id for r in draft.responsible):
            return
        for finding in self.composer.resolver.for_authority_type(ref.id)[:1]:
            draft.add_finding(finding)

    def _same_authority_types(self, agency: SubjectRef) -> list[str]:
        """Authority types named by the agency's name: the type's head word ("Finanzamt") is a lemma of it
        ("Finanzämter"); "Versorgungsamt im Landesverwaltungsamt" is not the Landesverwaltungsamt."""
        info = self.catalog.get(agency)
        if info is None:
            return []
        return [
            other.ref.id
            for other in self.catalog.subjects.values()
            if other.ref.kind == "authority_type" and fold(other.label.split()[0]) in info.terms.whole
        ]

    def _entity(self, ref: SubjectRef, analysis: QueryAnalysis) -> EntityRef:
        label = self.subject(ref).label
        if ref.kind == "norm":
            # the Absatz the question sentence cites first ("§ 7 Abs. 1 spricht von … Was regelt § 7 Abs. 2?")
            within = [e for e in cited_norms(analysis) if e.id.startswith(ref.id + "/") or e.id == ref.id]
            if within:
                return within[0]
            cited = [e for e in analysis.of_kind("norm") if e.id.startswith(ref.id + "/") or e.id == ref.id]
            best = max(cited, key=lambda e: e.score, default=None)
            return best or EntityRef("norm", ref.id, label)
        if ref.kind == "service":
            return EntityRef("service", ref.id, label)
        kind = ORG_ENTITY.get(ref.kind, ref.kind)
        ident = org_path(org_unit_id(ref.id)) if kind != "authority_type" else ref.id
        return EntityRef(kind, ident, label)  # type: ignore[arg-type]

    def _decline(
        self, analysis: QueryAnalysis, decision: Decision, reason: str | None = None, dropped: int = 0
    ) -> tuple[Answer, int]:
        draft = Draft(self.knowledge, decision.intent)  # type: ignore[arg-type]
        draft.citations.dropped = dropped
        in_domain = analysis.cues is not None and analysis.cues.domain
        text = reason or (DECLINED if in_domain or analysis.follow_up else OUT_OF_SCOPE)
        self.composer._no_answer(draft, analysis, text)  # noqa: SLF001
        self.composer._fill_suggestions(draft, analysis)  # noqa: SLF001
        return draft.answer(), draft.dropped

    def _clarify(self, analysis: QueryAnalysis, decision: Decision) -> tuple[Answer, int]:
        draft = Draft(self.knowledge, decision.intent)  # type: ignore[arg-type]
        options = [self.subject(c.subject, c.probability) for c in decision.options]
        draft.clarification = [o.label for o in options]
        if decision.narrower:
            draft.say(
                f"Dazu habe ich keine eigene Beschreibung, nur zu „{options[0].label}“ – das ist nicht dasselbe "
                "wie das, wonach Sie fragen. Meinen Sie das?"
            )
        elif decision.unsure:
            draft.say(
                "Ich bin nicht sicher, ob ich Ihre Frage richtig verstehe. Meinen Sie "
                + " oder ".join(f"„{o.label}“" for o in options)
                + "?"
            )
        else:
            draft.say(
                "Ihre Frage passt zu mehreren Leistungen. Welche meinen Sie: "
                + " oder ".join(f"„{o.label}“" for o in options)
                + "?"
            )
        draft.suggestions += [o.label for o in options][:3]
        answer = draft.answer()
        answer.subjects = options
        return answer, 0
