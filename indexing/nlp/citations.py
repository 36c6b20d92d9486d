"""Legal citations ("§ 9 Abs. 1 Satz 2 EGovG LSA") found in text and parsed into :class:`Citation`.

Used twice: at index time for document metadata (which norms a passage cites) and at query time
for direct norm lookup ("paragraf 9 egovg" → § 9 EGovG). :func:`parse_citations` works on plain
text without spaCy; the ``lsa_citations`` component puts the same results into
``doc.spans["lsa_citations"]`` with the parsed citation in ``span._.lsa_citation``.

Understood: "§"/"§§", "Paragraph"/"Paragraf" (any case), "Art."/"Artikel"; section numbers with a
letter ("§ 9a"); ranges ("§§ 13 bis 15", "§§ 13 - 15"); enumerations after "§§" ("§§ 4, 5 und 7");
qualifiers "Abs."/"Absatz", "Satz"/"S.", "Nr."/"Nummer", "Buchst."/"lit." with their own ranges;
the law as a known alias in any case ("egovg lsa", "Verf LSA"), as an abbreviation with two or
more capitals ("BMG", "VwVfG", "SGB X"), or as a genitive name ("des Personalausweisgesetzes").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

SPANS_KEY = "lsa_citations"

# Canonical law abbreviation -> further spellings (matched case-insensitively, whole words).
LAW_ALIASES: dict[str, tuple[str, ...]] = {
    "EGovG LSA": ("egovg lsa", "egovg-lsa", "e-government-gesetz lsa", "e-government-gesetz sachsen-anhalt"),
    "EGovG": ("egovg", "e-government-gesetz"),  # the federal law; the LSA one names its Land
    "Verf LSA": ("verf lsa", "verf. lsa", "verfassung des landes sachsen-anhalt", "landesverfassung"),
    "VwVfG LSA": ("vwvfg lsa",),
    "VwVfG": ("vwvfg", "verwaltungsverfahrensgesetz"),
    "BMG": ("bmg", "bundesmeldegesetz"),
    "PAuswG": ("pauswg", "personalausweisgesetz"),
    "OZG": ("ozg", "onlinezugangsgesetz"),
    "DSGVO": ("dsgvo", "ds-gvo", "datenschutz-grundverordnung"),
    "DSAG LSA": ("dsag lsa",),
    "BDSG": ("bdsg", "bundesdatenschutzgesetz"),
    "GG": ("gg", "grundgesetz"),
    "BGB": ("bgb",),
}
_ALIAS_TO_LAW = {alias: law for law, aliases in LAW_ALIASES.items() for alias in (*aliases, law.lower())}

_NUMBER = r"\d{1,4}(?:[a-z](?![\wäöüß]))?"
_MARK = re.compile(
    r"(?<![\wäöüß])(?:§§?|Paragra(?:ph|f)(?:en|s)?(?![\wäöüß])|Artikel[ns]?(?![\wäöüß])|Artt?\.)", re.I
)
_SECTION = re.compile(rf"\s*({_NUMBER})(?![\d,.]\d)", re.I)
_RANGE = re.compile(rf"\s*(?:-|–|bis)\s*({_NUMBER})", re.I)
_LIST_ITEM = re.compile(rf"\s*(?:,|und|sowie|oder)\s*(?:§§?\s*)?({_NUMBER})", re.I)
_QUALIFIER = re.compile(
    r"\s*(Abs\.|Absatz|Absätze|Abs(?![\wäöüß])|Satz|Sätze|S\.|Nrn\.|Nr\.|Nummern|Nummer|Nr(?![\wäöüß])"
    r"|Buchst\.|Buchstabe|lit\.)"
    r"\s*(\d{1,4}|[a-z](?![\wäöüß]))(?:\s*(?:-|–|bis)\s*(\d{1,4}|[a-z](?![\wäöüß])))?"
    # Further values ("Abs. 1 und 2") are consumed so that the law behind them is found.
    r"(?:\s*(?:,|und|oder|sowie)\s*\d{1,3}(?![\d.,]\d|\d|\s*(?:-|–|bis)))*",
    re.I,
)
_ARTICLE = r"(?:\s+(?:des|der|dem|den|im|nach|gemäß))?"
_ALIAS = re.compile(
    _ARTICLE
    + r"\s*(?<![\wäöüß])("
    + "|".join(re.escape(a) for a in sorted(_ALIAS_TO_LAW, key=len, reverse=True))
    + r")"
    r"(?![\wäöüß-])",
    re.I,
)
_ABBREVIATION = re.compile(
    _ARTICLE + r"\s*([A-ZÄÖÜ][A-Za-zÄÖÜäöüß]*[A-Z][A-Za-z]*(?:\s+(?:LSA|ST|[IVX]{1,4}))?)(?![\wäöüß-])"
)
_NAMED_LAW = re.compile(
    r"\s+(?:des|der|dem|im)\s+([A-ZÄÖÜ][\wäöüß-]*?(?:gesetz|Gesetz|verordnung|Verordnung|ordnung|Ordnung|satzung|Satzung))"
    r"(es|s)?(?![\wäöüß-])",
    re.I,
)
_MAX_EXPANDED_RANGE = 20


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited norm; ``section_end`` etc. are set for ranges ("§§ 13 bis 15")."""

    kind: str  # "§" or "Art."
    section: str  # "9", "9a"
    section_end: str | None = None
    paragraph: int | None = None  # Abs.
    paragraph_end: int | None = None
    sentence: int | None = None  # Satz
    number: int | None = None  # Nr.
    letter: str | None = None  # Buchst. / lit.
    law: str | None = None  # canonical abbreviation or name: "EGovG LSA", "Personalausweisgesetz"
    text: str = ""
    start: int = 0
    end: int = 0

    def sections(self) -> list[str]:
        """The cited section numbers, ranges expanded ("13 bis 15" → 13, 14, 15) when short."""
        if self.section_end is None:
            return [self.section]
        if self.section.isdigit() and self.section_end.isdigit():
            first, last = int(self.section), int(self.section_end)
            if 0 <= last - first <= _MAX_EXPANDED_RANGE:
                return [str(n) for n in range(first, last + 1)]
        return [self.section, self.section_end]

    def terms(self) -> list[str]:
        """Index terms for the cited sections: "§9", "§9a", "art82"."""
        prefix = "§" if self.kind == "§" else "art"
        return [f"{prefix}{section.lower()}" for section in self.sections()]

    def label(self) -> str:
        """Canonical German form, e.g. "§ 9 Abs. 1 Satz 2 EGovG LSA" or "§§ 13–15 EGovG"."""
        if self.section_end is None:
            pieces = [self.kind, self.section]
        else:
            pieces = ["§§" if self.kind == "§" else "Art.", f"{self.section}–{self.section_end}"]
        if self.paragraph is not None:
            end = f"–{self.paragraph_end}" if self.paragraph_end is not None else ""
            pieces.append(f"Abs. {self.paragraph}{end}")
        if self.sentence is not None:
            pieces.append(f"Satz {self.sentence}")
        if self.number is not None:
            pieces.append(f"Nr. {self.number}")
        if self.letter is not None:
            pieces.append(f"Buchst. {self.letter}")
        if self.law:
            pieces.append(self.law)
        return " ".join(pieces)


def _canonical_law(text: str, position: int) -> tuple[str | None, int]:
    """The law cited at ``position`` (right after a citation) and where it ends."""
    alias = _ALIAS.match(text, position)
    if alias:
        return _ALIAS_TO_LAW[" ".join(alias.group(1).lower().split())], alias.end()
    named = _NAMED_LAW.match(text, position)
    if named and named.group(1).lower() not in {"gesetz", "verordnung", "ordnung", "satzung"}:
        name = named.group(1)
        return _ALIAS_TO_LAW.get(name.lower(), name[:1].upper() + name[1:]), named.end()
    abbreviation = _ABBREVIATION.match(text, position)
    if abbreviation:
        return " ".join(abbreviation.group(1).split()), abbreviation.end()
    return None, position


def _qualifiers(text: str, position: int) -> tuple[dict[str, int | str], int]:
    found: dict[str, int | str] = {}
    while match := _QUALIFIER.match(text, position):
        word, value, end = match.group(1).lower(), match.group(2), match.group(3)
        if word.startswith("abs"):
            field = "paragraph"
        elif word.startswith(("satz", "sätze", "s.")):
            field = "sentence"
        elif word.startswith(("nr", "num")):
            field = "number"
        else:
            field = "letter"
        if field in found or (field != "letter") != value.isdigit():
            break
        found[field] = value.lower() if field == "letter" else int(value)
        if field == "paragraph" and end and end.isdigit():
            found["paragraph_end"] = int(end)
        position = match.end()
    return found, position


def parse_citations(text: str) -> list[Citation]:
    """Find and parse every legal citation in ``text``.

    :param text: Any text: a norm, a passage, a user's question (lower case is fine).
    :returns: Citations in order of appearance; an enumeration ("§§ 4, 5") yields one per section.
    """
    citations: list[Citation] = []
    position = 0
    while mark := _MARK.search(text, position):
        kind = "Art." if mark.group().lower().startswith("art") else "§"
        section = _SECTION.match(text, mark.end())
        if section is None:
            position = mark.end()
            continue
        groups: list[tuple[str, str | None, int]] = []  # (section, section_end, end offset)
        cursor = section.end()
        first, first_end = section.group(1).lower(), None
        if range_match := _RANGE.match(text, cursor):
            first_end, cursor = range_match.group(1).lower(), range_match.end()
        groups.append((first, first_end, cursor))
        if mark.group() == "§§" or mark.group().lower().endswith(("en", "artt.")):
            while item := _LIST_ITEM.match(text, cursor):
                number, item_end, cursor = item.group(1).lower(), None, item.end()
                if range_match := _RANGE.match(text, cursor):
                    item_end, cursor = range_match.group(1).lower(), range_match.end()
                groups.append((number, item_end, cursor))
        qualifiers, cursor = _qualifiers(text, cursor)
        law, law_end = _canonical_law(text, cursor)
        end = law_end if law else cursor
        for index, (number, number_end, _) in enumerate(groups):
            # Qualifiers ("Abs. 1") belong to the last section of an enumeration only.
            extra = qualifiers if index == len(groups) - 1 else {}
            citations.append(
                Citation(
                    kind=kind,
                    section=number,
                    section_end=number_end,
                    law=law,
                    text=text[mark.start() : end],
                    start=mark.start(),
                    end=end,
                    **extra,  # type: ignore[arg-type]
                )
            )
        position = end
    return citations


def _span_citations(span: Span) -> list[Citation]:
    citations = span.doc._.lsa_citations or []
    return [c for c in citations if span.start_char <= c.start and c.end <= span.end_char]


class CitationFinder:
    """Pipeline component: parsed citations in ``doc._.lsa_citations``, located by spans.

    Every citation gets a span in ``doc.spans["lsa_citations"]`` (an enumeration such as
    "§§ 4, 5" shares one); ``span._.lsa_citations`` lists the citations inside a span.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        if not Doc.has_extension("lsa_citations"):
            Doc.set_extension("lsa_citations", default=None)
        if not Span.has_extension("lsa_citations"):
            Span.set_extension("lsa_citations", getter=_span_citations)

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        citations = parse_citations(text) if _MARK.search(text) else []
        spans: dict[tuple[int, int], Span] = {}
        for citation in citations:
            span = doc.char_span(citation.start, citation.end, label="CITATION", alignment_mode="expand")
            if span is not None:
                spans.setdefault((span.start, span.end), span)
        doc._.lsa_citations = citations
        doc.spans[SPANS_KEY] = list(spans.values())
        return doc


@Language.factory("lsa_citations", assigns=["doc.spans", "doc._.lsa_citations"])
def make_citation_finder(nlp: Language, name: str) -> CitationFinder:
    """Factory for :class:`CitationFinder`."""
    return CitationFinder(nlp, name)


def doc_citations(doc: Doc) -> list[Citation]:
    """The parsed citations of a processed ``doc`` (empty if the component did not run)."""
    return list(doc._.lsa_citations or []) if Doc.has_extension("lsa_citations") else []
