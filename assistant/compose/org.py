"""Answers about organisations: OZG roles, topics (relations), areas, authority types and ministries.

Which record answers is decided by the analysis' entities in a fixed order of specificity (OZG role,
topic, area, authority type, ministry); a question naming a ministry and several same-named roles
("OZG-Ansprechperson") gets the role of that ministry.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.citations import lead, sentence_with, sentences, shorten
from assistant.compose.draft import Draft, match_score
from assistant.compose.legal import best_sentence
from assistant.compose.service import compose_findings, compose_principle, nominative
from assistant.knowledge import KnowledgeBase
from assistant.models import EntityRef, QueryAnalysis
from assistant.responsibility import Finding, ResponsibilityResolver, ministry_finding
from corpora.ids import authority_type_chunk_id, org_path, org_unit_id, relation_chunk_id

ORG_KINDS = ("ozg_role", "topic", "area", "authority_type", "ministry")
#: A ministry named by its abbreviation in a record's sentence ("… beim Ministerium für Infrastruktur und
#: Digitales (MID).").
_MINISTRY_NAMED = re.compile(r"\(([A-Z][A-Za-z]{1,4})\)")
#: A sentence about the present ("Seit 2021 liegen … beim MID"), not a partner of the past ("zusammen mit dem MI").
_PRESENT = re.compile(r"\b(?:seit|heute|inzwischen|mittlerweile|jetzt|nunmehr)\b", re.IGNORECASE)
_HEAD = re.compile(r"\bleite[tn]?\b|\bleitung\b|minister(in)?\b|\bchef|\bspitze\b|\bwho (heads|leads)\b")


class OrganisationAnswers:
    """Composes answers from organisation records (no search involved)."""

    def __init__(self, knowledge: KnowledgeBase, resolver: ResponsibilityResolver) -> None:
        self.knowledge = knowledge
        self.resolver = resolver

    def entities(self, analysis: QueryAnalysis, digital: bool) -> list[EntityRef]:
        """Organisation entities in order of specificity; roles narrowed to the named ministries."""
        ministries = {e.id.casefold() for e in analysis.of_kind("ministry")}
        folded = (analysis.resolved_text or analysis.text).casefold()
        digital = digital or "ansprechperson" in folded
        if ministries and _HEAD.search(folded):  # "Wer leitet das MI?": the ministry's own record first
            return analysis.of_kind("ministry")
        roles = analysis.of_kind("ozg_role")
        if ministries and len(roles) > 1:
            roles = [r for r in roles if r.id.split("/")[0].casefold() in ministries] or roles
        if digital and ministries:  # "Wer digitalisiert die Leistungen des MF?" -> its OZG contact role
            for ministry_id in ministries:
                role = self.resolver.contact_role(ministry_id)
                if role and all(r.id != role for r in roles):
                    roles.insert(0, EntityRef("ozg_role", role, role))
        ordered = list(roles)
        for kind in ORG_KINDS[1:]:
            if kind == "area" and digital:
                continue  # the area "Digitalisierung" is a false friend of "wer digitalisiert"
            ordered += analysis.of_kind(kind)  # type: ignore[arg-type]
        return ordered

    def answer(self, draft: Draft, analysis: QueryAnalysis, entity: EntityRef) -> bool:
        ident = org_path(entity.id)
        definition = analysis.intent == "definition"
        question = analysis.resolved_text or analysis.text
        if entity.kind == "ozg_role":
            return self.record(
                draft, org_unit_id(ident), self.resolver.for_ozg_role(ident), definition, question
            )
        if entity.kind == "topic":
            relation = self.relation(ident)
            if relation is None:
                return False
            said = compose_findings(draft, self.resolver.for_relation(relation), relation.topic)
            if said:
                self.relation_services(draft, relation)
            return said
        if entity.kind == "area":
            return self.record(draft, org_unit_id(ident), self.resolver.for_area(ident), definition, question)
        if entity.kind == "authority_type":
            if definition:
                return self.quote(draft, authority_type_chunk_id(ident), None)
            return compose_findings(draft, self.resolver.for_authority_type(ident))
        if entity.kind == "ministry":
            if analysis.intent not in ("responsibility", "definition"):
                return False  # a ministry named in another question is context; retrieval decides
            return self.ministry(draft, ident)
        return False

    def relation_services(self, draft: Draft, relation: Any) -> None:
        """Which services the responsibility covers, with their LeiKa keys, quoted from the relation record."""
        if not relation.services or not relation.leika_keys:
            return
        doc = relation_chunk_id(relation.id)
        quote = sentence_with(self.knowledge.chunks[doc].content or "", "LeiKa-Schlüssel:")
        if quote:
            draft.claim(f"Das gilt für: {', '.join(relation.services)} ({quote.rstrip('.')})", doc, quote)

    def digital_principle(self, draft: Draft) -> bool:
        return compose_principle(draft, self.resolver)

    def ministry(self, draft: Draft, ident: str) -> bool:
        """What the ministry is, its areas and its OZG roles, quoted from its overview record."""
        findings = self.resolver.for_ministry(ident)
        if not findings:
            return False
        finding = findings[0]
        draft.add_finding(finding, text=finding.quote.rstrip("."))
        text = self.knowledge.chunks[finding.document_id].content or ""
        for needle in ("Leitung:", "Aufgabenbereiche:", "Rollen bei der OZG-Umsetzung:"):
            quote = sentence_with(text, needle)
            if quote:
                draft.claim(quote.rstrip("."), finding.document_id, quote)
        ministry = self.resolver.ministry(finding.id)
        if ministry is not None and ministry.website:
            draft.say(f"Internet: {ministry.website}")
        return True

    def former(self, draft: Draft, doc: str, findings: list[Finding]) -> bool:
        """A role a ministry held before, said in the past tense, and who holds it today where a sentence of the
        record about the present names them (another ministry by its abbreviation): an old source must not be read
        as the present."""
        said = False
        for finding in findings:
            text = f"Früher zuständig war {nominative(finding)}; diese Zuständigkeit besteht nicht mehr"
            said |= draft.add_finding(finding, text=text) is not None
        if not said:
            return False
        held = {f.id for f in findings}
        url = str(self.knowledge.chunks[doc].meta.get("url") or "") or None
        for sentence in sentences(self.knowledge.chunks[doc].content or ""):
            if not _PRESENT.search(sentence):
                continue
            for abbreviation in _MINISTRY_NAMED.findall(sentence):
                ministry = self.resolver.ministry(abbreviation)
                if ministry is not None and ministry.id not in held:
                    today = ministry_finding(ministry, "heute zuständig", doc, sentence, url)
                    draft.add_finding(today, text=f"Heute zuständig ist {nominative(today)}")
                    return True
        return True

    def record(
        self, draft: Draft, doc: str, findings: list[Finding], definition: bool, question: str = ""
    ) -> bool:
        """An OZG role or area: who holds it, then what it is about (the record's second sentence), then a later
        sentence the question asks about (:meth:`asked_sentence`)."""
        if not findings:
            return False
        former = self.knowledge.chunks[doc].meta.get("current") is False
        if definition:  # what it is, in the record's words; then who holds it
            said = self.quote(draft, doc, None, count=2)
            if said:
                self.former(draft, doc, findings) if former else compose_findings(draft, findings)
        else:
            said = self.former(draft, doc, findings) if former else compose_findings(draft, findings)
            if said:
                chunk = self.knowledge.chunks[doc].content or ""
                first, support = lead(chunk, 1), lead(chunk, 2)
                extra = support[len(first) :].strip()
                if extra:
                    draft.claim(f"„{extra}“", doc, extra)
        if said and question:
            self.asked_sentence(draft, doc, question)
        return said

    def asked_sentence(self, draft: Draft, doc: str, question: str) -> bool:
        """A later sentence of the record that matches the question better than the two quoted first ("Wer stellt
        das Organisationskonto bereit?" is answered in the Nutzerkonto role's third sentence)."""
        chunk = self.knowledge.chunks[doc].content or ""
        parts = sentences(chunk)
        said = max((match_score(question, s) for s in parts[:2]), default=0)
        scored = [(match_score(question, s), -i, s) for i, s in enumerate(parts) if i >= 2]
        best = max(scored, default=None)
        if best is None or best[0] < 2 or best[0] <= said:
            return False
        quote = shorten(best[2])
        return draft.claim(f"„{quote}“", doc, quote) is not None

    def quote(self, draft: Draft, doc: str, subject: str | None, count: int = 2) -> bool:
        chunk = self.knowledge.chunks.get(doc)
        if chunk is None:
            return False
        quote = lead(chunk.content or "", count)
        label = subject or str(chunk.meta.get("label") or doc)
        return draft.claim(f"{label}: „{quote}“", doc, quote) is not None

    def from_hit(self, draft: Draft, analysis: QueryAnalysis, doc: str) -> bool:
        """A top retrieval hit that is an organisation record, answered like the named entity."""
        kind = str(self.knowledge.chunks[doc].meta.get("kind") or "")
        ident = org_path(doc)
        if kind == "relation":
            return self.answer(draft, analysis, EntityRef("topic", ident, ident))
        if kind in ("ozg_role", "area"):
            return self.answer(draft, analysis, EntityRef(kind, ident, ident))  # type: ignore[arg-type]
        if kind == "authority_type":
            return self.answer(draft, analysis, EntityRef("authority_type", ident.split("/")[-1], ident))
        if kind == "ministry":
            return self.ministry(draft, str(self.knowledge.chunks[doc].meta.get("org_id") or ""))
        return False

    def best_sentence(self, draft: Draft, doc: str, question: str) -> bool:
        """Add the sentence of ``doc`` that best matches the question, if it matches at all."""
        chunk = self.knowledge.chunks.get(doc)
        if chunk is None:
            return False
        quote = best_sentence(chunk.content or "", question)
        if match_score(question, quote) < 2:
            return False
        return draft.claim(f"„{quote}“", doc, quote) is not None

    def relation(self, ident: str) -> Any:
        try:
            record = self.knowledge.organizations.get(ident)
        except Exception:  # noqa: BLE001 - unknown id: no direct answer, retrieval decides
            return None
        return record if record.__class__.__name__ == "Relation" else None
