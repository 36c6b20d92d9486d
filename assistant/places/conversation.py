"""Places in a conversation: the place a question is asked for, and the question without it.

A place named in any user turn applies to the later questions (the newest one wins); a client may send the place
it keeps (the chat's place chip) or an empty string when the user removed it. The place words are taken out of
the text the assistant analyses and searches with ("Ich wohne in Wernigerode. Wo melde ich mein Auto an?" is
searched as "Ich wohne. Wo melde ich mein Auto an?"), so a town's name cannot pull in records that merely
mention the town. A turn that only says where ("Ich wohne in Dessau.") re-asks the previous question there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from assistant.models import Message
from assistant.places.directory import PlaceDirectory
from assistant.places.models import Place

PlaceSource = Literal["question", "earlier", "client"]
#: Words that may stand before a place and go with it ("in Halle", "im Salzlandkreis", "aus der Stadt Köthen").
_LEAD = (
    r"(?:(?:in|im|nach|aus|bei|für|von|vom|zu|zum|zur|um)\s+)?(?:der\s+|die\s+|dem\s+|den\s+)?"
    r"(?:(?:stadt|gemeinde|landkreis|kreis)\s+)?"
)
#: A statement of residence before the place goes with it ("Ich wohne in Halle"): "wohne" is not a life event.
_RESIDENCE = r"(?:\b(?:ich|wir)\s+(?:wohne|wohnen|lebe|leben)\s+(?:(?:jetzt|übrigens|seit\s+\w+)\s+)*)?"
#: What remains of a turn that only says where someone lives ("Ich wohne in Dessau.", "Und in Halle?").
_PLACE_ONLY = re.compile(
    r"^\W*(?:und\s+)?(?:(?:ich|wir)\s+(?:wohne|wohnen|lebe|leben|bin|sind)(?:\s+(?:jetzt|übrigens|ja|gerade))*"
    r"|bei\s+mir|hier|dort|da)?\W*$",
    re.IGNORECASE,
)


@dataclass
class PlaceContext:
    place: Place | None = None
    candidates: list[Place] = field(default_factory=list)
    outside: str | None = None
    source: PlaceSource | None = None
    #: the last user turn said nothing but where: the question to answer is the one before it
    place_only: bool = False


def strip_place(text: str, matched: str, official: str = "") -> str:
    """The text without the words that named the place: a statement of residence or a preposition and
    designation before them ("Ich wohne in", "im Landkreis") and the region of the official name after them
    ("Seehausen in der Altmark" for "Seehausen (Altmark)"), so that neither "wohne" nor "Altmark" is searched."""
    if not matched:
        return text
    region = re.search(r"\(([^)]+)\)", official)
    after = (
        rf"(?:\s*(?:\(|,?\s*(?:in|an|im|am)\s+(?:der\s+|dem\s+)?){re.escape(region.group(1))}\)?)?"
        if region
        else ""
    )
    pattern = re.compile(_RESIDENCE + _LEAD + re.escape(matched) + r"(?:s\b)?" + after, re.IGNORECASE)
    found = pattern.search(text)
    stripped = " ".join(pattern.sub(" ", text, count=1).split())
    if found is not None and not text[: found.start()].strip():  # the turn began with the place
        # "Ich wohne in Halle. Wo …" -> "Wo …"; "Ich wohne in Halle und brauche …" -> "brauche …"
        stripped = re.sub(r"^[\s.,;:!?]*(?:und\s+)?(?=\w)", "", stripped, flags=re.IGNORECASE)
    return re.sub(r"\s+([.,;:!?])", r"\1", stripped) or text


def place_context(
    directory: PlaceDirectory | None, messages: list[Message], client_place: str | None = None
) -> tuple[PlaceContext, list[Message]]:
    """The place of the conversation and the messages with the place words taken out of the user turns.

    :param client_place: an ARS the client keeps (it wins over places of earlier turns), ``""`` to ignore the
        places of earlier turns, None to take the newest place the user turns name. A place named in the newest
        user turn always applies: "und in Magdeburg?" moves the conversation there.
    """
    if directory is None:
        return PlaceContext(), messages
    context = PlaceContext()
    if client_place:
        place = directory.by_ars(client_place)
        if place is not None:
            context = PlaceContext(place=place, source="client")
    cleaned: list[Message] = []
    last_user = max((i for i, m in enumerate(messages) if m.role == "user"), default=-1)
    for index, message in enumerate(messages):
        if message.role != "user":
            cleaned.append(message)
            continue
        mention = directory.recognize(message.content)
        if mention is None:
            cleaned.append(message)
            continue
        text = strip_place(message.content, mention.matched, mention.place.name if mention.place else "")
        if client_place is None or index == last_user:  # the newest mention wins; "" removed earlier ones
            source: PlaceSource = "question" if index == last_user else "earlier"
            context = PlaceContext(mention.place, list(mention.candidates), mention.outside, source)
        if index == last_user and _PLACE_ONLY.match(text):
            context.place_only = True
        cleaned.append(Message(role="user", content=text if text.strip() else message.content))
    if context.place_only and _has_earlier_question(cleaned, last_user):
        # re-ask the previous question there: the conversation ends with it again
        previous = max(i for i, m in enumerate(cleaned[:last_user]) if m.role == "user")
        cleaned = cleaned[: previous + 1]
    else:
        context.place_only = False
    return context, cleaned


def _has_earlier_question(messages: list[Message], last_user: int) -> bool:
    return any(m.role == "user" for m in messages[:last_user])
