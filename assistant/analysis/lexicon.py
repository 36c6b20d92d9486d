"""Phrase lexicon: corpus phrases (service names, synonyms, role names …) matched against a question.

Why not spaCy's ``PhraseMatcher`` alone: users drop words ("Was kostet ein Perso?" against "Perso
verlängern"), inflect them, glue them into compounds ("Führerscheinumtausch") and misspell them
("Fürerschein"). So every phrase is a bag of folded lemmas weighted by rarity (IDF over entities:
"beantragen" says little, "Reisepass" a lot), and a phrase's score is the weighted share of its
words the question contains — exactly, as a stem ("umtausch"/"umtauschen"), as a compound part,
as a compound head ("Ausweis" in "Personalausweis", half credit) or as a close spelling.
"""

from __future__ import annotations

import math
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from indexing.nlp.normalize import fold
from indexing.nlp.stopwords import is_stop

try:  # optional speed-up; difflib gives the same answers, slower
    from rapidfuzz import fuzz, process

    def _close(word: str, vocabulary: list[str], cutoff: float) -> list[tuple[str, float]]:
        hits = process.extract(word, vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff * 100, limit=3)
        return [(hit, score / 100) for hit, score, _ in hits]

except ImportError:  # pragma: no cover - exercised only without rapidfuzz
    import difflib

    def _close(word: str, vocabulary: list[str], cutoff: float) -> list[tuple[str, float]]:
        hits = difflib.get_close_matches(word, vocabulary, n=3, cutoff=cutoff)
        return [(hit, difflib.SequenceMatcher(None, word, hit).ratio()) for hit in hits]


EXACT, STEM, PART, FUZZY, HEAD, WEAK_PART = 1.0, 0.9, 0.9, 0.85, 0.5, 0.7
LONE_STEM_FACTOR = 0.5
VERB_ONLY_FACTOR = 0.5
LONE_STEM_MAX_LENGTH = 9  # short words collide by inflection, long ones are spelling variants
STEM_PREFIX = 5
#: The Land's own name is in half the questions and names nothing ("Baugenehmigung Sachsen-Anhalt").
REGION_WORDS = frozenset({"sachsen-anhalt", "sachsen", "anhalt", "lsa"})
STOP_WEIGHT = 0.3
MIN_FUZZY_LENGTH = 5
FUZZY_CUTOFF = 0.84
SHORT_FUZZY_CUTOFF = 0.9


@dataclass(frozen=True)
class Target:
    """What a phrase points to (becomes an :class:`~assistant.models.EntityRef`)."""

    kind: str
    id: str
    label: str
    factor: float = 1.0  # < 1 for weaker evidence, e.g. a former OZG role or a § title


@dataclass
class Phrase:
    text: str
    target: Target
    words: tuple[str, ...]  # folded lemmas
    heads: tuple[str | None, ...]  # compound head per word, for half-credit matches
    factor: float = 1.0  # < 1 for a phrase that is only part of a name (a parenthesis)
    nouns: tuple[bool, ...] = ()  # capitalised in the phrase: a noun, not a verb like "stellen"


@dataclass
class Match:
    target: Target
    score: float
    matched: str
    weight: float  # matched IDF weight, the tie-breaker between equally covered phrases
    complete: bool = False  # every word of a full-strength phrase is in the question


@dataclass
class QuestionWords:
    """The question as the lexicon sees it: folded lemmas, compound parts, surface words."""

    lemmas: list[str]
    surfaces: list[str]
    parts: dict[str, set[str]] = field(default_factory=dict)  # compound part -> the words it is part of
    stops: set[str] = field(default_factory=set)


_ROMAN = {
    str(n): r for n, r in enumerate(["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]) if n
}
#: Colloquial words (lower case, as written) and the word the synonyms use for them.
_COLLOQUIAL = {"weg": "verloren", "futsch": "verloren", "geklaut": "gestohlen"}
#: Separable verb particles: "Wo melde ich mich an?" asks about "anmelden".
_PARTICLES = frozenset(
    {
        "an",
        "ab",
        "um",
        "aus",
        "ein",
        "zu",
        "auf",
        "nach",
        "vor",
        "zurueck",
        "weg",
        "heraus",
        "raus",
        "mit",
        "fest",
    }
)


#: Longest first, so that "zurueckgeben" is "zurueck" + "geben", not "zu" + "rueckgeben".
_PARTICLES_LONGEST = sorted(_PARTICLES, key=lambda p: (-len(p), p))
_INFINITIVE = ("en", "ern", "eln")


def particle_verb(word: str) -> tuple[str, str] | None:
    """A folded word read as a separable infinitive: "anmelden" → ("an", "melden"). It splits any word of that
    shape ("einkommen"); the caller reads only verbs."""
    for particle in _PARTICLES_LONGEST:
        rest = word[len(particle) :]
        if word.startswith(particle) and len(rest) >= 5 and rest.endswith(_INFINITIVE):
            return particle, rest
    return None


_PARTICIPLE = re.compile(r"^(an|ab|um|aus|ein|zu|auf|nach|vor|zurueck|weg|mit|fest)?ge([a-z]{3,}?)(?:e?t)$")


def _participle_infinitive(word: str) -> str | None:
    """The infinitive of a regular past participle: "angezeigt" → "anzeigen", "gemeldet" → "melden"."""
    match = _PARTICIPLE.match(word)
    return f"{match.group(1) or ''}{match.group(2)}en" if match else None


def question_words(doc: Doc) -> QuestionWords:
    words = QuestionWords(lemmas=[], surfaces=[])
    verbs: list[str] = []
    for index, token in enumerate(doc):
        if token.is_punct or token.is_space:
            verbs = []  # a particle joins only verbs of its own clause
            continue
        following = doc[index + 1] if index + 1 < len(doc) else None
        clause_end = following is None or following.is_punct or following.lower_ in ("und", "oder")
        if token.norm_ in _PARTICLES and clause_end and verbs:
            for verb in verbs:
                words.lemmas.append(token.norm_ + verb)
                words.surfaces.append(token.norm_ + verb)
        words.lemmas.append(token.norm_)
        words.surfaces.append(fold(token.text))
        infinitive = _participle_infinitive(token.norm_) if token.text[:1].islower() else None
        if infinitive:  # "angezeigt" -> "anzeigen"
            words.lemmas.append(infinitive)
            words.surfaces.append(fold(token.text))
        colloquial = _COLLOQUIAL.get(token.text)
        if colloquial and not (clause_end and verbs):  # "Perso weg" is "Perso verloren", not "wegziehen"
            words.lemmas.append(colloquial)
            words.surfaces.append(colloquial)
        if token.text in _ROMAN:  # "Hartz 4" is "Hartz IV" in the synonyms
            words.lemmas.append(_ROMAN[token.text])
            words.surfaces.append(_ROMAN[token.text])
        if token.is_stop or is_stop(token.text):
            words.stops.add(token.norm_)
        elif token.norm_.endswith(("en", "ern", "eln")) and token.text[:1].islower():
            verbs.append(token.norm_)
        for part in token._.lsa_parts:
            words.parts.setdefault(fold(part), set()).add(token.norm_)
    return words


class PhraseLexicon:
    """All phrases of one or more entity kinds, with IDF weights and a fuzzy vocabulary."""

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        self.phrases: list[Phrase] = []
        self.weights: dict[str, float] = {}
        self._by_word: dict[str, list[int]] = defaultdict(list)
        self._by_head: dict[str, set[str]] = defaultdict(set)
        self._by_prefix: dict[str, set[str]] = defaultdict(set)
        self._vocabulary: list[str] = []

    def __getstate__(self) -> dict[str, object]:
        """Everything but the pipeline (the start-up cache pickles built lexicons; matching needs no pipeline)."""
        return {**self.__dict__, "_nlp": None}

    def add(self, text: str, target: Target, factor: float = 1.0) -> None:
        self.add_doc(self._nlp(text), text, target, factor)

    def add_doc(self, doc: Doc, text: str, target: Target, factor: float = 1.0) -> None:
        """Add a phrase already run through the pipeline (lets large lexicons use ``nlp.pipe``)."""
        words, heads, nouns = [], [], []
        for token in doc:
            if token.is_punct or not token.norm_.strip("-"):
                continue
            words.append(token.norm_)
            nouns.append(any(c.isupper() or c.isdigit() for c in token.text))  # "ePayment", "07"
            parts = token._.lsa_parts
            heads.append(fold(parts[-1]) if parts else None)
        if words:
            self.phrases.append(Phrase(text, target, tuple(words), tuple(heads), factor, tuple(nouns)))

    def freeze(self) -> None:
        """Compute weights and indexes once all phrases are in."""
        entities: dict[str, set[str]] = defaultdict(set)
        for index, phrase in enumerate(self.phrases):
            for word, head in zip(phrase.words, phrase.heads, strict=True):
                entities[word].add(phrase.target.id)
                self._by_word[word].append(index)
                if head and len(head) >= 4 and head != word:
                    self._by_head[head].add(word)
        total = len({p.target.id for p in self.phrases}) or 1
        for word, ids in entities.items():
            weight = math.log(1 + total / len(ids))
            self.weights[word] = STOP_WEIGHT if is_stop(word) or word in REGION_WORDS else weight
            if len(word) >= STEM_PREFIX:
                self._by_prefix[word[:STEM_PREFIX]].add(word)
        self._vocabulary = sorted(w for w in self.weights if len(w) >= MIN_FUZZY_LENGTH)

    def knows(self, lemma: str) -> bool:
        """Whether a (folded) word or a form of it occurs in some phrase."""
        return lemma in self.weights or any(
            _same_stem(lemma, w) for w in self._by_prefix.get(lemma[:STEM_PREFIX], ())
        )

    def _credits(self, question: QuestionWords) -> dict[str, tuple[float, str, str]]:
        """Lexicon word -> (credit, question word that earned it, how: exact/stem/fuzzy/head/part/weak)."""
        credits: dict[str, tuple[float, str, str]] = {}

        def give(word: str, credit: float, source: str, how: str) -> None:
            if word in self.weights and credit > credits.get(word, (0.0, "", ""))[0]:
                credits[word] = (credit, source, how)

        for lemma, surface in zip(question.lemmas, question.surfaces, strict=True):
            give(lemma, EXACT, surface, "exact")
            give(surface, EXACT, surface, "exact")
            if lemma in question.stops or len(lemma) < MIN_FUZZY_LENGTH:
                continue
            for word in self._by_prefix.get(lemma[:STEM_PREFIX], ()):
                if _same_stem(lemma, word):
                    give(word, STEM, surface, "stem")
            for particle in _PARTICLES:  # "anmelden" also says "melden"
                rest = lemma[len(particle) :]
                if lemma.startswith(particle) and len(rest) >= MIN_FUZZY_LENGTH:
                    give(rest, STEM, surface, "stem")
            if lemma in self.weights:  # only a word that is a name on its own ("Ausweis", not "Stelle")
                for word in self._by_head.get(lemma, ()):
                    give(word, HEAD, surface, "head")
            if lemma not in self.weights:
                for word, similarity in _close(lemma, self._vocabulary, FUZZY_CUTOFF):
                    # Typos rarely hit the start ("an-"/"ab-" must stay apart); a short word needs to be
                    # closer ("Gedicht" is no "Gericht").
                    if word[:2] == lemma[:2] and (len(lemma) >= 8 or similarity >= SHORT_FUZZY_CUTOFF):
                        give(word, FUZZY * similarity, surface, "fuzzy")
        for part, wholes in question.parts.items():
            known = any(whole in self.weights for whole in wholes)
            give(part, WEAK_PART if known else PART, part, "weak" if known else "part")
        return credits

    def _phrase_score(
        self, phrase: Phrase, credits: dict[str, tuple[float, str, str]]
    ) -> tuple[float, float, bool, list[str]]:
        """(score, matched weight, complete, matched question words) of one phrase."""
        total = got = 0.0
        matched: list[str] = []
        hows: list[str] = []
        noun_matched = False
        for word, noun in zip(phrase.words, phrase.nouns, strict=True):
            weight = self.weights[word]
            total += weight
            credit, source, how = credits.get(word, (0.0, "", ""))
            if credit:
                got += weight * credit
                matched.append(source)
                if weight > STOP_WEIGHT:
                    hows.append(how)
                    noun_matched = noun_matched or noun
            elif weight <= STOP_WEIGHT:
                total -= weight * 0.5  # a missing stop word costs little ("Ausweis weg" ~ "Ausweis")
        # A compound part of a known word alone ("Park|ausweis" -> "Ausweis beantragen") proves nothing.
        if not total or got <= STOP_WEIGHT or not hows or all(how == "weak" for how in hows):
            return 0.0, 0.0, False, []
        coverage = min(got / total, 1.0)
        factor = phrase.target.factor * phrase.factor
        content = [w for w in phrase.words if self.weights[w] > STOP_WEIGHT]
        if (
            hows == ["stem"]
            and len(content) == 1
            and len(content[0]) < LONE_STEM_MAX_LENGTH
            and _inflected(matched[0], content[0])
        ):
            factor *= LONE_STEM_FACTOR  # "Deutscher Meister" is not "Deutsch werden"
        complete = coverage >= 0.999 and factor >= 1.0
        if not complete and not noun_matched:
            factor *= VERB_ONLY_FACTOR  # "Welche Stellen …" hit only the verb of "Bauantrag stellen"
        score = coverage * (0.75 + 0.25 * min(1.0, got / 6.0)) * factor
        return score, got, complete, matched

    def _candidates(self, credits: dict[str, tuple[float, str, str]]) -> set[int]:
        """The phrases that can score: only a content word credited other than as a weak part makes a phrase score
        (see :meth:`_phrase_score`), so phrases reached only through stop words ("für", "die") or weak parts are
        not scored at all (the same matches; a test compares with scoring every phrase a credited word reaches)."""
        return {
            i
            for word, (_credit, _source, how) in credits.items()
            if self.weights[word] > STOP_WEIGHT and how != "weak"
            for i in self._by_word.get(word, ())
        }

    def match(self, question: QuestionWords, minimum: float = 0.5) -> list[Match]:
        """Best match per target, best first.

        A target's score is its best phrase's, plus a quarter of the best phrase that matched
        *other* words ("Kneipe … Konzession" hit two synonyms of the same service).
        """
        credits = self._credits(question)
        candidates = self._candidates(credits)
        per_target: dict[tuple[str, str], list[tuple[float, float, bool, list[str], Target]]] = defaultdict(
            list
        )
        for index in candidates:
            phrase = self.phrases[index]
            score, got, complete, matched = self._phrase_score(phrase, credits)
            if score > 0.2:
                key = (phrase.target.kind, phrase.target.id)
                per_target[key].append((score, got, complete, matched, phrase.target))
        results: list[Match] = []
        for scored in per_target.values():
            scored.sort(key=lambda item: (-item[0], -item[1]))
            score, got, complete, matched, target = scored[0]
            words = set(matched)
            other = next((item for item in scored[1:] if not words & set(item[3])), None)
            if other is not None:
                score += 0.25 * other[0]
                matched = [*matched, *other[3]]
            if score >= minimum:
                text = " ".join(dict.fromkeys(matched))
                results.append(Match(target, round(min(score, 1.0), 3), text, got, complete))
        return sorted(results, key=lambda m: (-m.score, -m.weight, m.target.id))


_INFLECTIONS = frozenset({"e", "en", "er", "es", "em", "n", "s", "ern"})


def _inflected(form: str, word: str) -> bool:
    """Whether ``form`` is ``word`` plus an inflection ending ("deutscher" of "deutsch")."""
    return form.startswith(word) and form[len(word) :] in _INFLECTIONS


_Scored = tuple[float, float, bool, list[str], Target]


def _same_stem(a: str, b: str) -> bool:
    """Inflection or derivation of one stem: "umtausch"/"umtauschen", "anmeldung"/"anmelden"."""
    if a == b:
        return False
    common = len(os.path.commonprefix((a, b)))
    return common >= STEM_PREFIX and len(a) - common <= 3 and len(b) - common <= 3


def build_lexicon(nlp: Language, entries: Iterable[tuple[str, Target, float]]) -> PhraseLexicon:
    lexicon = PhraseLexicon(nlp)
    for text, target, factor in entries:
        lexicon.add(text, target, factor)
    lexicon.freeze()
    return lexicon
