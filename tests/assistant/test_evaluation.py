"""Evaluation harness: metric functions, the gold loader and its corpus checks, the runner on a fake
assistant, and (marked ``model`` + ``slow``) the full gold set against an index built with the real model,
asserting the targets of the product brief."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.evaluation.gold import GoldError, load_gold, validate_gold
from assistant.evaluation.metrics import (
    MAX_TARGETS,
    TARGETS,
    CitationCheck,
    check_citations,
    citation_validity,
    latency_summary,
    percentile,
    precision_recall,
    recall_at_k,
    reciprocal_rank,
    responsibility_hit,
    unmet_targets,
)
from assistant.evaluation.runner import render_report, run_evaluation
from assistant.hits import SearchHit, SearchResult
from assistant.models import Answer, AnswerTrace, Citation, Responsible

REPO = Path(__file__).resolve().parents[2]
#: recall@5 the catalogue-only gold questions must keep (measured 0.733 on 45 questions, 2026-11-28)
CATALOGUE_RECALL_FLOOR = 0.7


# --- metrics ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("retrieved", "expected", "recall", "rr"),
    [
        (["a", "b", "c"], ["a"], 1.0, 1.0),
        (["x", "b", "a"], ["a", "b"], 1.0, 0.5),
        (["1", "2", "3", "4", "5", "a"], ["a"], 0.0, 1 / 6),
        ([], ["a"], 0.0, 0.0),
    ],
)
def test_evaluation_recall_and_reciprocal_rank(retrieved, expected, recall, rr) -> None:
    assert recall_at_k(retrieved, expected, 5) == recall
    assert reciprocal_rank(retrieved, expected) == pytest.approx(rr)


def test_evaluation_responsibility_hit_needs_all_ids() -> None:
    assert responsibility_hit(["MID", "meldebehoerde"], ["mid"])
    assert responsibility_hit(["meldebehoerde", "MI"], ["meldebehoerde", "MI"])
    assert not responsibility_hit(["meldebehoerde"], ["meldebehoerde", "MI"])


def test_evaluation_check_citations_quotes_and_fact() -> None:
    chunks = {"c1": "Ein Personalausweis kostet 37,00 €.", "c2": "Zuständig ist die Gemeinde."}
    good = check_citations([("c1", "kostet 37,00 €"), ("c2", "die Gemeinde")], chunks, "37,00")
    assert (good.total, good.valid_quotes, good.fact_supported, good.invalid) == (2, 2, True, ())
    bad = check_citations([("c2", "kostet 40 €"), ("nope", "x")], chunks, "37,00")
    assert bad.valid_quotes == 0 and bad.fact_supported is False and len(bad.invalid) == 2
    assert check_citations([("c1", "")], chunks).invalid  # an empty quote proves nothing


def test_evaluation_citation_validity_counts_missing_evidence() -> None:
    chunks = {"c1": "Gebühr 13,00 €"}
    perfect = [check_citations([("c1", "13,00 €")], chunks, "13,00"), check_citations([], chunks)]
    assert citation_validity(perfect)["citation_validity"] == 1.0
    uncited_fact = [check_citations([("c1", "13,00 €")], chunks), check_citations([], chunks, "13,00")]
    scores = citation_validity(uncited_fact)
    assert (
        scores["citation_validity"] == 0.5
        and scores["quote_validity"] == 1.0
        and scores["fact_support"] == 0.0
    )
    wrong_chunk = [check_citations([("c1", "Gebühr")], {"c1": "Gebühr", "c2": "37,00"}, "37,00")]
    assert citation_validity(wrong_chunk)["citation_validity"] == 0.0


def test_evaluation_precision_recall_edge_cases() -> None:
    assert precision_recall([(True, True), (False, True), (True, False), (False, False)]) == (0.5, 0.5)
    assert precision_recall([(True, False)]) == (0.0, 0.0)  # never saying "don't know" fails
    assert precision_recall([(False, False)]) == (1.0, 1.0)
    assert precision_recall([]) == (None, None)


def test_evaluation_percentiles_and_latency() -> None:
    assert percentile([], 50) is None
    assert percentile([3.0], 95) == 3.0
    assert percentile([1, 2, 3, 4], 50) == pytest.approx(2.5)
    summary = latency_summary([{"retrieval": 0.010, "total": 0.02}, {"retrieval": 0.030, "total": 0.04}])
    assert summary["retrieval"]["p50"] == pytest.approx(20.0) and summary["total"]["n"] == 2


def test_evaluation_unmet_targets() -> None:
    ok = {**TARGETS, **MAX_TARGETS}
    assert unmet_targets(ok) == []
    assert unmet_targets({**ok, "citation_validity": 0.999}) == ["citation_validity = 0.999 < 1.0"]
    assert any("recall_at_5" in line for line in unmet_targets({**ok, "recall_at_5": None}))
    assert unmet_targets({**ok, "confident_wrong_rate": 0.05}) == ["confident_wrong_rate = 0.050 > 0.02"]


# --- gold loader --------------------------------------------------------------------------------------


def _write(tmp_path: Path, entries: list[dict]) -> Path:
    path = tmp_path / "gold.yaml"
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    return path


def _entry(**overrides) -> dict:
    entry = {
        "id": "q1",
        "messages": [{"role": "user", "content": "Was kostet ein Personalausweis?"}],
        "intent": "service",
        "expected_documents": ["fim/99008001012000/kosten"],
        "expected_responsible": [],
        "expected_fact": "37,00",
        "no_answer": False,
    }
    entry.update(overrides)
    return entry


def test_evaluation_gold_shipped_set_is_valid_and_covers_the_brief(kb) -> None:
    questions = load_gold()
    validate_gold(questions, kb)
    assert len(questions) >= 150
    tags = [t for q in questions for t in q.tags]
    assert sum(1 for q in questions if len(q.messages) > 1) >= 10
    assert tags.count("english") >= 8
    assert tags.count("colloquial") + tags.count("typo") >= 15
    assert sum(1 for q in questions if q.intent == "out_of_scope" or "adversarial" in q.tags) >= 20
    expected_docs = {d for q in questions for d in q.expected_documents}
    assert {s.key for s in kb.services} <= {d.split("/")[1] for d in expected_docs if d.startswith("fim/")}
    assert {c for c in kb.chunks if "/role/" in c} <= expected_docs
    paragraphs = {d.split("/")[1] for d in expected_docs if d.startswith("egovg-lsa/")}
    assert paragraphs == {"§1", "§2", "§4", "§7", "§9", "§16", "§17", "§18"}
    assert set(kb.organizations.ministry_ids()) <= {r for q in questions for r in q.expected_responsible}
    missing = [q for q in questions if "missing_norm" in q.tags]
    assert missing and all(q.no_answer and q.expected_fact is None for q in missing)


def test_evaluation_gold_split_is_complete_and_stratified() -> None:
    """Every entry is in train, dev or test; test holds at least 30 % and every intent with 3+ entries."""
    questions = load_gold()
    assert all(q.split in ("train", "dev", "test") for q in questions)
    test = [q for q in questions if q.split == "test"]
    assert len(test) >= 0.3 * len(questions)
    intents = {q.intent for q in questions if sum(1 for o in questions if o.intent == q.intent) >= 3}
    assert intents <= {q.intent for q in test}
    assert {q.split for q in questions if "catalogue" in q.tags} == {"train", "dev", "test"}


def test_evaluation_gold_missing_chunk_id_is_a_clear_error(tmp_path: Path, kb) -> None:
    path = _write(tmp_path, [_entry(expected_documents=["fim/99008001012000/gibtsnicht"])])
    with pytest.raises(GoldError, match=r"q1: expected document 'fim/99008001012000/gibtsnicht'"):
        validate_gold(load_gold(path), kb)


def test_evaluation_gold_unknown_org_and_unwritten_fact(tmp_path: Path, kb) -> None:
    path = _write(tmp_path, [_entry(expected_responsible=["XYZ"], expected_fact="99,99")])
    with pytest.raises(GoldError) as info:
        validate_gold(load_gold(path), kb)
    assert "'XYZ' is neither a ministry nor an authority type" in str(info.value)
    assert "expected fact '99,99' is in none of its expected documents" in str(info.value)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"intent": "weather"}, "q1"),
        ({"no_answer": True}, "neither a fact"),
        ({"expected_documents": []}, "expected_fact needs expected_documents"),
        ({"messages": [{"role": "assistant", "content": "Hallo"}]}, "last message"),
        ({"extra_field": 1}, "q1"),
    ],
)
def test_evaluation_gold_schema_errors_name_the_entry(tmp_path: Path, overrides, message) -> None:
    with pytest.raises(GoldError, match=message):
        load_gold(_write(tmp_path, [_entry(**overrides)]))


def test_evaluation_gold_duplicate_ids(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match="duplicate gold ids: q1"):
        load_gold(_write(tmp_path, [_entry(), _entry()]))


# --- runner on a fake assistant -----------------------------------------------------------------------


class _FakeSearcher:
    def __init__(self, kb) -> None:
        self.kb = kb
        self.modes: list[str] = []

    def search(self, query: str, k: int = 10, mode: str = "hybrid", **_: object) -> SearchResult:
        self.modes.append(mode)
        found = "Personalausweis" in query
        hit = SearchHit(id="fim/99008001012000/kosten", label="", source="fim", text="", score=1.0)
        return SearchResult(query=query, hits=[hit] if found else [], took_ms=0.0)


class _FakeAssistant:
    """Answers the two test questions perfectly, so the runner's bookkeeping can be checked exactly."""

    def __init__(self, kb) -> None:
        self.knowledge = kb
        self.searcher = _FakeSearcher(kb)

    def answer(self, messages):
        question = messages[-1].content
        trace = AnswerTrace(seconds={"analysis": 0.001, "retrieval": 0.004})
        if "Personalausweis" in question:
            text = self.knowledge.chunks["fim/99008001012000/kosten"].content
            quote = text[text.index("37,00") : text.index("37,00") + 8]
            trace.retrieved_ids = ["fim/99008001012000/kosten"]
            return Answer(
                answer="37,00 € [1]",
                intent="service",
                citations=[
                    Citation(
                        id=1, label="x", source="fim", document_id="fim/99008001012000/kosten", quote=quote
                    )
                ],
                responsible=[Responsible(id="pass-ausweisbehoerde", name="x", kind="authority_type")],
            ), trace
        return Answer(answer="Dazu habe ich keine Quelle.", intent="out_of_scope", no_answer=True), trace


def test_evaluation_runner_on_fake_assistant(tmp_path: Path, kb) -> None:
    gold = _write(
        tmp_path,
        [
            _entry(expected_responsible=["pass-ausweisbehoerde"]),
            {
                "id": "q2",
                "messages": [{"role": "user", "content": "Wie wird das Wetter?"}],
                "intent": "out_of_scope",
                "no_answer": True,
            },
        ],
    )
    fake = _FakeAssistant(kb)
    result = run_evaluation(
        None,  # type: ignore[arg-type]
        modes=("dense", "hybrid"),
        assistant=fake,
        gold_path=gold,
    )
    assert result["questions"] == 2
    for name in (
        "recall_at_5",
        "mrr",
        "responsibility_accuracy",
        "citation_validity",
        "intent_accuracy",
        "no_answer_precision",
        "no_answer_recall",
    ):
        assert result[name] == 1.0, name
    assert result["unmet_targets"] == [] and result["failures"] == []
    assert set(result["modes"]) == {"dense", "hybrid"} and result["modes"]["dense"]["recall_at_5"] == 1.0
    assert result["latency_ms"]["retrieval"]["p50"] == pytest.approx(4.0)
    assert "recall@5" in render_report(result)


def test_evaluation_runner_reports_failures(tmp_path: Path, kb) -> None:
    gold = _write(
        tmp_path,
        [
            _entry(
                id="q9",
                messages=[{"role": "user", "content": "Was kostet ein Pass?"}],
                expected_responsible=["pass-ausweisbehoerde"],
            )
        ],
    )
    result = run_evaluation(
        None,  # type: ignore[arg-type]
        modes=(),
        assistant=_FakeAssistant(kb),
        gold_path=gold,
    )
    reasons = " | ".join(f["reason"] for f in result["failures"])
    assert "recall@5 miss" in reasons and "responsible" in reasons and "no_answer" in reasons
    assert "fact: '37,00' is in no cited chunk" in reasons
    assert result["citation_validity"] == 0.0 and result["unmet_targets"]
    assert result["failure_counts"] == {
        "recall@5 miss": 1,
        "responsible": 1,
        "intent": 1,
        "fact": 1,
        "no_answer": 1,
    }
    assert "Ziele verfehlt" in render_report(result)


# --- the real thing -----------------------------------------------------------------------------------


#: What the answering must not fall below on the whole gold set (lower bound; measured on 2026-12-03 with the int8
#: index: recall@5 0.980, responsibility 0.982, citation validity 0.974, no-answer precision 0.970 / recall 0.970,
#: subject accuracy 0.950, confidently wrong 0.036). The targets of TARGETS / MAX_TARGETS are not all met yet;
#: ``lsa-assistant eval`` lists the unmet ones. These floors catch a regression without pretending otherwise.
#: No-answer precision: 33 expected declines, so each answerable question declined costs about 0.025; 0.88 allows
#: four (all 33 declined). Lowered from 0.90 in round 18 (docs/evaluation.md, round 18, item 2): training on retired
#: set N cut the held-out confidently wrong answers at every seed, cost two right ones on average and declines one
#: more answerable gold question at the shipped seed 13 (0.892; at seed 14 three fewer). Round 19 (set O retired, trees
#: without early stopping): 0.892, 0.892, 0.868 at seeds 13, 14, 15; no room left at 13 and 14, seed 15 below it.
#: Round 20 (set P retired, another machine and index build; a question back is no decline): 0.943, 0.943, 0.917.
REGRESSION_FLOORS: dict[str, float] = {
    "recall_at_5": 0.95,
    "responsibility_accuracy": 0.95,
    "citation_validity": 0.93,
    "no_answer_precision": 0.88,
    "no_answer_recall": 0.90,
    "subject_accuracy": 0.92,
}
#: Upper bound of the confidently wrong answers (target 0.02, see MAX_TARGETS).
CONFIDENT_WRONG_CEILING = 0.07
#: The held-out test split (never tuned on) may not fall far behind the whole set.
TEST_SPLIT_FLOORS: dict[str, float] = {
    "recall_at_5": 0.93,
    "responsibility_accuracy": 0.93,
    "subject_accuracy": 0.88,
}


def _below(result: dict, floors: dict[str, float]) -> list[str]:
    return [f"{k} = {result[k]:.3f} < {v}" for k, v in floors.items() if result[k] < v]


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.timeout(2400)  # a real-model index build (~5,700 chunks) plus ~500 answers on a small machine
def test_evaluation_gold_set_keeps_its_floors(real_index_settings, real_assistant) -> None:
    """Answer the gold set on the shared real-model index (tests/conftest.py) and check the regression floors,
    on the whole set and on the held-out test split; the report lists the unmet targets and the failures."""
    result = run_evaluation(real_index_settings, modes=("hybrid",), assistant=real_assistant)
    assert result["questions"] >= 350
    missed = _below(result, REGRESSION_FLOORS)
    if result["confident_wrong_rate"] > CONFIDENT_WRONG_CEILING:
        missed.append(
            f"confident_wrong_rate = {result['confident_wrong_rate']:.3f} > {CONFIDENT_WRONG_CEILING}"
        )
    assert missed == [], render_report(result)
    # catalogue-only services are scored apart from the targets; they must be found in the top 5 too
    assert result["catalogue"]["questions"] >= 40
    assert result["catalogue"]["recall_at_5"] >= CATALOGUE_RECALL_FLOOR, render_report(result)
    held_out = run_evaluation(real_index_settings, modes=(), assistant=real_assistant, split="test")
    assert held_out["questions"] >= 100
    assert _below(held_out, TEST_SPLIT_FLOORS) == [], render_report(held_out)


def test_evaluation_wrong_subject_with_valid_quotes_is_confidently_wrong() -> None:
    """An answer about another service counts as wrong even though its citation is a verified quote."""
    from assistant.evaluation.gold import GoldQuestion
    from assistant.evaluation.runner import _subject_fit

    q = GoldQuestion.model_validate(_entry())
    good_fact = CitationCheck(total=1, valid_quotes=1, fact_supported=True)
    base = {
        "no_answer": False,
        "clarification": False,
        "error": None,
        "responsible": [],
        "citations": good_fact,
    }
    right = {**base, "subjects": {("service", "99008001012000")}}
    other = {**base, "subjects": {("service", "99085001012000")}}
    asked_back = {**other, "clarification": True}
    failures: list[str] = []
    hits, wrong = _subject_fit(
        [q, q, q], [right, other, asked_back], lambda _q, reason: failures.append(reason)
    )
    assert hits == [1.0, 0.0, 0.0] and wrong == [0.0, 1.0, 0.0]
    assert len(failures) == 1 and failures[0].startswith("subject:")
