"""Every name a place is called by, as folded token sequences, and how much context each needs to count.

People write "Halle", "Dessau", "Wittenberg", "im Salzlandkreis", "VG Vorharz"; the Gemeindeverzeichnis says
"Halle (Saale), Stadt", "Dessau-Roßlau, Stadt", "Wittenberg, Lutherstadt". The variants are derived from the
official and everyday names only (nothing typed by hand but the word lists below). Precision comes first: a
name that is also an ordinary German word or a landscape ("Burg", "Finne", "Südharz") counts only after a place
preposition or a designation ("in Burg", "Stadt Burg"); a Kreis that shares its name with its seat ("Stendal",
"Wittenberg", "Harz") is the Kreis only with "Landkreis" or "Kreis" before it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from corpora.place_names import KREISFREIE_STADT, base_name, designation
from corpora.places import PlaceData
from indexing.nlp.normalize import fold

#: Numbers, and words with inner hyphens or apostrophes ("Dessau-Roßlau"); "/" and brackets separate.
TOKEN = re.compile(r"(?<!\d)\d+(?!\d)|[^\W\d_]+(?:[-‐'’][^\W\d_]+)*")
#: How much context a variant needs: ``free`` anywhere; ``lenient`` capitalised and not after an article
#: ("die Halle" is a hall); ``strict`` after a place preposition or designation ("in Burg", "Gemeinde Huy");
#: ``designation`` only after a designation ("Gemeinde An der Poststraße").
Need = Literal["free", "lenient", "strict", "designation"]
#: Gemeinde names that are also ordinary words, castles or landscapes (folded).
STRICT_WORDS = frozenset(
    """burg finne bruecken wust hassel stoessen iden aland angern borne ausleben burgstall kaiserpfalz schoenburg
    falkenstein moeser huy seeland suedharz nordharz westheide elsteraue muldestausee finneland boerdeland
    boerdeaue suelzetal salzatal zehrental schnaudertal gutenborn berga arnstein landsberg petersberg werben
    kalbe kloetze koennern""".split()
)
LENIENT_WORDS = frozenset({"halle"})
#: Landscape and river words that never name a Gemeinde on their own (parts of "Zahna-Elster", "Selke-Aue" …).
GEO_WORDS = frozenset(
    """boerde elbe elster aue tal land heide harz saale anhalt altmark havel aller mulde wipper unstrut hakel
    forst see grund selke bode ohre""".split()
)
#: Words before a name that say it is a Gemeinde, Verbandsgemeinde or Kreis (folded).
DESIGNATIONS = frozenset(
    """stadt gemeinde hansestadt lutherstadt welterbestadt landeshauptstadt goethestadt solestadt flecken
    verbandsgemeinde vg landkreis landkreises kreis kreises lk lkr""".split()
)
_KREIS_PREFIXES = ("landkreis", "landkreises", "kreis", "kreises", "lk", "lkr")
#: Variant strength: a designated or Kreis form beats a plain name, which beats a part of a double name.
DESIGNATED, PLAIN, PART = 3, 2, 1


@dataclass(frozen=True)
class Variant:
    ars: str
    strength: int
    need: Need


def tokens(text: str) -> tuple[str, ...]:
    return tuple(fold(m.group()) for m in TOKEN.finditer(text))


def core_names(name: str) -> list[str]:
    """Without bracketed or slashed qualifiers: "Halle (Saale)" -> ["Halle"]; "Harsleben / Harschlewe" -> both;
    "Zerbst/Anhalt" -> ["Zerbst"]."""
    if " / " in name:
        return [p.strip() for p in name.split(" / ")]
    return [re.split(r"\s*[(/]", name, maxsplit=1)[0].strip()]


def need_of(name: str) -> Need:
    folded = tokens(name)
    if folded[:2] in (("an", "der"), ("am",)) or folded[0] == "am":
        return "designation"
    if len(folded) == 1 and folded[0] in STRICT_WORDS:
        return "strict"
    if len(folded) == 1 and folded[0] in LENIENT_WORDS:
        return "lenient"
    return "free"


class VariantIndex:
    """Folded token sequence -> the places it names (built once per directory)."""

    def __init__(self) -> None:
        self.variants: dict[tuple[str, ...], list[Variant]] = defaultdict(list)
        self.longest = 1

    def add(self, key: tuple[str, ...], variant: Variant) -> None:
        if not key:
            return
        current = self.variants[key]
        if all(v.ars != variant.ars or v.strength < variant.strength for v in current):
            current[:] = [v for v in current if v.ars != variant.ars] + [variant]
        self.longest = max(self.longest, len(key))

    def best(self, key: tuple[str, ...]) -> list[Variant]:
        """The strongest variants of a key (several: the name fits more than one place)."""
        found = self.variants.get(key, [])
        top = max((v.strength for v in found), default=0)
        return [v for v in found if v.strength == top]


def build_index(data: PlaceData) -> VariantIndex:
    index = VariantIndex()
    core_of_gemeinden = {fold(c) for g in data.gemeinden.values() for c in core_names(base_name(g.name))}
    for g in data.gemeinden.values():
        _gemeinde(index, g.ars, g.name, g.everyday, core_of_gemeinden)
    for v in data.verbaende.values():
        for form in dict.fromkeys([v.name, *core_names(v.name)]):
            for prefix in ("verbandsgemeinde", "vg"):
                index.add((prefix, *tokens(form)), Variant(v.ars, DESIGNATED, "free"))
            if "-" in form and fold(form) not in core_of_gemeinden:
                index.add(tokens(form), Variant(v.ars, PLAIN, "free"))
    for k in data.kreise.values():
        if k.typ == KREISFREIE_STADT:
            continue  # named as the town (its Gemeinde record)
        for prefix in _KREIS_PREFIXES:
            index.add((prefix, *tokens(k.name)), Variant(k.ars, DESIGNATED, "free"))
        first = k.name.split(" ")[0]
        if first.lower().endswith("kreis"):  # Burgenlandkreis, Altmarkkreis Salzwedel
            index.add(tokens(k.name), Variant(k.ars, DESIGNATED, "free"))
            index.add(tokens(first), Variant(k.ars, PLAIN, "free"))
        elif "-" in k.name or " " in k.name:  # Anhalt-Bitterfeld, Jerichower Land: no Gemeinde is called so
            index.add(tokens(k.name), Variant(k.ars, PLAIN, "free"))
    return index


def _gemeinde(index: VariantIndex, ars: str, official: str, everyday: str, cores: set[str]) -> None:
    base = base_name(official)
    plain = dict.fromkeys([base, *core_names(base), everyday, *core_names(everyday)])
    for form in plain:
        index.add(tokens(form), Variant(ars, PLAIN, need_of(form)))
    titles = {designation(official) or "Gemeinde", "Gemeinde"}
    if (designation(official) or "").endswith("stadt"):
        titles.add("Stadt")
    for title in titles:
        for form in dict.fromkeys([base, *core_names(base)]):
            index.add((fold(title), *tokens(form)), Variant(ars, DESIGNATED, "free"))
    for core in core_names(base):
        for part in core.split("-") if "-" in core else []:
            key = fold(part)
            if len(part) >= 4 and part[0].isupper() and key not in GEO_WORDS and key not in cores:
                index.add((key,), Variant(ars, PART, need_of(part)))
