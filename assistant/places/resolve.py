"""(authority type, place) -> the concrete authority: "Zulassungsbehörde des Landkreises Harz".

The authority type's place rule (``organizations.yaml``, stated in its record ``org/authority/<id>``) says at
which level it sits; the place directory says which Gemeinde, Verbandsgemeinde and Kreis a place belongs to.
Both are cited with exact quotes. Addresses, phone numbers and web addresses of local offices are not in the
sources and are never produced here.
"""

from __future__ import annotations

from assistant.places.directory import PlaceDirectory
from assistant.places.models import LocalAuthority, Place
from corpora.certainty import weakest
from corpora.ids import authority_type_chunk_id
from corpora.organization_models import OrganizationData, PlaceException, PlaceRule
from corpora.place_names import fill_office
from corpora.place_rules import exception_text, place_rule_text
from lsa_assistant.errors import PlaceAmbiguousError

#: Levels for which no local body can be named from the place.
NOT_TERRITORIAL = frozenset({"bund", "none"})


def candidate_list(places: list[Place]) -> list[dict[str, object]]:
    """Places as the problem body lists them (``candidates`` of a 422)."""
    return [
        {
            "ars": p.ars,
            "kind": p.kind,
            "name": p.name,
            "short": p.short,
            "kreis_name": p.kreis_name,
            "plz": list(p.plz),
        }
        for p in places
    ]


def _body(directory: PlaceDirectory, level: str, place: Place, authority: str) -> Place:
    """The Gemeinde, Verbandsgemeinde or Kreis that acts at ``level`` for ``place``.

    :raises PlaceAmbiguousError: the place is larger than the level (a Landkreis for a Gemeinde task).
    """
    kreis = directory.by_ars(place.kreis_ars)
    assert kreis is not None  # every place has its Kreis
    if level in ("kreis", "land"):
        return kreis
    if place.kind == "kreis" and directory.is_kreisfrei(place):
        place = directory.members(place.ars)[0]  # the town is its own Gemeinde
    if place.kind == "gemeinde":
        if level == "verbandsgemeinde" and place.verband_ars:
            return directory.by_ars(place.verband_ars) or place
        return place
    if place.kind == "verbandsgemeinde" and level == "verbandsgemeinde":
        return place
    members = [m for m in directory.members(place.ars) if m.kind == "gemeinde"]
    raise PlaceAmbiguousError(
        f"Für „{authority}“ ist die Gemeinde zuständig; {directory.title(place)} umfasst {len(members)} Gemeinden. "
        "Bitte die Gemeinde angeben.",
        candidates=candidate_list(members),
    )


def resolve_authority(
    directory: PlaceDirectory, organizations: OrganizationData, authority_type_id: str, place: Place
) -> LocalAuthority | None:
    """The concrete authority of ``authority_type_id`` for ``place``.

    :returns: None when the type has no territorial level (Bund, Krankenkasse, the Studentenwerk at the study
        place …): no body follows from the place of residence.
    :raises NotFoundError: unknown authority type.
    :raises PlaceAmbiguousError: a task of the Gemeinde (or Verbandsgemeinde) asked for a whole Kreis or
        Verbandsgemeinde; ``candidates`` lists its Gemeinden.
    """
    authority = organizations.authority_type(authority_type_id)
    rule = authority.place
    if rule is None or rule.level in NOT_TERRITORIAL:
        return None
    statement: PlaceRule | PlaceException = rule.exception_for(place.ars) or rule
    if statement.level in NOT_TERRITORIAL:
        return None
    quote = exception_text(statement) if isinstance(statement, PlaceException) else place_rule_text(rule)
    kreis = directory.by_ars(place.kreis_ars)
    office = statement.office or rule.office
    if statement.level == "land" and (office is None or "{" not in office):
        body, name, level = place, office or authority.name, "land"  # one body of the Land, not of the place
    else:
        body = _body(directory, statement.level, place, authority.name)
        name = fill_office(office, directory.title(body))
        level = "land" if statement.level == "land" else body.kind
    certainty = weakest([statement.certainty, "sourced" if authority.certain else "uncertain"])
    return LocalAuthority(
        authority_type=authority.id,
        name=name,
        level=level,
        place=body,
        kreis=kreis,
        certainty=certainty,
        note=statement.note,
        rule_document_id=authority_type_chunk_id(authority.id),
        rule_quote=quote,
        place_document_id=place.document_id,
        place_quote=directory.lead(place),
        source_url=statement.source,
    )
