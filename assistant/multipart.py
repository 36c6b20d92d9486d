"""Multi-part questions: "Wer ist für A zuständig und wer für B?" gets one answer part per question.

A question is split only where a second *question* begins: at "und/sowie/oder" followed by a question word, or
after a question mark. A part without a question word of its own ("Ich bin umgezogen") stays with its
neighbour. Later parts are answered as follow-ups of the earlier ones, so "… und wo beantrage ich ihn?" keeps
the subject of the first part. The part answers are merged into one, citations renumbered.
"""

from __future__ import annotations

import re

from assistant.models import Answer, Citation, Responsible

_QUESTION_WORD = (
    r"(?:wer|was|wie|wo|wohin|woher|wann|welche[rsmn]?|wieviel|wie viel|warum|weshalb|wozu|an wen|bei wem)"
)
#: after a comma a question word starts a question of its own only when a verb follows it ("…, wie lange dauert
#: es"), not a pronoun or article of a dependent clause ("Sagen Sie mir, was ich mitbringen muss").
_CLAUSE_START = (
    r"(?:ich|du|er|sie|es|wir|ihr|man|der|die|das|den|dem|ein|eine|einen|mein|meine|meinen|dafür|dazu)"
)
#: "…, und müssen wir uns danach ummelden?": a yes/no question of its own starts with its verb and a subject
_YES_NO_START = (
    r"(?:muss|müssen|brauche|brauchen|braucht|darf|dürfen|kann|können|soll|sollen|gibt|gilt|bekomme|bekommen"
    r"|kriege|kriegen|habe|haben|hat|ist|sind)\s+(?:ich|wir|man|es|er|sie|mein|meine|unser|unsere|das|der|die)\b"
)
_SPLIT = re.compile(
    rf"(,?\s+(?:und|sowie|oder)\s+(?={_QUESTION_WORD}\b)|,?\s+und\s+(?={_YES_NO_START})|(?<=\?)\s+"
    rf"|,\s+(?={_QUESTION_WORD}(?:\s+(?:lange|viel|hoch|oft|schnell|teuer))?\s+(?!{_CLAUSE_START}\b)\w+))",
    re.IGNORECASE,
)
_ASKS = re.compile(rf"\b{_QUESTION_WORD}\b|\?", re.IGNORECASE)
MAX_PARTS = 4
MIN_PART_WORDS = 3
MAX_ELLIPSIS_WORDS = 8
#: "… und wo Elterngeld?": a question word and a short noun phrase (a capitalised noun), no verb of its own
_NOUN_ELLIPSIS = re.compile(rf"^(?:und\s+)?{_QUESTION_WORD}\s+((?:\S+\s+){{0,2}}?[A-ZÄÖÜ][\w-]+)\s*\??$")
_MARKER = re.compile(r"\[(\d+)\]")


def split_question(text: str) -> list[str]:
    """The questions a message asks, in order (one item when it asks one)."""
    tokens = _SPLIT.split(text.strip())
    pieces = [
        (tokens[i - 1] if i else "", tokens[i].strip()) for i in range(0, len(tokens), 2) if tokens[i].strip()
    ]
    parts: list[str] = []
    held = ""  # a fragment that belongs to the next question ("Wie und wo …")
    for separator, piece in pieces:
        if held:
            piece, held = f"{held}{separator}{piece}", ""
        own = bool(_ASKS.search(piece)) and len(piece.split()) >= MIN_PART_WORDS
        own = own or bool(separator.strip(" ,?") and parts and _NOUN_ELLIPSIS.match(piece))
        if parts and (not own or not _ASKS.search(parts[-1])):
            parts[-1] = f"{parts[-1]}{separator}{piece}"  # "Ich bin umgezogen, und was muss ich tun?"
        elif own:
            parts.append(piece)
        else:
            held = piece
    if held:
        parts.append(held)
    if len(parts) > MAX_PARTS:
        parts = [*parts[: MAX_PARTS - 1], " ".join(parts[MAX_PARTS - 1 :])]
    return parts


_PREPOSITIONS = r"(?:für|bei|beim|in|im|an|am|zu|zum|zur|von|vom|über|um|mit|nach|gegen|auf|aus)"
#: "wer für die Finanzämter?": a question word and a prepositional phrase, no verb of its own
_ELLIPSIS = re.compile(rf"(?i)^(?:und\s+)?{_QUESTION_WORD}\s+({_PREPOSITIONS}\b.*?)\??$")


_ARTICLES = frozenset("der die das den dem des ein eine einen einem einer eines".split())


def as_follow_up(part: str, first: str = "") -> str:
    """A later part as a question of its own: an ellipsis borrows the first part's frame ("Wer ist für die
    Polizei zuständig und wer für die Finanzämter?" -> "Wer ist für die Finanzämter zuständig?"); anything else
    reads as a follow-up ("Und wo beantrage ich ihn?")."""
    part = part.strip()
    if (completed := complete_ellipsis(part, first)) is not None:
        return completed
    if (noun := _NOUN_ELLIPSIS.match(part)) is not None and not re.match(
        rf"(?i){_PREPOSITIONS}\b", noun.group(1)
    ):
        return (
            f"Und {noun.group(1)}?"  # "wo Elterngeld?" after "Wo beantrage ich Kindergeld": "Und Elterngeld?"
        )
    return part if re.match(r"(?i)und\b", part) else f"Und {part[:1].lower()}{part[1:]}"


def complete_ellipsis(part: str, first: str) -> str | None:
    """A later part without a verb of its own in the first part's frame ("wer für die Finanzämter?" ->
    "Wer ist für die Finanzämter zuständig?"); None when the part is no such ellipsis."""
    match = _ELLIPSIS.match(part)
    if match is None or len(part.split()) > MAX_ELLIPSIS_WORDS:
        return None
    phrase = match.group(1).strip()
    preposition = phrase.split()[0].casefold()
    words = first.rstrip(" ?").split()
    at = next((i for i, w in enumerate(words) if w.casefold() == preposition), None)
    if at is None or at + 1 > len(words) - 1:
        return None
    # the first part's phrase runs from its preposition to the frame's closing word ("zuständig",
    # "verantwortlich") or to the end ("Welches Ministerium kümmert sich um Schulen")
    end = next(
        (i for i in range(at + 2, len(words)) if words[i][:1].islower() and words[i] not in _ARTICLES),
        len(words),
    )
    return " ".join([*words[:at], phrase, *words[end:]]) + "?"


#: "a) …, b) …" or "1) … 2) …": items of an enumeration, each asked in the frame before the first one
_ITEM_MARKER = re.compile(r"(?:^|(?<=[\s,;:]))\(?(?:[a-dA-D]|[1-4])\)\s+")
#: "jeweils": the frame applies to each of the items that follow ("Wer ist jeweils zuständig für A und für B?")
_EACH = re.compile(r"(?i)\s*\bjeweils\b")
_ITEM_JOIN = re.compile(r"(?i)(?:\s*,\s*(?:und|sowie)?\s*|\s+(?:und|sowie)\s+)")


#: a frame that is a finished statement ("Wir heiraten im Sommer."), not the start of a question to fill in
_STATEMENT_END = re.compile(r"[.!]\s*$")
#: words that point back to the story before the items ("Wo melde ich ihn an?")
_POINTS_BACK = re.compile(r"(?i)\b(?:ihn|ihm|ihr|ihnen|sie|es|dafür|dazu|davon|dort|damit|dabei)\b")


#: the end of a sentence that a next one follows ("Wir ziehen um. Wo melden wir uns an")
_SENTENCE_END = re.compile(r"(?<=[.!])\s+(?=\S)")


def story_and_question(part: str) -> tuple[str, str]:
    """A part's story (its sentences before the last) and its last sentence; ``("", part)`` for one sentence."""
    sentences = _SENTENCE_END.split(part.strip())
    return " ".join(sentences[:-1]), sentences[-1]


def asks_on_its_own(part: str) -> bool:
    """A part that is a question with a question word and does not point back ("… und wo beantrage ich ihn?")."""
    return bool(_ASKS.search(part)) and len(part.split()) >= MIN_PART_WORDS and not _POINTS_BACK.search(part)


def split_enumeration(text: str) -> list[str]:
    """The questions of an enumeration, each whole: "Welches Ministerium ist jeweils zuständig für a) Elterngeld,
    b) Kindergeld?" -> one question per item in the shared frame; "Wer ist jeweils zuständig für meine Anmeldung
    und für das Auto?" -> one per repeated preposition. ``[]`` when the text enumerates nothing."""
    text = text.strip()
    markers = list(_ITEM_MARKER.finditer(text))
    if len(markers) >= 2:
        frame = _EACH.sub("", text[: markers[0].start()]).strip().rstrip(":,;").strip()
        items = [
            text[m.end() : (markers[i + 1].start() if i + 1 < len(markers) else len(text))]
            for i, m in enumerate(markers)
        ]
        items = [re.sub(r"(?i)[\s,;]*(?:und|sowie|oder)?[\s,;?]*$", "", item).strip() for item in items]
        if frame and all(items):
            if _STATEMENT_END.search(frame) and all(asks_on_its_own(item) for item in items):
                # "Wir ziehen mit Auto und Hund nach Aken. a) Wo melden wir uns an? b) …": the story before the
                # items is context (its place is kept for the whole message); each item asks on its own, and the
                # story's other subjects (the dog in "wo melden wir uns an") would only mislead it
                return [f"{item}?" for item in items[:MAX_PARTS]]
            return [f"{frame} {item}?" for item in items[:MAX_PARTS]]
        return []
    if (listed := _colon_list(text)) is not None:
        return listed
    if not _EACH.search(text):
        return []
    words = _EACH.sub("", text).strip().rstrip("?").split()
    for at, word in enumerate(words):
        preposition = word.casefold()
        if not re.fullmatch(_PREPOSITIONS, preposition) or at == 0:
            continue
        rest = " ".join(words[at + 1 :])
        pieces = re.split(rf"(?i)\s*,?\s*(?:und|sowie)\s+{preposition}\s+|\s*,\s*{preposition}\s+", rest)
        if len(pieces) >= 2:
            head = " ".join(words[: at + 1])
            return [f"{head} {piece.strip()}?" for piece in pieces[:MAX_PARTS] if piece.strip()]
    return []


#: "Wer ist wofür zuständig: …", "Welche Stelle ist jeweils zuständig: …": a frame that distributes over a list
_DISTRIBUTING = re.compile(r"(?i)\b(?:wofür|jeweils|für was)\b")


def _colon_list(text: str) -> list[str] | None:
    """ "Wer ist wofür zuständig: das Gewerbe, die Gaststätte und die Belehrung?" -> one question per item
    ("Wer ist zuständig für das Gewerbe?"); None when the text is no such list."""
    frame, colon, rest = text.partition(":")
    if not colon or not _DISTRIBUTING.search(frame):
        return None
    items = [i.strip(" ?.!") for i in _ITEM_JOIN.split(rest.strip().rstrip("?.! ")) if i.strip(" ?.!")]
    if not 2 <= len(items) <= MAX_PARTS or any(len(i.split()) > MAX_ELLIPSIS_WORDS for i in items):
        return None
    frame = _EACH.sub("", re.sub(r"(?i)\b(?:wofür|für was)\b", "", frame))
    frame = " ".join(frame.split())
    preposition = "" if re.search(rf"(?i)\b{_PREPOSITIONS}$", frame) else " für"
    return [f"{frame}{preposition} {item}?" for item in items]


def merge_answers(parts: list[Answer]) -> Answer:
    """One answer from the part answers: numbered sections, one citation list, the responsible of all parts.

    A part that would say word for word what an earlier one says ("Was regelt § 8, und wie lautet er?" when
    § 8 is not indexed) is said once."""
    from assistant.compose.life_event import LEBENSLAGE_LINE  # here: compose itself imports this module

    unique: list[Answer] = []
    for part in parts:
        if not any(p.answer == part.answer and p.subjects == part.subjects for p in unique):
            unique.append(part)
    if len(unique) == 1:
        return unique[0]
    parts = unique
    citations: list[Citation] = []
    responsible: list[Responsible] = []
    sections: list[str] = []
    for number, part in enumerate(parts, start=1):
        mapping: dict[int, int] = {}
        for citation in part.citations:
            same = next(
                (c for c in citations if c.document_id == citation.document_id and c.quote == citation.quote),
                None,
            )
            if same is None:
                same = citation.model_copy(update={"id": len(citations) + 1})
                citations.append(same)
            mapping[citation.id] = same.id
        text = _renumber(part.answer, mapping)
        said = "\n".join(sections)
        text = "\n".join(
            line for line in text.splitlines() if not (LEBENSLAGE_LINE.search(line) and line in said)
        )  # two parts about one service need not both say which Lebenslage it belongs to
        sections.append(f"{number}. {text}")
        for r in part.responsible:
            renumbered = r.model_copy(update={"citations": [mapping.get(c, c) for c in r.citations]})
            existing = next((x for x in responsible if x.id == r.id), None)
            if existing is None:
                responsible.append(renumbered)
            else:
                existing.citations = sorted(set(existing.citations) | set(renumbered.citations))
    first = parts[0]
    return Answer(
        answer="\n\n".join(sections),
        intent=next((p.intent for p in parts if not p.no_answer), first.intent),
        no_answer=all(p.no_answer for p in parts),
        responsible=responsible,
        citations=citations,
        clarification=[c for p in parts for c in p.clarification],
        subjects=[s for p in parts for s in p.subjects],
        place=next((p.place for p in parts if p.place is not None), None),
        suggestions=first.suggestions,
    )


def _renumber(text: str, mapping: dict[int, int]) -> str:
    return _MARKER.sub(lambda m: f"[{mapping.get(int(m.group(1)), int(m.group(1)))}]", text)
