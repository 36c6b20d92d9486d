"""One entry of the Leistungskatalog (LeiKa, Stand ~2019) and how its Typisierung reads in words.

The catalogue names a service, its 14-digit key, who regulates and who executes it (Typisierung) and its legal
basis; it says nothing about the authority in Sachsen-Anhalt. This model carries exactly that, so the answer
and the API cannot add what the data does not hold.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, computed_field

#: Repository the TSV was extracted from (kdn-nrw/OZG-Datenbank-NRW, MIT, © 2020 Gert Hammes).
CATALOGUE_URL = "https://github.com/kdn-nrw/OZG-Datenbank-NRW"
#: Where citizens find the responsible authority in Sachsen-Anhalt.
ZUSTAENDIGKEITSFINDER_URL = "https://www.buerger.sachsen-anhalt.de"

#: Who regulates and who executes, per Typisierung (fim-xzufi-structure.md §3: digital-direkt.nrw "LeiKa-Typ",
#: FITKO glossary "Typisierung"). 6, 7, 8 are general notes without a concrete service.
TYPISIERUNG_WORDS: dict[str, str] = {
    "1": "Regelung und Vollzug durch den Bund",
    "2": "Regelung durch den Bund, Vollzug durch das Land",
    "3": "Regelung durch den Bund, Vollzug durch die Kommunen",
    "2/3": "Regelung durch den Bund, Vollzug durch das Land oder die Kommunen",
    "4": "Regelung durch das Land, Vollzug durch das Land oder die Kommunen",
    "5": "Regelung und Vollzug durch die Kommunen",
    "6": "allgemeiner Hinweis ohne konkrete Leistung",
    "7": "allgemeiner Hinweis ohne konkrete Leistung",
    "8": "allgemeiner Hinweis ohne konkrete Leistung",
}
GENERAL_NOTE_TYPES = frozenset({"6", "7", "8"})

_TYP = re.compile(r"^\d+(?:/\d+)*$")


def parse_typisierung(raw: str) -> list[str]:
    """``"1, 2/3"`` -> ``["1", "2/3"]``; empty -> ``[]``.

    :raises ValueError: a code that is neither a number nor numbers joined by ``/``.
    """
    codes = [c.strip() for c in raw.split(",") if c.strip()]
    for code in codes:
        if not _TYP.match(code):
            raise ValueError(f"invalid Typisierung {code!r}")
    return codes


def typisierung_words(codes: list[str]) -> str:
    """``Typisierung 2/3: Regelung durch den Bund, …`` for each code; codes without a known meaning shown bare."""
    if not codes:
        return "Typisierung im Katalog nicht angegeben"
    parts = []
    for code in codes:
        meaning = TYPISIERUNG_WORDS.get(code)
        parts.append(f"Typisierung {code}: {meaning}" if meaning else f"Typisierung {code}")
    return "; ".join(parts)


class LegalReference(BaseModel):
    """One legal-basis item of the catalogue: its text (without the link) and the link, if any."""

    model_config = ConfigDict(frozen=True)

    text: str
    url: str | None = None


class CatalogueEntry(BaseModel):
    """A LeiKa entry as indexed: the facts of one TSV row plus the outdated-key marking."""

    model_config = ConfigDict(frozen=True)

    key: str = Field(pattern=r"^\d{14}$")
    name: str = Field(min_length=1)
    typisierung: list[str] = Field(default_factory=list)
    legal_basis: list[LegalReference] = Field(default_factory=list)
    laws: list[str] = Field(default_factory=list)
    law_shortcuts: list[str] = Field(default_factory=list)
    outdated: bool = False
    replaced_by: str | None = Field(default=None, description="current key where the sources name it")
    replaced_by_name: str | None = None
    replacement_certainty: str | None = Field(default=None, description="genannt | vermutet")
    replacement_source: str | None = None
    line: int = Field(default=0, description="line in the TSV file (1-based)")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def typisierung_text(self) -> str:
        return typisierung_words(self.typisierung)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def general_note(self) -> bool:
        """Typisierung 6/7/8: a general note in the catalogue, not a service one can apply for."""
        return bool(self.typisierung) and all(c in GENERAL_NOTE_TYPES for c in self.typisierung)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def url(self) -> str:
        """The first legal-basis link, else the repository the catalogue comes from."""
        return next((ref.url for ref in self.legal_basis if ref.url), CATALOGUE_URL)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def label(self) -> str:
        return f"LeiKa {self.key} – {self.name} (Leistungskatalog, Stand 2019)"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def legal_basis_text(self) -> str:
        """The legal basis without links, items separated by semicolons ("" when the catalogue has none)."""
        return "; ".join(ref.text for ref in self.legal_basis)

    def law_names(self) -> list[str]:
        """``Kreislaufwirtschaftsgesetz (KrWG)`` for each law of the ``laws`` / ``law_shortcuts`` columns."""
        names = []
        for index, law in enumerate(self.laws):
            short = self.law_shortcuts[index] if index < len(self.law_shortcuts) else ""
            names.append(f"{law} ({short})" if short and short != law else law)
        return names
