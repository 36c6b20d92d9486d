"""``/v1/services.csv``: the staff page's current view as a spreadsheet, with certainty beside each fact.

UTF-8 with BOM (so Excel reads umlauts), ``;`` (the German list separator), German headers; cells that start
like a formula are neutralised. Each responsibility column has a certainty column next to it, so a derived
ministry never looks like a sourced one once the data leaves the service.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from api.catalog_ozg import ozg_fields
from assistant.knowledge import KnowledgeBase
from corpora.certainty import CERTAINTY_LABELS
from corpora.fim_models import Service
from corpora.leika_models import CatalogueEntry
from corpora.responsibilities import service_responsibilities

CSV_HEADER = [
    "LeiKa-Schlüssel",
    "LeiKa-Konfidenz",
    "Leistung",
    "Quelle",
    "Typisierung",
    "Ausführende Stelle",
    "Sicherheit ausführende Stelle",
    "Zuständiges Ministerium",
    "Sicherheit Ministerium",
    "Quelle Ministerium",
    "Rechtsgrundlage",
    "Quelle-URL",
    "OZG-Leistung",
    "Lebenslage",
    "Themenfeld",
]
CURATED_LABEL = "FIM-Beschreibung (kuratiert)"
CATALOGUE_LABEL = "Leistungskatalog (Stand 2019)"
#: What the ministry cells say where the relations name no Land ministry.
NO_MINISTRY = "kein Landesministerium"
# Spreadsheets run cells that start like a formula; OWASP's list, plus tab and CR.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Neutralise formula injection: a cell that starts like a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _one_line(text: str | None) -> str:
    """A Markdown list ("- § 17 BMG\\n- § 19 BMG") as one spreadsheet line: "§ 17 BMG; § 19 BMG"."""
    lines = [line.strip().removeprefix("- ").strip() for line in (text or "").splitlines()]
    return "; ".join(line for line in lines if line)


def service_row(kb: KnowledgeBase, s: Service) -> list[str]:
    """One curated service; the certainty cells use the labels of ``corpora.certainty``."""
    found = service_responsibilities(s, kb.organizations)
    main = found[0] if found else None
    if main is not None and main.ministry:
        ministry = f"{main.ministry_name} ({main.ministry})"
        ministry_certainty = CERTAINTY_LABELS[main.ministry_certainty or "sourced"]
        ministry_source = main.ministry_source or ""
    else:
        ministry, ministry_certainty, ministry_source = NO_MINISTRY, "", ""
    row = [
        s.leika_key or "",
        s.leika_confidence or "",
        s.name,
        CURATED_LABEL,
        ", ".join(s.typisierung),
        ", ".join(s.authority_names),
        "; ".join(CERTAINTY_LABELS[r.authority_certainty] for r in found),
        ministry,
        ministry_certainty,
        ministry_source,
        _one_line(s.rechtsgrundlagen),
        s.url or "",
    ]
    return [safe_cell(cell) for cell in row]


def catalogue_row(e: CatalogueEntry) -> list[str]:
    """A catalogue-only entry: the catalogue names no authority and no ministry, so those cells stay empty."""
    row = [
        e.key,
        "",
        e.name,
        CATALOGUE_LABEL,
        ", ".join(e.typisierung),
        "",
        "",
        "",
        "",
        "",
        e.legal_basis_text,
        e.url,
    ]
    return [safe_cell(cell) for cell in row]


def csv_rows(kb: KnowledgeBase, items: Iterable[Service | CatalogueEntry]) -> list[list[str]]:
    """Rows in the given order (the list view's ranking), each ending with its place in the OZG catalogue."""
    rows = []
    for item in items:
        row = catalogue_row(item) if isinstance(item, CatalogueEntry) else service_row(kb, item)
        ozg = ozg_fields(kb, item.key)
        rows.append(row + [safe_cell(ozg[k] or "") for k in ("ozg_leistung", "lebenslage", "themenfeld")])
    return rows


def render_csv(rows: Iterable[list[str]]) -> bytes:
    """The file: BOM, German header, ``;``-separated rows, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
