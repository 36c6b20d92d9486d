"""The place directory: every Gemeinde, Verbandsgemeinde and Kreis as a :class:`Place`, found by ARS, AGS, PLZ,
name prefix (autocomplete) or in free text.

Built once from the validated source (``corpora/data/gemeinden``) and held by the knowledge base; the texts of
the place records come from :mod:`corpora.place_documents`, so what the resolver quotes is what is indexed.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from assistant.places.models import Place, PlaceMention
from assistant.places.names import build_index, tokens
from assistant.places.outside import OTHER_LAENDER, OUTSIDE_NAMES, OUTSIDE_QUALIFIERS
from assistant.places.recognize import Hit, Scanner, land_home, tokenize
from corpora.ids import place_chunk_id
from corpora.place_documents import place_lead, place_text, place_title
from corpora.place_names import KREISFREIE_STADT, kreis_title, sort_key, verband_title
from corpora.places import PlaceData, load_places
from indexing.nlp.normalize import fold

_KIND_ORDER = {"gemeinde": 0, "verbandsgemeinde": 1, "kreis": 2}


class PlaceDirectory:
    """All places of Sachsen-Anhalt (Gemeindeverzeichnis, Stand 30.11.2025) and the ways to find them."""

    def __init__(self, data: PlaceData) -> None:
        self.data = data
        self.places: dict[str, Place] = {}
        for k in data.kreise.values():
            plz = self._plz_of(data.members.get(k.ars, []))
            self._add(k.ars, "kreis", k.name, self._kreis_short(k.ars), plz, None, None)
        for v in data.verbaende.values():
            plz = self._plz_of(data.members.get(v.ars, []))
            self._add(v.ars, "verbandsgemeinde", v.name, verband_title(v.name), plz, v.ars, v.name)
        for g in data.gemeinden.values():
            verband = data.verbaende[g.verband_ars].name if g.verband_ars else None
            self._add(g.ars, "gemeinde", g.name, g.everyday, g.plz, g.verband_ars, verband)
        self.by_ags_map = {g.ags: g.ars for g in data.gemeinden.values()}
        self.plz_map: dict[str, list[str]] = {}
        for g in data.gemeinden.values():
            for code in g.plz:
                self.plz_map.setdefault(code, []).append(g.ars)
        index = build_index(data)
        outside = {tokens(n): n for n in OUTSIDE_NAMES if tokens(n) not in index.variants}
        elsewhere = frozenset(
            fold(n) for n in (*OUTSIDE_QUALIFIERS, *OTHER_LAENDER, "Westfalen") if " " not in n
        )
        self.scanner = Scanner(index, outside, self.plz_map, elsewhere)
        self.population = {g.ars: g.population for g in data.gemeinden.values()}
        for ars in [*data.kreise, *data.verbaende]:
            self.population[ars] = sum(self.population[m] for m in data.members.get(ars, []))

    @classmethod
    def from_corpus(cls, corpus_dir: Path) -> PlaceDirectory:
        from corpora.registry import SOURCE_DIRS

        return cls(load_places(Path(corpus_dir) / SOURCE_DIRS["places"]))

    def _plz_of(self, members: list[str]) -> tuple[str, ...]:
        return tuple(sorted({p for ars in members for p in self.data.gemeinden[ars].plz}))

    def _kreis_short(self, ars: str) -> str:
        k = self.data.kreise[ars]
        if k.typ == KREISFREIE_STADT:
            return self.data.gemeinden[self.data.members[ars][0]].everyday
        return kreis_title(k.name, k.typ)

    def _add(
        self,
        ars: str,
        kind: str,
        name: str,
        short: str,
        plz: tuple[str, ...],
        v_ars: str | None,
        v_name: str | None,
    ) -> None:
        kreis = self.data.kreise[ars[:5]]
        self.places[ars] = Place(
            ars, kind, name, short, kreis.ars, kreis.name, v_ars, v_name, plz, place_chunk_id(ars)
        )

    # --- look-ups ---------------------------------------------------------------------------------------------

    def by_ars(self, ars: str) -> Place | None:
        return self.places.get(ars.strip())

    def by_ags(self, ags: str) -> Place | None:
        """A Gemeinde by its 8-digit Amtlicher Gemeindeschlüssel, a Kreis by its 5-digit one."""
        ags = ags.strip()
        return self.by_ars(ags) if len(ags) == 5 else self.by_ars(self.by_ags_map.get(ags, ""))

    def by_plz(self, plz: str) -> list[Place]:
        """The Gemeinden a PLZ belongs to (approximate, OpenStreetMap): several where Gemeinden share it."""
        return self._sorted(self.places[a] for a in self.plz_map.get(plz.strip(), []))

    def members(self, kreis_or_verband_ars: str) -> list[Place]:
        """A Verbandsgemeinde's member Gemeinden; a Kreis's Verbandsgemeinden, then its Gemeinden."""
        ars = kreis_or_verband_ars.strip()
        gemeinden = [self.places[a] for a in self.data.members.get(ars, [])]
        verbaende = [self.places[v] for v in self.data.verbaende if len(ars) == 5 and v.startswith(ars)]
        return self._sorted(verbaende) + self._sorted(gemeinden)

    def all(self, kind: str | None = None) -> list[Place]:
        """Every place (of one kind), Gemeinden first, by name."""
        return self._sorted(p for p in self.places.values() if kind is None or p.kind == kind)

    def title(self, place: Place) -> str:
        """As letters name it: "Landkreis Harz", "Verbandsgemeinde Vorharz", "Welterbestadt Quedlinburg"."""
        return place_title(self.data, place.ars)

    def lead(self, place: Place) -> str:
        """The first line of the place's record (a quote): "Tangerhütte, Stadt – Gemeinde im Landkreis Stendal"."""
        return place_lead(self.data, place.ars)

    def record_text(self, place: Place) -> str:
        """The place's record exactly as indexed under ``place.document_id``."""
        return place_text(self.data, place.ars)

    def is_kreisfrei(self, place: Place) -> bool:
        return self.data.kreise[place.kreis_ars].typ == KREISFREIE_STADT

    @staticmethod
    def _sorted(places: Iterable[Place]) -> list[Place]:
        return sorted(places, key=lambda p: (_KIND_ORDER[p.kind], sort_key(p.name)))

    # --- names ------------------------------------------------------------------------------------------------

    def search(self, q: str, limit: int = 10) -> list[Place]:
        """Autocomplete: a PLZ or ARS prefix, or a name (official or everyday) by prefix of the name or of one of
        its words; exact names first, then larger places."""
        q = q.strip()
        if not q:
            return []
        if q.isdigit():
            found = [
                p
                for p in self.places.values()
                if p.kind == "gemeinde" and any(c.startswith(q) for c in p.plz)
            ]
            found += [p for a, p in self.places.items() if a.startswith(q) and p not in found]
            return sorted(
                found, key=lambda p: (min((c for c in p.plz if c.startswith(q)), default="~"), p.ars)
            )[:limit]
        key = fold(q)
        ranked = []
        for place in self.places.values():
            names = [fold(n) for n in (place.name, place.short, self.title(place))]
            if any(n == key for n in names):
                rank = 0
            elif any(n.startswith(key) for n in names):
                rank = 1
            elif any(w.startswith(key) for n in names for w in tokens(n)):
                rank = 2
            else:
                continue
            ranked.append((rank, -self.population[place.ars], sort_key(place.name), place))
        return [p for *_, p in sorted(ranked, key=lambda r: r[:3])][:limit]

    def lookup(self, name: str) -> PlaceMention | None:
        """A whole string as one place name (API parameter ``place``): no context needed, "Burg" is the town."""
        keys = tuple(t.key for t in tokenize(name))
        ars = {v.ars for v in self.scanner.index.best(keys)}
        if not ars:
            return self.recognize(name)
        return self._mention([self.places[a] for a in sorted(ars)], name.strip(), None)

    def recognize(self, text: str) -> PlaceMention | None:
        """The place a German text names ("Ich wohne in Wernigerode", "nach Bernburg", "im Salzlandkreis", a PLZ),
        or the place outside Sachsen-Anhalt it is asked for (see :func:`_asked_outside`); None when it names none."""
        hits, outside, toks = self.scanner.scan(text)
        chosen = self._choose(hits)
        far = _asked_outside(outside, chosen, land_home(toks, text))
        if chosen is None and far is None:
            return None
        if chosen is None:
            assert far is not None
            return PlaceMention(None, [], far.outside, text[toks[far.first].start : toks[far.last - 1].end])
        start, end = toks[chosen.first].start, toks[chosen.last - 1].end
        if text[end : end + 1] == ")" and "(" in text[start:end]:  # "Halle (Saale)"
            end += 1
        return self._mention(
            [self.places[a] for a in chosen.ars], text[start:end], far.outside if far else None
        )

    def _mention(self, places: list[Place], matched: str, outside: str | None) -> PlaceMention:
        if len(places) == 1:
            return PlaceMention(places[0], [], outside, matched)
        return PlaceMention(None, self._sorted(places), outside, matched)

    def _choose(self, hits: list[Hit]) -> Hit | None:
        names = [h for h in hits if not h.plz]
        alone: list[Hit] = []  # PLZ hits without a name right after them
        for code in (h for h in hits if h.plz):
            named = next((n for n in names if n.first == code.last), None)
            if named is None:
                alone.append(code)
                continue
            # "wohne in 06108 Halle": the name after a PLZ carries its role
            named.residence |= code.residence
            named.destination |= code.destination
            named.moving |= code.moving
        for h in [h for h in hits if h.plz and len(h.ars) > 1]:  # a shared PLZ narrowed by a name beside it
            named_ars = {a for n in names for a in n.ars}
            if len(narrowed := [a for a in h.ars if a in named_ars]) == 1:
                h.ars = narrowed
        pool = list(names or hits)
        # a PLZ alone where the asker lives or moves to ("Ich wohne in 39104. Muss ich nach Halle?") stays a candidate
        pool += [h for h in alone if (h.residence or h.moving) and h not in pool]
        specific = {a for h in pool if len(h.ars) == 1 for a in h.ars}
        # a Kreis or Verbandsgemeinde named beside one of its Gemeinden only locates that Gemeinde
        pool = [
            h
            for h in pool
            if not (len(h.ars) == 1 and any(a != h.ars[0] and a.startswith(h.ars[0]) for a in specific))
        ]
        if not pool:
            return None
        return (
            next((h for h in pool if h.moving), None)
            or next((h for h in pool if h.residence), None)
            or next((h for h in pool if h.destination), pool[0])
        )


def _asked_outside(outside: list[Hit], chosen: Hit | None, home_in_land: bool) -> Hit | None:
    """The place outside Sachsen-Anhalt a question is asked for, which the sources do not cover: the first one
    named, except, beside the asker's home in the Land (a Gemeinde lived in, or ``home_in_land``: the Land itself
    named as lived in or moved to), a place the asker only asks whether to travel to ("Ich wohne in 14715
    Schollene. Muss ich dafür nach Rathenow?") or comes from ("… komme aus Berlin", "vorher in München", "aus
    Polen nach Sachsen-Anhalt gezogen"); living or moving there, or anything else done there, still counts."""
    if home_in_land or (chosen is not None and chosen.residence):
        outside = [h for h in outside if h.residence or h.moving or not (h.destination or h.origin)]
    return outside[0] if outside else None
