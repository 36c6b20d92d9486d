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
            r"|(steuer|gebuehr|beitrag|kosten|preis)[^.?!]{0,60}\bhoehe\b"
            # a currency named beside a cost word asks for a sum ("wunschkennzeichen kosten euro")
            r"|\b(kost|gebuehr|preis)[^.?!]{0,60}(\beuro\b|€)|(\beuro\b|€)[^.?!]{0,60}\b(kost|gebuehr|preis)"
            # "Was kostet …?" asks for the fee itself: "die Höhe legt die Satzung fest" does not give it
            r"|\bwas (kostet|kosten)\b(?![^.?!]{0,30}\ban (zeit|aufwand|nerven)\b)"
            r"|\bwhat (does|do|will)\b[^.?!]{0,40}\bcost\b",
        ),
        re.compile(r"\d[\d.,]*-?\s*(€|euro\b|eur\b|prozent|%)|(€|\beur\b)\s?\d"),
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
            r"|\bwann\b[^.?!]{0,40}\b(das|der|die) naechste\b"
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
_FREE = re.compile(
    r"kostenfrei|gebuehrenfrei|kostenlos|unentgeltlich|keine (gebuehr|kosten)|gebuehren: keine"
)
#: "Was kostet die Hundesteuer?": the thing whose fee is asked; "die Anmeldung ist kostenfrei" does not make it free.
_FEE_OF = re.compile(r"\bwas (?:kostet|kosten) (?:der |die |das |ein |eine |einen |mein |meine )?([a-z]{5,})")


#: The sum asked for, named right beside the asking words: "wie hoch ist das Bußgeld", "Wohngeld Höhe", "Höhe
#: des Elterngeldes", "wie viel Kinderzuschlag". Only these adjacent forms: a word further away is as often a
#: place or a person as the thing asked for.
_ASKED_SUM = re.compile(
    r"\bwie hoch (?:ist|sind|waere|wird|faellt) (?:(?:der|die|das|den|mein|meine|unser|unsere|ein|eine) )?"
    r"([a-z]{4,})|\b([a-z]{4,}) ?hoehe\b|\bhoehe (?:des|der|vom|von|meines|meiner|unseres) ([a-z]{4,})"
    r"|\bwie ?viel (?:(?:an|fuer) )?([a-z]{4,})"
)
#: Words in that slot that name no particular sum (a fee, money as such) or are verbs ("wie viel kostet"): the
#: sum is then whatever figure the answer gives.
_ANY_SUM = re.compile(
    r"^(?:gebuehr|kost|preis|betrag|summe|geld|euro|teuer|anspruch|bekomm|krieg|zahl|muss|kann|darf|soll|verdien|gibt"
    r"|steht|betraeg|erhalt|werd|wird|sind|ist\b|habe|hat\b|bezahl|brauch|ungefaehr|etwa|genau|eigentlich|denn"
    r"|dafuer|davon|insgesamt|zusammen|monatlich|jaehrlich|pro\b|ich\b|wir\b|man\b|mein|unser)"
)
#: A line, or a sentence ending after a word that is no abbreviation ("ca. 300 Euro", "mind. 50", "z. B.").
_SENTENCE_END = re.compile(
    r"\n|(?<=[a-zäöüß)\"“”])(?<!\bca)(?<!\bmind)(?<!\bmax)(?<!\bbzw)(?<!\bvgl)(?<!\bggf)(?<!\binkl)(?<!\bz\. B)"
    r"(?<!\bAbs)(?<!\bNr)(?<!\bS)(?<!\bz)(?<!\bd)(?<!\bu)(?<!\bo)[.!?;]\s+"
)
#: "die nächste Einbürgerungsfeier": the occasion whose date is asked
_ASKED_DATE = re.compile(r"\bnaechste[nrs]? ([a-z]{5,})")
#: Words in that slot that name no particular occasion
_ANY_OCCASION = re.compile(
    r"^(?:termin|datum|woche|monat|jahre|zeitp|sitzung|runde|gelegenheit|moeglich|freie)"
)
#: "Stand: 28.11.2026" and "(LeiKa, Stand 2019)" date the source, not the asked appointment.
_STAND = re.compile(r"\bstand:? (?:\d{1,2}\.\s?\d{1,2}\.\s?)?(?:ca\. )?\d{4}\b")


def _figure(name: str) -> tuple[str, re.Pattern[str], re.Pattern[str]]:
    return next(figure for figure in _FIGURES if figure[0] == name)


def asked_sum(question: str) -> str | None:
    """The stem of the particular sum a question asks for ("bussg" for "wie hoch ist das Bußgeld"), or None
    when it asks for a fee, for money as such, or names no sum beside the asking words."""
    for match in _ASKED_SUM.finditer(fold(question)):
        word = next(g for g in match.groups() if g)
        if not _ANY_SUM.match(word):
            return word[: max(COUNT_STEM, len(word) - 3)]
    return None


def _gives_sum(answer: str, stem: str, gives: re.Pattern[str]) -> bool:
    """Whether a sentence of the answer holds a figure and names the asked sum: "0,00 € – die Anmeldung ist
    gebührenfrei" gives the fee, not the fine the question asked about."""
    return any(stem in s and gives.search(s) for s in map(fold, _SENTENCE_END.split(answer)))


#: A period of validity ("Der Pass gilt zehn Jahre, bei Personen unter 24 Jahren sechs Jahre") is no processing
#: time: from the validity word to the end of its clause.
_VALIDITY = re.compile(r"\b(?:gilt|gelten|gueltig\w*|befristet)\b[^.;:!?]*")


def _evidence(name: str, given: str) -> str:
    """The part of the folded answer that can give the figure ``name``: a processing time without the periods
    of validity the answer states."""
    return _VALIDITY.sub(" ", given) if name == "Bearbeitungsdauer" else given


def missing_figures(question: str, answer: str) -> list[str]:
    """The figures ``question`` asks for that ``answer`` does not give, in a fixed order."""
    asked, given = fold(question), _STAND.sub("", fold(_MARKER.sub("", answer)))
    missing = [
        name
        for name, asks, gives in _FIGURES
        if asks.search(asked) and not gives.search(_evidence(name, given))
    ]
    if "Betrag" in missing and _FEE_ASKED.search(asked) and _FREE.search(given):
        # free is an answer only about the thing asked, where the question names it
        thing = _FEE_OF.search(asked)
        if thing is None or _gives_sum(_MARKER.sub("", answer), thing.group(1)[:COUNT_STEM], _FREE):
            missing.remove("Betrag")
    termin = _figure("Termin")
    asked_date = _ASKED_DATE.search(asked)
    if asked_date is not None and _ANY_OCCASION.match(asked_date.group(1)):
        asked_date = None  # "der nächste Termin für …", "nächsten Monat": no particular occasion named
    if "Termin" not in missing and termin[1].search(asked) and asked_date is not None:
        # "Wann ist die nächste Einbürgerungsfeier?" is not answered by "Seit dem 27. Juni 2024 …"
        if not _gives_sum(_MARKER.sub("", answer), asked_date.group(1)[:COUNT_STEM], termin[2]):
            missing = sorted([*missing, "Termin"], key=[name for name, _, _ in _FIGURES].index)
    betrag = _figure("Betrag")
    if "Betrag" not in missing and betrag[1].search(asked) and (stem := asked_sum(question)) is not None:
        if not _gives_sum(_MARKER.sub("", answer), stem, betrag[2]):
            missing.insert(0, "Betrag")
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
