"""Training examples from the gold set (train and dev splits only) and from the corpus.

A gold entry says which chunks answer it; the subjects of those chunks are the right candidates (a service
question that names its service card, relation and authority type accepts any of the three subjects). The
aspect is read off the first expected chunk's module. The test split never enters here.
"""

from __future__ import annotations

from assistant.evaluation.gold import GoldQuestion
from assistant.understand.training.generate import Example
from corpora.base import SourceKind
from corpora.ids import is_of, subject_of

#: FIM module -> the aspect a question about it asks.
MODULE_ASPECTS = {
    "kosten": "kosten",
    "unterlagen": "unterlagen",
    "fristen": "fristen",
    "voraussetzungen": "voraussetzungen",
    "verfahrensablauf": "ablauf",
    "rechtsgrundlagen": "rechtsgrundlagen",
    "zustaendige-stelle": "zustaendigkeit",
    "karte": "zustaendigkeit",
}
TRAINING_SPLITS = frozenset({"train", "dev"})


def gold_examples(questions: list[GoldQuestion], splits: frozenset[str] = TRAINING_SPLITS) -> list[Example]:
    """Examples from the gold entries of ``splits`` (never ``test``)."""
    if "test" in splits:
        raise ValueError("the test split is for measuring only")
    out: list[Example] = []
    for q in questions:
        if q.split not in splits:
            continue
        subjects = frozenset(ref for d in q.expected_documents if (ref := subject_of(d)) is not None)
        if q.no_answer:
            subjects = frozenset()
        aspect = "allgemein"
        if q.intent == "responsibility":
            aspect = "zustaendigkeit"
        elif q.expected_documents and is_of(q.expected_documents[0], SourceKind.FIM):
            module = q.expected_documents[0].split("/")[2] if q.expected_documents[0].count("/") >= 2 else ""
            aspect = MODULE_ASPECTS.get(module, "allgemein")
        out.append(Example(q.id, list(q.messages), q.intent, aspect, subjects, source=f"gold-{q.split}"))
    return out
