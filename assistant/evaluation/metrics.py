"""Pure metric functions for the gold-set evaluation (no I/O, no models; unit-tested on hand-made data)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

#: Targets of the product brief (issue 4, "Evaluation"); ``citation_validity`` must be exactly 1.0.
TARGETS: dict[str, float] = {
    "recall_at_5": 0.95,
    "responsibility_accuracy": 0.95,
    "citation_validity": 1.0,
    "no_answer_precision": 0.95,
    "no_answer_recall": 0.95,
    "subject_accuracy": 0.95,
}
#: Metrics that must stay *at or below* their target (issue 12: confidently wrong answers are the worst failure).
MAX_TARGETS: dict[str, float] = {"confident_wrong_rate": 0.02}


def recall_at_k(retrieved: Sequence[str], expected: Iterable[str], k: int = 5) -> float:
    """1.0 when any expected id is among the first ``k`` retrieved ids, else 0.0."""
    wanted = set(expected)
    return 1.0 if any(doc_id in wanted for doc_id in list(retrieved)[:k]) else 0.0


def reciprocal_rank(retrieved: Sequence[str], expected: Iterable[str]) -> float:
    """1 / rank of the first expected id in ``retrieved`` (0.0 when none is retrieved)."""
    wanted = set(expected)
    for rank, doc_id in enumerate(retrieved, start=1):
        if doc_id in wanted:
            return 1.0 / rank
    return 0.0


def mean(values: Iterable[float]) -> float | None:
    """Arithmetic mean, ``None`` for no values (a metric that does not apply is not 0)."""
    items = list(values)
    return sum(items) / len(items) if items else None


def responsibility_hit(responsible_ids: Iterable[str], expected: Iterable[str]) -> bool:
    """All expected organisation ids are named (case-insensitive, so ``mid`` matches ``MID``)."""
    named = {i.casefold() for i in responsible_ids}
    return all(e.casefold() in named for e in expected)


@dataclass(frozen=True)
class CitationCheck:
    """Citation findings for one answer."""

    total: int  # citations in the answer
    valid_quotes: int  # quote is an exact substring of the cited chunk
    fact_supported: bool | None  # None when no fact is expected
    invalid: tuple[str, ...] = ()  # "document_id: reason" for each bad citation


def check_citations(
    citations: Iterable[tuple[str, str]], chunks: Mapping[str, str], expected_fact: str | None = None
) -> CitationCheck:
    """Check ``(document_id, quote)`` pairs against the indexed chunk texts.

    :param chunks: chunk id -> indexed text.
    :param expected_fact: a string at least one cited chunk must contain.
    """
    pairs = list(citations)
    valid = 0
    invalid: list[str] = []
    for doc_id, quote in pairs:
        text = chunks.get(doc_id)
        if text is None:
            invalid.append(f"{doc_id}: unknown chunk")
        elif not quote or quote not in text:
            invalid.append(f"{doc_id}: quote is not an exact span")
        else:
            valid += 1
    supported: bool | None = None
    if expected_fact is not None:
        supported = any(expected_fact in chunks.get(doc_id, "") for doc_id, _ in pairs)
    return CitationCheck(
        total=len(pairs), valid_quotes=valid, fact_supported=supported, invalid=tuple(invalid)
    )


def citation_validity(checks: Iterable[CitationCheck]) -> dict[str, float | None]:
    """Aggregate citation checks.

    ``quote_validity``: valid quotes / all citations. ``fact_support``: share of answers expected to state a
    fact whose citations include a chunk containing it. ``citation_validity`` (the target metric) counts
    citations that have a valid quote *and* belong to an answer whose fact (if any) is supported; an answer
    that should state a fact but cites nothing counts as one invalid citation, so missing evidence cannot
    look perfect.
    """
    items = list(checks)
    total = sum(c.total for c in items)
    valid = sum(c.valid_quotes for c in items)
    good = 0
    denominator = 0
    for c in items:
        if c.fact_supported is False and c.total == 0:
            denominator += 1
            continue
        denominator += c.total
        if c.fact_supported is not False:
            good += c.valid_quotes
    fact_checks = [c.fact_supported for c in items if c.fact_supported is not None]
    return {
        "citation_validity": good / denominator if denominator else None,
        "quote_validity": valid / total if total else None,
        "fact_support": mean(1.0 if f else 0.0 for f in fact_checks),
        "citations": float(total),
    }


def precision_recall(pairs: Iterable[tuple[bool, bool]]) -> tuple[float | None, float | None]:
    """Precision and recall of a binary decision from ``(expected, predicted)`` pairs.

    Precision with no positive prediction is 1.0 when nothing was expected either, else 0.0 (an assistant
    that never says "I don't know" must not pass); ``None`` only when there are no pairs at all.
    """
    items = list(pairs)
    if not items:
        return None, None
    tp = sum(1 for e, p in items if e and p)
    predicted = sum(1 for _, p in items if p)
    expected = sum(1 for e, _ in items if e)
    precision = tp / predicted if predicted else (1.0 if expected == 0 else 0.0)
    recall = tp / expected if expected else 1.0
    return precision, recall


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (``q`` in 0..100), ``None`` for no values."""
    if not values:
        return None
    ordered = sorted(values)
    if len(ordered) == 1:
        return float(ordered[0])
    pos = (len(ordered) - 1) * q / 100.0
    lower, upper = math.floor(pos), math.ceil(pos)
    return float(ordered[lower] + (ordered[upper] - ordered[lower]) * (pos - lower))


def latency_summary(samples: Iterable[Mapping[str, float]]) -> dict[str, dict[str, float | None]]:
    """p50 / p95 / max in milliseconds per stage from per-question ``{stage: seconds}`` mappings."""
    by_stage: dict[str, list[float]] = {}
    for sample in samples:
        for stage, seconds in sample.items():
            by_stage.setdefault(stage, []).append(float(seconds) * 1000.0)
    return {
        stage: {
            "p50": percentile(values, 50),
            "p95": percentile(values, 95),
            "max": max(values),
            "n": len(values),
        }
        for stage, values in sorted(by_stage.items())
    }


def unmet_targets(
    result: Mapping[str, object],
    targets: Mapping[str, float] = TARGETS,
    maxima: Mapping[str, float] | None = None,
) -> list[str]:
    """Human-readable list of targets that do not hold (a missing metric does not hold).

    :param maxima: metrics that must not exceed their value (default :data:`MAX_TARGETS` when ``targets`` is
        the default).
    """
    maxima = MAX_TARGETS if maxima is None and targets is TARGETS else (maxima or {})
    failed = []
    for name, target in targets.items():
        value = result.get(name)
        if not isinstance(value, (int, float)) or value < target:
            shown = f"{value:.3f}" if isinstance(value, (int, float)) else "n/a"
            failed.append(f"{name} = {shown} < {target}")
    for name, limit in maxima.items():
        value = result.get(name)
        if not isinstance(value, (int, float)) or value > limit:
            shown = f"{value:.3f}" if isinstance(value, (int, float)) else "n/a"
            failed.append(f"{name} = {shown} > {limit}")
    return failed
