"""The place directory as a source: Gemeinden, Verbandsgemeinden and Kreise of Sachsen-Anhalt, validated.

``gemeinden-st.tsv`` and ``kreise-st.tsv`` are copied byte for byte from the project's source collection
(Destatis GV100AD, Stand 30.11.2025; PLZ from OpenStreetMap). Citizens say where they live; the responsibility
resolver needs the chain Gemeinde -> Verbandsgemeinde -> Kreis behind that, so every link is checked here: the
ARS is built from the AGS and the Verband code, every Kreis and Verbandsgemeinde is consistent across its
Gemeinden, and the counts in ``kreise-st.tsv`` match. A broken file raises :class:`CorpusError` naming file and
line. The document texts are built in :mod:`corpora.place_documents`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from corpora.base import read_tsv
from lsa_assistant.errors import CorpusError

DATA_DIR = Path(__file__).parent / "data" / "gemeinden"
GEMEINDEN_FILE = "gemeinden-st.tsv"
KREISE_FILE = "kreise-st.tsv"
GEMEINDE_COLUMNS = [
    "ags", "ars", "name", "kreis_ars", "kreis_name", "verband_name", "plz", "gemeinde_typ", "kreis_typ",
    "verband_ars", "verband_typ", "verband_sitz", "plz_verwaltungssitz", "plz_mehrere", "name_osm",
    "bevoelkerung", "flaeche_ha", "gebietsstand",
]  # fmt: skip
KREIS_COLUMNS = ["ars", "name", "typ", "sitz", "anzahl_gemeinden", "anzahl_verbandsgemeinden", "gebietsstand"]
#: GV100AD type of a Gemeindeverband that is a Verbandsgemeinde (the others are verbandsfreie Gemeinden).
VERBANDSGEMEINDE = "Verbandsgemeinde"
VERBANDSFREI = "verbandsfreie Gemeinde"
KREIS_TYPES = frozenset({"Landkreis", "Kreisfreie Stadt"})
#: Optional columns (a verbandsfreie Gemeinde has no Verband name or seat).
_OPTIONAL = frozenset({"verband_name", "verband_sitz"})
_PLZ = re.compile(r"\d{5}")


@dataclass(frozen=True)
class KreisRecord:
    ars: str  # 5 digits
    name: str  # official, e.g. "Harz", "Magdeburg, Landeshauptstadt"
    typ: str  # "Landkreis" | "Kreisfreie Stadt"
    sitz: str


@dataclass(frozen=True)
class VerbandRecord:
    ars: str  # 9 digits
    name: str  # e.g. "Beetzendorf-Diesdorf"
    sitz: str
    kreis_ars: str


@dataclass(frozen=True)
class GemeindeRecord:
    ags: str  # 8 digits
    ars: str  # 12 digits
    name: str  # official, e.g. "Quedlinburg, Welterbestadt"
    everyday: str  # the OSM name, e.g. "Quedlinburg"
    kreis_ars: str
    verband_ars: str | None  # only for members of a Verbandsgemeinde
    plz: tuple[str, ...]
    population: int  # 31.12.2024
    several_plz: bool  # Destatis: the Gemeinde has more than one PLZ


@dataclass
class PlaceData:
    """All records, by ARS, in file order."""

    kreise: dict[str, KreisRecord]
    verbaende: dict[str, VerbandRecord]
    gemeinden: dict[str, GemeindeRecord]
    gebietsstand: str  # YYYYMMDD
    members: dict[str, list[str]] = field(default_factory=dict)  # Kreis/Verband ARS -> Gemeinde ARS


def _rows(path: Path, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    out = []
    for line, row in read_tsv(path, columns):
        if len(row) != len(columns):
            raise CorpusError(
                f"expected {len(columns)} columns, found {len(row)}", path=path, where=f"line {line}"
            )
        record = {c: v.strip() for c, v in zip(columns, row, strict=True)}
        empty = [c for c, v in record.items() if not v and c not in _OPTIONAL]
        if empty:
            raise CorpusError(f"empty field {empty[0]!r}", path=path, where=f"line {line}")
        out.append((line, record))
    return out


def _load_kreise(path: Path) -> tuple[dict[str, KreisRecord], dict[str, tuple[int, int, int]], set[str]]:
    kreise: dict[str, KreisRecord] = {}
    counts: dict[str, tuple[int, int, int]] = {}  # ars -> (line, Gemeinden, Verbandsgemeinden)
    stands = set()
    for line, r in _rows(path, KREIS_COLUMNS):
        where = f"line {line}"
        if not re.fullmatch(r"15\d{3}", r["ars"]):
            raise CorpusError(
                f"Kreis ARS must be 5 digits of Land 15, got {r['ars']!r}", path=path, where=where
            )
        if r["ars"] in kreise:
            raise CorpusError(f"duplicate Kreis {r['ars']}", path=path, where=where)
        if r["typ"] not in KREIS_TYPES:
            raise CorpusError(f"unknown Kreis type {r['typ']!r}", path=path, where=where)
        if not (r["anzahl_gemeinden"].isdigit() and r["anzahl_verbandsgemeinden"].isdigit()):
            raise CorpusError("counts must be numbers", path=path, where=where)
        kreise[r["ars"]] = KreisRecord(r["ars"], r["name"], r["typ"], r["sitz"])
        counts[r["ars"]] = (line, int(r["anzahl_gemeinden"]), int(r["anzahl_verbandsgemeinden"]))
        stands.add(r["gebietsstand"])
    return kreise, counts, stands


def _gemeinde(path: Path, line: int, r: dict[str, str], kreise: dict[str, KreisRecord]) -> GemeindeRecord:
    where = f"line {line}"

    def fail(problem: str) -> CorpusError:
        return CorpusError(problem, path=path, where=where)

    ags, ars = r["ags"], r["ars"]
    if not re.fullmatch(r"15\d{6}", ags) or not re.fullmatch(r"15\d{10}", ars):
        raise fail(f"AGS must be 8 and ARS 12 digits of Land 15, got {ags!r} and {ars!r}")
    if ars[:5] != ags[:5] or ars[9:] != ags[5:]:
        raise fail(f"ARS {ars} does not fit AGS {ags} (Kreis digits + Verband code + Gemeinde digits)")
    kreis = kreise.get(r["kreis_ars"])
    if r["kreis_ars"] != ags[:5] or kreis is None:
        raise fail(f"unknown Kreis {r['kreis_ars']!r} for AGS {ags}")
    if r["kreis_name"] != kreis.name or r["kreis_typ"] != kreis.typ:
        raise fail(f"Kreis name or type differs from {KREISE_FILE}: {r['kreis_name']!r}")
    if r["verband_ars"] != ars[:9]:
        raise fail(f"verband_ars {r['verband_ars']!r} must be the first 9 digits of the ARS {ars}")
    member = r["verband_typ"] == VERBANDSGEMEINDE
    if r["verband_typ"] not in (VERBANDSGEMEINDE, VERBANDSFREI) or member != bool(r["verband_name"]):
        raise fail("a Verbandsgemeinde needs its name, a verbandsfreie Gemeinde none")
    plz = tuple(r["plz"].split())
    if not plz or not all(_PLZ.fullmatch(p) for p in plz) or len(set(plz)) != len(plz):
        raise fail(f"PLZ must be distinct 5-digit numbers, got {r['plz']!r}")
    if r["plz_verwaltungssitz"] not in plz:
        raise fail(f"PLZ of the seat {r['plz_verwaltungssitz']} is not among {r['plz']}")
    if not r["bevoelkerung"].isdigit() or r["plz_mehrere"] not in ("ja", "nein"):
        raise fail("bevoelkerung must be a number and plz_mehrere ja or nein")
    return GemeindeRecord(
        ags=ags,
        ars=ars,
        name=r["name"],
        everyday=r["name_osm"],
        kreis_ars=kreis.ars,
        verband_ars=r["verband_ars"] if member else None,
        plz=plz,
        population=int(r["bevoelkerung"]),
        several_plz=r["plz_mehrere"] == "ja",
    )


def load_places(directory: Path = DATA_DIR) -> PlaceData:
    """Both files, validated and cross-checked.

    :raises CorpusError: naming file and line (header, column count, empty field, key format, an ARS that does
        not fit its AGS, an unknown or inconsistent Kreis or Verbandsgemeinde, bad PLZ, duplicate keys, counts
        that differ from ``kreise-st.tsv``, more than one Gebietsstand).
    """
    directory = Path(directory)
    kreis_path, path = directory / KREISE_FILE, directory / GEMEINDEN_FILE
    kreise, counts, stands = _load_kreise(kreis_path)
    gemeinden: dict[str, GemeindeRecord] = {}
    verbaende: dict[str, VerbandRecord] = {}
    seen_ags: set[str] = set()
    for line, r in _rows(path, GEMEINDE_COLUMNS):
        record = _gemeinde(path, line, r, kreise)
        if record.ars in gemeinden or record.ags in seen_ags:
            raise CorpusError(f"duplicate Gemeinde {record.ags}", path=path, where=f"line {line}")
        seen_ags.add(record.ags)
        gemeinden[record.ars] = record
        stands.add(r["gebietsstand"])
        if record.verband_ars is not None:
            verband = VerbandRecord(
                record.verband_ars, r["verband_name"], r["verband_sitz"], record.kreis_ars
            )
            if verbaende.setdefault(verband.ars, verband) != verband:
                raise CorpusError(
                    f"Verbandsgemeinde {verband.ars} named or seated differently than on an earlier line",
                    path=path,
                    where=f"line {line}",
                )
    if len(stands) != 1:
        raise CorpusError(f"more than one Gebietsstand: {sorted(stands)}", path=path)
    data = PlaceData(kreise, verbaende, gemeinden, stands.pop())
    for g in gemeinden.values():
        data.members.setdefault(g.kreis_ars, []).append(g.ars)
        if g.verband_ars:
            data.members.setdefault(g.verband_ars, []).append(g.ars)
    _check_counts(kreis_path, data, counts)
    return data


def _check_counts(path: Path, data: PlaceData, counts: dict[str, tuple[int, int, int]]) -> None:
    verbaende = Counter(v.kreis_ars for v in data.verbaende.values())
    for ars, (line, n_gemeinden, n_verbaende) in counts.items():
        found = (len(data.members.get(ars, [])), verbaende[ars])
        if found != (n_gemeinden, n_verbaende):
            raise CorpusError(
                f"Kreis {ars} has {found[0]} Gemeinden and {found[1]} Verbandsgemeinden in {GEMEINDEN_FILE}, "
                f"but this line says {n_gemeinden} and {n_verbaende}",
                path=path,
                where=f"line {line}",
            )
