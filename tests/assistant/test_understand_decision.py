"""The decision on calibrated probabilities: answer, ask back, decline; exact citations; one service family."""

from __future__ import annotations

import pytest

import assistant.understand.decision as decision_module
from assistant.models import EntityRef, QueryAnalysis
from assistant.understand.candidates import Candidate, ListEvidence
from assistant.understand.decision import ANSWER_MIN, CONFIRM_MIN, answer_score, decide, same_family
from assistant.understand.lexical import Terms
from assistant.understand.subjects import SubjectCatalog, SubjectInfo
from assistant.understand.understander import Understanding, names_other_law
from corpora.ids import SubjectRef


def _candidate(kind: str, ident: str, p: float) -> Candidate:
    return Candidate(SubjectRef(kind, ident), dense=ListEvidence(rank=0, score=0.9), probability=p)


def _understanding(*candidates: Candidate, intent: str = "service", **analysis: object) -> Understanding:
    values: dict[str, object] = {"text": "x", "resolved_text": "x", "intent": "service"}
    values.update(analysis)
    u = Understanding(QueryAnalysis(**values), None, list(candidates), Terms(frozenset()))  # type: ignore[arg-type]
    u.intents = {intent: 0.9, "out_of_scope": 0.1}
    u.aspects = {"kosten": 0.8, "allgemein": 0.2}
    return u


def test_decision_answers_the_clear_best() -> None:
    d = decide(
        _understanding(
            _candidate("service", "99008001012000", 0.9), _candidate("service", "99085001012000", 0.2)
        )
    )
    assert d.outcome == "answer" and d.chosen.subject.id == "99008001012000" and d.aspect == "kosten"


def test_decision_declines_when_nothing_is_relevant() -> None:
    d = decide(_understanding(_candidate("catalogue", "99057001060009", ANSWER_MIN - 0.01)))
    assert d.outcome == "decline" and d.intent == "out_of_scope"
    assert decide(_understanding()).outcome == "decline"


def test_decision_asks_back_between_close_services() -> None:
    d = decide(
        _understanding(
            _candidate("service", "99008001012000", 0.62),
            _candidate("service", "99085001012000", 0.55),
            _candidate("ministry", "MI", 0.6),
        )
    )
    assert d.outcome == "clarify"
    assert [c.subject.id for c in d.options] == ["99008001012000", "99085001012000"]


def test_decision_offers_an_unsure_best_instead_of_answering(monkeypatch: pytest.MonkeyPatch) -> None:
    """Between ANSWER_MIN and CONFIRM_MIN the best subject is offered with its likely rivals of a choosable sort:
    no place, nothing of the best's family, no subject of another sort than a citizen could pick."""
    monkeypatch.setattr(decision_module, "CONFIRM_MIN", 0.6)
    d = decide(
        _understanding(
            _candidate("catalogue", "99084012000000", 0.5),
            _candidate("catalogue", "99084012001000", 0.45),  # the best's Leistungsobjekt
            _candidate("place", "15003000", 0.44),
            _candidate("ministry", "MI", 0.43),
            _candidate("service", "99085001012000", 0.32),
            _candidate("service", "99008001012000", 0.2),  # too unlikely to offer
        )
    )
    assert d.outcome == "clarify" and d.unsure and d.chosen is None and not d.narrower
    assert [c.subject.id for c in d.options] == ["99084012000000", "99085001012000"]
    sure = decide(_understanding(_candidate("catalogue", "99084012000000", 0.7)))
    assert sure.outcome == "answer" and not sure.unsure


def test_decision_band_reads_the_same_score_as_the_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """The band is measured on the probability that the question is in scope *and* about the subject: a likely
    subject of a question that sounds out of scope is offered, not answered; without a band nothing changes."""
    assert CONFIRM_MIN >= ANSWER_MIN
    u = _understanding(_candidate("service", "99085001012000", 0.7))
    u.intents = {"service": 0.4, "out_of_scope": 0.4}
    assert answer_score(0.7, 0.6) == pytest.approx(0.42)
    monkeypatch.setattr(decision_module, "CONFIRM_MIN", ANSWER_MIN)
    assert decide(u).outcome == "answer"
    monkeypatch.setattr(decision_module, "CONFIRM_MIN", 0.45)
    d = decide(u)
    assert d.outcome == "clarify" and d.unsure and [c.subject.id for c in d.options] == ["99085001012000"]


@pytest.mark.parametrize(
    ("a", "b", "family"),
    [
        (("catalogue", "99084012000000"), ("catalogue", "99084012001000"), True),
        (("catalogue", "99084012000000"), ("catalogue", "99050106000000"), False),
        (("service", "99008001012000"), ("service", "99008001012002"), False),
        (("lebenslage", "26"), ("service", "99041008017000"), True),
        (("lebenslage", "26"), ("service", "99115005104000"), False),
    ],
)
def test_decision_one_family_is_no_reason_to_ask(a: tuple, b: tuple, family: bool) -> None:
    first, second = _candidate(*a, 0.5), _candidate(*b, 0.5)
    second.lebenslagen = frozenset({"26"}) if b[1] == "99041008017000" else frozenset({"55"})
    assert same_family(first, second) is family


def test_decision_no_question_back_within_one_family() -> None:
    d = decide(
        _understanding(
            _candidate("catalogue", "99084012000000", 0.9), _candidate("catalogue", "99084012001000", 0.88)
        )
    )
    assert d.outcome == "answer"


def test_decision_cited_paragraph_is_exact_evidence_even_when_missing() -> None:
    cited = EntityRef("norm", "egovg-lsa/§5", "§ 5 EGovG LSA", 1.0, "§ 5")
    d = decide(_understanding(_candidate("norm", "egovg-lsa/§1", 0.2), intent="legal", entities=[cited]))
    assert (
        d.outcome == "answer"
        and d.chosen.subject == SubjectRef("norm", "egovg-lsa/§5")
        and d.intent == "legal"
    )


def test_decision_foreign_law_article_is_not_a_paragraph_of_ours() -> None:
    foreign = EntityRef("norm", "DSGVO/Art17", "Art. 17 DSGVO", 0.9, "Artikel 17")
    d = decide(_understanding(_candidate("norm", "egovg-lsa/§17", 0.8), intent="legal", entities=[foreign]))
    assert d.outcome == "decline"


@pytest.mark.parametrize(
    ("question", "other"),
    [
        ("Wie regelt das brandenburgische E-Government-Gesetz die elektronische Akte?", True),
        ("Was steht im EGovG Bayern zur E-Rechnung?", True),
        ("Gibt es im E-Government-Gesetz des Landes Thüringen eine Portalpflicht?", True),
        ("Was sagt das EGovG des Bundes zur E-Akte?", False),  # § 2 EGovG LSA applies parts of it here
        ("Gilt das E-Government-Gesetz in Sachsen-Anhalt für Gemeinden?", False),
        ("Was steht im EGovG in der Fassung von 2020?", False),
        ("Wer ist in Brandenburg für Baugenehmigungen zuständig?", False),
    ],
)
def test_decision_another_lands_law_is_not_a_paragraph_of_ours(question: str, other: bool) -> None:
    assert names_other_law(question) is other
    d = decide(_understanding(_candidate("norm", "egovg-lsa/§7", 0.9), intent="legal", text=question))
    assert (d.outcome == "decline") is other
    service = decide(_understanding(_candidate("service", "99008001012000", 0.9), text=question))
    assert service.outcome == "answer"  # only a § of ours is ruled out


def test_decision_intent_fits_the_subject() -> None:
    d = decide(_understanding(_candidate("ozg_role", "MID/role/5", 0.95), intent="service"))
    assert d.intent in ("responsibility", "definition")
    d = decide(_understanding(_candidate("lebenslage", "26", 0.9), intent="life_event"))
    assert d.intent == "service"


def test_decision_smalltalk_stays_a_rule() -> None:
    u = _understanding(_candidate("service", "99008001012000", 0.9))
    u.analysis.intent = "smalltalk"
    assert decide(u).outcome == "smalltalk"


class _Catalog:
    """The two things the compound rule asks of a subject catalogue: the name's words and the subject's texts."""

    def __init__(self, name_words: set[str], text: str) -> None:
        from assistant.understand.subjects import SubjectInfo

        self.info = SubjectInfo(
            SubjectRef("service", "99108047001001"), "Führerschein", terms=Terms(frozenset(name_words))
        )
        self.text = text

    def get(self, ref: SubjectRef) -> object:
        return self.info

    def mentions(self, ref: SubjectRef, word: str) -> bool:
        return word in self.text


@pytest.mark.parametrize(
    ("question_word", "text", "outcome"),
    [
        ("drohnenfuehrerschein", "fahrerlaubnis fuehrerschein klasse b", "clarify"),  # narrower, not in texts
        ("lkwfuehrerschein", "der lkwfuehrerschein (klasse c) …", "answer"),  # the texts know it
        ("fuehrerscheine", "…", "answer"),  # an inflected name word is the name word
    ],
)
def test_decision_compound_part_never_links_alone(question_word: str, text: str, outcome: str) -> None:
    best = _candidate("service", "99108047001001", 0.9)
    best.features = {"q_whole": 0.0, "q_narrower": 1.0, "q_sibling": 0.0}
    u = _understanding(best)
    u.terms = Terms(frozenset({question_word}))
    d = decide(u, _Catalog({"fuehrerschein", "fahrerlaubnis"}, text))  # type: ignore[arg-type]
    assert d.outcome == outcome
    if outcome == "clarify":
        assert d.narrower and [c.subject.id for c in d.options] == ["99108047001001"]
    assert decide(u).outcome == "answer"  # without a catalogue: the calibrated probability alone


@pytest.mark.parametrize(
    ("term", "names", "relation"),
    [
        ("drohnenfuehrerschein", {"fuehrerschein"}, "narrower"),
        ("bibliotheksausweis", {"personalausweis"}, "sibling"),
        ("hundesteuer", {"zweitwohnungsteuer"}, "sibling"),
        ("baugenemigung", {"baugenehmigung"}, None),  # a typo of the name word
        ("digitalministerium", {"ministerium", "digitales"}, None),  # "Digital" is another name word
        ("personalausweisantrag", {"personalausweis"}, None),  # the name word is the modifier, not the head
    ],
)
def test_compound_relation(term: str, names: set[str], relation: str | None) -> None:
    from assistant.understand.lexical import compound_relation

    assert compound_relation(term, frozenset(names)) == relation


def test_a_named_place_prefers_a_close_candidate_with_an_executing_authority() -> None:
    from assistant.understand.prefer import prefer_executing

    understanding = _understanding(
        _candidate("area", "MI/area/5", 0.6),
        _candidate("topic", "relation/1", 0.52),
        _candidate("service", "99115005104000", 0.2),
        intent="responsibility",
    )
    decision = decide(understanding)
    assert decision.outcome == "answer" and decision.chosen.subject.kind == "area"
    preferred = prefer_executing(decision, understanding)
    assert preferred.outcome == "answer" and preferred.chosen.subject.id == "relation/1"
    assert preferred.intent == "responsibility"


def test_a_named_place_offers_an_executing_candidate_in_the_band() -> None:
    """The office there is taken before the band is read: an executing candidate too unsure to answer from is
    offered, also when the ministry-level best was itself only offered."""
    from assistant.understand.prefer import prefer_executing

    for best in (0.58, 0.48):  # answered, or in the band itself
        understanding = _understanding(
            _candidate("area", "MI/area/5", best),
            _candidate("topic", "relation/1", 0.44),
            intent="responsibility",
        )
        decision = decide(understanding)
        assert decision.outcome == ("answer" if best > 0.5 else "clarify")
        preferred = prefer_executing(decision, understanding)
        assert preferred.outcome == "clarify" and preferred.unsure and preferred.chosen is None
        assert [c.subject.id for c in preferred.options] == ["relation/1"]


def test_a_place_is_no_subject_to_offer() -> None:
    """A place in the band is answered as before (its record), never offered as what the question means."""
    d = decide(
        _understanding(_candidate("place", "15003000", 0.45), _candidate("service", "99008001012000", 0.2))
    )
    assert d.outcome == "answer" and d.chosen.subject.kind == "place" and not d.unsure


def test_a_named_place_keeps_a_clearly_better_ministry_level_answer() -> None:
    from assistant.understand.prefer import prefer_executing

    understanding = _understanding(
        _candidate("area", "MI/area/5", 0.9),
        _candidate("topic", "relation/1", 0.4),
        intent="responsibility",
    )
    decision = decide(understanding)
    assert prefer_executing(decision, understanding) is decision
    service = _understanding(
        _candidate("service", "99115005104000", 0.9), _candidate("area", "MI/area/5", 0.85)
    )
    assert prefer_executing(decide(service), service).chosen.subject.kind == "service"


def test_observe_reads_the_analysis_doc_instead_of_running_the_pipeline_again() -> None:
    """One analysis per question: the decision layer takes the analyser's doc of the same text."""
    from assistant.models import QueryAnalysis
    from assistant.understand.cards import CardIndex
    from assistant.understand.subjects import SubjectCatalog
    from assistant.understand.understander import Understander
    from indexing.nlp import build_german_nlp

    nlp = build_german_nlp()
    runs: list[str] = []

    class _Analyzer:
        def nlp(self, text: str):  # noqa: ANN202 - a spaCy Doc
            runs.append(text)
            return nlp(text)

    understander = Understander(_Analyzer(), None, SubjectCatalog(), cards=CardIndex())
    asked = "Wo beantrage ich einen Personalausweis?"
    own = QueryAnalysis(text=asked, resolved_text=asked, intent="service", doc=nlp(asked))
    first = understander.observe([], own)
    assert runs == [] and "personalausweis" in first.terms.whole
    resolved = QueryAnalysis(
        text="Und was kostet das?",
        resolved_text="Was kostet der Personalausweis?",
        intent="service",
        doc=nlp("Und was kostet das?"),
    )
    second = understander.observe([], resolved)
    assert runs == ["Was kostet der Personalausweis?"] and "personalausweis" in second.terms.whole


def _member(key: str, p: float, *lebenslagen: str) -> Candidate:
    candidate = _candidate("service", key, p)
    candidate.lebenslagen = frozenset(lebenslagen)
    return candidate


def test_several_unsure_services_of_one_lebenslage_answer_the_situation() -> None:
    from assistant.understand.prefer import prefer_life_event

    u = _understanding(_member("a", 0.25, "36"), _member("b", 0.18, "36", "37"), _member("c", 0.1, "5"))
    declined = decide(u)
    assert declined.outcome == "decline"
    d = prefer_life_event(declined, u, lambda lebenslage: lebenslage != "37")
    assert d.outcome == "answer" and d.chosen.subject == SubjectRef("lebenslage", "36")
    assert d.probability == pytest.approx(0.43)
    # one member alone, too little together, or no life event: still declined
    for understanding, is_event in (
        (_understanding(_member("a", 0.3, "36"), _member("c", 0.2, "5")), lambda _: True),
        (_understanding(_member("a", 0.15, "36"), _member("b", 0.15, "36")), lambda _: True),
        (_understanding(_member("a", 0.25, "37"), _member("b", 0.2, "37")), lambda g: g != "37"),
    ):
        decision = decide(understanding)
        assert prefer_life_event(decision, understanding, is_event).outcome == "decline"
    answered = decide(_understanding(_candidate("service", "x", 0.9)))
    assert prefer_life_event(answered, u, lambda _: True) is answered  # only a decline is reconsidered


def test_a_named_place_is_context_when_another_subject_is_likely_enough() -> None:
    # "Wo stell ich in Eisleben den Wohngeldantrag?": the place card is the best match, the service the subject
    d = decide(
        _understanding(
            _candidate("place", "150870130130", 0.98),
            _candidate("service", "99107023037000", 0.8),
            _candidate("place", "15087", 0.7),
        )
    )
    assert d.outcome == "answer" and d.chosen.subject == SubjectRef("service", "99107023037000")
    # nothing else likely enough: the place record stays the answer
    alone = decide(_understanding(_candidate("place", "150870130130", 0.9), _candidate("service", "x", 0.2)))
    assert alone.outcome == "answer" and alone.chosen.subject.kind == "place"


def test_decision_declines_a_text_to_write_however_sure_its_subject() -> None:
    """No generative model: "Schreib mir eine Pressemitteilung über die Hundeanmeldung" gets no service answer."""
    from assistant.analysis.intent import find_cues

    text = "Schreib mir eine Pressemitteilung über die Hundeanmeldung."
    d = decide(_understanding(_candidate("service", "99008001012000", 0.99), cues=find_cues(text)))
    assert d.outcome == "decline" and d.intent == "out_of_scope"


VEHICLE_SERVICES = {
    "99036020001000": "Fahrzeug zulassen (Erstzulassung/Neuzulassung)",
    "99036026017000": "Fahrzeug außer Betrieb setzen (abmelden)",
    "99036008071000": "Fahrzeug umschreiben",
}


def _vehicle_catalog() -> SubjectCatalog:
    catalog = SubjectCatalog()
    for key, label in VEHICLE_SERVICES.items():
        catalog.subjects[SubjectRef("service", key)] = SubjectInfo(SubjectRef("service", key), label)
    return catalog


def _asked(question: str, *services: tuple[str, float]) -> Understanding:
    """An understanding of a real question (its analysed doc) with service candidates."""
    from indexing.nlp import build_german_nlp

    candidates = [_candidate("service", key, p) for key, p in services]
    return _understanding(
        *candidates, text=question, resolved_text=question, doc=build_german_nlp()(question)
    )


@pytest.mark.parametrize(
    ("question", "outcome"),
    [
        ("Ich wohne in Wernigerode – wo melde ich mein Auto an?", "answer"),  # "abmelden" is the other action
        ("Wo kann ich mein Auto anmelden?", "answer"),
        ("Auto zulassen oder abmelden, wo geht das?", "clarify"),  # both actions asked: both offered
        ("Wo ist die Kfz-Zulassungsstelle?", "clarify"),  # no action asked
    ],
)
def test_decision_offers_no_rival_that_does_the_other_action(question: str, outcome: str) -> None:
    """A rival whose name does the asked verb with another particle only ("abmelden" when the question says
    "melde … an") is the opposite action, no reading of the question to offer beside the best."""
    u = _asked(question, ("99036020001000", 0.86), ("99036026017000", 0.8))
    d = decide(u, _vehicle_catalog())
    assert d.outcome == outcome
    if outcome == "answer":
        assert d.chosen.subject.id == "99036020001000"


def test_particle_verbs_are_read_whole_and_separated() -> None:
    from assistant.analysis.lexicon import particle_verb
    from assistant.understand.actions import asked_actions, does_other_action, named_actions
    from indexing.nlp import build_german_nlp

    assert particle_verb("zurueckgeben") == ("zurueck", "geben")  # the longest particle first
    assert particle_verb("anmelden") == ("an", "melden") and particle_verb("angeln") is None
    nlp = build_german_nlp()
    assert asked_actions(nlp("Wie melde ich mich um?")) == {"melden": {"um"}}
    assert asked_actions(nlp("Hund abmelden und Katze anmelden")) == {"melden": {"ab", "an"}}
    assert asked_actions(nlp("Wo ist das Bürgeramt?")) == {} and asked_actions(None) == {}
    assert asked_actions(nlp("Mein Einkommen ist gering")) == {}  # a noun, not "einkommen"
    assert named_actions("Hund an- oder abmelden") == {"melden": {"an", "ab"}}
    assert named_actions("Einstellen und Ausbilden") == {}  # names of nouns
    asked = {"melden": {"an"}}
    assert does_other_action(asked, "Fahrzeug außer Betrieb setzen (abmelden)")
    assert not does_other_action(asked, "Hund an- oder abmelden")  # names the asked action too
    assert not does_other_action({"melden": {"um"}}, "Wohnsitz anmelden")  # no opposite: "um" is no "ab"


def test_decision_offers_no_option_of_the_other_action_when_unsure() -> None:
    # the best in the band; the others likely enough to offer, not close enough to be rivals
    u = _asked(
        "Wo melde ich mein Auto an?",
        ("99036020001000", 0.49),
        ("99036026017000", 0.33),
        ("99036008071000", 0.31),
    )
    d = decide(u, _vehicle_catalog())
    assert d.outcome == "clarify" and d.unsure
    assert [c.subject.id for c in d.options] == ["99036020001000", "99036008071000"]
