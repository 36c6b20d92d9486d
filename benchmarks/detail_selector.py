"""The detail selector on questions it was not trained on: leave one retired blind set out.

For each retired blind set, the selector is trained on the gold *train* split and the other retired sets, then asked
about this set's questions that expect a service: does the sentence it would quote carry the expected fact, and how
many sentences does it quote where the question asks nothing beyond the service (no fact)? Side by side with the
old path, a logistic regression over the per-sentence signs alone, trained on questions with a fact only and quoted
from 0.2 likely. The quoting rule itself is the finder's (``DetailFinder._selected``); only the models differ.
Held-out blind sets and the gold dev and test splits are never read.

Needs a built index (the sentence vectors and the query model): run ``lsa-assistant index`` first.

Usage:  .venv/bin/python benchmarks/detail_selector.py [--out docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from assistant.answering import Assistant  # noqa: E402
from assistant.citations import shorten  # noqa: E402
from assistant.compose.detail import DetailFinder  # noqa: E402
from assistant.compose.detail_training import TrainingGroup  # noqa: E402
from benchmarks.report import publish  # noqa: E402
from lsa_assistant.settings import Settings  # noqa: E402

MARK_BEGIN = "<!-- bench:detail-selector:begin -->"
MARK_END = "<!-- bench:detail-selector:end -->"
#: The old path's quoting threshold (the finder's SELECT_MIN before the trees).
OLD_SELECT_MIN = 0.2


@dataclass
class Group:
    """One known answer as the selector learns from it (``TrainingGroup``), with where it comes from."""

    tag: str  # "gold" or the retired set's folder
    group: TrainingGroup
    shortened: list[str]  # the sentences as the finder quotes them


class OldPath:
    """A standardised logistic regression over the per-sentence signs (the columns before the comparisons with
    the service's other sentences), as the selector was before the trees."""

    def __init__(self, groups: list[Group], columns: int) -> None:
        from sklearn.linear_model import LogisticRegression

        x = np.vstack([g.group.features[:, :columns] for g in groups])
        y = np.concatenate([g.group.labels for g in groups])
        self.columns, self.mean, self.scale = columns, x.mean(axis=0), x.std(axis=0)
        self.scale[self.scale == 0] = 1.0
        self.model = LogisticRegression(C=1.0, max_iter=5000).fit((x - self.mean) / self.scale, y)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        x = (features[:, : self.columns] - self.mean) / self.scale
        return self.model.predict_proba(x)[:, 1]


def build_groups(settings: Settings) -> tuple[list[Group], Assistant]:
    """Every known answer of the gold train split and the retired sets, built as the selector's training does."""
    from assistant.compose.detail_training import blind_answers, gold_answers, training_groups
    from assistant.evaluation.blind import load_blind, retired_files
    from assistant.evaluation.gold import load_gold

    assistant = Assistant(settings)
    assistant.warm_up()
    finder = assistant.composer.details

    def question_of(messages: list) -> str:  # as the assistant's own training reads a question
        analysis = assistant.analyzer.analyze(messages)
        return analysis.resolved_text or analysis.text

    def embed(texts: list[str]) -> np.ndarray:
        return assistant.searcher.embed_texts(texts, prefix="query: ")

    tagged = [("gold", gold_answers(load_gold()))]
    tagged += [(path.parent.name, blind_answers(load_blind(path))) for path in retired_files()[1:]]
    groups = []
    for tag, answers in tagged:
        for g in training_groups(answers, finder, question_of, embed):
            shortened = [shorten(s) for _, s, _ in finder.sentences_of(g.service)]
            groups.append(Group(tag, g, shortened))
    return groups, assistant


def evaluate(groups: list[Group], finder: DetailFinder) -> dict[str, dict[str, float]]:
    """Per path: over the held-out questions with a fact, the fact's sentence first (top 1) and quoted; quotes per
    question with and without a fact."""
    from assistant.compose.detail import SELECT_MIN
    from assistant.compose.detail_selector import FEATURES, DetailSelector

    columns = FEATURES.index("asked_weight_gap")
    tallies: dict[str, dict[str, list[float]]] = {"old": {}, "trees": {}}
    for tag in sorted({g.tag for g in groups} - {"gold"}):
        train = [g for g in groups if g.tag != tag]
        test = [g for g in groups if g.tag == tag]
        models = {
            "old": (OldPath([g for g in train if g.group.labels.any()], columns), OLD_SELECT_MIN),
            "trees": (DetailSelector.fit([(g.group.features, g.group.labels) for g in train]), SELECT_MIN),
        }
        for name, (model, select_min) in models.items():
            kept, finder.selector = finder.selector, model
            try:
                for test_group in test:
                    g = test_group.group
                    chosen = finder._selected(g.service, g.question, g.scores, "", select_min)  # noqa: SLF001
                    quoted = {d.sentence for d in chosen}
                    kind = "fact" if g.labels.any() else "nofact"
                    t = tallies[name]
                    t.setdefault(f"{kind}_quotes", []).append(len(chosen))
                    if kind == "fact":
                        best = int(np.argmax(model.probabilities(g.features)))
                        t.setdefault("top1", []).append(float(g.labels[best]))
                        hit = any(test_group.shortened[i] in quoted for i in np.flatnonzero(g.labels))
                        t.setdefault("quoted", []).append(float(hit))
            finally:
                finder.selector = kept
    return {name: {k: float(np.mean(v)) for k, v in t.items()} | {"n_fact": len(t["top1"]),
                                                                  "n_nofact": len(t["nofact_quotes"])}
            for name, t in tallies.items()}  # fmt: skip


def render(result: dict[str, dict[str, float]], sets: int, command: str) -> str:
    old, new = result["old"], result["trees"]
    lines = [
        MARK_BEGIN,
        "## Detail selector: held-out retired sets, old path vs trees (issue 12)",
        "",
        f"Command: `{command}` — {time.strftime('%Y-%m-%d')}. Leave one of {sets} retired blind sets out at a "
        f"time (trained on the gold train split and the other sets); {int(new['n_fact'])} questions with a fact "
        f"in a sentence of their service, {int(new['n_nofact'])} that expect the service and no fact.",
        "",
        "| path | fact's sentence ranked first | fact's sentence quoted | quotes, questions with a fact | "
        "quotes, questions without |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, r in (("logistic regression, signs only, from 0.2 (old)", old), ("boosted trees (now)", new)):
        lines.append(
            f"| {label} | {r['top1']:.3f} | {r['quoted']:.3f} | {r['fact_quotes']:.2f} | "
            f"{r['nofact_quotes']:.2f} |"
        )
    lines.append(MARK_END)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="Markdown file to update (section markers)")
    args = parser.parse_args()
    groups, assistant = build_groups(Settings())
    try:
        result = evaluate(groups, assistant.composer.details)
    finally:
        assistant.close()
    sets = len({g.tag for g in groups} - {"gold"})
    return publish(render(result, sets, "python benchmarks/detail_selector.py"), args.out)


if __name__ == "__main__":
    sys.exit(main())
