"""Places and routing as the API shows them: the place directory and the resolver turned into response models.

Pure functions (knowledge in, models out), so the routes stay thin and the rules are testable without HTTP.
What cannot be answered is raised as a typed error (unknown place 404, outside Sachsen-Anhalt 404 ``E441``,
ambiguous 422 ``E440`` with ``candidates``); the one error handler renders it.
"""

from __future__ import annotations

from api.schemas_places import (
    PlaceDetail,
    PlaceSummary,
    ResponsibilityRequest,
)
from assistant.knowledge import KnowledgeBase
from assistant.places import Place, PlaceDirectory, candidate_list
from assistant.places.recognize import ST_PLZ_PREFIXES
from corpora.place_documents import source_name
from lsa_assistant.errors import (
    BadRequestError,
    IndexMissingError,
    NotFoundError,
    PlaceAmbiguousError,
    PlaceOutsideError,
)

BUS_URL = "https://www.buerger.sachsen-anhalt.de"
OUTSIDE = "{} liegt nicht in Sachsen-Anhalt; dieser Dienst kennt nur die Zuständigkeiten in Sachsen-Anhalt."


def directory_of(kb: KnowledgeBase) -> PlaceDirectory:
    if kb.places is None:
        raise IndexMissingError("Das Ortsverzeichnis ist nicht geladen.")
    return kb.places


def place_out(directory: PlaceDirectory, place: Place) -> PlaceSummary:
    return PlaceSummary(
        ars=place.ars,
        kind=place.kind,  # type: ignore[arg-type]
        name=place.name,
        short=place.short,
        title=directory.title(place),
        kreis_ars=place.kreis_ars,
        kreis_name=place.kreis_name,
        verband_ars=place.verband_ars,
        verband_name=place.verband_name,
        plz=list(place.plz),
        document_id=place.document_id,
    )


def place_detail(directory: PlaceDirectory, place: Place) -> PlaceDetail:
    kreis = directory.by_ars(place.kreis_ars) if place.kind != "kreis" else None
    verband = directory.by_ars(place.verband_ars) if place.kind == "gemeinde" and place.verband_ars else None
    return PlaceDetail(
        **place_out(directory, place).model_dump(),
        lead=directory.lead(place),
        record=directory.record_text(place),
        source=source_name(directory.data),
        kreis=place_out(directory, kreis) if kreis else None,
        verbandsgemeinde=place_out(directory, verband) if verband else None,
        members=[place_out(directory, m) for m in directory.members(place.ars) if m.ars != place.ars],
    )


def ambiguous(places: list[Place], what: str) -> PlaceAmbiguousError:
    return PlaceAmbiguousError(
        f"{what} passt zu {len(places)} Orten: {', '.join(p.short for p in places)}. Bitte einen wählen.",
        candidates=candidate_list(places),
    )


def find_places(directory: PlaceDirectory, q: ResponsibilityRequest) -> tuple[list[Place], str]:
    """The places the query names (several: a shared PLZ or a name of several places), and how it named them.

    :raises BadRequestError: no place or more than one.
    :raises PlaceOutsideError: a key or PLZ of another Land, a known place outside Sachsen-Anhalt.
    :raises NotFoundError: nothing found.
    """
    if q.given_places() != 1:
        raise BadRequestError("Bitte genau eine Ortsangabe machen: ars, ags, plz oder place.")
    if q.ars is not None or q.ags is not None:
        key = str(q.ars or q.ags)
        if not key.startswith("15"):
            raise PlaceOutsideError(OUTSIDE.format(f"Der Schlüssel {key}"), outside=key)
        found = directory.by_ars(key) if q.ars is not None else directory.by_ags(key)
        if found is None:
            raise NotFoundError(f"Einen Ort mit dem Schlüssel {key} gibt es im Gemeindeverzeichnis nicht.")
        return [found], f"Der Schlüssel {key}"
    if q.plz is not None:
        owners = directory.by_plz(q.plz)
        if not owners and q.plz[:2] not in ST_PLZ_PREFIXES:
            raise PlaceOutsideError(OUTSIDE.format(f"Die Postleitzahl {q.plz}"), outside=q.plz)
        if not owners:
            raise NotFoundError(
                f"Die Postleitzahl {q.plz} ist im Verzeichnis nicht enthalten (die Postleitzahlen sind aus "
                "OpenStreetMap abgeleitet und unvollständig); bitte den Ort oder den Regionalschlüssel angeben."
            )
        return owners, f"Die Postleitzahl {q.plz}"
    mention = directory.lookup(str(q.place))
    if mention is not None and mention.place is None and not mention.candidates and mention.outside:
        raise PlaceOutsideError(OUTSIDE.format(mention.outside), outside=mention.outside)
    if mention is None or (mention.place is None and not mention.candidates):
        raise NotFoundError(f"Einen Ort „{q.place}“ gibt es im Gemeindeverzeichnis von Sachsen-Anhalt nicht.")
    return ([mention.place] if mention.place else mention.candidates), f"„{q.place}“"
