"""What the answer threshold trades, measured out of sample: right answers against confidently wrong ones.

The decision layer answers when the best subject's calibrated probability (times the question's in-scope
probability, see ``assistant.understand.decision.answerable``) reaches ``ANSWER_MIN``; below it, it declines with
the referral. Between ``ANSWER_MIN`` and ``CONFIRM_MIN`` it asks back "Meinen Sie …?" instead of answering; each
``--confirm`` value is measured as a row with the shipped ``ANSWER_MIN``. Measured on the gold set alone the
threshold looks free to move, because the model learned from most of it. Here a decision model is trained *without*
some retired blind sets (by default the five retired last) and answers them at each threshold: its subjects are out
of sample. Not everything is: the shipped detail selector, which picks the quoted sentence, learned from these sets
too (so "right" is optimistic), and their failures have been read. The shipped decision model answers the whole gold
set at each threshold, as CI's floors see it (``tests/assistant/test_evaluation.py``).

Needs a built index: run ``lsa-assistant index`` first. Trains the held-back model on a copy of the index (a few
minutes on two cores; the shipped one as well where the stored model is stale), then answers the sets once per
threshold; nothing in the data directory changes.

Usage:  .venv/bin/python benchmarks/decision_thresholds.py [--without 2026-12-05-k ...] [--seed 13]
            [--thresholds 0.35 0.45 0.55 0.65] [--confirm 0.45 0.55] [--out docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import assistant.understand.decision as decision  # noqa: E402
from assistant.answering import Assistant  # noqa: E402
from assistant.evaluation.blind import retired_files, run_blind  # noqa: E402
from assistant.evaluation.runner import run_evaluation  # noqa: E402
from assistant.understand.training import train_decision_model  # noqa: E402
from benchmarks.decision_seeds import data_copy  # noqa: E402
from benchmarks.report import publish  # noqa: E402
from lsa_assistant.settings import Settings  # noqa: E402

MARK_BEGIN = "<!-- bench:decision-thresholds:begin -->"
MARK_END = "<!-- bench:decision-thresholds:end -->"
#: How many of the retired sets, the last retired first, are held back by default.
HOLD_BACK = 5
GOLD_KEYS = ("no_answer_precision", "subject_accuracy", "responsibility_accuracy", "confident_wrong_rate")


def last_retired(count: int = HOLD_BACK) -> list[Path]:
    """The question files of the ``count`` sets retired last (the listing's order)."""
    return retired_files()[1:][-count:]


def answer_sets(assistant: Assistant, paths: list[Path]) -> dict[str, int]:
    """Questions, right, confidently wrong, declined and asked back over the sets."""
    counts = {"n": 0, "right": 0, "wrong": 0, "declined": 0, "asked": 0}
    for path in paths:
        result = run_blind(assistant, path)
        counts["n"] += result["questions"]
        counts["right"] += round(result["correct"] * result["questions"])
        counts["wrong"] += round(result["confident_wrong_rate"] * result["questions"])
        counts["declined"] += result["outcomes"].get("decline", 0)
        counts["asked"] += result["outcomes"].get("clarify", 0)
    return counts


def measure(
    settings: Settings,
    paths: list[Path],
    bounds: list[tuple[float, float]],
    seed: int,
    scratch: Path,
) -> list[dict[str, float]]:
    """One row per (``ANSWER_MIN``, ``CONFIRM_MIN``): the held-back sets answered by the model trained without
    them, the whole gold set by the shipped model."""
    copy = data_copy(settings, scratch / "data")
    if (settings.data_dir / "decision").is_dir():  # the shipped model: loaded, not trained again
        shutil.copytree(settings.data_dir / "decision", copy / "decision")
    seeded = settings.model_copy(update={"data_dir": copy, "decision_seed": seed})
    assistant = Assistant(seeded)
    shipped = (decision.ANSWER_MIN, decision.CONFIRM_MIN)
    rows = []
    try:
        assistant.warm_up()
        understander = assistant.understander
        names = [p.parent.name for p in paths]
        shipped_model = understander.model
        held_back_model = train_decision_model(
            assistant.knowledge,
            understander,
            seed,
            limit=0,
            jobs=settings.decision_training_jobs,
            blind=True,
            without=names,
        )
        for answer_min, confirm_min in bounds:
            decision.ANSWER_MIN, decision.CONFIRM_MIN = answer_min, confirm_min
            understander.model = held_back_model
            counts = answer_sets(assistant, paths)
            understander.model = shipped_model
            gold = run_evaluation(seeded, modes=(), assistant=assistant)
            rows.append(
                {"threshold": answer_min, "confirm": confirm_min} | counts | {k: gold[k] for k in GOLD_KEYS}
            )
            print(f"{answer_min} / {confirm_min} done", file=sys.stderr, flush=True)
    finally:
        decision.ANSWER_MIN, decision.CONFIRM_MIN = shipped
        assistant.close()
    return rows


def bounds_of(
    thresholds: list[float], confirms: list[float], shipped: tuple[float, float]
) -> list[tuple[float, float]]:
    """The (``ANSWER_MIN``, ``CONFIRM_MIN``) pairs to measure: each threshold with the shipped band (empty where
    the threshold reaches it), then each band above the shipped threshold."""
    answer_min, confirm_min = shipped
    pairs = [(t, max(t, confirm_min)) for t in thresholds]
    pairs += [(answer_min, max(answer_min, c)) for c in confirms]
    return sorted(set(pairs))


def table(rows: list[dict[str, float]], shipped: tuple[float, float]) -> str:
    head = ["ANSWER_MIN", "CONFIRM_MIN", "held back: right", "confidently wrong", "declined", "asked back"]
    head += [f"whole gold {k}" for k in GOLD_KEYS]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        mark = " (shipped)" if (row["threshold"], row["confirm"]) == shipped else ""
        cells = [
            f"{row['threshold']:.2f}{mark}",
            f"{row['confirm']:.2f}",
            f"{row['right']} / {row['n']}",
            str(row["wrong"]),
            str(row["declined"]),
            str(row["asked"]),
        ]
        cells += [f"{row[k]:.3f}" for k in GOLD_KEYS]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--without", nargs="+", help="retired sets to hold back (default: the five retired last)"
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.35, 0.45, 0.55, 0.65])
    parser.add_argument(
        "--confirm",
        type=float,
        nargs="*",
        default=[],
        help="upper bounds of the ask-back band, each measured at the shipped ANSWER_MIN",
    )
    parser.add_argument(
        "--out", type=Path, help="publish the table into this Markdown file between the markers"
    )
    args = parser.parse_args()
    settings = Settings()
    retired = retired_files()[1:]
    if unknown := set(args.without or ()) - {p.parent.name for p in retired}:
        parser.error(f"not retired (tests/eval/blind/retired.yaml): {', '.join(sorted(unknown))}")
    paths = [p for p in retired if p.parent.name in args.without] if args.without else last_retired()
    shipped = (decision.ANSWER_MIN, decision.CONFIRM_MIN)
    bounds = bounds_of(args.thresholds, args.confirm, shipped)
    with tempfile.TemporaryDirectory(prefix="decision-thresholds-") as tmp:
        rows = measure(settings, paths, bounds, args.seed, Path(tmp))
    names = " ".join(p.parent.name for p in paths)
    report = "\n".join(
        [
            MARK_BEGIN,
            "## Answer threshold, out of sample (issue 12)",
            "",
            f"Command: `python benchmarks/decision_thresholds.py --without {names} --seed {args.seed}"
            + f" --thresholds {' '.join(map(str, args.thresholds))}"
            + (f" --confirm {' '.join(map(str, args.confirm))}" if args.confirm else "")
            + "` — "
            f"{time.strftime('%Y-%m-%d')}. A decision model trained without the held-back retired sets answers "
            "them at each threshold; the shipped model answers the whole gold set, as CI's floors see it.",
            "",
            table(rows, shipped),
            MARK_END,
        ]
    )
    return publish(report, args.out)


if __name__ == "__main__":
    sys.exit(main())
