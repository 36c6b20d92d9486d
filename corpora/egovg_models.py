"""The EGovG LSA as data: §§, Absätze, items, the manifest's gaps, and the answer to "is § X contained?".

Kept apart from parsing so that the API and the assistant can use the models without the Markdown reader.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, field_validator, model_validator

from corpora.base import Manifest

Coverage = Literal["contained", "partial", "missing", "unknown"]

_NUMBER = re.compile(r"^\s*(?:§\s*)?(\d+)\s*([a-z]?)\s*$")


def parse_number(value: object) -> int | str:
    """Normalise a § or Absatz number: ``9``, ``"9"``, ``"§ 9"`` → ``9``; ``"9a"`` → ``"9a"``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    match = _NUMBER.match(str(value))
    if match is None:
        raise ValueError(f"not a § or Absatz number: {value!r}")
    digits, letter = match.groups()
    return f"{int(digits)}{letter}" if letter else int(digits)


def number_key(value: int | str) -> tuple[int, str]:
    """Sort key that puts ``9`` < ``9a`` < ``10``."""
    match = _NUMBER.match(str(value))
    assert match is not None, value
    return int(match.group(1)), match.group(2)


Number = Annotated[int | str, BeforeValidator(parse_number)]


# --- the law ------------------------------------------------------------------------------------


class Item(BaseModel):
    """A numbered (``1.``, ``1a.``) or lettered (``a)``) item inside an Absatz."""

    label: str
    text: str
    subitems: list[Item] = Field(default_factory=list)


class Absatz(BaseModel):
    """One Absatz; ``text`` is exactly the Markdown text (marker, sentences, items), so quotes match."""

    number: Number
    numbered: bool = Field(True, description="False for a § without Absatz numbering (treated as Abs. 1).")
    text: str
    items: list[Item] = Field(default_factory=list)
    complete: bool = True
    gap_note: str | None = None
    line: int = 0


class Abschnitt(BaseModel):
    number: str
    title: str | None = None

    @property
    def label(self) -> str:
        return f"Abschnitt {self.number} – {self.title}" if self.title else f"Abschnitt {self.number}"


class Paragraph(BaseModel):
    """A § with its Absätze (only those recovered; gaps live in the manifest)."""

    number: Number
    title: str
    abschnitt: Abschnitt | None = None
    absaetze: list[Absatz]
    line: int = 0

    @property
    def numbered(self) -> bool:
        return self.absaetze[0].numbered

    def absatz(self, number: int | str) -> Absatz | None:
        wanted = parse_number(number)
        return next((a for a in self.absaetze if a.number == wanted), None)


Norm = Paragraph


class KnownGap(BaseModel):
    """A documented gap: ``absaetze`` is ``all``, a list of numbers, or ``"N ff."`` (N and all following)."""

    paragraph: Number
    absaetze: Literal["all"] | list[Number] | str = "all"
    kind: Literal["missing", "partial", "uncertain"] = "missing"
    note: str = ""

    @field_validator("absaetze")
    @classmethod
    def _check_absaetze(cls, value: Any) -> Any:
        if isinstance(value, str) and value != "all" and not re.fullmatch(r"\d+[a-z]? ff\.", value):
            raise ValueError("absaetze must be 'all', a list of numbers or 'N ff.'")
        return value

    @model_validator(mode="after")
    def _partial_names_absaetze(self) -> KnownGap:
        if self.kind == "partial" and not isinstance(self.absaetze, list):
            raise ValueError("a partial gap must list the Absätze that are cut off, e.g. [3]")
        return self

    def covers(self, absatz: int | str | None) -> bool:
        """Whether this gap concerns the given Absatz (``None``: the § as a whole)."""
        if absatz is None or self.absaetze == "all":
            return True
        if isinstance(self.absaetze, list):
            return parse_number(absatz) in self.absaetze
        return number_key(parse_number(absatz)) >= number_key(parse_number(self.absaetze.split()[0]))


class EgovgManifest(Manifest):
    """The generic manifest plus what the law needs: structured gaps, titles, per-§ URLs."""

    known_gaps: list[KnownGap] = Field(default_factory=list)  # type: ignore[assignment]
    last_paragraph: int | None = Field(None, ge=1)
    known_titles: dict[Number, str] = Field(default_factory=dict)
    paragraph_urls: dict[Number, str] = Field(default_factory=dict)
    other_gaps: list[str] = Field(default_factory=list)


class Law(BaseModel):
    """The parsed law; with ``manifest`` set it can also answer what is *not* contained."""

    title: str
    abbreviation: str
    long_title: str | None = None
    fassung: str
    eingangsformel: str | None = None
    paragraphs: list[Paragraph]
    path: Path | None = None
    manifest: EgovgManifest | None = None

    @property
    def gaps(self) -> list[KnownGap]:
        return self.manifest.known_gaps if self.manifest else []

    def paragraph(self, number: int | str) -> Paragraph | None:
        wanted = parse_number(number)
        return next((p for p in self.paragraphs if p.number == wanted), None)

    def gaps_for(self, paragraph: int | str, absatz: int | str | None = None) -> list[KnownGap]:
        """The manifest's gap entries for a § (and Absatz), e.g. to explain what is missing."""
        wanted = parse_number(paragraph)
        return [g for g in self.gaps if g.paragraph == wanted and g.covers(absatz)]

    def coverage_of(self, paragraph: int | str, absatz: int | str | None = None) -> Coverage:
        """Is § X (Abs. Y) in the indexed text? The text decides; gaps say "missing" vs. "unknown"."""
        para = self.paragraph(paragraph)
        if para is None:
            return "missing" if self.gaps_for(paragraph) else "unknown"
        if absatz is None:
            open_gaps = [g for g in self.gaps_for(paragraph) if _gap_open(g, para)]
            return "partial" if open_gaps or any(not a.complete for a in para.absaetze) else "contained"
        found = para.absatz(absatz)
        if found is not None:
            return "contained" if found.complete else "partial"
        return "missing" if self.gaps_for(paragraph, absatz) else "unknown"

    def missing_paragraphs(self) -> list[int | str]:
        """§§ of which no text is contained although the manifest lists them as gaps."""
        listed = {g.paragraph for g in self.gaps}
        return sorted((n for n in listed if self.paragraph(n) is None), key=number_key)

    def coverage_summary(self) -> str:
        """What the text contains, in the wording the manifest's ``coverage`` must use."""
        parts = ["Eingangsformel"] if self.eingangsformel else []
        for para in self.paragraphs:
            cut = [a for a in para.absaetze if not a.complete]
            if not para.numbered:
                parts.append(f"§ {para.number}" + (" (unvollständig)" if cut else ""))
                continue
            numbers = ", ".join(str(a.number) for a in para.absaetze)
            note = f" (unvollständig: {', '.join(f'Abs. {a.number}' for a in cut)})" if cut else ""
            parts.append(f"§ {para.number} Abs. {numbers}{note}")
        return "; ".join(parts)

    def url_for(self, paragraph: int | str) -> str:
        """Where the § was read (manifest ``paragraph_urls``), else the source's main URL."""
        if self.manifest is None:
            return ""
        return self.manifest.paragraph_urls.get(parse_number(paragraph), self.manifest.url)

    def inconsistencies(self) -> list[str]:
        """Disagreements between manifest and text (e.g. a pasted § still listed as missing)."""
        if self.manifest is None:
            return []
        found = _manifest_problems(self, self.manifest)
        for para in self.paragraphs:
            for absatz in para.absaetze:
                partial = [g for g in self.gaps_for(para.number, absatz.number) if g.kind == "partial"]
                if not absatz.complete and not partial:
                    found.append(
                        f"§ {para.number} Abs. {absatz.number} is marked unvollständig, no partial gap"
                    )
            known = self.manifest.known_titles.get(para.number)
            if known is not None and known != para.title:
                found.append(f"§ {para.number}: title {para.title!r} differs from known_titles {known!r}")
        return found


def _gap_open(gap: KnownGap, para: Paragraph) -> bool:
    """Whether a gap still leaves part of a contained § out (``all`` is stale once the § is pasted)."""
    if gap.absaetze == "all":
        return False
    if isinstance(gap.absaetze, list):
        return any((a := para.absatz(n)) is None or not a.complete for n in gap.absaetze)
    return True  # "N ff.": open-ended, nobody can say the following Absätze are all there


def _manifest_problems(law: Law, manifest: EgovgManifest) -> list[str]:
    """Gap entries that contradict the text, and §§ neither contained nor listed as gaps."""
    problems: list[str] = []
    if " ".join(manifest.version.split()) != " ".join(law.fassung.split()):
        problems.append(f"manifest version {manifest.version!r} differs from Fassung {law.fassung!r}")
    if " ".join(manifest.coverage.split()) != law.coverage_summary():
        problems.append(f"manifest coverage differs from the text; expected: {law.coverage_summary()}")
    for gap in manifest.known_gaps:
        para = law.paragraph(gap.paragraph)
        if para is None:
            continue
        if gap.kind == "partial" and isinstance(gap.absaetze, list):
            for number in gap.absaetze:
                absatz = para.absatz(number)
                if absatz is None or absatz.complete:
                    problems.append(f"§ {para.number} Abs. {number} is listed as partial but is not cut off")
        elif any(gap.covers(a.number) for a in para.absaetze):
            problems.append(f"§ {para.number} ({gap.absaetze}) is listed as {gap.kind} but is contained")
    if manifest.last_paragraph:
        for number in range(1, manifest.last_paragraph + 1):
            if law.paragraph(number) is None and not law.gaps_for(number):
                problems.append(f"§ {number} is neither contained nor listed in known_gaps")
        problems += [
            f"§ {p.number} is beyond last_paragraph {manifest.last_paragraph}"
            for p in law.paragraphs
            if number_key(p.number)[0] > manifest.last_paragraph
        ]
    return problems
