"""Chunk ids and the subject each chunk is about: made and parsed here, nowhere else.

A chunk id names its source and unit (``fim/99115005104000/kosten``, ``org/MID/role/5``,
``egovg-lsa/§9/abs1``, ``ozg/lebenslage/27``, ``place/gemeinde/150850235235``); a split chunk adds ``/teilN``.
Every chunk is *about* one subject — a service, a catalogue entry, a Lebenslage, an OZG role, a §, a place … —
and the answering side reasons about subjects (which one the question means), then cites chunks of it.
:func:`subject_of` is that mapping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from corpora.base import SourceKind

#: The first path segment of every chunk id, per source.
ID_PREFIX: dict[SourceKind, str] = {
    SourceKind.EGOVG_LSA: "egovg-lsa/",
    SourceKind.FIM: "fim/",
    SourceKind.ORGANIZATIONS: "org/",
    SourceKind.PAGES: "pages/",
    SourceKind.LEIKA: "leika/",
    SourceKind.OZG: "ozg/",
    SourceKind.PLACES: "place/",
}
SubjectKind = Literal[
    "service",  # a curated FIM service description (id: its key, the LeiKa key or a slug)
    "catalogue",  # a Leistungskatalog entry without a curated description (id: LeiKa key)
    "lebenslage",  # a Lebenslage of the OZG catalogue (id: its number)
    "ozg_leistung",  # an OZG-Leistung (id: its number)
    "ministry",  # a ministry or the Staatskanzlei (id: abbreviation)
    "area",  # a ministry's area (id: ``MI/area/3``)
    "ozg_role",  # a ministry's OZG role (id: ``MID/role/5``)
    "agency",  # a subordinate authority of a ministry (id: ``MI/authority/1``)
    "authority_type",  # an executing authority type (id: ``meldebehoerde``)
    "topic",  # a responsibility relation (id: ``relation/3``)
    "principle",  # a guiding principle (id: ``principle/1``)
    "norm",  # a § of the EGovG LSA (id: ``egovg-lsa/§9``)
    "page",  # a paragraph of an information page (id: ``ozg-umsetzung/p4``)
    "place",  # a Kreis, Verbandsgemeinde or Gemeinde of the Gemeindeverzeichnis (id: its ARS, 5, 9 or 12 digits)
]
SUBJECT_KINDS: tuple[str, ...] = SubjectKind.__args__  # type: ignore[attr-defined]
_PART = re.compile(r"/teil\d+$")
_LAW = "egovg-lsa"


@dataclass(frozen=True, order=True)
class SubjectRef:
    """What a chunk (or a question) is about."""

    kind: str
    id: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"


def source_of(chunk_id: str) -> SourceKind | None:
    for source, prefix in ID_PREFIX.items():
        if chunk_id.startswith(prefix):
            return source
    return None


def is_of(chunk_id: str, source: SourceKind) -> bool:
    """Whether an id (of a chunk or a linked entity) belongs to ``source``: ``is_of("fim/…", SourceKind.FIM)``."""
    return chunk_id.startswith(ID_PREFIX[source])


def service_key_of(chunk_id: str) -> str | None:
    """``fim/99115005104000/kosten`` -> ``99115005104000``; None for an id of another source."""
    return chunk_id.split("/")[1] if is_of(chunk_id, SourceKind.FIM) else None


def catalogue_key_of(chunk_id: str) -> str | None:
    """``leika/99115005104000`` -> ``99115005104000``; None for an id of another source."""
    return chunk_id.split("/")[1] if is_of(chunk_id, SourceKind.LEIKA) else None


def org_path(chunk_id: str) -> str:
    """``org/MID/role/5`` -> ``MID/role/5`` (the inverse of :func:`org_unit_id`; other ids unchanged)."""
    return chunk_id.removeprefix(ID_PREFIX[SourceKind.ORGANIZATIONS])


def unit_of(chunk_id: str) -> str:
    """The loader unit of a (possibly split) chunk: ``org/MID/teil1`` -> ``org/MID``."""
    return _PART.sub("", chunk_id)


def subject_of(chunk_id: str) -> SubjectRef | None:
    """The subject a chunk is about, or None for an id of no known source."""
    unit = unit_of(chunk_id)
    source = source_of(unit)
    parts = unit.split("/")
    if source == "fim":
        return SubjectRef("service", parts[1])
    if source == "leika":
        return SubjectRef("catalogue", parts[1])
    if source == "ozg":
        return SubjectRef("lebenslage" if parts[1] == "lebenslage" else "ozg_leistung", parts[2])
    if source == "egovg-lsa":
        return SubjectRef("norm", "/".join(parts[:2]))
    if source == "pages":
        return SubjectRef("page", "/".join(parts[1:3]))
    if source == "places":
        return SubjectRef("place", parts[2])
    if source == "organizations":
        rest = parts[1:]
        if rest[0] == "authority" and len(rest) == 2:
            return SubjectRef("authority_type", rest[1])
        if rest[0] in ("relation", "principle"):
            return SubjectRef("topic" if rest[0] == "relation" else "principle", "/".join(rest[:2]))
        if len(rest) >= 3 and rest[1] in ("area", "role", "authority"):
            kind = {"area": "area", "role": "ozg_role", "authority": "agency"}[rest[1]]
            return SubjectRef(kind, "/".join(rest[:3]))
        return SubjectRef("ministry", rest[0])
    return None


# --- makers (the only places ids are assembled) --------------------------------------------------------------


def service_chunk_id(service_key: str, module: str) -> str:
    return f"fim/{service_key}/{module}"


def service_card_id(service_key: str) -> str:
    return service_chunk_id(service_key, "karte")


def catalogue_chunk_id(key: str) -> str:
    return f"leika/{key}"


def lebenslage_chunk_id(lebenslage_id: str) -> str:
    return f"ozg/lebenslage/{lebenslage_id}"


def ozg_leistung_chunk_id(leistung_id: str) -> str:
    return f"ozg/leistung/{leistung_id}"


def org_unit_id(org_path: str) -> str:
    """``MID/role/5`` -> ``org/MID/role/5``; ``relation/3`` -> ``org/relation/3``."""
    return f"org/{org_path.removeprefix('org/')}"


def authority_type_chunk_id(type_id: str) -> str:
    return f"org/authority/{type_id}"


def relation_chunk_id(relation_id: str | int) -> str:
    """``org/relation/3``: the chunk that states a responsibility relation."""
    return f"org/relation/{relation_id}"


def principle_chunk_id(principle_id: str | int) -> str:
    return f"org/principle/{principle_id}"


#: Id segment of a place record by the length of its ARS (Kreis 5, Verbandsgemeinde 9, Gemeinde 12 digits).
_PLACE_SEGMENT = {5: "kreis", 9: "verband", 12: "gemeinde"}


def place_chunk_id(ars: str) -> str:
    """``15085`` -> ``place/kreis/15085``; ``150815051`` -> ``place/verband/…``; 12 digits -> ``place/gemeinde/…``."""
    segment = _PLACE_SEGMENT.get(len(ars))
    if segment is None or not ars.isdigit():
        raise ValueError(f"not an ARS of 5, 9 or 12 digits: {ars!r}")
    return f"place/{segment}/{ars}"


def norm_id(paragraph: str | int, absatz: str | int | None = None) -> str:
    """``egovg-lsa/§9`` or ``egovg-lsa/§9/abs1``."""
    base = f"{_LAW}/§{paragraph}"
    return f"{base}/abs{absatz}" if absatz is not None else base


def norm_prefix(paragraph: str | int) -> str:
    """``egovg-lsa/§9/``: what the chunk ids of a §'s Absätze start with."""
    return norm_id(paragraph) + "/"


def page_chunk_id(slug: str, number: int | str) -> str:
    """``pages/ozg-umsetzung/p4``: a paragraph of an information page."""
    return f"pages/{slug}/p{number}"


def chunk_ids_of_subject(subject: SubjectRef, chunk_ids: list[str]) -> list[str]:
    """The chunks of ``chunk_ids`` that are about ``subject`` (in the given order)."""
    return [c for c in chunk_ids if subject_of(c) == subject]
