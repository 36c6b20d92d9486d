"""What the evaluation reads off an answer and its trace: the ranking of the chunks the answer rests on.

The assistant's trace keeps retrieval as it happened (the fused hits, best first). For recall@5 and MRR the
evaluation puts the chunks the answer cites first (at most :data:`CITED_FIRST`), as a reader sees them: they are
what the decision chose, like the direct look-ups of earlier versions, followed by the remaining hits.
"""

from __future__ import annotations

from typing import Any

CITED_FIRST = 3


def cited_first(answer: Any) -> list[str]:
    """The first cited chunks, in citation order, without repeats."""
    return list(dict.fromkeys(c.document_id for c in answer.citations))[:CITED_FIRST]


def evidence_ranking(answer: Any, trace: Any) -> list[str]:
    """Cited chunks first, then the retrieval hits not already listed."""
    cited = cited_first(answer)
    return list(dict.fromkeys([*cited, *(str(i) for i in trace.retrieved_ids)]))
