"""The blind-set scorer: outcome, subject fit and confident-wrong answers, on hand-made answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evaluation.blind import BlindQuestion, load_blind, score_one, summarize
from assistant.evaluation.gold import GoldError
from assistant.models import Answer, Citation, Responsible

KEY = "99008001012000"


def _q(expect: dict, kind: str = "service", parts: list[dict] | None = None) -> BlindQuestion:
    return BlindQuestion.model_validate(
        {
            "id": "b-1",
            "kind": kind,
            "messages": [{"role": "user", "content": "Was kostet ein Perso?"}],
            "expect": expect,
            "parts": parts or [],
        }
    )


def _answer(text: str = "Kosten: 37,00 Euro", docs: tuple[str, ...] = (), **kw) -> Answer:
    citations = [
        Citation(id=i, label=d, source=d.split("/")[0], document_id=d, quote="x")
        for i, d in enumerate(docs, start=1)
    ]
    return Answer(answer=text, intent=kw.pop("intent", "service"), citations=citations, **kw)


def test_blind_right_subject_and_fact_is_correct() -> None:
    record = score_one(_q({"services": [KEY], "fact": "37,00"}), _answer(docs=(f"fim/{KEY}/kosten",)))
    assert record["correct"] and not record["wrong"]


def test_blind_wrong_subject_with_valid_citation_is_confidently_wrong() -> None:
    record = score_one(_q({"services": [KEY]}), _answer(docs=("fim/99085001012000/kosten",)))
    assert not record["correct"] and record["wrong"]


def test_blind_missing_fact_is_a_miss_not_confidently_wrong() -> None:
    record = score_one(_q({"services": [KEY], "fact": "46,00"}), _answer(docs=(f"fim/{KEY}/kosten",)))
    assert not record["correct"] and not record["wrong"]


def test_blind_answer_where_decline_expected_is_confidently_wrong() -> None:
    assert score_one(_q({"outcome": "decline"}), _answer())["wrong"]
    declined = _answer("Dazu enthalten meine Quellen keine Antwort.", no_answer=True)
    assert score_one(_q({"outcome": "decline"}), declined)["correct"]


def test_blind_clarify_accepts_a_question_back_or_one_of_the_candidates() -> None:
    q = _q({"outcome": "clarify", "services": [KEY, "99085001012000"]})
    assert score_one(q, _answer("Welche meinen Sie?", clarification=["A", "B"]))["correct"]
    assert score_one(q, _answer(docs=(f"fim/{KEY}/karte",)))["correct"]
    other = score_one(q, _answer(docs=("fim/99115005104000/karte",)))
    assert other["wrong"] and not other["correct"]


def test_blind_responsible_and_paragraph_checks() -> None:
    answer = _answer(
        "Zuständig ist das MID.",
        docs=("egovg-lsa/§17/abs1",),
        intent="responsibility",
        responsible=[Responsible(id="MID", name="Ministerium", kind="ministry")],
    )
    assert score_one(_q({"ministries": ["MID"], "paragraph": "§ 17 Abs. 1"}), answer)["correct"]
    assert score_one(_q({"ministries": ["MI"]}), answer)["wrong"]
    assert score_one(_q({"paragraph": "§ 9"}), answer)["wrong"]


def test_blind_multi_part_needs_every_part() -> None:
    answer = _answer(
        "…", intent="responsibility", responsible=[Responsible(id="MI", name="MI", kind="ministry")]
    )
    q = _q({}, kind="multi_part", parts=[{"ministries": ["MI"]}, {"ministries": ["MF"]}])
    assert score_one(q, answer)["wrong"]


def test_blind_summary_shares() -> None:
    records = [
        {"kind": "a", "outcome": "answer", "correct": True, "wrong": False},
        {"kind": "a", "outcome": "answer", "correct": False, "wrong": True},
        {"kind": "b", "outcome": "decline", "correct": False, "wrong": False},
    ]
    summary = summarize(records)
    assert summary["correct"] == pytest.approx(1 / 3)
    assert summary["confident_wrong_rate"] == pytest.approx(1 / 3)
    assert summary["by_kind"]["a"] == {"n": 2, "correct": 0.5, "wrong": 1}


def test_blind_loader_names_the_bad_entry(tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    path.write_text("- id: x1\n  kind: service\n  messages: []\n", encoding="utf-8")
    with pytest.raises(GoldError, match="x1"):
        load_blind(path)


def test_blind_place_counts_by_its_official_or_its_common_name() -> None:
    q = _q({"services": [KEY], "place": "Halle (Saale), Stadt"})
    docs = (f"fim/{KEY}/karte",)
    assert score_one(q, _answer("Für Halle (Saale) zuständig: …", docs=docs))["correct"]
    assert score_one(q, _answer("Für die Stadt Halle (Saale), Stadt: …", docs=docs))["correct"]
    missed = score_one(q, _answer("Für Magdeburg zuständig: …", docs=docs))
    assert not missed["correct"] and not missed["wrong"]


def test_retired_sets_are_read_from_their_listing_only(tmp_path: Path) -> None:
    from assistant.evaluation.blind import retired_files, retired_questions

    for name in ("old", "new"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "questions.yaml").write_text(
            f"- id: {name}-1\n  kind: service\n  messages: [{{role: user, content: 'Frage?'}}]\n",
            encoding="utf-8",
        )
    assert retired_files(tmp_path) == [] and retired_questions(tmp_path) == []
    (tmp_path / "retired.yaml").write_text("sets: [old]\n", encoding="utf-8")
    assert [q.id for q in retired_questions(tmp_path)] == ["old-1"]  # the held-out set "new" is never read
    assert retired_files(tmp_path)[0].name == "retired.yaml"
    (tmp_path / "retired.yaml").write_text("sets: [old, new]\n", encoding="utf-8")
    # a retired set left out (a model trained without it is measured on it)
    assert [q.id for q in retired_questions(tmp_path, without={"new"})] == ["old-1"]
    assert [q.id for q in retired_questions(tmp_path, without={"old"})] == ["new-1"]
    with pytest.raises(TypeError):
        retired_questions(tmp_path, without="old")


def test_the_project_retires_no_held_out_set() -> None:
    """The listing names sets that exist; the newest set is always held out."""
    from assistant.evaluation.blind import BLIND_ROOT, retired_files

    files = retired_files()
    assert files and all(f.exists() for f in files)
    newest = max(p.name for p in BLIND_ROOT.iterdir() if p.is_dir())
    assert all(newest not in str(f) for f in files)
