"""What the XZuFi parser hands back: plain models, close to the XML, free of our corpus conventions.

Kept apart from the parser so that consumers (the FIM loader, tests) can import the shapes without the
lxml plumbing, and so that the parser module stays about parsing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

#: Text module codes of the LeiKa code list ``urn:de:xzufi:codeliste:leistungstextmodulleika``.
CODE_LEISTUNGSBEZEICHNUNG = "02"
CODE_LEISTUNGSNAME = "03"


class _Parsed(BaseModel):
    model_config = ConfigDict(frozen=True)


class ParsedLink(_Parsed):
    """A ``weiterfuehrenderLink`` or ``modulUrsprungsportal``: where a fact can be checked."""

    uri: str
    titel: str | None = None


class ParsedTextModule(_Parsed):
    """One ``modulText``; ``text`` is the German ``inhalt`` (else the first language given)."""

    code: str
    name: str | None = None
    position: int | None = None
    text: str
    language: str | None = None
    links: list[ParsedLink] = Field(default_factory=list)
    line: int | None = None


class ParsedBeleg(_Parsed):
    """The project's ``lsa:beleg`` on a fact: as of when (``stand``), from where (``quelle``), how firm.

    ``sicherheit`` is a :data:`corpora.certainty.Certainty`, ``konfidenz`` (on ``referenzLeiKa``) the key's
    grading; the element text is a note for editors (why a fact is uncertain, which sources name a key).
    """

    stand: date | None = None
    quelle: str | None = None
    sicherheit: str | None = None
    konfidenz: str | None = None
    hinweis: str | None = None
    line: int | None = None


class ParsedKosten(_Parsed):
    """One ``kosten`` entry of ``modulKosten`` (or the module's own ``beschreibung``)."""

    betrag_fix: Decimal | None = None
    betrag_untergrenze: Decimal | None = None
    betrag_obergrenze: Decimal | None = None
    beschreibung: str | None = None
    beleg: ParsedBeleg | None = None
    line: int | None = None

    @property
    def has_amount(self) -> bool:
        return any(v is not None for v in (self.betrag_fix, self.betrag_untergrenze, self.betrag_obergrenze))


class ParsedDauer(_Parsed):
    """One ``frist`` of ``modulFrist`` or one ``bearbeitungsdauer``: amount, unit and description."""

    dauer: Decimal | None = None
    einheit: str | None = None
    dauer_bis: Decimal | None = None
    einheit_bis: str | None = None
    beschreibung: str | None = None
    beleg: ParsedBeleg | None = None
    line: int | None = None


class ParsedBegriff(_Parsed):
    """A ``begriffImKontext``: a synonym or colloquial name citizens search for."""

    begriff: str
    typ: str | None = None


class ParsedLeistung(_Parsed):
    """One ``leistung`` with the modules the corpus uses; unknown elements were skipped."""

    id: str
    id_scheme_agency: str | None = None
    leika_keys: list[str] = Field(default_factory=list)
    #: ``lsa:beleg`` of each ``referenzLeiKa`` (same order as ``leika_keys``; None where absent)
    leika_belege: list[ParsedBeleg | None] = Field(default_factory=list)
    typisierung: list[str] = Field(default_factory=list)
    text_modules: list[ParsedTextModule] = Field(default_factory=list)
    kosten: list[ParsedKosten] = Field(default_factory=list)
    fristen: list[ParsedDauer] = Field(default_factory=list)
    bearbeitungsdauer: list[ParsedDauer] = Field(default_factory=list)
    begriffe: list[ParsedBegriff] = Field(default_factory=list)
    freigabe_am: date | None = None
    freigabe_durch: str | None = None
    ursprungsportale: list[ParsedLink] = Field(default_factory=list)
    geaendert: str | None = None
    line: int | None = None

    def text(self, code: str) -> str | None:
        """The text of the module(s) with this code, several joined by a blank line; None if absent."""
        parts = [m.text for m in sorted(self.modules(code), key=_position)]
        return "\n\n".join(parts) if parts else None

    def modules(self, code: str) -> list[ParsedTextModule]:
        """All text modules with this code, in document order."""
        return [m for m in self.text_modules if m.code == code]

    @property
    def name(self) -> str | None:
        """The citizen-friendly name (module 03), else the Leistungsbezeichnung (02)."""
        return self.text(CODE_LEISTUNGSNAME) or self.text(CODE_LEISTUNGSBEZEICHNUNG)

    @property
    def where(self) -> str:
        """How error messages name this element."""
        return f"leistung[id={self.id}], line {self.line}"


class ParsedOrganisationseinheit(_Parsed):
    """An ``organisationseinheit``: an authority with an id and a name."""

    id: str
    name: str | None = None
    line: int | None = None


class ParsedZustaendigkeit(_Parsed):
    """A link leistung -> organisation, from a ``zustaendigkeitTransferObjekt`` or embedded in an OE.

    ``organisation_id`` is the ``uebergeordnetesObjektID`` (or the id of the embedding OE);
    ``rolle_code`` is None where the XML gives no role (embedded 2.2 responsibilities).
    """

    id: str | None = None
    leistung_id: str
    organisation_id: str
    rolle_code: str | None = None
    rolle_name: str | None = None
    gebiet_ids: list[str] = Field(default_factory=list)
    embedded: bool = False
    line: int | None = None

    @property
    def where(self) -> str:
        """How error messages name this element."""
        if self.embedded:
            parent = f"organisationseinheit[id={self.organisation_id}]"
        else:
            parent = f"zustaendigkeitTransferObjekt[uebergeordnetesObjektID={self.organisation_id}]"
        return f"{parent}/zustaendigkeit[leistungID={self.leistung_id}], line {self.line}"


class XzufiFile(_Parsed):
    """Everything the corpus needs from one XZuFi message."""

    path: Path
    namespace: str
    root: str
    xzufi_version: str | None = None
    produktversion: str | None = None
    erstellt: str | None = None
    leistungen: list[ParsedLeistung] = Field(default_factory=list)
    organisationseinheiten: list[ParsedOrganisationseinheit] = Field(default_factory=list)
    zustaendigkeiten: list[ParsedZustaendigkeit] = Field(default_factory=list)


def _position(module: ParsedTextModule) -> int:
    return module.position if module.position is not None else 10**6
