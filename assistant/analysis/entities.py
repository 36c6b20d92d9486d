"""Entity linking: services, ministries, areas, OZG roles, topics, authority types and norms, from the corpus.

Every name comes from the knowledge base (service names and FIM synonyms, ministry names and
abbreviations, areas, OZG roles, relation topics, authority types, § titles); nothing here lists a
service or a ministry by hand. Ids follow the chunk ids so callers can look chunks up directly:
``MID/role/5`` ↔ ``org/MID/role/5``, ``relation/2`` ↔ ``org/relation/2``, ``egovg-lsa/§9/abs1``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language

from assistant.analysis.lexicon import PhraseLexicon, QuestionWords, Target, build_lexicon
from assistant.knowledge import KnowledgeBase
from assistant.models import EntityRef
from indexing.nlp.citations import parse_citations
from indexing.nlp.normalize import fold

LAW_ID, LAW_LABEL = "egovg-lsa", "EGovG LSA"
#: Laws a citation may name when it means the EGovG LSA (the only law in the corpus).
_OWN_LAW = {None: 0.9, "EGovG LSA": 1.0, "EGovG": 0.85}
_LEIKA = re.compile(r"(?<!\d)\d{14}(?!\d)")
_PARENTHESES = re.compile(r"\s*\(([^)]*)\)")
#: "Innenministerium", "Bildungsminister", "Finanzministerin": a ministry named by its subject.
#: Inflected forms count too: "des Justizministeriums", "dem Innenminister", "die Bildungsministerinnen".
_MINISTRY_COMPOUND = re.compile(
    r"^([a-z]{3,}?)-?(?:ministeriums?|ministerien|ministerin(?:nen)?|minister[sn]?)$"
)
#: A question whether the law applies to someone: "Gilt das EGovG LSA für …", "… vom Gesetz ausgenommen".
_APPLIES = re.compile(
    r"\b(gilt|gelten)\b.{0,40}\b(egovg|e-government-gesetz|gesetz)|"
    r"\b(egovg|e-government-gesetz|gesetz)\b.{0,60}\b(gilt|gelten|anwendbar|anzuwenden)\b"
)
#: Ranking when scores tie: the more specific kind first.
KIND_ORDER = ("norm", "service", "ozg_role", "ministry", "topic", "authority_type", "area")
#: Services within this distance of the best one, reached by the same words, are ambiguous.
AMBIGUITY_MARGIN = 0.05
#: ... and, when no phrase of the best one is complete, rivals this close that match the same words.
WEAK_AMBIGUITY_MARGIN = 0.3
MIN_RIVAL_SCORE = 0.4
#: From here on a partial match is good enough that only near-ties make it ambiguous.
CLEAR_SCORE = 0.75
#: Below this a service is only a candidate for ambiguity, not an entity of the question.
MIN_SERVICE_SCORE = 0.5
PARENTHESIS_FACTOR = 0.85
#: A ministry named only by a subject word of its name ("Bildung" → Ministerium für Bildung).
SUBJECT_SCORE = 0.7


def _variants(text: str, target: Target) -> Iterator[tuple[str, Target, float]]:
    """A name, the name without its parentheses or "nach § …", and each parenthesis on its own.

    A parenthesis is only part of a name ("(abmelden)", "(Führerschein)"): it links, but it never
    counts as a complete match that would rule out ambiguity.
    """
    yield text, target, 1.0
    bare = _PARENTHESES.sub("", text).strip()
    if bare and bare != text:
        yield bare, target, 1.0
    qualified = re.split(r"\s+(?:nach|gemäß|im Sinne)\s+§", bare)[0].strip()
    if qualified and qualified != bare:
        yield qualified, target, 1.0
    for inner in _PARENTHESES.findall(text):
        for piece in re.split(r"/|,| oder ", inner):
            if piece.strip():
                yield piece.strip(), target, PARENTHESIS_FACTOR


def _enumeration(text: str, target: Target) -> Iterator[tuple[str, Target, float]]:
    """Each item of an enumerating name: "Brandschutz, Katastrophenschutz und Rettungswesen"."""
    bare = _PARENTHESES.sub("", text.split(":")[-1])
    items = [i.strip() for i in re.split(r",\s*|\s+und\s+|\s+sowie\s+", bare) if len(i.strip()) > 3]
    if len(items) > 1:
        for item in items:
            if not item.endswith("-"):  # "Melde-" in "Melde-, Pass- und Ausweiswesen" is no name
                yield item, target, 1.0


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:die|der|das|den|dem)\s+", "", text)


def _stem(word: str) -> str:
    return re.sub(r"(?:es|en|e|s)$", "", fold(word))


class EntityLinker:
    """Builds its lexicons from a :class:`KnowledgeBase` in :meth:`warm_up`; :meth:`link` is pure."""

    def __init__(self, knowledge: KnowledgeBase, nlp: Language) -> None:
        self.knowledge = knowledge
        self._nlp = nlp
        self._services: PhraseLexicon | None = None
        self._organizations: PhraseLexicon | None = None
        self._abbreviations: dict[str, Target] = {}
        self._ministry_stems: list[tuple[str, Target]] = []
        #: subject words of the ministry names ("Justiz", "Bildung"): a ministry named by its subject
        self._subjects: dict[str, Target] = {}
        self._leika: dict[str, Target] = {}

    def warm_up(self) -> None:
        kb = self.knowledge
        services: list[tuple[str, Target, float]] = []
        for service in kb.services:
            target = Target("service", service.key, service.name)
            for key in (service.leika_key, *service.weitere_leika_keys):
                if key:
                    self._leika.setdefault(key, target)
            services.extend(_variants(service.name, target))
            services.extend((text, target, 1.0) for text in service.begriffe)
        self._services = build_lexicon(self._nlp, services)
        self._organizations = build_lexicon(self._nlp, self._organization_phrases())

    #: What :meth:`warm_up` builds, exported for the start-up cache.
    _DERIVED = ("_services", "_organizations", "_abbreviations", "_ministry_stems", "_subjects", "_leika")

    def export_state(self) -> dict[str, object]:
        """What :meth:`warm_up` built, for the start-up cache (:meth:`restore_state` takes it back)."""
        assert self._services is not None, "call warm_up() first"
        return {name: getattr(self, name) for name in self._DERIVED}

    def restore_state(self, state: dict[str, object]) -> None:
        if set(state) != set(self._DERIVED):
            raise TypeError(f"entity linker state has keys {sorted(state)}, expected {sorted(self._DERIVED)}")
        for name in self._DERIVED:
            setattr(self, name, state[name])

    def _organization_phrases(self) -> Iterator[tuple[str, Target, float]]:
        data = self.knowledge.organizations
        for ministry in data.ministries:
            target = Target("ministry", ministry.id, ministry.label)
            self._abbreviations[fold(ministry.abbreviation)] = target
            yield ministry.name, target, 1.0
            for piece in re.split(r"\s+und\s+(?=Ministerium)", ministry.name):
                yield piece, target, 1.0
            for word in re.findall(r"[A-ZÄÖÜ][\wäöüß-]+", ministry.name):
                if word != "Ministerium" and len(word) >= 4:
                    self._ministry_stems.append((_stem(word), target))
                    if not word.endswith("es"):  # a nominalised adjective ("Inneres") is no subject
                        self._subjects.setdefault(fold(word), target)
            for number, area in enumerate(ministry.areas, start=1):
                area_target = Target(
                    "area", f"{ministry.id}/area/{number}", f"{area.name} ({ministry.id})", 0.9
                )
                yield from _variants(area.name, area_target)
                yield from _enumeration(area.name, area_target)
            for number, role in enumerate(ministry.ozg_roles, start=1):
                role_target = Target(
                    "ozg_role",
                    f"{ministry.id}/role/{number}",
                    f"{role.role} ({ministry.id})",
                    1.0 if role.current else 0.8,
                )
                yield from _variants(role.role, role_target)
                if role.subject:
                    yield _strip_article(role.subject), role_target, 1.0
        for authority in data.authority_types:
            target = Target("authority_type", authority.id, authority.name)
            yield authority.name, target, 1.0
            yield re.split(r"\s+(?:der|des|beim|im)\s+|\s*\(", authority.name)[0], target, 1.0
        for relation in data.relations:
            target = Target("topic", f"relation/{relation.id}", relation.topic)
            yield from _variants(relation.topic.removeprefix("OZG: "), target)
            yield from _enumeration(relation.topic, target)
        for paragraph in self.knowledge.law.paragraphs:
            target = Target(
                "norm", f"{LAW_ID}/§{paragraph.number}", f"§ {paragraph.number} {LAW_LABEL}", 0.75
            )
            yield paragraph.title, target, 1.0
            for piece in re.split(r"\s+(?:sowie|und)\s+|,\s*", paragraph.title):
                if piece != paragraph.title and len(piece.split()) >= 2:
                    yield piece, target, 1.0

    def knows(self, lemma: str) -> bool:
        """Whether a folded lemma is (a form of) a word of some service or organisation name."""
        assert self._services is not None and self._organizations is not None, "call warm_up() first"
        return self._services.knows(lemma) or self._organizations.knows(lemma) or lemma in self._abbreviations

    def services_in(self, words: QuestionWords, minimum: float) -> list[EntityRef]:
        """Every service a text names at least this well (for hints from the assistant's replies)."""
        assert self._services is not None, "call warm_up() first"
        return [
            EntityRef("service", m.target.id, m.target.label, m.score, m.matched)
            for m in self._services.match(words, minimum=minimum)
        ]

    # -- linking -----------------------------------------------------------------------------------

    def link(self, text: str, words: QuestionWords) -> tuple[list[EntityRef], list[EntityRef]]:
        """Entities named in the question (best first) and the ambiguous service candidates.

        :param text: The question (German; English questions arrive glossed).
        :param words: The question's folded lemmas from the German pipeline.
        """
        assert self._services is not None and self._organizations is not None, "call warm_up() first"
        found: dict[tuple[str, str], EntityRef] = {}

        def add(ref: EntityRef) -> None:
            key = (ref.kind, ref.id)
            if key not in found or found[key].score < ref.score:
                found[key] = ref

        for ref in self._norms(text):
            add(ref)
        if not found and (scope := self._scope_norm(text)) is not None:
            add(scope)
        for match in _LEIKA.finditer(text):
            if target := self._leika.get(match.group()):
                add(EntityRef("service", target.id, target.label, 1.0, match.group()))
        service_matches = self._services.match(words, minimum=MIN_RIVAL_SCORE)
        for m in service_matches[:6]:
            add(EntityRef("service", m.target.id, m.target.label, m.score, m.matched))
        for m in self._organizations.match(words, minimum=0.55):
            add(EntityRef(m.target.kind, m.target.id, m.target.label, m.score, m.matched))  # type: ignore[arg-type]
        for ref in self._ministries(words):
            # a subject word that already named an area or a role ("OZG-Themenfeld Bildung") names no ministry
            if ref.score > SUBJECT_SCORE or not any(ref.matched in e.matched.split() for e in found.values()):
                add(ref)
        entities = _prefer_named_ministries(
            sorted(found.values(), key=lambda e: (-e.score, KIND_ORDER.index(e.kind), e.id))
        )
        services = [e for e in entities if e.kind == "service"]
        complete = {m.target.id for m in service_matches if m.complete}
        ambiguous = self._ambiguous(services, complete)
        decided = self._by_authority(ambiguous, entities)
        strong = [s for s in services if s.score >= MIN_SERVICE_SCORE and s is not decided]
        if decided is not None:
            strong, ambiguous = [decided, *strong], []
        # A question that fits several services weakly ("Parkausweis") is still about a service.
        keep = self._explicit_services(strong or ambiguous[:1])
        entities = [e for e in entities if e.kind != "service" or e in keep]
        return entities, ambiguous

    def _norms(self, text: str) -> Iterator[EntityRef]:
        citations = parse_citations(text)
        for citation in citations:
            own = _OWN_LAW.get(citation.law)
            mark = "§" if citation.kind == "§" else "Art"
            for section in citation.sections():
                if own is not None:
                    ident, label, score = f"{LAW_ID}/{mark}{section}", f"{citation.kind} {section}", own
                    law = LAW_LABEL
                else:
                    ident, label, score = f"{citation.law}/{mark}{section}", f"{citation.kind} {section}", 0.9
                    law = str(citation.law)
                if citation.paragraph is not None and citation.section_end is None:
                    ident, label = f"{ident}/abs{citation.paragraph}", f"{label} Abs. {citation.paragraph}"
                yield EntityRef("norm", ident, f"{label} {law}", score, citation.text)

    def _scope_norm(self, text: str) -> EntityRef | None:
        """The § titled "Geltungsbereich" for "Gilt das EGovG LSA für …?" (asks the scope, names no §)."""
        match = _APPLIES.search(fold(text))
        if match is None:
            return None
        for paragraph in self.knowledge.law.paragraphs:
            if re.search(r"geltungsbereich|anwendungsbereich", fold(paragraph.title)):
                ident = f"{LAW_ID}/§{paragraph.number}"
                return EntityRef("norm", ident, f"§ {paragraph.number} {LAW_LABEL}", 0.75, match.group())
        return None

    def _ministries(self, words: QuestionWords) -> Iterator[EntityRef]:
        lemmas = [lemma for lemma in words.lemmas if lemma not in words.surfaces]
        for surface in [*words.surfaces, *lemmas]:
            if surface in words.surfaces and (target := self._abbreviations.get(surface)):
                yield EntityRef("ministry", target.id, target.label, 1.0, surface)
            elif target := self._subjects.get(surface):  # "Wer ist für Justiz zuständig?"
                yield EntityRef("ministry", target.id, target.label, SUBJECT_SCORE, surface)
            elif compound := _MINISTRY_COMPOUND.match(surface):
                modifier = compound.group(1)
                for candidate in {modifier, modifier.removesuffix("s")}:
                    for stem, target in self._ministry_stems:
                        shorter = min(len(stem), len(candidate))
                        if shorter >= 4 and stem[: shorter - 1] == candidate[: shorter - 1]:
                            yield EntityRef("ministry", target.id, target.label, 0.9, surface)

    @staticmethod
    def _ambiguous(services: list[EntityRef], complete: set[str]) -> list[EntityRef]:
        """Services as good as the best one and reached by the same question words.

        "Stütze" is a synonym of two services (tie); "Ausweis" or "Kennzeichen" complete no phrase
        of any service and fit several nearly as well (weak best). A complete phrase such as
        "Perso" or "Führerschein umtauschen" is a clear winner.
        """
        if len(services) < 2 or services[0].matched.isdigit():
            return []
        best = services[0]
        if best.id in complete:
            margin = AMBIGUITY_MARGIN
        else:  # a weak best one leaves more room for doubt than a good partial match
            margin = WEAK_AMBIGUITY_MARGIN if best.score < CLEAR_SCORE else AMBIGUITY_MARGIN * 2
        words = set(best.matched.split())
        # A rival must be reached by *all* the words that reached the best one: "vorläufiger
        # Personalausweis" is no doubt between the vorläufige and the ordinary one.
        rivals = [
            s
            for s in services[1:]
            if s.score >= MIN_RIVAL_SCORE
            and best.score - s.score <= margin
            and words <= set(s.matched.split())
        ]
        return [best, *rivals[:3]] if rivals else []

    def _by_authority(self, ambiguous: list[EntityRef], entities: list[EntityRef]) -> EntityRef | None:
        """The one candidate run by an authority the question names ("… dem Standesamt …"), if any."""
        authorities = {e.id for e in entities if e.kind == "authority_type"}
        if len(ambiguous) < 2 or not authorities:
            return None
        fitting = [
            s
            for s in ambiguous
            if (svc := self.knowledge.service(s.id)) and authorities & set(svc.authority_types)
        ]
        return fitting[0] if len(fitting) == 1 else None

    @staticmethod
    def _explicit_services(services: list[EntityRef]) -> list[EntityRef]:
        """The best service, plus others the question names with *other* words ("Perso und Reisepass").

        Rivals of an ambiguous best one stay out: they are in ``ambiguous`` for the composer to offer.
        """
        if not services:
            return []
        keep = [services[0]]
        used = set(services[0].matched.split())
        for service in services[1:]:
            words = set(service.matched.split())
            if service.score >= 0.8 and not words & used and service not in keep:
                keep.append(service)
                used |= words
        return keep


def _prefer_named_ministries(entities: list[EntityRef]) -> list[EntityRef]:
    """Roles and areas of a ministry the question names, without the same-worded ones of the others.

    "Wer digitalisiert die Verwaltungsleistungen des Justizministeriums?" reaches the "Ansprechperson"
    role of every ministry by the same words; only the Justizministerium's one is meant.
    """
    named = {e.id for e in entities if e.kind == "ministry" and e.score >= 0.9}
    if not named:
        return entities

    def owner(entity: EntityRef) -> str | None:
        return entity.id.split("/")[0] if entity.kind in ("ozg_role", "area") else None

    own_words = {e.matched for e in entities if owner(e) in named}
    return [e for e in entities if owner(e) is None or owner(e) in named or e.matched not in own_words]
