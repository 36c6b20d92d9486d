"""The part of an Absatz the question points to, quoted beside the Absatz's opening (on the shipped law)."""

from __future__ import annotations

import pytest

from assistant.compose.legal import asked_passage, best_sentence, law_frequency, legal_lead
from assistant.knowledge import KnowledgeBase


@pytest.mark.parametrize(
    ("chunk", "question", "expected"),
    [
        (
            "egovg-lsa/§1/abs3",
            "Gilt das Gesetz auch für die Universitätsklinika?",
            "4. die staatlichen Hochschulen",
        ),
        ("egovg-lsa/§1/abs3", "Fallen die Kirchen unter das Gesetz?", "7. die Kirchen"),
        # the rarer word decides: "gilt" stands in many Absätze, "Universitätsklinika" in one
        (
            "egovg-lsa/§1/abs3",
            "Gilt es für die Universitätsklinika und den Mitteldeutschen Rundfunk?",
            "4. die staatlichen Hochschulen",
        ),
        # an inflected word finds its sentence ("Basisdiensten" -> "Basisdienste")
        ("egovg-lsa/§16/abs1", "Was versteht § 16 unter Basisdiensten?", "Zu diesem Zweck"),
        ("egovg-lsa/§1/abs3", "Was regelt § 1 Abs. 3?", ""),  # nothing points to one item
        ("egovg-lsa/§1/abs2", "Gilt das Gesetz für die Polizei?", ""),  # a word of no part
    ],
)
def test_an_item_is_quoted_when_the_question_points_to_it(
    kb: KnowledgeBase, chunk: str, question: str, expected: str
) -> None:
    text = kb.chunks[chunk].content or ""
    quoted = legal_lead(text) if chunk.endswith("§16/abs1") else best_sentence(text, question)
    passage = asked_passage(text, question, quoted, law_frequency(kb))
    assert passage.startswith(expected) if expected else passage == ""
    assert passage in text


def test_a_sentence_that_introduces_a_list_comes_with_its_items(kb: KnowledgeBase) -> None:
    text = kb.chunks["egovg-lsa/§18/abs1"].content or ""
    question = "Welche Daten dürfen bei der Registrierung eines Bürgerkontos verarbeitet werden?"
    passage = asked_passage(text, question, legal_lead(text))
    assert passage.startswith("Zur Feststellung der Identität") and "7. Geburtsland," in passage
    assert passage in text


def test_the_norm_answer_quotes_the_item_with_a_valid_citation(kb: KnowledgeBase) -> None:
    from assistant.citations import invalid_citations
    from assistant.compose.draft import Draft
    from assistant.compose.legal import compose_norm

    draft = Draft(kb, "legal")
    assert compose_norm(draft, kb, "egovg-lsa/§1", "Gilt das EGovG LSA auch für die Universitätsklinika?")
    answer = draft.answer()
    assert "Universitätsklinika" in answer.answer
    assert invalid_citations(kb, answer.citations) == []


@pytest.mark.parametrize(
    ("question", "paragraph", "item", "absatz"),
    [
        ("Was steht in § 17 Abs. 1 Nr. 10 EGovG LSA?", "17", "10", "1"),
        ("Welche Register meint § 2 Satz 2 Nr. 2?", "2", "2", None),
        ("Was steht in Nummer 9 von § 17 Abs. 1?", "17", "9", "1"),
        ("§ 17 Abs. 1 Nr. 1a EGovG LSA", "17", "1a", "1"),
        ("Was regelt § 17 Abs. 1?", "17", None, None),
        ("Was regelt § 1 Abs. 1 Nr. 2?", "17", None, None),  # another §
        ("Was regelt § 171 Nr. 2?", "17", None, None),
    ],
)
def test_the_asked_list_item_is_read_from_the_question(
    question: str, paragraph: str, item: str | None, absatz: str | None
) -> None:
    from assistant.compose.legal_items import AskedItem, asked_item

    assert asked_item(question, paragraph) == (AskedItem(item, absatz) if item else None)


def _absatz_text(kb: KnowledgeBase, paragraph: str, absatz: str) -> str:
    from assistant.compose.legal import norm_chunk_ids

    return "\n".join(kb.chunks[cid].content or "" for cid in norm_chunk_ids(kb, paragraph, absatz))


@pytest.mark.parametrize(
    ("paragraph", "absatz", "item", "starts", "not_in"),
    [
        ("17", "1", "3", "3. elektronische Publikationen", "4."),
        (
            "1",
            "3",
            "8",
            "8. den Mitteldeutschen Rundfunk",
            "Die in Satz 1",
        ),  # the last item: not the text after
        ("9", "1", "5", "5. sonstige sichere Verfahren", "Die Landesregierung"),
        (
            "17",
            "1",
            "2",
            "2. Informationen über",
            "3. elektronische",
        ),  # its lettered lines, not the next item
    ],
)
def test_an_item_is_cut_out_alone(
    kb: KnowledgeBase, paragraph: str, absatz: str, item: str, starts: str, not_in: str
) -> None:
    from assistant.compose.legal_items import item_passage

    text = _absatz_text(kb, paragraph, absatz)
    passage = item_passage(text, item)
    assert passage.startswith(starts) and not_in not in passage and passage in text
    assert item_passage(text, "99") == ""


def test_a_contained_item_is_quoted_and_a_missing_one_said_plainly(kb: KnowledgeBase) -> None:
    from assistant.citations import invalid_citations
    from assistant.compose.draft import Draft
    from assistant.compose.legal import compose_norm

    draft = Draft(kb, "legal")
    assert compose_norm(draft, kb, "egovg-lsa/§17/abs1", "Was regelt § 17 Abs. 1 Nr. 3 EGovG LSA?")
    answer = draft.answer()
    assert "§ 17 Abs. 1 Nr. 3 EGovG LSA" in answer.answer and "elektronische Publikationen" in answer.answer
    assert not answer.no_answer and invalid_citations(kb, answer.citations) == []
    draft = Draft(kb, "legal")
    assert compose_norm(draft, kb, "egovg-lsa/§17/abs1", "Was steht in § 17 Abs. 1 Nr. 10 EGovG LSA?")
    answer = draft.answer()
    assert (
        answer.no_answer
        and "§ 17 Abs. 1 Nr. 10 EGovG LSA ist in der indexierten Fassung nicht" in answer.answer
    )
    assert "Nrn. 9 ff. fehlen" in answer.answer


def test_item_answers_name_the_asked_absatz_and_only_notes_about_items(kb: KnowledgeBase) -> None:
    from assistant.compose.draft import Draft
    from assistant.compose.legal import compose_norm

    draft = Draft(kb, "legal")  # the whole § named by the analyser, the Absatz by the question
    assert compose_norm(draft, kb, "egovg-lsa/§18", "Was steht in § 18 Abs. 2 Nr. 1 EGovG LSA?")
    assert "§ 18 Abs. 2 Nr. 1" in draft.answer().answer
    draft = Draft(kb, "legal")  # § 1 Abs. 3 has eight items; its gap note is about Satz 3, not about items
    assert compose_norm(draft, kb, "egovg-lsa/§1/abs3", "Was steht in § 1 Abs. 3 Nr. 9?")
    answer = draft.answer()
    assert answer.no_answer and "bricht ab" not in answer.answer
    draft = Draft(kb, "legal")  # an item cut off in the indexed text is said to break off
    assert compose_norm(draft, kb, "egovg-lsa/§17/abs1", "Was steht in § 17 Abs. 1 Nr. 8?")
    assert "bricht in der indexierten Fassung an dieser Stelle ab" in draft.answer().answer


@pytest.mark.parametrize(
    ("entity", "question", "missing", "note"),
    [
        # the sentences after Satz 1 of § 16 Abs. 3 are not in the indexed text: said plainly, not quoted around
        (
            "egovg-lsa/§16",
            "Satz 1 kenne ich. Was regeln die folgenden Sätze von § 16 Abs. 3?",
            True,
            "nur Satz 1",
        ),
        ("egovg-lsa/§16", "Und was steht in den weiteren Sätzen von Absatz 3?", True, "nur Satz 1"),
        ("egovg-lsa/§1", "Was regelt § 1 Abs. 3 Satz 4?", True, "Satz 3 bricht ab"),
        ("egovg-lsa/§16", "Was regelt § 16 Abs. 3 Satz 1?", False, ""),  # what is there is quoted
        ("egovg-lsa/§16", "Und was regelt Absatz 2 derselben Vorschrift?", False, ""),  # a complete Absatz
        ("egovg-lsa/§1", "Was regeln § 1 Abs. 3 Sätze 1 bis 4?", True, "Satz 3 bricht ab"),  # a range
        ("egovg-lsa/§16", "§ 16 absatz 3 satz 2", True, "nur Satz 1"),  # however it is written
        # not beyond: Sätze of another Absatz, a quoted phrase, a rate, a note that counts no Sätze
        ("egovg-lsa/§16/abs3", "Und was regelt Absatz 2 Satz 2?", False, ""),
        ("egovg-lsa/§16/abs3", "Was meint § 16 Abs. 3 mit „im Sinne des Absatzes 1 Satz 2“?", False, ""),
        ("egovg-lsa/§16", "Gilt der Mehrwertsteuer-Satz 19 für § 16 Abs. 3?", False, ""),
        (
            "egovg-lsa/§1",
            "Was steht in den weiteren Sätzen von § 1 Abs. 3?",
            False,
            "",
        ),  # Satz 2 and 3 are there
        ("egovg-lsa/§17", "Was regelt § 17 Abs. 1 Satz 2?", False, ""),  # a list Absatz
    ],
)
def test_sentences_an_incomplete_absatz_lacks_are_said_missing(
    kb: KnowledgeBase, entity: str, question: str, missing: bool, note: str
) -> None:
    from assistant.citations import invalid_citations
    from assistant.compose.draft import Draft
    from assistant.compose.legal import compose_norm

    draft = Draft(kb, "legal")
    assert compose_norm(draft, kb, entity, question)
    answer = draft.answer()
    assert answer.no_answer is missing
    if missing:
        assert answer.answer.startswith("Der gefragte Teil von §") and note in answer.answer
    assert invalid_citations(kb, answer.citations) == []


def test_the_absatz_a_follow_up_names_is_the_one_answered(kb: KnowledgeBase) -> None:
    """ "Und was genau steht in Absatz 5?" after § 9: § 9 Abs. 5 is not indexed (said so), not Abs. 1 quoted; an
    Absatz cited with another § is not the asked one's ("§ 9 Abs. 1 spricht von § 8")."""
    from assistant.compose.draft import Draft
    from assistant.compose.legal import compose_norm
    from assistant.compose.legal_items import asked_absatz

    draft = Draft(kb, "legal")
    assert compose_norm(draft, kb, "egovg-lsa/§9", "Und was genau steht in Absatz 5?")
    assert draft.answer().answer.startswith(
        "§ 9 Abs. 5 EGovG LSA ist in der indexierten Fassung nicht enthalten"
    )
    assert asked_absatz("§ 9 Abs. 1 spricht von § 8. Was regelt § 8?", "8") is None
    assert asked_absatz("Was regelt § 16 Abs. 3?", "16") == "3"
    assert asked_absatz("Abs. 2 und Abs. 3 von § 16?", "16") is None  # two named: none chosen
    assert asked_absatz("Was regeln § 16 Abs. 3 und 4?", "16") is None
    assert (
        asked_absatz("Welche Personen nennt Absatz 4 des Onlinezugangsgesetzes?", "16") is None
    )  # another law
    assert asked_absatz("Was sagt Abs. 2 OZG dazu?", "16") is None
    assert asked_absatz("Und was regelt Absatz 3 derselben Vorschrift?", "16") == "3"
