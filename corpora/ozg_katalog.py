"""The OZG catalogue as a source: Lebenslagen and OZG-Leistungen as subject cards, with the curated services placed.

The four TSV files under ``corpora/data/ozg-katalog`` are copied byte for byte from the project's source
collection (extracted from kdn-nrw/OZG-Datenbank-NRW, MIT). Every reference is checked (a Lebenslage's
Themenfeld, an OZG-Leistung's Lebenslage, a LeiKa key's OZG-Leistung); a broken file raises
:class:`CorpusError` naming file and line. The indexed texts are our own sentences built from the fields.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from haystack import Document

from corpora.base import SourceKind, load_manifest, load_yaml, make_document, read_tsv
from corpora.ids import lebenslage_chunk_id, ozg_leistung_chunk_id
from corpora.ozg_models import (
    CATALOGUE_NAME,
    CATALOGUE_URL,
    Lebenslage,
    OzgCatalogue,
    OzgLeistung,
    Placement,
    Themenfeld,
)
from lsa_assistant.errors import CorpusError

DATA_DIR = Path(__file__).parent / "data" / "ozg-katalog"
VERSION = "2020"
FILES = {
    "themenfelder": ("themenfelder.tsv", ["id", "name"]),
    "lebenslagen": ("lebenslagen.tsv", ["id", "name", "themenfeld_id"]),
    "leistungen": ("ozg-leistungen.tsv", ["id", "ozg_id", "name", "lebenslage_id"]),
    "keys": ("leika-ozg.tsv", ["service_key", "name", "ozg_leistung_id"]),
}
#: Everyday wording of the Lebenslagen, written by the editors (not a catalogue file).
ALLTAG_FILE = "lebenslagen-alltag.yaml"
#: A catalogue key may have no OZG-Leistung (the source leaves one key unassigned).
OPTIONAL_COLUMNS = frozenset({"ozg_leistung_id"})
#: Digits of a LeiKa key that name the Leistungsobjekt.
OBJECT_DIGITS = 8
#: Catalogue keys named on an OZG-Leistung card (the rest is counted, not listed).
MAX_KEYS_ON_CARD = 12


def _rows(directory: Path, name: str) -> list[tuple[int, dict[str, str]]]:
    file_name, columns = FILES[name]
    path = directory / file_name
    out = []
    for line, row in read_tsv(path, columns):
        if len(row) != len(columns):
            raise CorpusError(
                f"expected {len(columns)} columns, found {len(row)}", path=path, where=f"line {line}"
            )
        record = {c: " ".join(v.split()) for c, v in zip(columns, row, strict=True)}
        if not all(v for c, v in record.items() if c not in OPTIONAL_COLUMNS):
            raise CorpusError("empty field", path=path, where=f"line {line}")
        out.append((line, record))
    return out


def _unique(directory: Path, name: str, rows: list[tuple[int, dict[str, str]]], key: str) -> None:
    seen: dict[str, int] = {}
    for line, record in rows:
        if record[key] in seen:
            raise CorpusError(
                f"duplicate {key} {record[key]} (first on line {seen[record[key]]})",
                path=directory / FILES[name][0],
                where=f"line {line}",
            )
        seen[record[key]] = line


def _check_ref(directory: Path, name: str, line: int, value: str, known: dict[str, Any], what: str) -> None:
    if value not in known:
        raise CorpusError(f"unknown {what} {value!r}", path=directory / FILES[name][0], where=f"line {line}")


def load_ozg_catalogue(directory: Path = DATA_DIR) -> OzgCatalogue:
    """All four files, validated and cross-checked.

    :raises CorpusError: naming file and line (header, column count, empty field, duplicate id, unknown
        reference, a LeiKa key that is not 14 digits, an OZG-ID that is not 5 digits).
    """
    directory = Path(directory)
    tables = {name: _rows(directory, name) for name in FILES}
    for name, key in (
        ("themenfelder", "id"),
        ("lebenslagen", "id"),
        ("leistungen", "id"),
        ("keys", "service_key"),
    ):
        _unique(directory, name, tables[name], key)
    themenfelder = {r["id"]: Themenfeld(r["id"], r["name"]) for _, r in tables["themenfelder"]}
    lebenslagen: dict[str, Lebenslage] = {}
    for line, r in tables["lebenslagen"]:
        _check_ref(directory, "lebenslagen", line, r["themenfeld_id"], themenfelder, "Themenfeld")
        lebenslagen[r["id"]] = Lebenslage(r["id"], r["name"], r["themenfeld_id"])
    leistungen: dict[str, OzgLeistung] = {}
    for line, r in tables["leistungen"]:
        _check_ref(directory, "leistungen", line, r["lebenslage_id"], lebenslagen, "Lebenslage")
        if not re.fullmatch(r"\d{5}", r["ozg_id"]):
            raise CorpusError(
                f"OZG-ID must be 5 digits, got {r['ozg_id']!r}",
                path=directory / FILES["leistungen"][0],
                where=f"line {line}",
            )
        leistungen[r["id"]] = OzgLeistung(r["id"], r["ozg_id"], r["name"], r["lebenslage_id"])
    key_to_leistung: dict[str, str] = {}
    for line, r in tables["keys"]:
        if not re.fullmatch(r"\d{14}", r["service_key"]):
            raise CorpusError(
                f"LeiKa key must be 14 digits, got {r['service_key']!r}",
                path=directory / FILES["keys"][0],
                where=f"line {line}",
            )
        if not r["ozg_leistung_id"]:
            continue
        _check_ref(directory, "keys", line, r["ozg_leistung_id"], leistungen, "OZG-Leistung")
        key_to_leistung[r["service_key"]] = r["ozg_leistung_id"]
    return OzgCatalogue(themenfelder, lebenslagen, leistungen, key_to_leistung)


def load_alltag(directory: Path, catalogue: OzgCatalogue) -> dict[str, tuple[str, list[str]]]:
    """Lebenslage id -> (everyday description, key words), checked against the catalogue.

    :raises CorpusError: naming the file and entry: unknown id, a name that differs from the catalogue's, an
        empty description.
    """
    path = directory / ALLTAG_FILE
    if not path.exists():
        return {}
    data = load_yaml(path) or []
    if not isinstance(data, list):
        raise CorpusError("expected a list of Lebenslagen", path=path)
    out: dict[str, tuple[str, list[str]]] = {}
    for number, item in enumerate(data, start=1):
        where = f"entry {number}"
        if not isinstance(item, dict) or not str(item.get("alltag") or "").strip():
            raise CorpusError("each entry needs id, name and alltag", path=path, where=where)
        ident = str(item.get("id"))
        lebenslage = catalogue.lebenslagen.get(ident)
        if lebenslage is None:
            raise CorpusError(f"unknown Lebenslage id {ident!r}", path=path, where=where)
        if str(item.get("name")) != lebenslage.name:
            raise CorpusError(
                f"name {item.get('name')!r} differs from the catalogue's {lebenslage.name!r}",
                path=path,
                where=where,
            )
        out[ident] = (" ".join(str(item["alltag"]).split()), [str(w) for w in item.get("stichworte") or []])
    return out


def place_services(
    catalogue: OzgCatalogue, services: Sequence[tuple[str, Sequence[str]]], replaced: dict[str, str]
) -> None:
    """Place each curated service (key, its LeiKa keys) in the catalogue, recording how (see ``Placement``).

    :param replaced: old LeiKa key -> the key that replaced it (``leika/replaced-keys.yaml``, named or inferred).
    """
    by_object: dict[str, set[str]] = defaultdict(set)
    for key, leistung in catalogue.key_to_leistung.items():
        by_object[key[:OBJECT_DIGITS]].add(leistung)
    predecessors: dict[str, list[str]] = defaultdict(list)
    for old, new in replaced.items():
        predecessors[new].append(old)
    for service_key, keys in services:
        found = [
            Placement(service_key, catalogue.key_to_leistung[k], "key")
            for k in keys
            if k in catalogue.key_to_leistung
        ]
        if not found:
            found = [
                Placement(service_key, catalogue.key_to_leistung[old], "replaced")
                for k in keys
                for old in predecessors.get(k, [])
                if old in catalogue.key_to_leistung
            ]
        if not found:
            objects = {leistung for k in keys for leistung in by_object.get(k[:OBJECT_DIGITS], set())}
            if len(objects) == 1:
                found = [Placement(service_key, objects.pop(), "leistungsobjekt")]
        unique = {p.leistung_id: p for p in found}
        if unique:
            catalogue.placements[service_key] = list(unique.values())


def lebenslage_text(
    catalogue: OzgCatalogue,
    lebenslage: Lebenslage,
    curated_names: dict[str, str],
    alltag: tuple[str, list[str]] | None = None,
) -> str:
    """The Lebenslage card: its Themenfeld, everyday wording, its OZG-Leistungen and the services described for
    Sachsen-Anhalt."""
    themenfeld = catalogue.themenfeld_of(lebenslage)
    lines = [
        f"Lebenslage: {lebenslage.name}",
        f"Themenfeld: {themenfeld.name if themenfeld else 'nicht angegeben'}",
    ]
    if alltag is not None:
        lines.append(f"Im Alltag: {alltag[0]}")
        if alltag[1]:
            lines.append(f"Stichworte: {', '.join(alltag[1])}.")
    lines += [
        "OZG-Leistungen dieser Lebenslage: "
        + "; ".join(x.name for x in catalogue.leistungen_of(lebenslage.id))
        + ".",
    ]
    described = sorted({curated_names[p.service_key] for p in catalogue.services_of(lebenslage.id)})
    if described:
        lines.append("Für Sachsen-Anhalt beschriebene Leistungen: " + "; ".join(described) + ".")
    editorial = "; „Im Alltag“ und Stichworte: redaktionelle Ergänzung" if alltag is not None else ""
    lines.append(f"Quelle: {CATALOGUE_NAME}{editorial}.")
    return "\n".join(lines)


def leistung_text(
    catalogue: OzgCatalogue, leistung: OzgLeistung, key_names: dict[str, str], curated_names: dict[str, str]
) -> str:
    """The OZG-Leistung card: its Lebenslage and the LeiKa services the catalogue maps to it."""
    lebenslage = catalogue.lebenslagen[leistung.lebenslage_id]
    themenfeld = catalogue.themenfeld_of(lebenslage)
    keys = catalogue.keys_of(leistung.id)
    listed = "; ".join(f"{key_names.get(k, k)} ({k})" for k in keys[:MAX_KEYS_ON_CARD])
    more = f" und {len(keys) - MAX_KEYS_ON_CARD} weitere" if len(keys) > MAX_KEYS_ON_CARD else ""
    lines = [
        f"OZG-Leistung: {leistung.name} (OZG-ID {leistung.ozg_id})",
        f"Lebenslage: {lebenslage.name} (Themenfeld {themenfeld.name if themenfeld else 'nicht angegeben'})",
        f"Leistungen im Leistungskatalog: {listed}{more}.",
    ]
    described = sorted(
        {
            curated_names[p.service_key]
            for ps in catalogue.placements.values()
            for p in ps
            if p.leistung_id == leistung.id
        }
    )
    if described:
        lines.append("Für Sachsen-Anhalt beschrieben: " + "; ".join(described) + ".")
    lines.append(f"Quelle: {CATALOGUE_NAME}.")
    return "\n".join(lines)


class OzgLoader:
    """One card per Lebenslage (``ozg/lebenslage/<id>``) and per OZG-Leistung (``ozg/leistung/<id>``).

    :param curated: a callable returning the curated FIM services as ``(key, name, LeiKa keys)``, called when
        documents are produced (so the FIM files are read only then).
    :param replaced: a callable returning old LeiKa key -> replacing key.
    """

    source: SourceKind = SourceKind.OZG

    def __init__(
        self,
        directory: Path = DATA_DIR,
        curated: Callable[[], Sequence[tuple[str, str, Sequence[str]]]] | None = None,
        replaced: Callable[[], dict[str, str]] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self._curated = curated or (lambda: [])
        self._replaced = replaced or (lambda: {})
        self.report: dict[str, int] = {}

    def catalogue(self) -> tuple[OzgCatalogue, dict[str, str]]:
        """The catalogue with the curated services placed, and their names by key."""
        catalogue = load_ozg_catalogue(self.directory)
        curated = list(self._curated())
        place_services(catalogue, [(key, keys) for key, _name, keys in curated], self._replaced())
        catalogue.alltag = load_alltag(self.directory, catalogue)
        bases = [p.basis for ps in catalogue.placements.values() for p in ps]
        self.report = {
            "lebenslagen": len(catalogue.lebenslagen),
            "ozg_leistungen": len(catalogue.leistungen),
            "curated_placed": len(catalogue.placements),
            "curated_unplaced": len(curated) - len(catalogue.placements),
            **{f"placed_by_{b}": bases.count(b) for b in ("key", "replaced", "leistungsobjekt")},
        }
        return catalogue, {key: name for key, name, _ in curated}

    def iter_documents(self) -> Iterator[Document]:
        load_manifest(self.directory / "manifest.yaml")
        catalogue, names = self.catalogue()
        alltag = catalogue.alltag
        key_names = {r["service_key"]: r["name"] for _, r in _rows(self.directory, "keys")}
        for lebenslage in catalogue.lebenslagen.values():
            themenfeld = catalogue.themenfeld_of(lebenslage)
            yield make_document(
                doc_id=lebenslage_chunk_id(lebenslage.id),
                content=lebenslage_text(catalogue, lebenslage, names, alltag.get(lebenslage.id)),
                source="ozg",
                label=f"Lebenslage „{lebenslage.name}“ – {CATALOGUE_NAME}",
                title=lebenslage.name,
                url=CATALOGUE_URL,
                version=VERSION,
                section_path=[themenfeld.name if themenfeld else "", lebenslage.name],
                kind="lebenslage",
            )
        for leistung in catalogue.leistungen.values():
            lebenslage = catalogue.lebenslagen[leistung.lebenslage_id]
            yield make_document(
                doc_id=ozg_leistung_chunk_id(leistung.id),
                content=leistung_text(catalogue, leistung, key_names, names),
                source="ozg",
                label=f"OZG-Leistung „{leistung.name}“ (OZG-ID {leistung.ozg_id}) – {CATALOGUE_NAME}",
                title=leistung.name,
                url=CATALOGUE_URL,
                version=VERSION,
                section_path=[lebenslage.name, leistung.name],
                kind="ozg_leistung",
                ozg_id=leistung.ozg_id,
            )
