"""The sentence of a service's own texts that answers the detail a question asks beyond the module quote.

"Wie viel Finderlohn steht mir zu?" is a cost question about "Fundsache abgeben", but the cost module does
not say how much; the full text does ("fünf Prozent vom Wert bis 500 Euro"). The words of the question that
the service's name and the general request words do not explain are the asked detail; the sentence of the
service's texts that carries most of them, weighted by how rare each word is among all service texts,
is quoted beside the answer. With the sentences' vectors (``sentence_vectors``), the sentence closest in
meaning to the question is quoted too when it stands out from the service's other sentences: people describe
their situation in other words than the description uses. A learned selector (``detail_selector``) weighs all
these signals per sentence, and its best sentence is quoted beside the one that stands out by meaning. Only the
chosen service's texts are searched, so the detail can never change the subject of the answer.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from assistant.citations import MAX_QUOTE, sentences, shorten
from assistant.compose.detail_selector import DetailSelector, sentence_features
from assistant.compose.detail_words import DETAIL_MODULES, GIVES, PREFIX, WANTS, asked_words, carried, words
from assistant.compose.sentence_vectors import SentenceVectors
from assistant.knowledge import KnowledgeBase
from assistant.multipart import story_and_question
from corpora.base import SourceKind
from corpora.fim_models import Service
from corpora.ids import is_of

#: Weight a sentence gains when it gives the kind of answer the question wants ("fünf Prozent").
TYPE_BONUS = 2.0
#: The asked words must weigh at least this much in a sentence (a rare word, or two ordinary ones).
MIN_WEIGHT = 4.0
#: ... and be at least this share of the asked words that the service's texts use anywhere.
MIN_SHARE = 0.5
#: Sentences found by their words are added only while fewer than this many are chosen (by meaning, up to three:
#: the one that stands out and the selector's one or two).
MAX_DETAILS = 2
#: The sentence closest in meaning is quoted when its cosine lies this many standard deviations above the mean
#: of the service's sentences (it stands out; a question about nothing in particular has no such sentence).
SEMANTIC_Z = 1.5
#: With a trained selector, its best sentence is quoted when at least this likely to answer the question.
SELECT_MIN = 0.15
#: ... and the next one too while the best is less likely than this.
SURE = 0.5
#: A sentence that begins by pointing back ("Erst danach …", "Dies gilt …") is quoted with the one before it.
_POINTS_BACK = re.compile(
    r"^(?:erst\s+)?(?:danach|dann|dies|diese[rsnm]?|dabei|dafür|hierfür|hierzu|daher|deshalb|dort|damit"
    r"|ebenso|außerdem|er)\b",
    re.I,
)


@dataclass(frozen=True)
class Detail:
    chunk_id: str
    sentence: str
    weight: float


class DetailFinder:
    """Finds the detail sentence in one service's texts; word rarity is counted once over all services."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge
        self.vectors: SentenceVectors | None = None  # attached at start-up when the model is at hand
        self.selector: DetailSelector | None = None  # learned at start-up from questions with a known answer
        frequency: Counter[str] = Counter()
        documents = 0
        for chunk_id, document in knowledge.chunks.items():
            if is_of(chunk_id, SourceKind.FIM):
                documents += 1
                frequency.update(words(document.content or ""))
        self._idf = {w: math.log((documents + 1) / (count + 1)) for w, count in frequency.items()}
        self._rare = math.log(documents + 1)
        self._by_start: dict[str, float] = {}
        for word, value in self._idf.items():
            if len(word) >= PREFIX:
                start = word[:PREFIX]
                self._by_start[start] = max(value, self._by_start.get(start, 0.0))
        self._cache: dict[str, list[tuple[str, str, set[str]]]] = {}
        for service in knowledge.services:  # split and lemmatised once, not on a user's request
            self._sentences(service)

    def weight(self, word: str) -> float:
        """How rare a word is among the service texts (a word they never use: by its 6-letter start)."""
        if word in self._idf:
            return self._idf[word]
        if len(word) >= PREFIX and word[:PREFIX] in self._by_start:
            return self._by_start[word[:PREFIX]]
        return self._rare

    def find(
        self,
        service: Service,
        question: str,
        quoted: str = "",
        aspect: str = "",
        query_vector: list[float] | None = None,
    ) -> list[Detail]:
        """The best detail sentences, none when the question asks nothing beyond the service or its module."""
        chosen: list[Detail] = []
        scores = self._scores(service, query_vector)  # once: both choices by meaning read them
        closest = self._closest(service, scores, quoted)
        selected = self._selected(service, question, scores, quoted)
        for semantic in (closest, *selected):
            if semantic is not None and all(semantic.sentence != c.sentence for c in chosen):
                chosen.append(semantic)
        for detail in self._by_words(service, question, aspect):
            if len(chosen) >= MAX_DETAILS:
                break
            if detail.sentence not in quoted and all(detail.sentence != c.sentence for c in chosen):
                chosen.append(detail)
        return [self._with_antecedent(detail) for detail in chosen]

    def confirmed(
        self, service: Service, question: str, aspect: str, query_vector: list[float] | None
    ) -> Detail | None:
        """The sentence closest in meaning to the question when it also carries the question's asked words: two
        independent signs that it answers the question ("Sind Geschwister berechtigt?" -> "… andere Personen –
        etwa Geschwister … – brauchen ein rechtliches Interesse")."""
        semantic = self._closest(service, self._scores(service, query_vector), "")
        if semantic is None:
            return None
        if not any(d.sentence == semantic.sentence for d in self._by_words(service, question, aspect)):
            return None
        return self._with_antecedent(semantic)

    @staticmethod
    def gives(aspect: str, sentence: str) -> bool:
        """The sentence gives what a module asks for: a sum for ``kosten``, a period or date for ``fristen``."""
        kind = {"kosten": "amount", "fristen": "time"}.get(aspect)
        return kind is not None and bool(GIVES[kind].search(sentence))

    def _by_words(self, service: Service, question: str, aspect: str) -> list[Detail]:
        """Sentences that carry most of the asked words, weighted by rarity (enough of them, and a clear share);
        the question sentence's words first where a story precedes it ("Die Bank braucht Unterlagen vom
        Nachlassgericht. Bekommen Erben die Urkunde?": the story's words would pick another sentence)."""
        story, asked = story_and_question(question)
        for text in (asked, question) if story else (question,):
            if found := self._by_words_of(service, text, aspect):
                return found
        return []

    def _by_words_of(self, service: Service, question: str, aspect: str) -> list[Detail]:
        asked = asked_words(question, service.name, self.weight)
        wants = {kind for kind, cue in WANTS.items() if cue.search(question)}
        wants |= {"amount"} if aspect == "kosten" else {"time"} if aspect == "fristen" else set()
        scored: list[Detail] = []
        covered: set[str] = set()  # asked words that any text of the service uses
        for chunk_id, sentence, sentence_words in self._sentences(service):
            matched = carried(asked, sentence_words)
            if not matched:
                continue
            covered |= matched
            # summed exactly: the same in every process, whatever order the set iterates in (see detail_selector)
            weight = math.fsum(asked[a] for a in matched)
            weight += TYPE_BONUS * sum(1 for kind in wants if GIVES[kind].search(sentence))
            scored.append(Detail(chunk_id, shorten(sentence), weight))
        total = math.fsum(asked[a] for a in covered)
        scored.sort(key=lambda d: -d.weight)
        return [d for d in scored if d.weight >= MIN_WEIGHT and d.weight >= MIN_SHARE * total]

    def _scores(self, service: Service, query_vector: list[float] | None) -> np.ndarray | None:
        """Cosine of each of the service's sentences with the question (None without vectors)."""
        return self.vectors.scores(service.key, query_vector) if self.vectors is not None else None

    def _closest(self, service: Service, scores: np.ndarray | None, quoted: str) -> Detail | None:
        """The sentence closest in meaning to the question, when it stands out and is not quoted yet."""
        items = self._sentences(service)
        if scores is None or len(scores) != len(items) or len(scores) < 3:
            return None
        spread = float(scores.std())
        for index in np.argsort(-scores)[:2]:  # the best, or the next when the best is already quoted
            if spread <= 0 or (scores[index] - scores.mean()) / spread < SEMANTIC_Z:
                return None
            chunk_id, sentence, _ = items[index]
            if shorten(sentence) not in quoted:
                return Detail(chunk_id, shorten(sentence), float(scores[index]))
        return None

    def _selected(
        self,
        service: Service,
        question: str,
        scores: np.ndarray | None,
        quoted: str,
        select_min: float = SELECT_MIN,
    ) -> list[Detail]:
        """The sentence the selector finds likely enough to answer the question, when it is not quoted yet; the
        next one too while the best is not sure (two likely sentences rather than a guess between them).

        :param select_min: another threshold (a benchmark compares the old selector at its own)."""
        items = self._sentences(service)
        if self.selector is None or scores is None or len(scores) != len(items) or len(scores) < 3:
            return []
        if not np.isfinite(scores).all():  # a broken vector compares with nothing
            return []
        features = sentence_features(items, scores, question, service.name, self.weight)
        probabilities = self.selector.probabilities(features)
        order = np.argsort(-probabilities, kind="stable")
        sure = probabilities[order[0]] >= SURE  # then the best alone, or the next when the best is quoted
        out: list[Detail] = []
        for index in order[:3]:
            if not probabilities[index] >= select_min or (out and sure):  # a NaN is not likely either
                break
            chunk_id, sentence, _ = items[index]
            if shorten(sentence) not in quoted:
                out.append(Detail(chunk_id, shorten(sentence), float(probabilities[index])))
            if len(out) == 2:
                break
        return out

    def _with_antecedent(self, detail: Detail) -> Detail:
        """ "Erst danach können Sie …" needs the sentence it points back to ("… mit der Aushändigung der Urkunde")."""
        if not _POINTS_BACK.match(detail.sentence):
            return detail
        content = self.knowledge.chunks[detail.chunk_id].content or ""
        parts = sentences(content)
        position = next((i for i, p in enumerate(parts) if shorten(p) == detail.sentence), None)
        if not position:
            return detail
        start, end = content.find(parts[position - 1]), content.find(parts[position])
        if start < 0 or end < start:
            return detail
        joined = content[start : end + len(parts[position])]
        if "\n" in joined or len(joined) > MAX_QUOTE:
            return detail
        return Detail(detail.chunk_id, joined, detail.weight)

    def sentence_table(self) -> dict[str, list[str]]:
        """Every service's sentences in the order :meth:`find` reads them (what the vectors are made of)."""
        return {
            service.key: [s for _, s, _ in self._sentences(service)] for service in self.knowledge.services
        }

    def sentences_of(self, service: Service) -> list[tuple[str, str, set[str]]]:
        """The service's sentences with their words, in the order the vectors and the selector read them."""
        return self._sentences(service)

    def _sentences(self, service: Service) -> list[tuple[str, str, set[str]]]:
        """The service's sentences with their words, split once per service."""
        cached = self._cache.get(service.key)
        if cached is None:
            cached = [
                (chunk_id, sentence, words(sentence))
                for chunk_id in self._chunk_ids(service)
                for sentence in sentences(self.knowledge.chunks[chunk_id].content or "")
            ]
            self._cache[service.key] = cached
        return cached

    def _chunk_ids(self, service: Service) -> list[str]:
        ids: list[str] = []
        for module in DETAIL_MODULES:
            ids += self.knowledge.service_chunk_ids(service, module)
        return ids
