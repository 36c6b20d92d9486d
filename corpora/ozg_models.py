"""The OZG-Umsetzungskatalog (Stand ca. 2020): Themenfelder, Lebenslagen, OZG-Leistungen and their LeiKa keys.

The catalogue groups services by life event ("Geburt", "Tod", "Wohnen & Umzug"): what a portal needs to answer
"Mein Kind wurde geboren – was muss ich erledigen?". It is a grouping, not a responsibility: it names no
authority in Sachsen-Anhalt, so nothing built on it may claim one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: How a curated Sachsen-Anhalt service was placed in an OZG-Leistung.
#: ``key``: one of its LeiKa keys is in the catalogue's mapping; ``replaced``: a key it replaced is;
#: ``leistungsobjekt``: only keys of its Leistungsobjekt (first 8 digits) are, and all in one OZG-Leistung.
PlacementBasis = Literal["key", "replaced", "leistungsobjekt"]
CATALOGUE_NAME = "OZG-Umsetzungskatalog (Stand ca. 2020)"
CATALOGUE_URL = "https://github.com/kdn-nrw/OZG-Datenbank-NRW"


@dataclass(frozen=True)
class Themenfeld:
    id: str
    name: str


@dataclass(frozen=True)
class Lebenslage:
    id: str
    name: str
    themenfeld_id: str


@dataclass(frozen=True)
class OzgLeistung:
    id: str
    ozg_id: str  # the 5-digit OZG-ID
    name: str
    lebenslage_id: str


@dataclass(frozen=True)
class Placement:
    """A curated service's place in the catalogue, with how it was found."""

    service_key: str
    leistung_id: str
    basis: PlacementBasis


@dataclass
class OzgCatalogue:
    """The whole catalogue with look-ups in both directions."""

    themenfelder: dict[str, Themenfeld]
    lebenslagen: dict[str, Lebenslage]
    leistungen: dict[str, OzgLeistung]
    #: LeiKa key -> OZG-Leistung id (every key of the 2019 catalogue has exactly one)
    key_to_leistung: dict[str, str]
    #: curated service key -> its placements (filled by :func:`corpora.ozg_katalog.place_services`)
    placements: dict[str, list[Placement]] = field(default_factory=dict)
    #: Lebenslage id -> (everyday description, key words): the editors' wording (``lebenslagen-alltag.yaml``)
    alltag: dict[str, tuple[str, list[str]]] = field(default_factory=dict)

    def leistungen_of(self, lebenslage_id: str) -> list[OzgLeistung]:
        return sorted(
            (x for x in self.leistungen.values() if x.lebenslage_id == lebenslage_id), key=lambda x: x.name
        )

    def keys_of(self, leistung_id: str) -> list[str]:
        """The LeiKa keys the catalogue maps to an OZG-Leistung, in key order."""
        return sorted(k for k, v in self.key_to_leistung.items() if v == leistung_id)

    def lebenslage_of_key(self, key: str) -> Lebenslage | None:
        leistung = self.leistungen.get(self.key_to_leistung.get(key, ""))
        return self.lebenslagen.get(leistung.lebenslage_id) if leistung else None

    def themenfeld_of(self, lebenslage: Lebenslage) -> Themenfeld | None:
        return self.themenfelder.get(lebenslage.themenfeld_id)

    def services_of(self, lebenslage_id: str) -> list[Placement]:
        """Curated services placed in one of the Lebenslage's OZG-Leistungen."""
        ids = {x.id for x in self.leistungen_of(lebenslage_id)}
        return [p for ps in self.placements.values() for p in ps if p.leistung_id in ids]
