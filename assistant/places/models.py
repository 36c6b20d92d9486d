"""The place contract: a place, a place named in a text, and the concrete authority for a place.

Other parts (the chat's follow-ups, the routing API, the staff page) code against these types; they are plain
dataclasses so that the knowledge base that holds the directory can be cached and sent between processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corpora.certainty import Certainty


@dataclass(frozen=True)
class Place:
    """One Gemeinde, Verbandsgemeinde or Kreis of Sachsen-Anhalt (Gemeindeverzeichnis, Stand 30.11.2025)."""

    ars: str  # 12 digits (Gemeinde), 9 (Verbandsgemeinde), 5 (Kreis)
    kind: str  # "gemeinde" | "verbandsgemeinde" | "kreis"
    name: str  # official: "Quedlinburg, Welterbestadt", "Harz", "Beetzendorf-Diesdorf"
    short: str  # everyday: "Quedlinburg", "Landkreis Harz", "Verbandsgemeinde Beetzendorf-Diesdorf"
    kreis_ars: str  # the Kreis (for a Kreis and a kreisfreie Stadt: itself)
    kreis_name: str  # its official name, as Place.name of the Kreis ("Harz", "Magdeburg, Landeshauptstadt")
    verband_ars: str | None  # the Verbandsgemeinde of a member Gemeinde (for a Verbandsgemeinde: itself)
    verband_name: str | None
    plz: tuple[str, ...]  # approximate (OpenStreetMap); a Kreis or Verbandsgemeinde: those of its Gemeinden
    document_id: str  # the chunk id of its record (citable), e.g. "place/gemeinde/150850235235"


@dataclass
class PlaceMention:
    """What a text says about where: one place, several that fit, or a place outside Sachsen-Anhalt."""

    place: Place | None  # the one place meant
    candidates: list[Place] = field(default_factory=list)  # several fit (shared PLZ, a name of two places)
    outside: str | None = None  # a place outside Sachsen-Anhalt the text is asked for ("Leipzig"), else None
    matched: str = ""  # the words of the text that named it


@dataclass
class LocalAuthority:
    """The concrete authority of an authority type for one place, with both citations it rests on."""

    authority_type: str  # id, e.g. "zulassungsbehoerde"
    name: str  # "Zulassungsbehörde des Landkreises Harz", "Meldebehörde der Verbandsgemeinde Beetzendorf-Diesdorf"
    level: str  # "gemeinde" | "verbandsgemeinde" | "kreis" | "land": the level of the responsible body
    place: (
        Place  # the responsible body (Gemeinde, Verbandsgemeinde or Kreis); for "land" the place asked about
    )
    kreis: Place | None  # the Kreis of the place asked about
    certainty: Certainty  # how firmly the place rule is sourced (the weakest of rule and authority record)
    note: str | None  # why it is uncertain, or what the sources do not say (which Finanzamt, …)
    rule_document_id: str  # the chunk stating the rule: ``org/authority/<id>``
    rule_quote: str  # exact substring of that chunk
    place_document_id: str  # the record of the place asked about
    place_quote: str  # exact substring of it: "Tangerhütte, Stadt – Gemeinde im Landkreis Stendal"
    source_url: str | None = None  # the source of the rule (or of the special case)
