"""Figures the sources do not give: an exact sum, a processing time, a count, a date. Said plainly, not talked
around.

"Wie hoch ist in Halle die Hundesteuer für einen zweiten Hund?" found the right service, quoted that the statute
of the Gemeinde sets the amount and named the office: a well-cited answer that leaves the asked figure out and
reads as if it had answered. When a question asks for a figure and the composed answer holds none of that kind,
the answer now says first that the sources do not give it, keeps what they do say (who sets it, who can tell),
and counts as not answered (``no_answer``): the citizen learns where to ask, not a number we do not have.

Only the wording of the question and of the composed answer are read; the subject is not changed.
"""

from __future__ import annotations

import re

from indexing.nlp.normalize import fold

_NUMBER_WORDS = (
    r"(?:ein|eine|einen|zwei|drei|vier|fuenf|sechs|sieben|acht|neun|zehn|elf|zwoelf|zwanzig|dreissig|hundert)"
)
_UNITS = r"(?:werk)?(?:tage?n?|wochen?|monate?n?|jahre?n?|stunden?|minuten?)"
_MONTHS = "januar|februar|maerz|april|mai|juni|juli|august|september|oktober|november|dezember"
#: (what is asked for, how a question asks for it, how an answer that gives it looks); questions folded.
_FIGURES: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    (
        "Betrag",
        re.compile(
            r"(\bwie ?viel\b|\bwie hoch\b|\bhoehe\b|\bgenaue?n? (betrag|summe)|\bwelche[rnm]? (betrag|summe))"
            r"[^.?!]{0,60}"
            r"(euro|€|geld|kost|gebuehr|steuer|zahl|verdien|gehalt|lohn|beitrag|zuschuss|rente|miete|betrag|summe"
            r"|foerder|unterhalt|strafe|bussgeld|\bmonat|\bjahr\b|bekomm|kriegt?\b|krieg ich|gibt es)"
            r"|\bwas verdien|\bwie ?viel verdien|\bregels(atz|aetze)\b|\bhow much\b"
            r"|\bwie teuer\b|\bpreise\b|\bwas kostet (das|es) (alles|zusammen|insgesamt)"
            r"|(steuer|gebuehr|beitrag|kosten|preis)[^.?!]{0,60}\bhoehe\b",
        ),
        re.compile(r"\d[\d.,]*\s*(€|euro\b|eur\b|prozent|%)"),
    ),
    (
        "Bearbeitungsdauer",
        re.compile(
            r"\bwie lange (dauert|braucht|brauchen)|\bdauert (es|das)\b[^.?!]{0,40}\b(bis|lange)\b"
            r"|bearbeitungs(zeit|dauer)|wartezeit|\bwie schnell\b[^.?!]{0,40}\b(bekomm|krieg|bearbeit|fertig|da)\b"
            r"|\bhow long (does|do|will|would)\b|\bwie lange\b[^.?!]{0,60}\bwarten\b"
        ),
        re.compile(
            rf"\b\d+\s*{_UNITS}\b|\b{_NUMBER_WORDS}\s+{_UNITS}\b|unverzueglich|sofort|am selben tag|innerhalb"
        ),
    ),
    (
        "Anzahl",
        re.compile(r"\bwie ?viele\b|\bhow many\b"),
        re.compile(rf"\d|\b{_NUMBER_WORDS}\b"),
    ),
    (
        "Termin",
        re.compile(
            r"\bwann (ist|sind|findet|finden|gibt es) (der|die|das)? ?naechsten?\b|\bnaechste[nr]? (termin|pruefung)"
            r"|\bnext (date|exam|appointment)\b"
        ),
        re.compile(rf"\b\d{{1,2}}\.\s?(\d{{1,2}}\.|{_MONTHS})|\b({_MONTHS})\b|\b20\d\d\b"),
    ),
    (  # the sources describe services and offices; they never rank private providers
        "Empfehlung",
        re.compile(r"\bempfehl|\bam guenstigsten\b|\bguenstigste|\brecommend"),
        re.compile(r"(?!)"),
    ),
)
_MARKER = re.compile(r"\[\d+\]")  # citation numbers are no figures
#: "wie viele <Nomen>": what is counted; its first letters must follow the number that answers it
_COUNTED = re.compile(r"\bwie ?viele (?:\S+ )??([a-z]{4,})")
COUNT_STEM = 5
_NOTES = {
    "Betrag": "Einen genauen Betrag nennen meine Quellen dazu nicht",
    "Bearbeitungsdauer": "Wie lange die Bearbeitung dauert, sagen meine Quellen nicht",
    "Anzahl": "Zahlen dazu enthalten meine Quellen nicht",
    "Termin": "Einen Termin oder ein Datum dafür nennen meine Quellen nicht",
    "Empfehlung": "Empfehlungen für einzelne Anbieter geben meine Quellen nicht",
}


#: A fee question ("Wie viel kostet die Anmeldung?") is answered by "gebührenfrei" too; "Wie hoch ist die
#: Hundesteuer?" is not answered by "die Anmeldung ist kostenfrei".
_FEE_ASKED = re.compile(r"kost|gebuehr|\bteuer")
_FREE = re.compile(r"kostenfrei|gebuehrenfrei|kostenlos|keine gebuehr")


def missing_figures(question: str, answer: str) -> list[str]:
    """The figures ``question`` asks for that ``answer`` does not give, in a fixed order."""
    asked, given = fold(question), fold(_MARKER.sub("", answer))
    missing = [name for name, asks, gives in _FIGURES if asks.search(asked) and not gives.search(given)]
    if "Betrag" in missing and _FEE_ASKED.search(asked) and _FREE.search(given):
        missing.remove("Betrag")
    if "Anzahl" not in missing and (counted := _COUNTED.search(asked)) is not None:
        # "Wie viele Tage Zusatzurlaub …?" is not answered by "ein Grad der Behinderung von mindestens 50": the
        # number must count the asked thing ("sechs Monate", "ein aktuelles biometrisches Passbild")
        stem = counted.group(1)[:COUNT_STEM]
        if not re.search(rf"(?:\d+|\b{_NUMBER_WORDS})\s+(?:\S+\s+){{0,2}}{re.escape(stem)}", given):
            order = [name for name, _, _ in _FIGURES]
            missing = sorted([*missing, "Anzahl"], key=order.index)
    return missing


def figure_note(missing: list[str]) -> str:
    """One sentence: the asked figure is not in the sources; the office named below can give it."""
    first = _NOTES[missing[0]]
    return f"{first}; verbindlich Auskunft gibt die zuständige Stelle. Was die Quellen dazu sagen:"
