"""Readable German documents from organisation records, one per record.

Each text is a few plain sentences built from exactly one record, so retrieval finds the record and
an answer can quote it ("Zuständig für die Bezahlplattform (ePayment) ist das Ministerium für
Infrastruktur und Digitales (MID)."). Uncertain records say so in the text, not only in metadata.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from haystack import Document

from corpora.base import make_document
from corpora.ids import authority_type_chunk_id, org_unit_id, principle_chunk_id, relation_chunk_id
from corpora.organization_models import AuthorityType, Ministry, OrganizationData, Principle, Relation
from corpora.place_rules import place_paragraph, place_rule_sourced

#: Sentences a relation's text uses for its certainty; the responsibility resolver cites them verbatim.
MINISTRY_DERIVED = "Das Ministerium ist abgeleitet aus den Aufgabenbereichen, nicht sicher belegt."
MINISTRY_UNCERTAIN = "Das Ministerium ist nicht sicher belegt."
AUTHORITY_UNCERTAIN = "Die zuständige Stelle ist nicht sicher belegt."
AUTHORITY_DERIVED = "Die zuständige Stelle ist abgeleitet, nicht sicher belegt."

_LEVELS = {
    "gemeinde": "Stelle der Gemeinde",
    "landkreis": "Stelle der Landkreise und kreisfreien Städte",
    "land": "Landesbehörde",
    "bund": "Bundesbehörde",
    "sozialversicherung": "Träger der Sozialversicherung, keine Landesbehörde",
    "kammer": "Kammer",
    "sonstige": "sonstige Stelle",
}
#: The records under a ministry by id part: document kind, label heading, section of the path.
_PARTS = {
    "area": ("area", "Aufgabenbereich", "Aufgabenbereiche"),
    "role": ("ozg_role", "OZG-Rolle", "OZG-Rollen"),
    "authority": ("authority", "nachgeordnet", "Nachgeordnete Behörden"),
}
_BASIS = {
    "Fachaufsicht": "Fachaufsicht",
    "Fachverantwortung": "Fachverantwortung",
    "OZG-Rolle": "Rolle bei der OZG-Umsetzung",
    "Rechtsaufsicht": "Rechtsaufsicht",
}


def iter_organization_documents(data: OrganizationData, version: str) -> Iterator[Document]:
    """All documents of the corpus, ids ``org/MID``, ``org/MID/area/3``, ``org/authority/<id>``, …

    :param version: the Stand from the manifest, stamped on every document.
    """
    for m in data.ministries:
        yield from _ministry_documents(m, data, version)
    for a in data.authority_types:
        yield _authority_type_document(a, data, version)
    for r in data.relations:
        yield _relation_document(r, data, version)
    for p in data.principles:
        yield _principle_document(p, version)


def _ministry_documents(m: Ministry, data: OrganizationData, version: str) -> Iterator[Document]:
    base = org_unit_id(m.id)
    common: dict[str, Any] = {"version": version, "ministry": m.id, "org_id": m.id}
    head = m.head
    roles = [r.role for r in m.ozg_roles if r.current]
    subordinates = [s.label for s in m.subordinate_authorities]
    if m.kind == "staatskanzlei":
        kind_text = "eine oberste Landesbehörde des Landes Sachsen-Anhalt"
    else:
        kind_text = "ein Ministerium der Landesregierung Sachsen-Anhalt"
    overview = _join(
        f"{_capitalize(m.nominative)} ist {kind_text}.",
        f"Leitung: {head.name}, {head.title} (Stand {head.stand})." if head else None,
        _hint(head.certain, head.note) if head else None,
        _listing("Aufgabenbereiche", [a.name for a in m.areas]),
        _listing("Rollen bei der OZG-Umsetzung", roles),
        _listing("Nachgeordnete Behörden", subordinates),
        f"Internet: {m.website}" if m.website else None,
        f"Hinweis: {m.note}" if m.note else None,
        data.meta.election_note,
    )
    yield _doc(
        base,
        overview,
        label=m.label,
        title=m.name,
        url=m.website or m.sources[0],
        path=[m.label],
        kind="ministry",
        certain=head.certain if head else True,
        **common,
    )
    for i, a in enumerate(m.areas, start=1):
        text = _join(
            f"Zum Geschäftsbereich {m.genitive} gehört: {a.name}.",
            a.description,
            f"(Stand: {a.stand})",
            _hint(a.certain, a.note),
        )
        yield _ministry_part(m, "area", i, a.name, text, url=a.source, certain=a.certain, **common)
    for i, r in enumerate(m.ozg_roles, start=1):
        subject = r.subject or r.role
        if r.current:
            lead = f"Zuständig für {subject} ist {m.nominative}."
        else:
            lead = (
                f"Früher zuständig für {subject} war {m.nominative}; diese Zuständigkeit besteht nicht mehr."
            )
        text = _join(
            lead, r.description, _legal(r.legal_basis), f"(Stand: {r.stand})", _hint(r.certain, r.note)
        )
        yield _ministry_part(
            m,
            "role",
            i,
            r.role,
            text,
            url=r.source,
            certain=r.certain,
            current=r.current,
            legal_basis=r.legal_basis,
            **common,
        )
    for i, s in enumerate(m.subordinate_authorities, start=1):
        text = _join(f"Nachgeordnete Behörde im Geschäftsbereich {m.genitive}: {s.label}.", s.description)
        yield _ministry_part(m, "authority", i, s.label, text, url=s.source, certain=True, **common)


def _authority_type_document(a: AuthorityType, data: OrganizationData, version: str) -> Document:
    relations = data.relations_for(authority_type=a.id)
    # A ministry filter should find the type only when all its topics point to the same ministry.
    ministries = {r.ministry for r in relations if r.ministry}
    text = _join(
        f"{a.name} ({_LEVELS[a.level]}).",
        a.description,
        a.supervision,
        _legal(a.legal_basis),
        place_paragraph(a.place),
        _listing("Zuständig unter anderem für", [r.topic for r in relations]),
        _hint(a.certain, a.note),
    )
    return _doc(
        authority_type_chunk_id(a.id),
        text,
        label=f"Behördentyp: {a.name}",
        title=a.name,
        url=a.sources[0],
        version=version,
        path=["Behördentypen", a.name],
        kind="authority_type",
        certain=a.certain and place_rule_sourced(a.place),
        ministry=ministries.pop() if len(ministries) == 1 else None,
        org_id=a.id,
        level=a.level,
        place_level=a.place.level if a.place else None,
    )


def _relation_document(r: Relation, data: OrganizationData, version: str) -> Document:
    authority = data.authority_type(r.authority_type)
    services = f" ({', '.join(r.services)})" if r.services else ""
    if r.ministry:
        basis = _BASIS[r.basis or "Fachverantwortung"]
        ministry_text = f"Fachlich verantwortlich ist {data.ministry(r.ministry).nominative} ({basis})."
    else:
        ministry_text = "Ein zuständiges Landesministerium nennen die Quellen nicht."
    text = _join(
        f"{r.topic}{services}: Zuständige Stelle: {authority.name}.",
        {"derived": AUTHORITY_DERIVED, "uncertain": AUTHORITY_UNCERTAIN}.get(r.authority_certainty),
        ministry_text,
        {"derived": MINISTRY_DERIVED, "uncertain": MINISTRY_UNCERTAIN}.get(r.ministry_certainty or ""),
        _legal(r.legal_basis),
        "LeiKa-Schlüssel: " + ", ".join(r.leika_keys) + "." if r.leika_keys else None,
        f"Hinweis: {r.note}" if r.note else None,
    )
    return _doc(
        relation_chunk_id(r.id),
        text,
        label=f"Zuständigkeit: {r.topic}",
        title=r.topic,
        url=r.source,
        version=version,
        path=["Zuständigkeiten", r.topic],
        kind="relation",
        certain=r.certain,
        authority_certainty=r.authority_certainty,
        ministry_certainty=r.ministry_certainty,
        ministry=r.ministry,
        leika_key=r.leika_keys[0] if len(r.leika_keys) == 1 else None,
        org_id=r.authority_type,
        authority_type=r.authority_type,
        leika_keys=list(r.leika_keys),
        basis=r.basis,
        ministry_source=r.ministry_source,
    )


def _principle_document(p: Principle, version: str) -> Document:
    return _doc(
        principle_chunk_id(p.id),
        _join(f"Leitsatz: {p.title}.", p.text, _legal(p.legal_basis), f"(Stand: {p.stand})"),
        label=f"Leitsatz: {p.title}",
        title=p.title,
        url=p.source,
        version=version,
        path=["Leitsätze", p.title],
        kind="principle",
        certain=True,
        ministry=None,
        org_id=None,
    )


def _doc(
    doc_id: str,
    content: str,
    *,
    label: str,
    title: str,
    url: str,
    version: str,
    path: list[str],
    kind: str,
    **meta: Any,
) -> Document:
    return make_document(
        doc_id=doc_id,
        content=content,
        source="organizations",
        label=label,
        title=title,
        url=url,
        version=version,
        section_path=path,
        kind=kind,
        **meta,
    )


def _ministry_part(m: Ministry, part: str, number: int, name: str, content: str, **meta: Any) -> Document:
    """The ``number``-th area, OZG role or subordinate authority of a ministry: id ``<ministry>/<part>/<number>``;
    label and path name the ministry, the section and the record, so a hit reads "MID – OZG-Rolle: …"."""
    kind, heading, section = _PARTS[part]
    return _doc(
        f"{org_unit_id(m.id)}/{part}/{number}",
        content,
        label=f"{m.label} – {heading}: {name}",
        title=name,
        path=[m.label, section, name],
        kind=kind,
        **meta,
    )


def _join(*parts: str | None) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _listing(lead: str, items: list[str]) -> str | None:
    return f"{lead}: {'; '.join(items)}." if items else None


def _legal(legal_basis: str | None) -> str | None:
    return f"Rechtsgrundlage: {legal_basis}." if legal_basis else None


def _hint(certain: bool, note: str | None) -> str | None:
    """Uncertain records say so in the text itself, so an answer quoting them cannot drop the caveat."""
    if certain:
        return f"Hinweis: {note}" if note else None
    return _join("Diese Angabe ist nicht sicher belegt.", note)
