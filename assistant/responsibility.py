"""Who is responsible: topic or service -> executing authority type and responsible ministry; OZG role ->
ministry.

The relations of the organisations corpus decide (``corpora.responsibilities``): a service gets the ministry
of the relation for its first executing authority type and no Land ministry where that relation names none,
whatever else the text says. Every finding names the chunk it rests on and the exact sentence of that chunk
that states it, so the composer can cite it; it carries its certainty (sourced | derived | uncertain) and the
source URL of the relation, and a finding that is not sourced also carries the sentence that says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.citations import lead, sentence_with
from assistant.knowledge import KnowledgeBase
from corpora.base import SourceKind
from corpora.certainty import Certainty
from corpora.fim_models import Service
from corpora.ids import (
    authority_type_chunk_id,
    is_of,
    org_path,
    org_unit_id,
    relation_chunk_id,
    service_card_id,
)
from corpora.organization_documents import (
    AUTHORITY_DERIVED,
    AUTHORITY_UNCERTAIN,
    MINISTRY_DERIVED,
    MINISTRY_UNCERTAIN,
)
from corpora.organization_models import Ministry, Relation
from corpora.responsibilities import main_responsibility, relation_for, relations_for_service

#: How records other than relations (areas, OZG roles, authority types) say they are not firmly backed.
UNCERTAIN_SENTENCE = "Diese Angabe ist nicht sicher belegt."
#: The relation sentence that states a certainty other than "sourced", by (kind of finding, certainty).
_CERTAINTY_SENTENCES: dict[tuple[str, str], str] = {
    ("authority_type", "derived"): AUTHORITY_DERIVED,
    ("authority_type", "uncertain"): AUTHORITY_UNCERTAIN,
    ("ministry", "derived"): MINISTRY_DERIVED,
    ("ministry", "uncertain"): MINISTRY_UNCERTAIN,
}


@dataclass
class Finding:
    """One responsible organisation with its evidence (``quote`` is a span of ``document_id``)."""

    id: str
    name: str
    kind: str  # ministry | staatskanzlei | authority_type
    role: str
    document_id: str
    quote: str
    abbreviation: str | None = None
    certainty: Certainty = "sourced"
    #: where the responsibility is stated (the relation's or record's source), for the answer's ``responsible``
    source_url: str | None = None
    #: where the missing firmness is stated (a sentence of ``uncertain_document_id``)
    uncertain_document_id: str | None = None
    uncertain_quote: str | None = None

    @property
    def certain(self) -> bool:
        """True only for findings a source states (not derived, not uncertain)."""
        return self.certainty == "sourced"


class ResponsibilityResolver:
    """Reads responsibilities from the organisation data and the FIM service cards (no search involved)."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge
        self.orgs = knowledge.organizations

    # --- look-ups -------------------------------------------------------------------------------
    def relation_for_service(self, service: Service) -> Relation | None:
        """The relation of the service's first executing authority type (the one its ministry follows)."""
        if service.authority_types:
            found = relation_for(service, service.authority_types[0], self.orgs)
            if found is not None:
                return found
        relations = relations_for_service(service, self.orgs)
        return relations[0] if relations else None

    def chunk_id(self, parent_id: str) -> str | None:
        """The (first) chunk of a loader unit, e.g. ``org/MID`` -> ``org/MID/teil1``."""
        if parent_id in self.knowledge.chunks:
            return parent_id
        parts = self.knowledge.chunks_by_parent.get(parent_id)
        return sorted(parts)[0] if parts else None

    def ministry(self, ministry_id: str) -> Ministry | None:
        return next((m for m in self.orgs.ministries if m.id.casefold() == ministry_id.casefold()), None)

    # --- resolution -----------------------------------------------------------------------------
    def for_service(self, service: Service) -> list[Finding]:
        """Authority type(s) from the service card; the ministry only where the relation names one.

        Certainty and source come from the relation of each authority type, so a ministry the relation does
        not name (a federal body, an insurer, a Gemeinde task without a Land ministry) is never given.
        """
        card = service_card_id(service.key)
        text = self._text(card)
        findings: list[Finding] = []
        quote = sentence_with(text, "Zuständige Stelle:")
        for type_id, name in zip(service.authority_types, service.authority_names, strict=False):
            if not quote:
                break
            finding = Finding(
                type_id, name, "authority_type", f"zuständige Stelle für „{service.name}“", card, quote
            )
            relation = relation_for(service, type_id, self.orgs)
            if relation is not None:
                self._certainty(finding, relation.authority_certainty, relation.source, relation.id)
            findings.append(finding)
        main = main_responsibility(service, self.orgs)
        if main is not None and main.ministry and (m := self.ministry(main.ministry)):
            ministry_quote = sentence_with(text, "Fachlich zuständiges Ministerium:")
            if ministry_quote:
                finding = ministry_finding(
                    m, f"{_basis_role(main.basis)} für „{service.name}“", card, ministry_quote
                )
                self._certainty(
                    finding, main.ministry_certainty or "sourced", main.ministry_source, main.relation_id
                )
                findings.append(finding)
        return findings

    def for_relation(self, relation: Relation) -> list[Finding]:
        doc = relation_chunk_id(relation.id)
        text = self._text(doc)
        findings: list[Finding] = []
        authority = self.orgs.authority_type(relation.authority_type)
        if quote := sentence_with(text, "Zuständige Stelle:"):
            finding = Finding(
                authority.id,
                authority.name,
                "authority_type",
                f"zuständige Stelle für {relation.topic}",
                doc,
                quote,
            )
            self._certainty(finding, relation.authority_certainty, relation.source, relation.id)
            findings.append(finding)
        if relation.ministry and (m := self.ministry(relation.ministry)):
            if quote := sentence_with(text, "Fachlich verantwortlich ist"):
                role = f"{_basis_role(relation.basis)} für {relation.topic} ({relation.basis or 'Fachverantwortung'})"
                finding = ministry_finding(m, role, doc, quote)
                self._certainty(
                    finding, relation.ministry_certainty or "sourced", relation.ministry_source, relation.id
                )
                findings.append(finding)
        return findings

    def for_ozg_role(self, role_id: str) -> list[Finding]:
        """``MID/role/5`` -> the ministry holding that OZG role, quoted from the role record."""
        ministry_id, _, _ = org_path(role_id).partition("/")
        doc = org_unit_id(role_id)
        m = self.ministry(ministry_id)
        if m is None or doc not in self.knowledge.chunks:
            return []
        title = self.knowledge.chunks[doc].meta.get("title")
        return [self._record_finding(m, str(title or "OZG-Rolle"), doc)]

    def for_area(self, area_id: str) -> list[Finding]:
        """``MI/area/2`` -> the ministry whose Geschäftsbereich includes that area."""
        ident = org_path(area_id)
        doc = org_unit_id(ident)
        m = self.ministry(ident.split("/")[0])
        if m is None or doc not in self.knowledge.chunks:
            return []
        title = self.knowledge.chunks[doc].meta.get("title")
        return [self._record_finding(m, f"Aufgabenbereich: {title or ident}", doc)]

    def contact_role(self, ministry_id: str) -> str | None:
        """The ministry's "OZG-Ansprechperson" role record (who digitalises its own services)."""
        m = self.ministry(ministry_id)
        if m is None:
            return None
        for i, role in enumerate(m.ozg_roles, start=1):
            if "Ansprechperson" in role.role and role.current:
                return f"{m.id}/role/{i}"
        return None

    def for_authority_type(self, type_id: str) -> list[Finding]:
        """The authority type's record, then the ministries of the topics it serves."""
        doc = authority_type_chunk_id(type_id)
        if doc not in self.knowledge.chunks:
            return []
        authority = self.orgs.authority_type(type_id)
        record = Finding(
            authority.id,
            authority.name,
            "authority_type",
            "ausführende Stelle",
            doc,
            lead(self._text(doc)),
            source_url=authority.sources[0],
        )
        if not authority.certain:
            self._mark_uncertain(record, doc)
        findings = [record]
        seen = set()
        for relation in self.orgs.relations_for(authority_type=type_id):
            if relation.ministry and relation.ministry not in seen:
                seen.add(relation.ministry)
                findings += [f for f in self.for_relation(relation) if f.kind != "authority_type"]
        return findings

    def for_ministry(self, ministry_id: str) -> list[Finding]:
        m = self.ministry(ministry_id)
        doc = self.chunk_id(org_unit_id(m.id)) if m else None
        if m is None or doc is None:
            return []
        role = "Ministerium der Landesregierung" if m.kind == "ministry" else "oberste Landesbehörde"
        return [ministry_finding(m, role, doc, lead(self._text(doc)), m.website or m.sources[0])]

    def principle(self) -> list[tuple[str, str]]:
        """(document id, quote) pairs stating the principle "Digitalisierungsverantwortung folgt der …"."""
        found: list[tuple[str, str]] = []
        for doc, needle in (
            ("org/principle/1", "für deren Digitalisierung zuständig"),
            ("org/principle/1", "Digitalisierungsverantwortung folgt"),
        ):
            if doc in self.knowledge.chunks and (quote := sentence_with(self._text(doc), needle)):
                found.append((doc, quote))
        if not found:  # the official page states it as well
            for doc in sorted(i for i in self.knowledge.chunks if is_of(i, SourceKind.PAGES)):
                if quote := sentence_with(self._text(doc), "Digitalisierungsverantwortung folgt"):
                    found.append((doc, quote))
                    break
        return found

    def digitalisation(self, service: Service | None) -> list[Finding]:
        """Who digitalises a service: its ministry (the principle is cited by the composer)."""
        if service is None:
            return []
        return [f for f in self.for_service(service) if f.kind != "authority_type"]

    # --- helpers --------------------------------------------------------------------------------
    def _text(self, doc: str) -> str:
        chunk = self.knowledge.chunks.get(doc)
        return (chunk.content or "") if chunk is not None else ""

    def _record_finding(self, m: Ministry, role: str, doc: str) -> Finding:
        """A ministry as one of its records (an OZG role, an area) states it: the record's lead sentence, its
        source, and uncertain where the record is flagged so."""
        chunk = self.knowledge.chunks[doc]
        finding = ministry_finding(
            m, role, doc, lead(chunk.content or ""), str(chunk.meta.get("url") or "") or None
        )
        if chunk.meta.get("certain") is False:
            self._mark_uncertain(finding, doc)
        return finding

    def _mark_uncertain(self, finding: Finding, doc: str) -> None:
        """A record flagged ``certain: false`` (area, OZG role, authority type): uncertain, with its sentence."""
        finding.certainty = "uncertain"
        quote = sentence_with(self._text(doc), UNCERTAIN_SENTENCE.rstrip("."))
        if quote:
            finding.uncertain_document_id, finding.uncertain_quote = doc, quote

    def _certainty(
        self, finding: Finding, certainty: Certainty, source: str | None, relation_id: int
    ) -> None:
        """Set a finding's certainty and source from its relation; cite the relation's sentence saying why."""
        finding.certainty, finding.source_url = certainty, source
        sentence = _CERTAINTY_SENTENCES.get(
            ("ministry" if finding.kind != "authority_type" else finding.kind, certainty)
        )
        if sentence is None:
            return
        doc = relation_chunk_id(relation_id)
        quote = sentence_with(self._text(doc), sentence.rstrip("."))
        if quote:
            finding.uncertain_document_id, finding.uncertain_quote = doc, quote


def ministry_finding(m: Ministry, role: str, doc: str, quote: str, source_url: str | None = None) -> Finding:
    """A ministry (or the Staatskanzlei) as a finding: its id, name, kind and abbreviation, with the evidence."""
    return Finding(m.id, m.name, m.kind, role, doc, quote, abbreviation=m.abbreviation, source_url=source_url)


def _basis_role(basis: str | None) -> str:
    """How a ministry's role reads: "Rechtsaufsicht" where a source names only that, else the subject matter."""
    return "Rechtsaufsicht" if basis == "Rechtsaufsicht" else "fachlich verantwortlich"
