"""One plain-German record per Kreis, Verbandsgemeinde and Gemeinde, citable by the responsibility resolver.

The first line of every record ("Tangerhütte, Stadt – Gemeinde im Landkreis Stendal") states the link an answer
relies on (which Kreis, which Verbandsgemeinde); :func:`place_lead` builds it, and the resolver quotes exactly
that line. Every record names its sources, Destatis and OpenStreetMap, as their licences ask.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from haystack import Document

from corpora.base import SourceKind, load_manifest, make_document
from corpora.ids import place_chunk_id
from corpora.place_names import (
    KREISFREIE_STADT,
    base_name,
    dative_in,
    gemeinde_title,
    kreis_title,
    sort_key,
    verband_title,
)
from corpora.places import DATA_DIR, GemeindeRecord, KreisRecord, PlaceData, VerbandRecord, load_places

SOURCE_URL = "https://www.destatis.de/DE/Themen/Laender-Regionen/Regionales/Gemeindeverzeichnis/_inhalt.html"
PLZ_NOTE = "aus OpenStreetMap abgeleitet, ungefähr"


def stand(data: PlaceData) -> str:
    """``20251130`` -> ``30.11.2025``."""
    g = data.gebietsstand
    return f"{g[6:8]}.{g[4:6]}.{g[:4]}"


def source_name(data: PlaceData) -> str:
    """ "Gemeindeverzeichnis (Destatis, Stand 30.11.2025)": how answers name this source."""
    return f"Gemeindeverzeichnis (Destatis, Stand {stand(data)})"


def kreis_of(data: PlaceData, ars: str) -> KreisRecord:
    return data.kreise[ars[:5]]


def place_lead(data: PlaceData, ars: str) -> str:
    """The first line of a place record: what it is and where it belongs (quoted by the resolver)."""
    if len(ars) == 5:
        k = data.kreise[ars]
        kind = "kreisfreie Stadt" if k.typ == KREISFREIE_STADT else "Landkreis"
        return f"{kreis_title(k.name, k.typ)} – {kind} in Sachsen-Anhalt"
    kreis = kreis_of(data, ars)
    in_kreis = dative_in(kreis_title(kreis.name, kreis.typ))
    if len(ars) == 9:
        return f"{verband_title(data.verbaende[ars].name)} – Verbandsgemeinde {in_kreis}"
    g = data.gemeinden[ars]
    if kreis.typ == KREISFREIE_STADT:
        return f"{g.name} – kreisfreie Stadt in Sachsen-Anhalt"
    if g.verband_ars is not None:
        verband = verband_title(data.verbaende[g.verband_ars].name)
        return f"{g.name} – Gemeinde {in_kreis}, Mitgliedsgemeinde der {verband}"
    return f"{g.name} – Gemeinde {in_kreis}"


def _names(names: list[str]) -> str:
    return ", ".join(names)


def kreis_text(data: PlaceData, k: KreisRecord) -> str:
    members = [data.gemeinden[a] for a in data.members.get(k.ars, [])]
    verbaende = sorted((v.name for v in data.verbaende.values() if v.kreis_ars == k.ars), key=sort_key)
    lines = [place_lead(data, k.ars), f"Amtlicher Regionalschlüssel (ARS) {k.ars}."]
    if k.typ == KREISFREIE_STADT:
        lines.append("Die Stadt ist zugleich Gemeinde und Kreis.")
    else:
        lines.append(f"Sitz der Kreisverwaltung: {k.sitz}.")
        if verbaende:
            lines.append(f"Verbandsgemeinden ({len(verbaende)}): {_names(verbaende)}.")
        lines.append(
            f"Gemeinden ({len(members)}): {_names(sorted((base_name(g.name) for g in members), key=sort_key))}."
        )
    lines.append(f"Quelle: {source_name(data)}.")
    return "\n".join(lines)


def verband_text(data: PlaceData, v: VerbandRecord) -> str:
    members = sorted((base_name(data.gemeinden[a].name) for a in data.members.get(v.ars, [])), key=sort_key)
    return "\n".join(
        [
            place_lead(data, v.ars),
            f"Amtlicher Regionalschlüssel (ARS) {v.ars}.",
            f"Sitz der Verwaltung: {v.sitz}.",
            f"Mitgliedsgemeinden ({len(members)}): {_names(members)}.",
            f"Quelle: {source_name(data)}.",
        ]
    )


def gemeinde_text(data: PlaceData, g: GemeindeRecord) -> str:
    other_names = [n for n in dict.fromkeys([gemeinde_title(g.name), g.everyday]) if n != g.name]
    lines = [
        place_lead(data, g.ars),
        f"Amtlicher Regionalschlüssel (ARS) {g.ars}; Amtlicher Gemeindeschlüssel (AGS) {g.ags}.",
        f"Auch genannt: {_names(other_names)}.",
    ]
    if g.verband_ars is not None:
        lines.append(f"Sitz der Verwaltung der Verbandsgemeinde: {data.verbaende[g.verband_ars].sitz}.")
    elif kreis_of(data, g.ars).typ != KREISFREIE_STADT:
        lines.append("Verbandsfreie Gemeinde: gehört keiner Verbandsgemeinde an.")
    lines += [
        f"Postleitzahlen: {_names(list(g.plz))} ({PLZ_NOTE}).",
        f"Einwohner am 31.12.2024: {g.population:,}.".replace(",", "."),
        f"Quelle: {source_name(data)}; Postleitzahlen © OpenStreetMap-Mitwirkende (ODbL).",
    ]
    return "\n".join(lines)


def place_text(data: PlaceData, ars: str) -> str:
    """The text of the place record ``ars`` (5, 9 or 12 digits), exactly as indexed."""
    if len(ars) == 5:
        return kreis_text(data, data.kreise[ars])
    if len(ars) == 9:
        return verband_text(data, data.verbaende[ars])
    return gemeinde_text(data, data.gemeinden[ars])


def place_title(data: PlaceData, ars: str) -> str:
    """ "Landkreis Harz", "Verbandsgemeinde Vorharz", "Welterbestadt Quedlinburg"."""
    if len(ars) == 5:
        return kreis_title(data.kreise[ars].name, data.kreise[ars].typ)
    if len(ars) == 9:
        return verband_title(data.verbaende[ars].name)
    return gemeinde_title(data.gemeinden[ars].name)


class PlacesLoader:
    """One document per Kreis (``place/kreis/<ARS>``), Verbandsgemeinde (``place/verband/<ARS>``) and Gemeinde
    (``place/gemeinde/<ARS>``)."""

    source: SourceKind = SourceKind.PLACES

    def __init__(self, directory: Path = DATA_DIR, data: PlaceData | None = None) -> None:
        """:param data: the already parsed places of ``directory`` (a :class:`~corpora.corpus.Corpus`'s)."""
        self.directory = Path(directory)
        self.data = data
        self.report: dict[str, int] = {}

    def iter_documents(self) -> Iterator[Document]:
        version = load_manifest(self.directory / "manifest.yaml").version
        data = self.data if self.data is not None else load_places(self.directory)
        self.report = {"kreise": len(data.kreise), "verbandsgemeinden": len(data.verbaende)}
        self.report["gemeinden"] = len(data.gemeinden)
        kinds = [("kreis", data.kreise), ("verbandsgemeinde", data.verbaende), ("gemeinde", data.gemeinden)]
        for kind, records in kinds:
            for ars in records:
                kreis = kreis_of(data, ars)
                yield make_document(
                    doc_id=place_chunk_id(ars),
                    content=place_text(data, ars),
                    source="places",
                    label=f"{source_name(data)}: {place_title(data, ars)}",
                    title=place_title(data, ars),
                    url=SOURCE_URL,
                    version=version,
                    section_path=[
                        "Gemeindeverzeichnis",
                        kreis_title(kreis.name, kreis.typ),
                        place_title(data, ars),
                    ],
                    kind=kind,
                    ars=ars,
                    kreis_ars=kreis.ars,
                )
