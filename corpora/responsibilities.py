"""Who is responsible for a service, with how firmly each part is backed: the relations decide.

``organizations.yaml`` relates topic → executing authority type → ministry, each half with a certainty and a
source. A FIM service is covered by the relations that name one of its LeiKa keys (or its name); for each of
its executing authority types, the relation of that type says who answers for it. The FIM files' role-02
ministry is only a copy, validated against the relation of the service's first authority type
(``corpora.fim_checks``, rule E110), so the chat, the API, the CSV and the staff page all read the same answer
from here.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from corpora.certainty import Certainty
from corpora.fim_models import Service
from corpora.ids import relation_chunk_id
from corpora.organization_models import OrganizationData, Relation


class ServiceResponsibility(BaseModel):
    """One executing authority type of a service and the ministry above it, from one relation."""

    model_config = ConfigDict(frozen=True)

    relation_id: int
    topic: str
    authority_type: str
    authority_name: str
    authority_level: str
    authority_certainty: Certainty
    authority_source: str
    ministry: str | None = None
    ministry_name: str | None = None
    ministry_kind: str | None = Field(default=None, description="ministry | staatskanzlei")
    basis: str | None = Field(default=None, description="Fachverantwortung, Fachaufsicht, OZG-Rolle, …")
    ministry_certainty: Certainty | None = None
    ministry_source: str | None = None
    legal_basis: str | None = None
    note: str | None = None

    @property
    def document_id(self) -> str:
        """The organisations chunk that states this relation (citable)."""
        return relation_chunk_id(self.relation_id)


def relations_for_service(service: Service, organizations: OrganizationData) -> list[Relation]:
    """Relations naming one of the service's LeiKa keys or, failing a key, its exact name."""
    keys = {k for k in (service.leika_key, *service.weitere_leika_keys) if k}
    return [r for r in organizations.relations if keys & set(r.leika_keys) or service.name in r.services]


def relation_for(service: Service, authority_type: str, organizations: OrganizationData) -> Relation | None:
    """The relation that covers ``authority_type`` for this service (the first, in file order)."""
    return next(
        (r for r in relations_for_service(service, organizations) if r.authority_type == authority_type), None
    )


def service_responsibilities(
    service: Service, organizations: OrganizationData
) -> list[ServiceResponsibility]:
    """One entry per executing authority type of the service that a relation covers, in the service's order.

    The first entry is the service's main responsibility: its ministry is the service's ministry.
    """
    found = []
    for type_id in service.authority_types:
        relation = relation_for(service, type_id, organizations)
        if relation is not None:
            found.append(responsibility(relation, organizations))
    return found


def responsibility(relation: Relation, organizations: OrganizationData) -> ServiceResponsibility:
    """A relation as a service responsibility, names resolved from the organisation records."""
    authority = organizations.authority_type(relation.authority_type)
    ministry = organizations.ministry(relation.ministry) if relation.ministry else None
    return ServiceResponsibility(
        relation_id=relation.id,
        topic=relation.topic,
        authority_type=authority.id,
        authority_name=authority.name,
        authority_level=authority.level,
        authority_certainty=relation.authority_certainty,
        authority_source=relation.source,
        ministry=ministry.id if ministry else None,
        ministry_name=ministry.name if ministry else None,
        ministry_kind=ministry.kind if ministry else None,
        basis=relation.basis,
        ministry_certainty=relation.ministry_certainty,
        ministry_source=relation.ministry_source,
        legal_basis=relation.legal_basis,
        note=relation.note,
    )


def main_responsibility(service: Service, organizations: OrganizationData) -> ServiceResponsibility | None:
    """The responsibility of the service's first authority type (the one its ministry follows)."""
    if not service.authority_types:
        return None
    relation = relation_for(service, service.authority_types[0], organizations)
    return responsibility(relation, organizations) if relation is not None else None
