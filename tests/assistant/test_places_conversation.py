"""Places in a conversation: which place applies, and the question without the place words."""

from __future__ import annotations

import pytest

from assistant.citations import invalid_citations
from assistant.compose.draft import Draft
from assistant.compose.local import localize
from assistant.models import Message, Responsible
from assistant.places.conversation import PlaceContext, place_context, strip_place
from tests.assistant.analysis_helpers import knowledge


def _user(*texts: str) -> list[Message]:
    out: list[Message] = []
    for text in texts:
        if out:
            out.append(Message(role="assistant", content="…"))
        out.append(Message(role="user", content=text))
    return out


@pytest.fixture(scope="module")
def places():  # noqa: ANN201 - PlaceDirectory
    return knowledge().places


def test_place_in_the_question_is_taken_out_of_it(places) -> None:  # noqa: ANN001
    context, messages = place_context(places, _user("Ich wohne in Wernigerode. Wo melde ich mein Auto an?"))
    assert context.place.short == "Wernigerode" and context.source == "question"
    assert messages[-1].content == "Wo melde ich mein Auto an?"  # "wohne" is no life event here
    context, messages = place_context(
        places, _user("Ich bin nach Seehausen in der Altmark gezogen, wohin jetzt?")
    )
    assert context.place.name.startswith("Seehausen (Altmark)")
    assert messages[-1].content == "Ich bin gezogen, wohin jetzt?"  # the region of the name goes with it
    _, messages = place_context(places, _user("Wir leben in Köthen und brauchen einen Pass."))
    assert messages[-1].content == "brauchen einen Pass."


def test_place_of_an_earlier_turn_applies_later(places) -> None:  # noqa: ANN001
    context, messages = place_context(
        places, _user("Ich wohne in Genthin.", "Wo beantrage ich einen Personalausweis?")
    )
    assert context.place.short == "Genthin" and context.source == "earlier"
    assert messages[-1].content == "Wo beantrage ich einen Personalausweis?"


def test_place_only_turn_re_asks_the_previous_question(places) -> None:  # noqa: ANN001
    context, messages = place_context(places, _user("Wo melde ich mein Auto an?", "Ich wohne in Dessau."))
    assert context.place.name.startswith("Dessau-Roßlau") and context.place_only
    assert messages[-1].content == "Wo melde ich mein Auto an?"


def test_place_client_keeps_or_removes_it(places) -> None:  # noqa: ANN001
    halle = places.recognize("in Halle").place
    context, _ = place_context(places, _user("Ich wohne in Magdeburg.", "Wo melde ich mich an?"), halle.ars)
    assert context.place == halle and context.source == "client"
    context, _ = place_context(
        places, _user("Und wo melde ich mich in Magdeburg an?"), client_place=halle.ars
    )
    assert context.place.short == "Magdeburg" and context.source == "question"  # a new place moves the chip
    context, messages = place_context(places, _user("Ich wohne in Halle.", "Wo beantrage ich Wohngeld?"), "")
    assert context.place is None and messages[0].content == "."
    context, _ = place_context(places, _user("Ich wohne in Halle.", "Wohngeld in Magdeburg?"), "")
    assert context.place.short == "Magdeburg"


def test_place_shared_plz_and_outside(places) -> None:  # noqa: ANN001
    context, _ = place_context(places, _user("Wohngeld in 06484?"))
    assert context.place is None and len(context.candidates) >= 2
    context, _ = place_context(places, _user("Ich wohne in Leipzig, wo melde ich mein Auto an?"))
    assert context.outside == "Leipzig" and context.place is None


def test_place_strip_keeps_other_words() -> None:
    assert strip_place("Bauantrag in Naumburg, wo?", "Naumburg") == "Bauantrag, wo?"
    assert strip_place("Wer ist im Salzlandkreis zuständig?", "Salzlandkreis") == "Wer ist zuständig?"
    assert strip_place("ohne Ort", "") == "ohne Ort"


def _draft_with(authority: str) -> Draft:
    kb = knowledge()
    draft = Draft(kb, "responsibility")
    draft.say("Zuständig ist: …")
    draft.say("Die konkrete Stelle an Ihrem Wohnort finden Sie im Zuständigkeitsfinder …")
    draft.responsible.append(Responsible(id=authority, name=authority, kind="authority_type"))
    return draft


def test_localize_names_the_concrete_office_with_both_citations(places) -> None:  # noqa: ANN001
    kb = knowledge()
    draft = _draft_with("zulassungsbehoerde")
    localize(draft, kb, PlaceContext(place=places.recognize("in Wernigerode").place))
    answer = draft.answer()
    office = answer.responsible[0]
    assert office.name == "Zulassungsbehörde des Landkreises Harz" and office.level == "kreis"
    assert office.kreis and "Harz" in office.kreis and office.place.kind == "kreis"
    cited = [c.document_id for c in answer.citations]
    assert cited == ["org/authority/zulassungsbehoerde", "place/gemeinde/150850370370"]
    assert invalid_citations(kb, answer.citations) == []
    assert (
        "Die konkrete Stelle an Ihrem Wohnort" not in answer.answer
        and "Für Wernigerode zuständig" in answer.answer
    )


def test_localize_verbandsgemeinde_member_and_questions_back(places) -> None:  # noqa: ANN001
    kb = knowledge()
    draft = _draft_with("meldebehoerde")
    localize(draft, kb, PlaceContext(place=places.recognize("in Dähre").place))
    assert draft.responsible[0].name == "Meldebehörde der Verbandsgemeinde Beetzendorf-Diesdorf"
    assert draft.responsible[0].level == "verbandsgemeinde"
    shared = _draft_with("meldebehoerde")
    localize(shared, kb, PlaceContext(candidates=places.by_plz("06484")))
    assert len(shared.clarification) >= 2
    outside = _draft_with("zulassungsbehoerde")
    localize(outside, kb, PlaceContext(outside="Leipzig"))
    assert (
        "Leipzig liegt nicht in Sachsen-Anhalt" in outside.answer().answer and not outside.citations.citations
    )


def test_localize_shared_plz_with_one_office_for_all_needs_no_question_back(places) -> None:  # noqa: ANN001
    kb = knowledge()
    candidates = places.by_plz("39524")
    assert len(candidates) >= 2 and len({c.kreis_ars for c in candidates}) == 1  # one Landkreis
    draft = _draft_with("zulassungsbehoerde")
    localize(draft, kb, PlaceContext(candidates=candidates))
    answer = draft.answer()
    assert (
        not answer.clarification and answer.responsible[0].name == "Zulassungsbehörde des Landkreises Stendal"
    )
    cited = [c.document_id for c in answer.citations]
    assert cited[0] == "org/authority/zulassungsbehoerde" and len(cited) == 1 + len(candidates)
    assert (
        invalid_citations(kb, answer.citations) == []
        and "Für alle Gemeinden, die in Frage kommen" in answer.answer
    )
    # a Gemeinde task differs per Gemeinde: still asked back
    gemeinde = _draft_with("meldebehoerde")
    localize(gemeinde, kb, PlaceContext(candidates=places.by_plz("06484")))
    assert len(gemeinde.clarification) >= 2
