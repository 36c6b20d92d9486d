"""Reader of the law's structured Markdown (format for editors: ``corpora/data/egovg-lsa/FORMAT.md``).

Line-based on purpose: every structural error can name the file and the line an editor has to fix.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from corpora.egovg_models import Absatz, Abschnitt, Item, Law, Paragraph, number_key, parse_number
from lsa_assistant.errors import CorpusError

_HEADER_KEYS = {
    "Abkürzung": "abbreviation",
    "Langtitel": "long_title",
    "Fassung": "fassung",
    "Eingangsformel": "eingangsformel",
}
_TITLE = re.compile(r"^#\s+(\S.*)$")
_HEADER = re.compile(r"^([A-Za-zÄÖÜäöüß]+):\s+(\S.*)$")
_ABSCHNITT = re.compile(r"^##\s+Abschnitt\s+(\?|\d+[a-z]?)(?:\s+[–-]\s+(\S.*))?$")
_PARAGRAPH = re.compile(r"^###\s+§\s*(\d+[a-z]?)\s+(\S.*)$")
_ABSATZ = re.compile(r"^\((\d+[a-z]?)\)\s+\S")
_MARKER = re.compile(r"^<!--\s*unvollständig\s*(?::\s*(.*?))?\s*-->$")
_NUMBERED_ITEM = re.compile(r"^(\d+[a-z]?)\.\s+(\S.*)$")
_LETTERED_ITEM = re.compile(r"^\s*([a-z]{1,2})\)\s+(\S.*)$")


class _Parser:
    """Line-based reader of the format in FORMAT.md; every error names the file and line."""

    def __init__(self, path: Path | str) -> None:
        self.path = path
        self.header: dict[str, str] = {}
        self.title: str | None = None
        self.in_header = True
        self.abschnitt: Abschnitt | None = None
        self.paragraphs: list[Paragraph] = []
        self.seen: dict[int | str, int] = {}
        self.current: dict[str, Any] | None = None  # the § being read: number, title, line, absaetze
        self.lines: list[str] = []  # raw lines of the Absatz being read
        self.absatz: dict[str, Any] | None = None

    def error(self, line: int, detail: str) -> CorpusError:
        return CorpusError(detail, path=self.path, where=f"line {line}")

    def parse(self, text: str) -> Law:
        comment_from: int | None = None
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.rstrip()
            if comment_from is not None:
                comment_from = None if "-->" in line else comment_from
            elif line.lstrip().startswith("<!--"):
                if "-->" in line and not line.endswith("-->"):
                    raise self.error(number, "text after an HTML comment; put it on its own line")
                comment_from = None if line.endswith("-->") else number
                self._comment(number, line.strip())
            elif "<!--" in line:
                raise self.error(number, "HTML comments must stand on their own line")
            else:
                self._line(number, line)
        if comment_from is not None:
            raise self.error(comment_from, "unterminated HTML comment")
        self._close_paragraph()
        return self._law()

    def _comment(self, number: int, line: str) -> None:
        marker = _MARKER.match(line)
        if marker is None:
            return
        if self.absatz is None:
            raise self.error(number, "'unvollständig' marker outside an Absatz")
        self.absatz["complete"] = False
        self.absatz["gap_note"] = marker.group(1) or None

    def _line(self, number: int, line: str) -> None:
        if self.title is None:
            if not line:
                return
            if (match := _TITLE.match(line)) is None:
                raise self.error(number, "the file must start with '# Titel'")
            self.title = match.group(1)
        elif line.startswith("#"):
            self._heading(number, line)
        elif self.in_header:
            self._header(number, line)
        elif line.startswith(">"):
            raise self.error(number, "block quotes are not statute text; use an HTML comment for notes")
        elif _ABSATZ.match(line):
            self._start_absatz(number, line)
        elif line:
            self._text(number, line)
        elif self.absatz is not None:
            self.lines.append("")

    def _header(self, number: int, line: str) -> None:
        if not line:
            return
        match = _HEADER.match(line)
        if match is None or match.group(1) not in _HEADER_KEYS:
            keys = ", ".join(_HEADER_KEYS)
            raise self.error(number, f"expected a header line 'Key: value' ({keys}) or a heading")
        key = _HEADER_KEYS[match.group(1)]
        if key in self.header:
            raise self.error(number, f"duplicate header line {match.group(1)!r}")
        self.header[key] = match.group(2)

    def _heading(self, number: int, line: str) -> None:
        self.in_header = False
        if (match := _ABSCHNITT.match(line)) is not None:
            self._close_paragraph()
            abschnitt_number, title = match.groups()
            self.abschnitt = (
                None if abschnitt_number == "?" else Abschnitt(number=abschnitt_number, title=title)
            )
        elif (match := _PARAGRAPH.match(line)) is not None:
            self._close_paragraph()
            self._start_paragraph(number, parse_number(match.group(1)), match.group(2).strip())
        else:
            raise self.error(number, "expected '## Abschnitt N – Titel', '## Abschnitt ?' or '### § N Titel'")

    def _start_paragraph(self, line: int, para: int | str, title: str) -> None:
        if para in self.seen:
            raise self.error(line, f"duplicate § {para} (first at line {self.seen[para]})")
        if self.paragraphs and number_key(para) < number_key(self.paragraphs[-1].number):
            raise self.error(line, f"§ {para} after § {self.paragraphs[-1].number}: §§ must ascend")
        self.seen[para] = line
        self.current = {"number": para, "title": title, "line": line, "absaetze": []}

    def _start_absatz(self, line: int, text: str) -> None:
        if self.current is None:
            raise self.error(line, "Absatz outside a § (a '### § N Titel' heading must come first)")
        self._close_absatz()
        number = parse_number(_ABSATZ.match(text).group(1))  # type: ignore[union-attr]
        previous: list[Absatz] = self.current["absaetze"]
        para = self.current["number"]
        if previous and not previous[0].numbered:
            raise self.error(line, f"Abs. ({number}) in § {para}, whose text starts without Absatz number")
        if any(a.number == number for a in previous):
            raise self.error(line, f"duplicate Abs. {number} in § {para}")
        if previous and number_key(number) < number_key(previous[-1].number):
            raise self.error(line, f"Abs. {number} after Abs. {previous[-1].number} in § {para}: must ascend")
        self.absatz = {"number": number, "numbered": True, "line": line, "complete": True, "gap_note": None}
        self.lines = [text]

    def _text(self, line: int, text: str) -> None:
        if self.current is None:
            raise self.error(line, "text outside a § (a '### § N Titel' heading must come first)")
        if self.absatz is None:  # a § without Absatz numbering: its text is Abs. 1
            self.absatz = {"number": 1, "numbered": False, "line": line, "complete": True, "gap_note": None}
        elif not self.absatz["complete"]:
            raise self.error(line, "text after the 'unvollständig' marker; the marker ends the Absatz")
        self.lines.append(text)

    def _close_absatz(self) -> None:
        if self.absatz is None or self.current is None:
            return
        text = "\n".join(self.lines).strip("\n")
        self.current["absaetze"].append(Absatz(text=text, items=_items(self.lines), **self.absatz))
        self.absatz, self.lines = None, []

    def _close_paragraph(self) -> None:
        self._close_absatz()
        if self.current is None:
            return
        if not self.current["absaetze"]:
            raise self.error(self.current["line"], f"§ {self.current['number']} has no text")
        self.paragraphs.append(Paragraph(abschnitt=self.abschnitt, **self.current))
        self.current = None

    def _law(self) -> Law:
        if self.title is None:
            raise self.error(1, "empty file; expected '# Titel'")
        for german, key in (("Abkürzung", "abbreviation"), ("Fassung", "fassung")):
            if key not in self.header:
                raise self.error(1, f"missing header line '{german}: …'")
        return Law(title=self.title, paragraphs=self.paragraphs, path=Path(self.path), **self.header)


def _items(lines: list[str]) -> list[Item]:
    """The Absatz's item structure (for citing "Nr. 5" or "Nr. 2 Buchst. a"); the text stays raw."""
    items: list[Item] = []
    last: Item | None = None
    for line in lines:
        if not line:
            last = None
        elif match := _NUMBERED_ITEM.match(line):
            last = Item(label=match.group(1), text=match.group(2))
            items.append(last)
        elif match := _LETTERED_ITEM.match(line):
            sub = Item(label=match.group(1), text=match.group(2))
            (items[-1].subitems if items and last is not None else items).append(sub)
            last = sub
        elif last is not None:  # a hard-wrapped item continues
            last.text = f"{last.text} {line.strip()}"
    return items


def parse_egovg_markdown(text: str, path: Path | str = "egovg-lsa.md") -> Law:
    """Parse the law's Markdown (format: FORMAT.md); raises ``CorpusError`` naming file and line."""
    return _Parser(path).parse(text)
