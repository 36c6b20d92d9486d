"""Runs the gold set through the assistant and computes the evaluation metrics (``lsa-assistant eval``).

The assistant answers every gold question once (hybrid retrieval, the production path). Retrieval-only
metrics are then recomputed per retrieval mode (dense, sparse, hybrid) on the *resolved* question text of each
answer's trace, so the value of each retrieval part is visible; ``with_direct`` variants put the answer's
direct look-ups first, as the assistant does.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from assistant.evaluation.gold import GoldQuestion, load_validated_gold
from assistant.evaluation.metrics import (
    MAX_TARGETS,
    TARGETS,
    CitationCheck,
    check_citations,
    citation_validity,
    latency_summary,
    mean,
    precision_recall,
    recall_at_k,
    reciprocal_rank,
    responsibility_hit,
    unmet_targets,
)
from assistant.evaluation.trace import cited_first, evidence_ranking
from corpora.ids import subject_of
from lsa_assistant.settings import Settings

MODES = ("dense", "sparse", "hybrid")
#: hits requested per retrieval-only search (MRR looks this deep; recall looks at the first five)
MODE_K = 10
MAX_FAILURES = 30
#: Gold tag of the questions about catalogue-only services (reported apart from the targets).
CATALOGUE_TAG = "catalogue"


def run_evaluation(
    settings: Settings,
    *,
    modes: tuple[str, ...] = ("hybrid",),
    assistant: Any = None,
    knowledge: Any = None,
    gold_path: Path | None = None,
    progress: bool = False,
    split: str | None = None,
) -> dict[str, Any]:
    """Answer every gold question and compute the metrics.

    :param modes: retrieval modes for the retrieval-only comparison (empty: skip it).
    :param assistant: an object with ``answer(messages) -> (Answer, AnswerTrace)`` (and optionally
        ``knowledge``, ``searcher``); built from ``settings`` when omitted, and then closed again.
    :param knowledge: the knowledge base; loaded from ``settings.corpus_dir`` when neither it nor the
        assistant provides one.
    :param progress: show a progress bar on stderr.
    :param split: only the gold questions of this split (``train``, ``dev``, ``test``); None: all.
    :returns: the result dict of :func:`main_eval`'s ``--json`` output.
    :raises GoldError: the gold set does not match the corpus.
    """
    own = assistant is None
    if own:
        from assistant.answering import Assistant

        assistant = Assistant(settings, knowledge=knowledge)
    try:
        if hasattr(assistant, "warm_up"):
            assistant.warm_up()
        kb = knowledge or getattr(assistant, "knowledge", None)
        if kb is None:
            from assistant.knowledge import load_knowledge_base

            kb = load_knowledge_base(settings.corpus_dir)
        questions = load_validated_gold(kb, gold_path)
        if split is not None:
            questions = [q for q in questions if q.split == split]
        chunks = {cid: doc.content or "" for cid, doc in kb.chunks.items()}
        records = [_answer_one(assistant, q, chunks) for q in _progress(questions, progress, "Gold-Fragen")]
        # Catalogue-only questions are scored on their own: the targets keep measuring what they measured
        # before the catalogue came in, and the catalogue's recall@5 is visible as a number of its own.
        core = [(q, r) for q, r in zip(questions, records, strict=True) if CATALOGUE_TAG not in q.tags]
        catalogue = [(q, r) for q, r in zip(questions, records, strict=True) if CATALOGUE_TAG in q.tags]
        result = _aggregate([q for q, _ in core], [r for _, r in core], same_subjects(kb))
        result["questions"] = len(questions)
        if catalogue:
            result["catalogue"] = _catalogue_summary(catalogue)
        result["modes"] = _compare_modes(
            getattr(assistant, "searcher", None), [q for q, _ in core], [r for _, r in core], modes
        )
        return result
    finally:
        if own:
            assistant.close()


def _progress(items: list[Any], enabled: bool, desc: str) -> Any:
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, file=sys.stderr, leave=False)


def _answer_one(assistant: Any, q: GoldQuestion, chunks: dict[str, str]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        answer, trace = assistant.answer(list(q.messages))
    except Exception as e:  # one broken answer must not hide the other 200 results
        return {
            "error": f"{type(e).__name__}: {e}",
            "seconds": {},
            "retrieved": [],
            "direct": [],
            "responsible": [],
            "intent": None,
            "no_answer": False,
            "citations": check_citations([], chunks, q.expected_fact),
            "resolved": q.question,
            "clarification": False,
            "subjects": set(),
        }
    wall = time.perf_counter() - started
    analysis = getattr(trace, "analysis", None)
    seconds = dict(getattr(trace, "seconds", {}) or {})
    seconds.setdefault("total", wall)
    return {
        "error": None,
        "seconds": seconds,
        "retrieved": evidence_ranking(answer, trace),
        "direct": [i for i in cited_first(answer) if i not in set(trace.retrieved_ids)],
        "responsible": [r.id for r in answer.responsible],
        "intent": answer.intent,
        "no_answer": bool(answer.no_answer),
        "clarification": bool(answer.clarification),
        "subjects": answered_subjects(answer),
        "citations": check_citations(
            [(c.document_id, c.quote) for c in answer.citations], chunks, q.expected_fact
        ),
        "resolved": (getattr(analysis, "resolved_text", None) or q.question),
    }


def _aggregate(
    questions: list[GoldQuestion], records: list[dict[str, Any]], same: Any = None
) -> dict[str, Any]:
    failures: list[dict[str, str]] = []
    recalls: list[float] = []
    rranks: list[float] = []
    resp_hits: list[float] = []
    intent_hits: list[float] = []
    checks: list[CitationCheck] = []
    no_answer_pairs: list[tuple[bool, bool]] = []

    def fail(q: GoldQuestion, reason: str) -> None:
        failures.append({"id": q.id, "reason": reason})

    for q, r in zip(questions, records, strict=True):
        if r["error"]:
            fail(q, f"error: {r['error']}")
        if q.expected_documents and not q.no_answer:
            hit = recall_at_k(r["retrieved"], q.expected_documents, 5)
            recalls.append(hit)
            rranks.append(reciprocal_rank(r["retrieved"], q.expected_documents))
            if not hit:
                fail(
                    q, f"recall@5 miss: expected one of {q.expected_documents[:3]}, got {r['retrieved'][:5]}"
                )
        if q.expected_responsible:
            ok = responsibility_hit(r["responsible"], q.expected_responsible)
            resp_hits.append(1.0 if ok else 0.0)
            if not ok:
                fail(q, f"responsible: expected {q.expected_responsible}, got {r['responsible']}")
        intent_hits.append(1.0 if r["intent"] == q.intent else 0.0)
        if r["intent"] != q.intent:
            fail(q, f"intent: expected {q.intent}, got {r['intent']}")
        check: CitationCheck = r["citations"]
        checks.append(check)
        if check.invalid:
            fail(q, "citation: " + "; ".join(check.invalid))
        if check.fact_supported is False:
            fail(q, f"fact: {q.expected_fact!r} is in no cited chunk")
        if q.intent != "smalltalk":  # a greeting is neither answered from sources nor a gap in them
            no_answer_pairs.append((q.no_answer, r["no_answer"]))
            if q.no_answer != r["no_answer"]:
                fail(q, f"no_answer: expected {q.no_answer}, got {r['no_answer']}")

    citation = citation_validity(checks)
    precision, recall = precision_recall(no_answer_pairs)
    subject_hits, wrong = _subject_fit(questions, records, fail, same)
    result: dict[str, Any] = {
        "questions": len(questions),
        "recall_at_5": mean(recalls),
        "mrr": mean(rranks),
        "responsibility_accuracy": mean(resp_hits),
        "citation_validity": citation["citation_validity"],
        "quote_validity": citation["quote_validity"],
        "fact_support": citation["fact_support"],
        "intent_accuracy": mean(intent_hits),
        "no_answer_precision": precision,
        "no_answer_recall": recall,
        "subject_accuracy": mean(subject_hits),
        "confident_wrong_rate": mean(wrong),
        "latency_ms": latency_summary(r["seconds"] for r in records),
        "counts": {
            "retrieval": len(recalls),
            "responsibility": len(resp_hits),
            "citations": int(citation["citations"] or 0),
            "facts": sum(1 for c in checks if c.fact_supported is not None),
            "no_answer_expected": sum(1 for e, _ in no_answer_pairs if e),
            "errors": sum(1 for r in records if r["error"]),
        },
        "targets": {**TARGETS, **{f"{k} (max)": v for k, v in MAX_TARGETS.items()}},
        "failures_total": len(failures),
        "failure_counts": dict(Counter(f["reason"].split(":")[0] for f in failures)),
        "failures": failures[:MAX_FAILURES],
    }
    result["unmet_targets"] = unmet_targets(result)
    return result


def same_subjects(kb: Any) -> Any:
    """subject -> the subjects that state the same responsibility: a service and its relation record."""
    from assistant.responsibility import ResponsibilityResolver

    resolver = ResponsibilityResolver(kb)

    def same(subject: tuple[str, str]) -> set[tuple[str, str]]:
        kind, ident = subject
        service = kb.service(ident) if kind == "service" else None
        relation = resolver.relation_for_service(service) if service is not None else None
        return {("topic", f"relation/{relation.id}")} if relation is not None else set()

    return same


def answered_subjects(answer: Any) -> set[tuple[str, str]]:
    """What the answer says it is about; for answers that declare nothing, the subjects of the cited chunks."""
    declared = {(s.kind, s.id) for s in getattr(answer, "subjects", [])}
    if declared:
        return declared
    cited = (subject_of(c.document_id) for c in answer.citations)
    return {(ref.kind, ref.id) for ref in cited if ref is not None}


def _subject_fit(
    questions: list[GoldQuestion],
    records: list[dict[str, Any]],
    fail: Any,
    same: Any = None,
) -> tuple[list[float], list[float]]:
    """Subject accuracy (the answer is about a subject of the expected chunks) and confident wrongness (answered,
    neither asked back nor declined, yet about the wrong subject, missing the responsible organisation or the
    fact, or answering where the sources do not).

    :param same: subject -> further subjects that state the same (a service's responsibility relation).
    """
    hits: list[float] = []
    wrong: list[float] = []
    for q, r in zip(questions, records, strict=True):
        if q.intent == "smalltalk":
            continue
        expected = {(ref.kind, ref.id) for d in q.expected_documents if (ref := subject_of(d)) is not None}
        expected |= {other for subject in list(expected) for other in (same(subject) if same else ())}
        answered = not r["no_answer"] and not r["clarification"] and not r["error"]
        subject_ok = bool(expected & r["subjects"])
        if expected and not q.no_answer:
            hits.append(1.0 if answered and subject_ok else 0.0)
            if answered and not subject_ok:
                fail(
                    q,
                    f"subject: expected one of {sorted(expected)[:3]}, answered about {sorted(r['subjects'])[:3]}",
                )
        bad_fact = r["citations"].fact_supported is False
        bad_responsible = bool(q.expected_responsible) and not responsibility_hit(
            r["responsible"], q.expected_responsible
        )
        mistaken = q.no_answer or (bool(expected) and not subject_ok) or bad_fact or bad_responsible
        wrong.append(1.0 if answered and mistaken else 0.0)
    return hits, wrong


def _catalogue_summary(pairs: list[tuple[GoldQuestion, dict[str, Any]]]) -> dict[str, Any]:
    """recall@5, MRR, intent accuracy, no-answer rate and citation validity of the catalogue questions."""
    questions = [q for q, _ in pairs]
    full = _aggregate(questions, [r for _, r in pairs])
    keys = ("recall_at_5", "mrr", "intent_accuracy", "citation_validity", "fact_support")
    summary = {key: full[key] for key in keys}
    summary["questions"] = len(questions)
    summary["no_answer_rate"] = mean(1.0 if r["no_answer"] else 0.0 for _, r in pairs)
    summary["failures"] = full["failures"]
    return summary


def _compare_modes(
    searcher: Any, questions: list[GoldQuestion], records: list[dict[str, Any]], modes: tuple[str, ...]
) -> dict[str, Any]:
    """recall@5 / MRR of pure retrieval per mode, and with the answer's direct look-ups ranked first."""
    out: dict[str, Any] = {}
    if not modes:
        return out
    if searcher is None or not hasattr(searcher, "search"):
        return {mode: {"error": "no searcher available"} for mode in modes}
    scored = [
        (q, r) for q, r in zip(questions, records, strict=True) if q.expected_documents and not q.no_answer
    ]
    for mode in modes:
        plain: list[tuple[float, float]] = []
        direct: list[tuple[float, float]] = []
        started = time.perf_counter()
        try:
            for q, r in scored:
                hits = searcher.search(r["resolved"], k=MODE_K, mode=mode).hits
                ids = [h.id for h in hits]
                plain.append(
                    (recall_at_k(ids, q.expected_documents, 5), reciprocal_rank(ids, q.expected_documents))
                )
                merged = r["direct"] + [i for i in ids if i not in r["direct"]]
                direct.append(
                    (
                        recall_at_k(merged, q.expected_documents, 5),
                        reciprocal_rank(merged, q.expected_documents),
                    )
                )
        except TypeError as e:  # a searcher without the ``mode`` parameter
            out[mode] = {"error": f"retrieval mode not supported: {e}"}
            continue
        out[mode] = {
            "recall_at_5": mean(p[0] for p in plain),
            "mrr": mean(p[1] for p in plain),
            "recall_at_5_with_direct": mean(d[0] for d in direct),
            "mrr_with_direct": mean(d[1] for d in direct),
            "questions": len(plain),
            "ms_per_query": (time.perf_counter() - started) * 1000 / max(len(plain), 1),
        }
    return out


def _fmt(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, (int, float)) else "n/a"


#: The metric rows of the report: label, key in the result.
_REPORT_ROWS = (
    ("recall@5", "recall_at_5"),
    ("MRR", "mrr"),
    ("Zuständigkeit / responsibility accuracy", "responsibility_accuracy"),
    ("Zitate / citation validity", "citation_validity"),
    ("  davon Zitat exakt / quote validity", "quote_validity"),
    ("  davon Fakt belegt / fact support", "fact_support"),
    ("Absicht / intent accuracy", "intent_accuracy"),
    ("Keine Antwort: Präzision / no-answer precision", "no_answer_precision"),
    ("Keine Antwort: Recall / no-answer recall", "no_answer_recall"),
    ("Thema getroffen / subject accuracy", "subject_accuracy"),
    ("Sicher falsch / confident_wrong_rate", "confident_wrong_rate"),
)


def _goal(key: str) -> str:
    """A metric's target as the report states it: ``≥`` a minimum (``=`` where the minimum is 1.0, which only
    equality meets), ``≤`` a maximum, nothing for metrics without a target."""
    if key in MAX_TARGETS:
        return f"≤ {MAX_TARGETS[key]}"
    if key in TARGETS:
        return f"{'=' if TARGETS[key] == 1.0 else '≥'} {TARGETS[key]}"
    return ""


def render_report(result: dict[str, Any]) -> str:
    """A terminal table of the metrics (German labels, English metric names)."""
    rows = [("Fragen / questions", str(result.get("questions")), "")]
    rows += [(label, _fmt(result.get(key)), _goal(key)) for label, key in _REPORT_ROWS]
    catalogue = result.get("catalogue") or {}
    if catalogue:
        rows.append(
            (
                f"recall@5 Leistungskatalog ({catalogue.get('questions')} Fragen, separat)",
                _fmt(catalogue.get("recall_at_5")),
                "",
            )
        )
    width = max(len(r[0]) for r in rows)
    lines = ["LSA Assistant – Evaluation auf dem Gold-Fragensatz", ""]
    lines += [f"{name:<{width}}  {value:>7}  {target}" for name, value, target in rows]
    modes = result.get("modes") or {}
    if modes:
        lines += [
            "",
            "Retrieval-Modi (nur Suche | mit Direktzugriff):",
            f"{'mode':<8} {'recall@5':>9} {'MRR':>7} | {'recall@5':>9} {'MRR':>7}  ms/query",
        ]
        for mode, m in modes.items():
            if "error" in m:
                lines.append(f"{mode:<8} {m['error']}")
                continue
            lines.append(
                f"{mode:<8} {_fmt(m['recall_at_5']):>9} {_fmt(m['mrr']):>7} | "
                f"{_fmt(m['recall_at_5_with_direct']):>9} {_fmt(m['mrr_with_direct']):>7}  "
                f"{m['ms_per_query']:.1f}"
            )
    latency = result.get("latency_ms") or {}
    if latency:
        lines += ["", "Latenz je Schritt / latency per stage (ms):", f"{'stage':<14} {'p50':>8} {'p95':>8}"]
        lines += [f"{stage:<14} {_fmt(v['p50']):>8} {_fmt(v['p95']):>8}" for stage, v in latency.items()]
    failures = result.get("failures") or []
    if failures:
        lines += [
            "",
            f"Fehlschläge / failures ({result.get('failures_total', len(failures))}, first {len(failures)}):",
        ]
        lines += [f"- {f['id']}: {f['reason']}" for f in failures]
    unmet = result.get("unmet_targets") or []
    lines += [
        "",
        "Ziele erreicht / targets met."
        if not unmet
        else "Ziele verfehlt / targets missed: " + "; ".join(unmet),
    ]
    return "\n".join(lines)


def main_eval(settings: Settings, as_json: bool = False, split: str | None = None) -> int:
    """``lsa-assistant eval [--json] [--split S]``: print the metrics; exit code 0 when all targets hold, else 1."""
    result = run_evaluation(settings, modes=MODES, progress=True, split=split)
    result["split"] = split or "all"
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(render_report(result))
    sys.stdout.flush()
    return 0 if not result["unmet_targets"] else 1
