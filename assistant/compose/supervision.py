"""Who supervises an authority or decides on objections against it ("Wer führt die Fachaufsicht über die
Meldebehörde?", "Welche Behörde ist obere Fischereibehörde?").

The authority type's own record says it (its ``supervision`` sentence). That sentence is quoted first, and the
authorities and ministries it names are listed under ``responsible``, with the record as their evidence and its
source. Types without such a sentence add nothing: the answer then stays what it was, and no supervisor is guessed.
"""

from __future__ import annotations

import re

from assistant.compose.draft import Draft
from assistant.knowledge import KnowledgeBase
from assistant.models import QueryAnalysis
from assistant.responsibility import Finding, ministry_finding
from corpora.certainty import Certainty
from corpora.ids import SubjectRef, authority_type_chunk_id
from corpora.organization_models import AuthorityType, OrganizationData, Relation
from indexing.nlp.normalize import fold
from lsa_assistant.errors import NotFoundError

#: Asked for the supervising or objection authority. "Bauaufsicht" and "Schulaufsicht" alone name offices, not
#: their supervisors, and do not count.
_ASKED = re.compile(
    r"\b(?:fach|rechts|dienst)aufsicht|\baufsichtsbehoerde|\bwiderspruchsbehoerde|\buebergeordnet"
    r"|\bobere\w*\s+(?:\w+\s+)?\w*behoerde|\b(?:die|der)\s+aufsicht\b|\bbeaufsichtig|\bkontrolliert"
    r"|\bueber\s+(?:den|einen|meinen)\s+widerspruch|\bwiderspruch\w*\s+entscheid|\bsupervis"
    # "Wer entscheidet, wenn ich Widerspruch einlege?", "… Widerspruch einlegen. Wer entscheidet darüber?"
    r"|\bwer\s+entscheidet\b[^.?!]{0,80}\bwiderspruch|\bwiderspruch\w*[^?]{0,80}?\bwer\s+entscheidet\b"
    # "Gibt es eine Stelle über dem Jugendamt?"
    r"|\bueber\s+(?:dem|der)\s+\w*(?:amt|behoerde|stelle)\b"
)
#: A supervision sentence names its supervisor only as "Fachaufsicht: …", "Widerspruchsbehörde: …" or "gehören zum
#: Geschäftsbereich …"; a sentence like "Das MI hat dazu eine Verwaltungsvorschrift erlassen" is quoted, but the
#: ministry is not made the supervisor.
_NAMES_SUPERVISOR = re.compile(r":|geschaeftsbereich")
#: Head words that do not name one authority ("Untere Jagdbehörde", "Amt für …", "Gesetzliche Krankenkasse").
_GENERIC_HEADS = frozenset({"untere", "amt", "gesetzliche"})


def asks_supervision(question: str) -> bool:
    return bool(_ASKED.search(fold(question)))


def supervised_types(ref: SubjectRef, analysis: QueryAnalysis, knowledge: KnowledgeBase) -> list[str]:
    """Authority types the question is about, the chosen subject's first: the type itself, a service's executing
    types, a responsibility topic's type, then the types the question names."""
    orgs = knowledge.organizations
    found: list[str] = []
    if ref.kind == "authority_type":
        found.append(ref.id)
    elif ref.kind == "service" and (service := knowledge.service(ref.id)) is not None:
        found += service.authority_types
    elif ref.kind == "topic" and isinstance(relation := _record(orgs, ref.id), Relation):
        found.append(relation.authority_type)
    found += [e.id for e in analysis.of_kind("authority_type")]
    known = set(orgs.authority_type_ids())
    return [t for t in dict.fromkeys(found) if t in known]


def _record(orgs: OrganizationData, ident: str) -> object:
    try:
        return orgs.get(ident)
    except NotFoundError:  # a subject of another index build: nothing to supervise
        return None


def compose_supervision(draft: Draft, knowledge: KnowledgeBase, types: list[str]) -> bool:
    """Quote the first of ``types`` whose record names its supervision; list who it names."""
    orgs = knowledge.organizations
    for type_id in types:
        authority = orgs.authority_type(type_id)
        document_id = authority_type_chunk_id(type_id)
        if not authority.supervision or document_id not in knowledge.chunks:
            continue
        quote = authority.supervision.strip()
        findings = _named_supervisors(orgs, authority, document_id, quote)
        if not findings:
            return draft.claim(f"Aufsicht über „{authority.name}“: „{quote}“", document_id, quote) is not None
        said = False
        for number, finding in enumerate(findings):
            text = f"Aufsicht über „{authority.name}“: „{quote}“" if number == 0 else None
            said |= draft.add_finding(finding, text=text) is not None
        return said
    return False


def _named_supervisors(
    orgs: OrganizationData, authority: AuthorityType, document_id: str, quote: str
) -> list[Finding]:
    """The authority types (by the head word of their name) and ministries (by name or abbreviation) the
    supervision sentence names, other than the supervised type itself."""
    folded = fold(quote)
    if not _NAMES_SUPERVISOR.search(folded):
        return []
    role = f"Aufsicht über „{authority.name}“"
    source = authority.sources[0]
    certainty: Certainty = "sourced" if authority.certain else "uncertain"
    findings: list[Finding] = []
    for other in orgs.authority_types:
        head = fold(other.name.split()[0])
        if head in _GENERIC_HEADS or other.id == authority.id:
            continue
        if re.search(rf"\b{re.escape(head)}\b", folded):
            findings.append(
                Finding(
                    other.id,
                    other.name,
                    "authority_type",
                    role,
                    document_id,
                    quote,
                    certainty=certainty,
                    source_url=source,
                )
            )
    for ministry in orgs.ministries:
        named = fold(ministry.name) in folded or fold(ministry.genitive.split(" (")[0])[4:] in folded
        if named or re.search(rf"\b{re.escape(ministry.abbreviation)}\b", quote):
            findings.append(ministry_finding(ministry, role, document_id, quote, source))
            findings[-1].certainty = certainty
    return findings
