"""The corpus' view of a FIM service: one validated ``Service`` per ``leistung``, and how its parts read.

The shipped XML follows XZuFi; this model is what the rest of the application (retrieval, the
``/v1/services`` API, the staff page) works with, so it names things the way our users do.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from corpora.certainty import Certainty, LeikaConfidence

#: The ministries of Sachsen-Anhalt (abbreviation -> name), source: ministries-facts.yaml (Stand 01/2026).
#: The default set for validating role-02 links; the caller may pass the set from organizations.yaml.
LSA_MINISTRIES: dict[str, str] = {
    "StK": "Staatskanzlei und Ministerium für Kultur",
    "MI": "Ministerium für Inneres und Sport",
    "MF": "Ministerium der Finanzen",
    "MWL": "Ministerium für Wirtschaft, Tourismus, Landwirtschaft und Forsten",
    "MS": "Ministerium für Arbeit, Soziales, Gesundheit und Gleichstellung",
    "MB": "Ministerium für Bildung",
    "MWU": "Ministerium für Wissenschaft, Energie, Klimaschutz und Umwelt",
    "MJ": "Ministerium für Justiz und Verbraucherschutz",
    "MID": "Ministerium für Infrastruktur und Digitales",
}

#: Text modules that become documents: module name in ids -> (XZuFi code, German title, Service field).
TEXT_MODULES: dict[str, tuple[str, str, str]] = {
    "kurztext": ("05", "Kurztext", "kurztext"),
    "volltext": ("06", "Volltext", "volltext"),
    "rechtsgrundlagen": ("07", "Rechtsgrundlagen", "rechtsgrundlagen"),
    "unterlagen": ("08", "Erforderliche Unterlagen", "unterlagen"),
    "voraussetzungen": ("09", "Voraussetzungen", "voraussetzungen"),
    "verfahrensablauf": ("11", "Verfahrensablauf", "verfahrensablauf"),
    "hinweise": ("16", "Hinweise", "hinweise"),
    "zustaendige-stelle": ("22", "Zuständige Stelle", "zustaendige_stelle"),
}

#: Titles of the modules built from structured data.
STRUCTURED_MODULES: dict[str, str] = {"kosten": "Kosten", "fristen": "Fristen", "karte": "Steckbrief"}

#: Meaning of the Typisierung codes (FITKO glossary), for the readable service card.
TYPISIERUNG: dict[str, str] = {
    "1": "Regelung und Vollzug durch den Bund",
    "2": "Regelung durch den Bund, Vollzug durch das Land",
    "3": "Regelung durch den Bund, Vollzug durch die Kommunen",
    "4": "Regelung durch das Land, Vollzug durch Land oder Kommunen",
    "5": "Regelung und Vollzug durch die Kommunen",
}

_PLURAL = {
    "Tag": "Tage",
    "Woche": "Wochen",
    "Monat": "Monate",
    "Jahr": "Jahre",
    "Stunde": "Stunden",
    "Minute": "Minuten",
    "Werktag": "Werktage",
    "Arbeitstag": "Arbeitstage",
}


class Dated(BaseModel):
    """What every fee and deadline may carry: as of when, from which source, how firm (``lsa:beleg``).

    Fees and deadlines change (the Personalausweis fee rose on 7 February 2026); an answer that states one
    must be able to say as of when and where it can be checked.
    """

    model_config = ConfigDict(frozen=True)

    stand: date | None = None
    quelle: str | None = None
    sicherheit: Certainty | None = None
    hinweis: str | None = Field(default=None, description="why a fact is uncertain, for editors")


class Kosten(Dated):
    """A fee: fixed amount or range (euro), with what it is for."""

    betrag_fix: Decimal | None = None
    betrag_untergrenze: Decimal | None = None
    betrag_obergrenze: Decimal | None = None
    beschreibung: str | None = None

    @property
    def has_amount(self) -> bool:
        """True when the fee states a sum (also 0,00 €), not only a description."""
        return any(v is not None for v in (self.betrag_fix, self.betrag_untergrenze, self.betrag_obergrenze))

    def render(self) -> str:
        """One readable line, e.g. ``10,00 € bis 50,00 € – je nach Aufwand``."""
        if self.betrag_fix is not None:
            amount = euro(self.betrag_fix)
        elif self.betrag_untergrenze is not None and self.betrag_obergrenze is not None:
            amount = f"{euro(self.betrag_untergrenze)} bis {euro(self.betrag_obergrenze)}"
        elif self.betrag_untergrenze is not None:
            amount = f"ab {euro(self.betrag_untergrenze)}"
        elif self.betrag_obergrenze is not None:
            amount = f"bis {euro(self.betrag_obergrenze)}"
        else:
            amount = ""
        return " – ".join(p for p in (amount, self.beschreibung or "") if p)


class Frist(Dated):
    """A deadline or processing time: amount and unit (or a range), with a description."""

    dauer: Decimal | None = None
    einheit: str | None = None
    dauer_bis: Decimal | None = None
    einheit_bis: str | None = None
    beschreibung: str | None = None

    def render(self) -> str:
        """One readable line, e.g. ``2 Wochen – innerhalb von zwei Wochen nach dem Einzug``."""
        span = duration(self.dauer, self.einheit)
        if self.dauer_bis is not None:
            span = f"{span} bis {duration(self.dauer_bis, self.einheit_bis or self.einheit)}".strip()
        return " – ".join(p for p in (span, self.beschreibung or "") if p)


class Service(BaseModel):
    """One Verwaltungsleistung as the assistant knows it, with its responsible authority and ministry."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", description="slug from leistung/id")
    leika_key: str | None = Field(default=None, pattern=r"^[0-9]{14}$")
    weitere_leika_keys: list[str] = Field(default_factory=list)
    leika_confidence: LeikaConfidence | None = Field(default=None, description="grading of the main key")
    leika_note: str | None = Field(default=None, description="which sources name the key")
    name: str = Field(min_length=1)
    typisierung: list[str] = Field(default_factory=list)
    kurztext: str | None = None
    volltext: str | None = None
    rechtsgrundlagen: str | None = None
    unterlagen: str | None = None
    voraussetzungen: str | None = None
    verfahrensablauf: str | None = None
    hinweise: str | None = None
    zustaendige_stelle: str | None = None
    kosten: list[Kosten] = Field(default_factory=list)
    fristen: list[Frist] = Field(default_factory=list)
    bearbeitungsdauer: list[Frist] = Field(default_factory=list)
    begriffe: list[str] = Field(default_factory=list, description="synonyms (Begriff im Kontext)")
    authority_types: list[str] = Field(default_factory=list, description="role-01 organisation ids")
    authority_names: list[str] = Field(default_factory=list, description="display names, same order")
    ministry: str | None = Field(default=None, description="role-02 ministry abbreviation")
    source_urls: list[str] = Field(default_factory=list, description="all sources, Ursprungsportal first")
    url: str | None = Field(
        default=None, description="the primary link citizens see: the first official source (corpora.links)"
    )
    freigabe: date | None = None
    version: str = Field(min_length=1, description="freigabe date, else the file's version")
    source_file: str = ""
    line: int | None = Field(default=None, description="line of the leistung element, for error messages")

    @property
    def key(self) -> str:
        """What document ids and the API use: the LeiKa key where known, else the slug."""
        return self.leika_key or self.id

    @property
    def label(self) -> str:
        """Human citation, e.g. ``Leistung 99115005104000 – Wohnsitz anmelden``."""
        return f"Leistung {self.leika_key} – {self.name}" if self.leika_key else f"Leistung – {self.name}"

    @property
    def sources(self) -> list[str]:
        """Provenance beside the primary link (may include non-official pages): for staff, not for citizens."""
        return [u for u in self.source_urls if u != self.url]

    @property
    def where(self) -> str:
        """How error messages name this service's element."""
        return f"leistung[id={self.id}], line {self.line}" if self.line else f"leistung[id={self.id}]"


def euro(amount: Decimal) -> str:
    """German money format: ``1234.5`` -> ``1.234,50 €``."""
    text = f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{text} €"


def number(value: Decimal) -> str:
    """``2`` for 2.0, ``1,5`` for 1.5."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f").replace(".", ",")


def duration(value: Decimal | None, unit: str | None) -> str:
    """``2 Wochen``, ``1 Woche``; the unit is written as given when its plural is unknown."""
    if value is None:
        return unit or ""
    if unit and value != 1:
        unit = _PLURAL.get(unit, unit)
    return f"{number(value)} {unit}".strip() if unit else number(value)


def typisierung_text(codes: list[str]) -> str:
    """``2/3 (2: Regelung durch den Bund, …; 3: …)``; codes without a known meaning are shown bare."""
    parts = []
    for code in codes:
        singles = [c.strip() for c in re.split(r"[/;,]", code) if c.strip()]
        # "2a"/"2b" mark Land-specific execution of type 2; the meaning of the digit still holds.
        meanings = [f"{c}: {TYPISIERUNG[c.rstrip('ab')]}" for c in singles if c.rstrip("ab") in TYPISIERUNG]
        parts.append(f"{code} ({'; '.join(meanings)})" if meanings else code)
    return ", ".join(parts)
