"""The Leistungskatalog (LeiKa, Stand ~2019) as a fourth source: one compact document per catalogue entry.

The TSV under ``corpora/data/leika`` is the catalogue as extracted from kdn-nrw/OZG-Datenbank-NRW, kept byte for
byte; ``replaced-keys.yaml`` marks keys the LeiKa has replaced since (only where the project's sources say so).
A curated FIM description wins over the catalogue: entries whose key a FIM service carries are not indexed, and
the loader counts them in :attr:`LeikaLoader.report`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from haystack import Document
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from corpora.base import SourceKind, load_manifest, load_yaml, make_document, read_tsv
from corpora.ids import catalogue_chunk_id
from corpora.leika_models import CatalogueEntry, LegalReference, parse_typisierung
from lsa_assistant.errors import CorpusError

DATA_DIR = Path(__file__).parent / "data" / "leika"
TSV_NAME = "leika-catalogue-2019.tsv"
REPLACED_NAME = "replaced-keys.yaml"
COLUMNS = ["leika_key", "name", "typisierung", "legal_basis", "laws", "law_shortcuts"]
VERSION = "2019"
#: "Kreislaufwirtschaftsgesetz (KrWG) [http://…]" items of the legal-basis column, comma-separated.
_LEGAL_ITEM = re.compile(r"\s*(?P<text>.*?)\s*\[(?P<url>[^\]\s]*)\]\s*(?:,|$)")


class Replacement(BaseModel):
    """One line of ``replaced-keys.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    old_key: str = Field(pattern=r"^\d{14}$")
    replaced_by: str | None = Field(default=None, pattern=r"^\d{14}$")
    replaced_by_name: str | None = None
    certainty: str = Field(pattern=r"^(genannt|vermutet)$")
    source: str = Field(min_length=1)


def _unquote(value: str) -> str:
    """The extract quotes some fields twice (``"Förderprogramm ""X"" Nr. 430"``): undo the second level."""
    value = value.strip()
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        value = value[1:-1].replace('""', '"')
    return value


def parse_legal_basis(raw: str) -> list[LegalReference]:
    """Split the legal-basis column into items; text that carries no link stays one item without URL."""
    refs: list[LegalReference] = []
    pos = 0
    for match in _LEGAL_ITEM.finditer(raw):
        if match.start() != pos or not match.group("text"):
            break
        refs.append(LegalReference(text=match.group("text"), url=match.group("url") or None))
        pos = match.end()
    rest = raw[pos:].strip(" ,")
    if rest:
        refs.append(LegalReference(text=re.sub(r"\s*\[[^\]]*\]", "", rest).strip()))
    return refs


def _laws(laws: str, shortcuts: str) -> tuple[list[str], list[str]]:
    """Law names and their abbreviations; a name may itself contain commas, so split only when counts agree."""
    short = [s.strip() for s in shortcuts.split(",") if s.strip()]
    names = [n.strip() for n in laws.split(", ") if n.strip()]
    if laws and len(names) != len(short):
        names = [laws.strip()]
    return names, short


def load_replacements(path: Path) -> dict[str, Replacement]:
    """``replaced-keys.yaml`` by old key (a missing file means: no replacements known)."""
    if not path.exists():
        return {}
    data = load_yaml(path) or []
    if not isinstance(data, list):
        raise CorpusError("expected a list of replacements", path=path)
    out: dict[str, Replacement] = {}
    for index, item in enumerate(data, start=1):
        try:
            repl = Replacement.model_validate(item)
        except ValidationError as e:
            raise CorpusError(f"invalid replacement: {e}", path=path, where=f"entry {index}") from e
        if repl.old_key in out:
            raise CorpusError(f"duplicate old_key {repl.old_key}", path=path, where=f"entry {index}")
        out[repl.old_key] = repl
    return out


def load_catalogue(directory: Path = DATA_DIR) -> list[CatalogueEntry]:
    """Every row of the catalogue TSV, validated, with replaced keys marked.

    :raises CorpusError: naming file and line: wrong header, wrong column count, a key that is not 14 digits,
        an empty name, an invalid Typisierung, a duplicate key; or a replacement for a key not in the file.
    """
    path = Path(directory) / TSV_NAME
    replacements = load_replacements(Path(directory) / REPLACED_NAME)
    entries: list[CatalogueEntry] = []
    seen: dict[str, int] = {}
    for line, row in read_tsv(path, COLUMNS):
        entry = _entry(row, line, path, replacements)
        if entry.key in seen:
            raise CorpusError(
                f"duplicate key {entry.key} (first on line {seen[entry.key]})",
                path=path,
                where=f"line {line}",
            )
        seen[entry.key] = line
        entries.append(entry)
    unknown = sorted(set(replacements) - set(seen))
    if unknown:
        raise CorpusError(
            f"replacement for key {unknown[0]} that the catalogue lacks", path=Path(directory) / REPLACED_NAME
        )
    return entries


def _entry(row: list[str], line: int, path: Path, replacements: dict[str, Replacement]) -> CatalogueEntry:
    where = f"line {line}"
    if len(row) != len(COLUMNS):
        raise CorpusError(
            f"expected {len(COLUMNS)} tab-separated columns, found {len(row)}", path=path, where=where
        )
    key, name, typ, legal, laws, shortcuts = (_unquote(cell) for cell in row)
    if not re.fullmatch(r"\d{14}", key):
        raise CorpusError(f"LeiKa key must be 14 digits, got {key!r}", path=path, where=where)
    if not name:
        raise CorpusError(f"empty name for key {key}", path=path, where=where)
    try:
        codes = parse_typisierung(typ)
    except ValueError as e:
        raise CorpusError(f"{e} for key {key}", path=path, where=where) from e
    law_names, law_short = _laws(laws, shortcuts)
    repl = replacements.get(key)
    return CatalogueEntry(
        key=key,
        name=" ".join(name.split()),
        typisierung=codes,
        legal_basis=parse_legal_basis(legal) if legal else [],
        laws=law_names,
        law_shortcuts=law_short,
        outdated=repl is not None,
        replaced_by=repl.replaced_by if repl else None,
        replaced_by_name=repl.replaced_by_name if repl else None,
        replacement_certainty=repl.certainty if repl else None,
        replacement_source=repl.source if repl else None,
        line=line,
    )


def entry_text(entry: CatalogueEntry, current_name: str | None = None) -> str:
    """The indexed text: a few plain German lines built from the entry's fields (our words, its facts).

    :param current_name: the name of the replacing key where known (a curated service's name wins).
    """
    lines = [entry.name, f"Leistungsschlüssel (LeiKa): {entry.key}"]
    if entry.general_note:
        lines.append(
            f"Typisierung {', '.join(entry.typisierung)}: allgemeiner Hinweis im Leistungskatalog, "
            "keine konkrete Verwaltungsleistung."
        )
    elif entry.typisierung:
        lines.append(f"{entry.typisierung_text}.")
    else:
        lines.append("Typisierung: im Leistungskatalog nicht angegeben.")
    if entry.legal_basis:
        lines.append(f"Rechtsgrundlage: {entry.legal_basis_text}")
    missing = [
        n for n, s in zip(entry.laws, entry.law_shortcuts, strict=False) if s not in entry.legal_basis_text
    ]
    if missing or (entry.laws and not entry.legal_basis):
        lines.append(f"Gesetz: {', '.join(entry.law_names())}")
    if entry.outdated:
        maybe = "vermutlich " if entry.replacement_certainty == "vermutet" else ""
        if entry.replaced_by:
            name = current_name or entry.replaced_by_name
            current = f"{entry.replaced_by} ({name})" if name else entry.replaced_by
            lines.append(f"Dieser Schlüssel ist {maybe}überholt; aktueller Schlüssel: {current}.")
        else:
            lines.append(f"Dieser Schlüssel ist {maybe}überholt.")
    lines.append(
        "Eintrag im Leistungskatalog (LeiKa), Stand 2019; eine Leistungsbeschreibung für "
        "Sachsen-Anhalt ist dazu nicht hinterlegt."
    )
    return "\n".join(lines)


class LeikaLoader:
    """One document per catalogue entry (``leika/<key>``), except entries a curated FIM service covers.

    :param curated: LeiKa key -> name of every curated FIM service (``weitere_leika_keys`` included), or a
        callable returning that mapping (called when documents are produced, so the FIM files are read only then).
    """

    source: SourceKind = SourceKind.LEIKA

    def __init__(
        self,
        directory: Path = DATA_DIR,
        curated: Mapping[str, str] | Callable[[], Mapping[str, str]] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self._curated = curated or {}
        self.report: dict[str, int] = {}

    def curated(self) -> Mapping[str, str]:
        return self._curated() if callable(self._curated) else self._curated

    def entries(self) -> list[CatalogueEntry]:
        """The entries that are indexed: all catalogue rows whose key no curated service carries."""
        curated = self.curated()
        entries = load_catalogue(self.directory)
        kept = [e for e in entries if e.key not in curated]
        self.report = {
            "entries": len(entries),
            "indexed": len(kept),
            "skipped_curated": len(entries) - len(kept),
            "outdated": sum(1 for e in kept if e.outdated),
            "general_notes": sum(1 for e in kept if e.general_note),
            "without_typisierung": sum(1 for e in kept if not e.typisierung),
        }
        return kept

    def iter_documents(self) -> Iterator[Document]:
        load_manifest(self.directory / "manifest.yaml")  # a corpus without a valid manifest is not indexed
        curated = self.curated()
        for entry in self.entries():
            yield catalogue_document(entry, curated.get(entry.replaced_by or ""))


def catalogue_document(entry: CatalogueEntry, current_name: str | None = None) -> Document:
    return make_document(
        doc_id=catalogue_chunk_id(entry.key),
        content=entry_text(entry, current_name),
        source="leika",
        label=entry.label,
        title=entry.name,
        url=entry.url,
        version=VERSION,
        leika_key=entry.key,
        section_path=["Leistungskatalog (LeiKa)", entry.name],
        kind="catalogue_entry",
        typisierung=list(entry.typisierung),
        outdated=entry.outdated,
        replaced_by=entry.replaced_by,
    )
