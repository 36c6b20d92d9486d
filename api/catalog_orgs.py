"""Organisations as the API shows them: ministries and authority types, with their services and relations.

Pure functions like ``api.catalog`` (knowledge in, models out); responsibilities come from the relations with
their certainty (``corpora.responsibilities``), the same as on a service's page.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from api.catalog import responsibility_fields, service_refs, sort_key
from api.schemas_catalog import OrganizationDetail, OrganizationSummary, Relation
from assistant.knowledge import KnowledgeBase
from corpora.fim_models import Service
from corpora.responsibilities import responsibility as relation_responsibility
from indexing.nlp.normalize import fold
from lsa_assistant.errors import NotFoundError


def _ministry_services(kb: KnowledgeBase, ministry_id: str) -> list[Service]:
    return sorted((s for s in kb.services if s.ministry == ministry_id), key=lambda s: sort_key(s.name))


def _authority_services(kb: KnowledgeBase, type_id: str) -> list[Service]:
    found = (s for s in kb.services if type_id in s.authority_types)
    return sorted(found, key=lambda s: sort_key(s.name))


def organization_summaries(
    kb: KnowledgeBase, q: str | None = None, kind: str | None = None
) -> list[OrganizationSummary]:
    """The ministries (in the corpus' order), then the authority types by name.

    ``kind=ministry`` includes the Staatskanzlei: it is one of the nine supreme authorities that services and
    OZG roles point to, and a ministry filter without it would silently drop its records.
    """
    counts = Counter(s.ministry for s in kb.services if s.ministry)
    counts.update(f"type:{t}" for s in kb.services for t in set(s.authority_types))
    items = [
        OrganizationSummary(
            id=m.id,
            name=m.name,
            abbreviation=m.abbreviation,
            kind=m.kind,
            url=m.website or m.sources[0],
            area_count=len(m.areas),
            ozg_role_count=len(m.ozg_roles),
            service_count=counts[m.id],
        )
        for m in kb.organizations.ministries
    ]
    authority_types = sorted(kb.organizations.authority_types, key=lambda a: sort_key(a.name))
    items += [
        OrganizationSummary(
            id=a.id,
            name=a.name,
            abbreviation=None,
            kind="authority_type",
            url=a.sources[0],
            area_count=0,
            ozg_role_count=0,
            service_count=counts[f"type:{a.id}"],
        )
        for a in authority_types
    ]
    if kind == "ministry":
        items = [i for i in items if i.kind in ("ministry", "staatskanzlei")]
    elif kind:
        items = [i for i in items if i.kind == kind]
    terms = fold(q).split() if q else []
    return [i for i in items if all(t in fold(f"{i.id} {i.name}") for t in terms)]


def organization_detail(kb: KnowledgeBase, org_id: str) -> OrganizationDetail:
    """A ministry (abbreviation in any case) or an authority type (slug); anything else is a 404."""
    data = kb.organizations
    summary = next(
        (s for s in organization_summaries(kb) if s.id.casefold() == org_id.strip().casefold()), None
    )
    if summary is None:
        raise NotFoundError(f"Eine Organisation mit der Kennung {org_id!r} ist nicht bekannt.")
    fields: dict[str, Any] = summary.model_dump()
    if summary.kind == "authority_type":
        a = data.authority_type(summary.id)
        relations = data.relations_for(authority_type=a.id)
        services = _authority_services(kb, a.id)
        fields |= {
            "level": a.level,
            "place_rule": a.place.model_dump() if a.place else None,
            "description": a.description,
            "supervision": a.supervision,
            "legal_basis": a.legal_basis,
            "certain": a.certain,
            "note": a.note,
            "sources": list(a.sources),
        }
    else:
        m = data.ministry(summary.id)
        relations = data.relations_for(ministry=m.id)
        services = _ministry_services(kb, m.id)
        fields |= {
            "head": m.head.model_dump() if m.head else None,
            "areas": [a.model_dump() for a in m.areas],
            "ozg_roles": [r.model_dump() for r in m.ozg_roles],
            "subordinate_authorities": [s.model_dump() for s in m.subordinate_authorities],
            "note": m.note,
            "sources": list(m.sources),
        }
    fields["services"] = service_refs(services)
    fields["relations"] = [
        Relation(**responsibility_fields(relation_responsibility(r, data)), topic=r.topic) for r in relations
    ]
    return OrganizationDetail(**fields)
