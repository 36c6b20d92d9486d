"""Follow-up questions: fill what a turn leaves out from the previous user turns of ``messages``.

The API is stateless, so the conversation is whatever the request carries. "Und was kostet das?"
names no service: it inherits the entities of the last turn that had some. "Und für Reisepass?"
names a new one but no question: it keeps the previous intent and aspect with the new entity.
An explicit new entity always replaces the old one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.analysis.intent import Cues, fold_question
from assistant.models import Aspect, EntityRef, Intent, QueryAnalysis
from indexing.nlp.normalize import fold

#: Entities that a follow-up may inherit (what the question is *about*).
ANCHOR_KINDS = frozenset({"service", "topic", "ozg_role", "ministry", "authority_type", "norm", "area"})
_ANAPHORA = re.compile(
    r"\b(das|dafuer|dazu|davon|dabei|damit|darauf|hierfuer|hierzu|da|dort|dorthin|es|er|sie|ihn|ihm|"
    r"dies|diese[rsmn]?|dieselbe|denselben|the same|it|that|this|there|them)\b"
)
_ELLIPSIS = re.compile(
    r"^(und|und was|und wie|und wer|und wo|und welche|und fuer|was ist mit|wie ist es mit|"
    r"wie sieht es (mit|bei)|und bei|und beim|and|and what|what about|how about)\b"
)
_MAX_FRAGMENT_WORDS = 4
#: The link score an entity of the turn needs to name a new subject (a weak partial link does not).
ANCHOR_SCORE = 0.6
_DEMONSTRATIVE = re.compile(r"\b(dies|diese[rsmn]?|dafuer|dazu|davon|dabei|hierfuer|hierzu|dort|dorthin)\b")
_DEFINITE = frozenset({"der", "die", "das", "den", "dem", "des", "the"})
#: A pronoun that stands for the previous subject ("Geht das auch schneller?", "darf ich ihn behalten?"): "das"
#: only where no noun follows it (in "Wie wird das Wetter?" it is an article); a new noun beside it is then a
#: circumstance of that subject ("Gilt das auch für meinen Firmenwagen?"), not a subject of its own.
_PRONOUN = re.compile(
    r"\b(?:[Dd]as(?!\s+[A-ZÄÖÜ])|es|ihn|ihm|dafür|dazu|davon|dabei|damit|darauf|hierfür|hierzu)\b"
)
#: Subjects of the e-government domain: a full question naming one the previous turn did not name asks
#: about it ("Und wer koordiniert die OZG-Umsetzung insgesamt?" after a question on the FIM-Landesredaktion).
_SUBJECT = re.compile(
    r"\bozg\b|e-government|\begovg|gesetz|portal|digitali|\bfim\b|leika|basisdienst|bezahlplattform|"
    r"nutzerkonto|postfach|landesnetz"
)


@dataclass
class Resolution:
    entities: list[EntityRef]
    ambiguous: list[EntityRef]
    follow_up: bool = False
    elliptic: bool = False
    fallback: tuple[Intent, Aspect] | None = None
    carried: list[EntityRef] = field(default_factory=list)
    #: the previous question's text, for a turn that points back to a subject no entity of it names
    context_text: str = ""


def is_elliptic(text: str, cues: Cues) -> bool:
    """A fragment ("Und für Reisepass?", "Und dafür?") that needs the previous turn to be a question."""
    folded = fold_question(text)
    short = len(folded.split()) <= _MAX_FRAGMENT_WORDS
    return bool(_ELLIPSIS.search(folded)) or (short and not cues.any_question_cue and not cues.smalltalk)


def resolve(
    text: str,
    cues: Cues,
    entities: list[EntityRef],
    ambiguous: list[EntityRef],
    previous: QueryAnalysis | None,
    *,
    novel: bool = False,
    reply: list[EntityRef] | None = None,
) -> Resolution:
    """Decide what the turn inherits from ``previous`` (the analysis of the last user turn).

    :param text: This turn's (cleaned, glossed) question.
    :param cues: Its cue families.
    :param entities: Entities linked in this turn alone.
    :param ambiguous: Ambiguous service candidates of this turn alone.
    :param previous: The previous turn's (itself resolved) analysis, or ``None`` for the first turn.
    :param novel: The turn names a thing the corpus does not know ("Was kostet eine Pizza?"): a new
        subject, so nothing is carried over unless the turn is a fragment.
    :param reply: Services the assistant's reply in between names clearly; they are the subject carried
        when the previous turn named none ("Ich habe einen Ring gefunden." -> "Zu „Fundsache abgeben“: …").
    """
    if previous is None or (cues.smalltalk and not cues.any_question_cue and not entities):
        return Resolution(entities, ambiguous)
    elliptic = is_elliptic(text, cues)
    # "den Antrag", "die Anmeldung": a noun that names part of the previous subject points back to it and links
    # nothing new ("Bauantrag" through "Antrag" after a question about "Elterngeld beantragen")
    named_back = _named_back(text, previous.entities) if previous.entities else set()
    entities = [e for e in entities if not _linked_through(e, named_back)]
    # a weak link ("Urkunde" in "Gilt das auch für eine notarielle Urkunde?") does not replace the subject
    anchors = [e for e in entities if e.kind in ANCHOR_KINDS and e.score >= ANCHOR_SCORE]
    context = (
        (previous.intent, previous.aspect) if previous.intent not in ("smalltalk", "out_of_scope") else None
    )
    if anchors:
        if elliptic and not cues.any_question_cue and context is not None:
            return Resolution(entities, ambiguous, follow_up=True, elliptic=True, fallback=context)
        return Resolution(entities, ambiguous)
    carried = [e for e in previous.entities if e.kind in ANCHOR_KINDS] or list(reply or [])[:1]
    folded = fold_question(text)  # once: the pointing tests below all read it
    anaphoric = bool(_ANAPHORA.search(folded)) or bool(named_back)
    if not anaphoric and cues.any_question_cue and _new_subject(text, previous.text):
        return Resolution(entities, ambiguous)
    # A question about "die Anmeldung" right after "Wir wollen heiraten" means that one; a question
    # about "eine Pizza" does not (the definite article points back, the indefinite one does not).
    words = folded.split()
    pointing = anaphoric or len(words) <= _MAX_FRAGMENT_WORDS + 1 or bool(_DEFINITE.intersection(words))
    # "diese Pflicht" points back for sure, and so does a pronoun for the subject ("Geht das auch schneller?")
    demonstrative = bool(_DEMONSTRATIVE.search(folded) or _PRONOUN.search(text) or named_back)
    if not carried and (anaphoric or elliptic) and (demonstrative or not novel):
        # "Gilt das auch für eine Urkunde aus Leipzig?" after a question whose subject only retrieval found
        # (no entity to carry): the previous question's words go with this one into retrieval
        return Resolution(
            entities,
            ambiguous,
            follow_up=True,
            elliptic=elliptic,
            fallback=context,
            context_text=previous.resolved_text or previous.text,
        )
    # "kriege ich das auch rückwirkend?" asks without a question word
    asks = cues.any_question_cue or anaphoric
    if not carried or not (elliptic or (asks and pointing and (demonstrative or not novel))):
        return Resolution(entities, ambiguous)
    carried = _with_absatz(text, carried)
    return Resolution(
        [*entities, *carried],
        previous.ambiguous,
        follow_up=True,
        elliptic=True,
        fallback=context,
        carried=carried,
    )


#: Endings a noun loses before its stem is compared with the words of a subject's name ("Anmeldung" -> "anmeld").
_NOUN_ENDINGS = ("ungen", "ung", "en", "e")
#: Stems shorter than this compare nothing ("Amt", "Tag").
_MIN_STEM = 5
#: A name word is the noun's own word when it is the stem with one of these verb prefixes and a short ending
#: ("beantragen" for "Antrag", "anmelden" for "Anmeldung"), not a compound around it ("Geburtsurkunde").
_VERB_PREFIXES = ("", *"be ge an ab um aus auf ein ent er ver vor nach zu".split())
_MAX_ENDING = 3
#: A definite noun phrase in the folded text; one after a comma is a relative clause ("…, die Wohnsitze …").
#: A noun with a genitive after it names its own thing ("die Schließung meines Geschäfts", "die Anmeldung eines
#: Wohnsitzes"), not the previous subject.
_DEFINITE_NOUN = re.compile(
    r"(,\s*)?\b(?:der|die|das|den|dem|des)\s+([a-z][\w-]*)\b"
    r"(?!\s+(?:des|eines|einer|meines|meiner|deines|deiner|seines|seiner|ihres|ihrer|unseres|unserer)\b)"
)


def _named_back(text: str, previous: list[EntityRef]) -> set[str]:
    """The nouns of the turn's definite noun phrases ("die Anmeldung", "den Antrag", "der Ausweis") that name a
    previous subject by one of its own words ("Eheschließung anmelden", "Elterngeld beantragen",
    "Bewohnerparkausweis beantragen"): such a noun points back to it."""
    names = [w for e in previous if e.kind in ANCHOR_KINDS for w in fold_question(e.label).split()]
    out: set[str] = set()
    for match in _DEFINITE_NOUN.finditer(fold(text)):
        noun = match.group(2)
        stem = next((noun[: -len(e)] for e in _NOUN_ENDINGS if noun.endswith(e)), noun)
        if match.group(1) is None and len(stem) >= _MIN_STEM and any(_derived(stem, n) for n in names):
            out.add(noun)
    return out


def _derived(stem: str, word: str) -> bool:
    """ "beantragen" for "Antrag" (a verb prefix and a short ending), "Bewohnerparkausweis" for "Ausweis" (the last
    part of a compound); not "Geburtsurkunde" for "Geburt" (its first part)."""
    if any(
        word.startswith(prefix + stem) and len(word) - len(prefix) - len(stem) <= _MAX_ENDING
        for prefix in _VERB_PREFIXES
    ):
        return True
    at = word.rfind(stem)
    return at > 0 and len(word) - at - len(stem) <= _MAX_ENDING


def _linked_through(entity: EntityRef, named_back: set[str]) -> bool:
    """Whether the entity was linked only through a noun that points back ("Bauantrag" through "den Antrag"), and
    not also through a word of its own name ("das Fahrzeug abmelden" names "… außer Betrieb setzen (abmelden)")."""
    matched = fold_question(entity.matched).split()
    if not named_back.intersection(matched):
        return False
    own = [w[:_MIN_STEM] for w in fold_question(entity.label).split() if len(w) >= _MIN_STEM]
    return not any(w[:_MIN_STEM] in own for w in matched if w not in named_back and len(w) >= _MIN_STEM)


def _new_subject(text: str, previous: str) -> bool:
    """Whether a full question (not a fragment) names a domain subject the previous turn did not."""
    folded = fold_question(text)
    if len(folded.split()) <= _MAX_FRAGMENT_WORDS + 1:
        return False
    before = {m.group() for m in _SUBJECT.finditer(fold_question(previous))}
    return any(m.group() not in before for m in _SUBJECT.finditer(folded))


def disambiguate(resolution: Resolution, *hint_groups: list[EntityRef]) -> Resolution:
    """Settle an ambiguity with what the conversation already names.

    "Ich will mein Auto verschrotten" fits three vehicle services; when the reply in between said
    "außer Betrieb setzen", or an earlier turn named one of the candidates, that one is meant.

    :param hint_groups: Services named by the assistant's last reply, then by the previous user
        turn; the first group that names exactly one candidate decides.
    """
    for hints in hint_groups:
        resolution = _pick(resolution, hints)
    return resolution


def _pick(resolution: Resolution, hints: list[EntityRef]) -> Resolution:
    candidates = {e.id: e for e in resolution.ambiguous}
    named = {h.id for h in hints if h.kind == "service" and h.id in candidates}
    if len(named) != 1:  # "Meinen Sie Bürgergeld oder Sozialhilfe?" decides nothing
        return resolution
    chosen = candidates[named.pop()]
    others = [e for e in resolution.entities if e.kind != "service"]
    resolution.entities = sorted([chosen, *others], key=lambda e: -e.score)
    resolution.carried = [chosen if e.kind == "service" else e for e in resolution.carried]
    resolution.ambiguous = []
    return resolution


#: "Und was steht in Absatz 5?", "und Abs. 2?": an Absatz of the § the conversation is about
_ABSATZ = re.compile(r"\b(?:absatz|abs\.?)\s*(\d{1,2})\b", re.IGNORECASE)


#: the Absatz already in a carried citation's label ("§ 16 Abs. 3")
_OWN_ABSATZ = re.compile(r" Abs\. \S+$")
#: A § cited in the previous turn and narrowed here counts as cited (the understanding's citation score).
CARRIED_CITATION = 0.85


def _with_absatz(text: str, carried: list[EntityRef]) -> list[EntityRef]:
    """A carried § narrowed to the Absatz the turn names (the § of the previous turn, Absatz of this one)."""
    match = _ABSATZ.search(text)
    if match is None:
        return carried
    absatz = match.group(1)
    out: list[EntityRef] = []
    for e in carried:
        if e.kind == "norm" and not e.id.endswith(f"/abs{absatz}"):
            # "Was regelt § 16 Abs. 3?" … "Und gibt es noch einen Absatz 4?": the named Absatz replaces the old one
            law = " EGovG LSA" if e.label.endswith(" EGovG LSA") else ""
            paragraph = _OWN_ABSATZ.sub("", e.label.removesuffix(law))
            label = f"{paragraph} Abs. {absatz}{law}"
            ident = f"{e.id.split('/abs')[0]}/abs{absatz}"
            e = replace(e, id=ident, label=label, score=max(e.score, CARRIED_CITATION))
        out.append(e)
    return out


def resolved_text(text: str, resolution: Resolution, previous: QueryAnalysis | None) -> str:
    """The question with what it leaves out, for retrieval."""
    extra: list[str] = [e.label for e in resolution.carried[:2]]
    if resolution.context_text:
        extra.append(resolution.context_text)
    if (
        resolution.follow_up
        and not resolution.carried
        and previous is not None
        and previous.aspect != "allgemein"
    ):
        extra.append(previous.aspect)
    return " ".join([text, *extra]) if extra else text
