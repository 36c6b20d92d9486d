"""Finding places in free German text: names, inflected names, Kreis names, PLZ, places outside the Land.

One pass over the tokens, longest name first. A hit must satisfy its variant's need for context
(:mod:`assistant.places.names`); a PLZ counts unless a unit follows ("39000 Euro"). Of several places named, the
most specific wins (the Gemeinde over its Kreis), a move's destination wins over an origin ("von Halle nach
Magdeburg"), where the asker lives wins over a trip ("Ich wohne in Eisleben. Muss ich nach Sangerhausen?"),
otherwise the first; a PLZ shared by several Gemeinden is narrowed by a name next to it, else the text is
ambiguous and the caller asks back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.places.names import DESIGNATIONS, GEO_WORDS, TOKEN, Variant, VariantIndex
from indexing.nlp.normalize import fold

#: Words after which a homonym ("Burg", "Finne") is a place: prepositions of place and "Wohnort".
LOCATIVE = frozenset(
    {"in", "nach", "aus", "bei", "von", "ab", "fuer", "um", "zu", "wohnort", "ort", "richtung"}
)
#: Words before a noun that make a homonym an ordinary noun ("die Halle", "einer Burg").
ARTICLES = frozenset(
    """der die das den dem des ein eine einer einem einen eines kein keine keinen meine mein meinem unsere unser
    diese dieser diesem jede jeder welche welcher zur zum im am vom beim ins grosse grossen kleine alte neue""".split()
)
#: Words that say the asker lives at the place after "in" a few words later ("wohne seit 2010 in …").
RESIDING = frozenset({"wohne", "wohnen", "wohnt", "lebe", "leben", "wohnhaft", "gemeldet"})
#: Word starts of a move, anywhere in the clause of "nach <place>" ("Wir ziehen im März nach …", "… nach Halle
#: umgezogen", "… muss nach Halle umziehen"); a trip ("muss ich nach Sangerhausen fahren?") has none.
MOVING = (
    "zieh",
    "umzieh",
    "umzug",
    "umgezogen",
    "verzogen",
    "weggezogen",
    "hergezogen",
    "gezogen",
    "zuzug",
    "zog",
)
#: Words before a place the asker comes from, and words in its clause that put it in the past ("vorher in
#: München", "in Leipzig geboren", "noch in Hamburg zugelassen").
FROM = frozenset({"aus", "von", "vom"})
EARLIER = frozenset({"vorher", "frueher", "geboren", "hergezogen", "zugezogen", "zugelassen", "gebuertig"})
#: How many words before the place a residence verb, and on either side a move word, may stand.
RESIDENCE_REACH = 4
MOVE_REACH = 8
#: What follows a 5-digit number that is not a PLZ ("39000 Euro").
UNITS = frozenset({"euro", "eur", "einwohner", "km", "m", "qm", "prozent", "stueck", "jahre", "tage"})
#: What follows "Magdeburger" when it names a street or landscape elsewhere, not the town.
NOT_AFTER_ADJECTIVE = GEO_WORDS | frozenset(
    {"strasse", "str", "weg", "platz", "allee", "ring", "chaussee", "damm", "ufer", "tor", "gasse", "wald"}
)
#: A clause ends at these marks: a move or residence word beyond one is about another statement.
_PUNCTUATION = re.compile(r"[.,;:!?–]")
#: The conjunction that is also a river's name ("Frankfurt (Oder)").
CONJUNCTION = "oder"
#: First two digits of PLZ in Sachsen-Anhalt; an unknown PLZ with another prefix lies outside the Land.
ST_PLZ_PREFIXES = frozenset({"06", "14", "29", "38", "39"})


@dataclass(frozen=True)
class Token:
    text: str
    key: str
    start: int
    end: int


@dataclass
class Hit:
    ars: list[str]  # the places the words can mean (several: ambiguous)
    first: int  # token positions [first, last)
    last: int
    destination: bool  # after "nach"
    plz: bool = False
    #: after "wohne in", "wir leben in" …: where the asker lives
    residence: bool = False
    #: a destination a move goes to ("wir ziehen im März nach …"), not a trip ("muss ich nach … fahren")
    moving: bool = False
    #: where the asker comes from or something was done before ("aus Berlin", "vorher in München", "in Leipzig
    #: geboren"); read for places outside the Land only
    origin: bool = False
    #: a place outside Sachsen-Anhalt, as written ("Leipzig", "Nienburg an der Weser"); its ``ars`` is empty
    outside: str = ""


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), fold(m.group()), m.start(), m.end()) for m in TOKEN.finditer(text)]


class Scanner:
    """The matching half of :class:`~assistant.places.directory.PlaceDirectory.recognize`."""

    def __init__(
        self,
        index: VariantIndex,
        outside: dict[tuple[str, ...], str],
        plz: dict[str, list[str]],
        elsewhere: frozenset[str] = frozenset(),
    ) -> None:
        self.index = index
        self.outside = outside
        self.plz = plz
        self.elsewhere = elsewhere  # folded qualifiers of towns outside the Land (rivers, other Länder)

    def scan(self, text: str) -> tuple[list[Hit], list[Hit], list[Token]]:
        """Place hits, places outside Sachsen-Anhalt (each with its role: lived in, moved to), and the tokens their
        positions count in."""
        toks = tokenize(text)
        cased = any(ch.isupper() for ch in text)
        hits: list[Hit] = []
        outside: list[Hit] = []
        i = 0
        while i < len(toks):
            found = self._name_at(toks, i, cased) or self._plz_at(toks, i)
            if isinstance(found, Hit):
                qualified = self._qualified_elsewhere(toks, found.last, cased)
                if qualified and not found.plz:  # "Nienburg an der Weser" is not Nienburg (Saale)
                    end = found.last + qualified
                    name = " ".join(t.text for t in toks[found.first : end])
                    outside.append(_far(toks, text, found.first, end, name))
                    i = end
                    continue
                _mark_intent(found, toks, text)
                hits.append(found)
                i = found.last
                continue
            far = self._outside_at(toks, i, cased)
            if far is not None:
                outside.append(_far(toks, text, *far))
                i = far[1]
                continue
            i += 1
        return hits, outside, toks

    def _name_at(self, toks: list[Token], i: int, cased: bool) -> Hit | None:
        for n in range(min(self.index.longest, len(toks) - i), 0, -1):
            keys = tuple(t.key for t in toks[i : i + n])
            fitting = [v for v in self.index.best(keys) if self._context_ok(v, toks, i, i + n, cased)]
            if not fitting:
                fitting = self._inflected(keys, toks, i, n, cased)
            if fitting:
                destination = i > 0 and toks[i - 1].key == "nach"
                residence = i > 1 and toks[i - 1].key == "in" and toks[i - 2].key in RESIDING
                moving = destination and any(
                    t.key.startswith(MOVING) for t in toks[max(0, i - MOVE_REACH) : i]
                )
                return Hit(sorted({v.ars for v in fitting}), i, i + n, destination, False, residence, moving)
        return None

    def _inflected(
        self, keys: tuple[str, ...], toks: list[Token], i: int, n: int, cased: bool
    ) -> list[Variant]:
        """ "Magdeburgs", "des Burgenlandkreises"; "Dessauer Bürgerbüro" (not "Magdeburger Straße")."""
        last = keys[-1]
        stems = [last[: -len(end)] for end in ("es", "s") if last.endswith(end) and len(last) - len(end) >= 4]
        adjective = (
            n == 1
            and cased
            and last.endswith("er")
            and len(last) >= 6
            and i + 1 < len(toks)
            and toks[i + 1].text[:1].isupper()
            and toks[i + 1].key not in NOT_AFTER_ADJECTIVE
        )
        if adjective:
            stems.append(last[:-2])
        for stem in stems:
            free = [v for v in self.index.best((*keys[:-1], stem)) if v.need == "free"]
            if free:
                return free
        return []

    @staticmethod
    def _context_ok(v: Variant, toks: list[Token], first: int, last: int, cased: bool) -> bool:
        if v.need == "free":
            return True
        before = toks[first - 1].key if first > 0 else ""
        after = toks[last].key if last < len(toks) else ""
        if after.isdigit() or (cased and not toks[first].text[:1].isupper()):
            return False
        if v.need == "lenient":
            return before not in ARTICLES
        if v.need == "strict":
            return before in LOCATIVE or before in DESIGNATIONS or (before.isdigit() and len(before) == 5)
        return before in DESIGNATIONS

    def _qualified_elsewhere(self, toks: list[Token], last: int, cased: bool = True) -> int:
        """How many tokens after a name place it outside the Land ("an der Weser", "am Main", "in Niedersachsen",
        "(Westfalen)"); 0 when none do."""
        for lead in (("an", "der"), ("an", "dem"), ("am",), ("in",), ()):
            end = last + len(lead)
            if end < len(toks) and tuple(t.key for t in toks[last:end]) == lead:
                # right after the name, a qualifier written in lower case in a text that has capitals, or the
                # word "oder" in one that has none, is an ordinary word: "Jessen oder Magdeburg" is no river
                ordinary = not lead and (
                    not toks[end].text[:1].isupper() if cased else toks[end].key == CONJUNCTION
                )
                if toks[end].key in self.elsewhere and not ordinary and not _land_itself(toks, end):
                    return len(lead) + 1
        return 0

    def _plz_at(self, toks: list[Token], i: int) -> Hit | None:
        tok = toks[i]
        if not (tok.key.isdigit() and len(tok.key) == 5) or tok.key not in self.plz:
            return None
        if i + 1 < len(toks) and toks[i + 1].key in UNITS:
            return None
        return Hit(list(self.plz[tok.key]), i, i + 1, i > 0 and toks[i - 1].key == "nach", plz=True)

    def _outside_at(self, toks: list[Token], i: int, cased: bool) -> tuple[int, int, str] | None:
        tok = toks[i]
        if tok.key.isdigit():
            introduced = any(t.key in ("plz", "postleitzahl") for t in toks[max(0, i - 2) : i])
            named = i + 1 < len(toks) and toks[i + 1].text[:1].isupper()
            if len(tok.key) == 5 and tok.key[:2] not in ST_PLZ_PREFIXES and (introduced or named):
                return i, i + 1, tok.text
            return None
        if _land_itself(toks, i):
            return None
        for n in range(min(4, len(toks) - i), 0, -1):
            name = self.outside.get(tuple(t.key for t in toks[i : i + n]))
            if name is not None and (not cased or tok.text[:1].isupper()):
                return i, i + n, name
        return None


def _far(toks: list[Token], text: str, first: int, last: int, name: str) -> Hit:
    """A place outside the Land as a hit with its role (lived in, moved or travelled to, come from)."""
    hit = Hit([], first, last, first > 0 and toks[first - 1].key == "nach", outside=name)
    _mark_intent(hit, toks, text)
    start, end = _clause(toks, text, first, last, MOVE_REACH)
    hit.origin = (first > 0 and toks[first - 1].key in FROM) or any(t.key in EARLIER for t in toks[start:end])
    return hit


#: Words that deny a statement of residence ("Ich wohne nicht in Sachsen-Anhalt").
NEGATIONS = frozenset({"nicht", "nie", "niemals", "kein", "keine", "keinen"})
#: Verbs that open a question about where someone lives or has come ("Wohnen Sie in …?", "Sind Sie … gezogen?").
ASKING_VERBS = RESIDING | frozenset({"lebst", "lebt", "wohnst", "bist", "sind", "seid", "ist"})
#: Sentence ends; a sentence that ends with "?" and starts with one of :data:`ASKING_VERBS` asks.
_SENTENCE_END = re.compile(r"[.!?]")


def land_home(toks: list[Token], text: str) -> bool:
    """Whether the text states that the asker lives in Sachsen-Anhalt itself or has come to it ("Wir wohnen beide
    in Sachsen-Anhalt", "aus Polen nach Sachsen-Anhalt gezogen" or "gekommen"): a home in the Land, like a Gemeinde
    lived in. A denied statement is none ("Ich wohne nicht in Sachsen-Anhalt": a negation in its clause before the
    Land), nor a question about it ("Wohnen Sie in Sachsen-Anhalt, oder …?": a sentence that starts with the verb
    and ends with "?"; "Muss ich …, wenn ich nach Sachsen-Anhalt gezogen bin?" still states it)."""
    for i in range(len(toks)):
        span = 1 if toks[i].key == "sachsen-anhalt" else 2 if _land_itself(toks, i) else 0
        if not span:
            continue
        hit = Hit([], i, i + span, i > 0 and toks[i - 1].key == "nach")
        _mark_intent(hit, toks, text)
        start, _ = _clause(toks, text, i, i + span, MOVE_REACH)
        before = {t.key for t in toks[start:i]}
        arrived = hit.destination and bool(before & FROM)  # "aus Polen nach Sachsen-Anhalt …"
        if (hit.residence or hit.moving or arrived) and not before & NEGATIONS and not _asks(toks, text, i):
            return True
    return False


def _asks(toks: list[Token], text: str, i: int) -> bool:
    """Whether the sentence around ``toks[i]`` is a question that opens with a verb of living or being."""
    opening = max((m.end() for m in _SENTENCE_END.finditer(text, 0, toks[i].start)), default=0)
    first = next((t for t in toks if t.start >= opening), None)
    closing = _SENTENCE_END.search(text, toks[i].end)
    return first is not None and first.key in ASKING_VERBS and closing is not None and closing.group() == "?"


def _land_itself(toks: list[Token], i: int) -> bool:
    """ "sachsen anhalt" written without its hyphen names this Land, not Sachsen."""
    return toks[i].key == "sachsen" and i + 1 < len(toks) and toks[i + 1].key == "anhalt"


def _joined(toks: list[Token], text: str, left: int) -> bool:
    """No punctuation mark stands between ``toks[left]`` and the token after it."""
    return not _PUNCTUATION.search(text[toks[left].end : toks[left + 1].start])


def _clause(toks: list[Token], text: str, first: int, last: int, reach: int) -> tuple[int, int]:
    """Token positions around ``toks[first:last]``, up to ``reach`` words away, not across a punctuation mark."""
    start = first
    while start > 0 and first - start < reach and _joined(toks, text, start - 1):
        start -= 1
    end = last
    while end < len(toks) and end - last < reach and _joined(toks, text, end - 1):
        end += 1
    return start, end


def _mark_intent(hit: Hit, toks: list[Token], text: str) -> None:
    """Whether the asker lives at the place ("wohne in", "wir leben seit 2010 in") or moves there ("nach Halle
    umgezogen"); the caller prefers a move's destination, then the home, over a place merely travelled to."""
    if hit.first > 0 and toks[hit.first - 1].key == "in":
        start, _ = _clause(toks, text, hit.first - 1, hit.first - 1, RESIDENCE_REACH)
        hit.residence = any(t.key in RESIDING for t in toks[start : hit.first - 1])
    if hit.destination:
        start, end = _clause(toks, text, hit.first, hit.last, MOVE_REACH)
        hit.moving = any(t.key.startswith(MOVING) for t in toks[start:end])
