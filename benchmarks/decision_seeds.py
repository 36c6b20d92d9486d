"""How much an evaluation figure owes to the decision model's draw: the same model trained with several seeds.

The decision model's training is deterministic per seed (``LSA_DECISION_SEED``), but the seed picks which generated
questions it sees and the folds (the trees keep no validation split since round 19): another seed is another draw
of the same model. Each seed here trains its own model beside a copy of the index (nothing in the data directory
changes) and answers the held-out blind sets (those not listed in ``tests/eval/blind/retired.yaml``) and the gold
test split, in aggregate. A change to the understanding code that moves a figure by less than the spread between
seeds is not measured by one draw.

Needs a built index: run ``lsa-assistant index`` first. Each seed trains a model (a few minutes on two cores).

Usage:  .venv/bin/python benchmarks/decision_seeds.py [--seeds 13 14 15] [--out docs/benchmarks.md]
        (with ``LSA_DECISION_BLIND_TRAINING=false`` in the environment: the models that do not learn from the
        retired blind sets)
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

from assistant.answering import Assistant  # noqa: E402
from assistant.evaluation.blind import BLIND_ROOT, retired_files, run_blind  # noqa: E402
from assistant.evaluation.runner import run_evaluation  # noqa: E402
from benchmarks.report import publish  # noqa: E402
from lsa_assistant.settings import Settings  # noqa: E402

MARK_BEGIN = "<!-- bench:decision-seeds:begin -->"
MARK_END = "<!-- bench:decision-seeds:end -->"
GOLD_KEYS = ("responsibility_accuracy", "fact_support", "subject_accuracy", "confident_wrong_rate")


def held_out_sets(root: Path = BLIND_ROOT) -> list[Path]:
    """The blind sets nobody has read: every ``questions.yaml`` not listed as retired."""
    retired = {p.resolve() for p in retired_files(root)}
    return [p for p in sorted(root.glob("*/questions.yaml")) if p.resolve() not in retired]


def data_copy(settings: Settings, into: Path) -> Path:
    """A data directory in the system's temporary folder with the index and the start-up cache copied and the
    prepared models linked (read, not written, by a service on a built index), but no decision model: the seed's
    own is trained and stored there (Qdrant Edge allows one opener per copy)."""
    into.mkdir(parents=True)
    for name in ("index", "cache"):
        if (settings.data_dir / name).is_dir():
            shutil.copytree(settings.data_dir / name, into / name)
    if (settings.data_dir / "models").is_dir():
        (into / "models").symlink_to((settings.data_dir / "models").resolve(), target_is_directory=True)
    return into


def measure(settings: Settings, seed: int, sets: list[Path], scratch: Path) -> dict[str, object]:
    """One seed's figures: correct / confidently wrong per held-out set, and the gold test split."""
    copy = data_copy(settings, scratch / f"seed-{seed}")
    seeded = settings.model_copy(update={"data_dir": copy, "decision_seed": seed})
    assistant = Assistant(seeded)
    try:  # the copy goes when the seed is measured: N copies of the index never sit side by side
        assistant.warm_up()
        row: dict[str, object] = {"seed": seed}
        for path in sets:
            result = run_blind(assistant, path)
            row[path.parent.name] = (result["correct"], result["confident_wrong_rate"], result["questions"])
        gold = run_evaluation(seeded, modes=(), assistant=assistant, split="test")
        row["gold"] = {key: gold[key] for key in GOLD_KEYS}
    finally:
        assistant.close()
        shutil.rmtree(copy, ignore_errors=True)
    return row


def table(rows: list[dict[str, object]], sets: list[Path]) -> str:
    names = [p.parent.name for p in sets]
    head = [
        "seed",
        *(f"{n} correct / conf. wrong" for n in names),
        "held-out correct / conf. wrong (answers)",
    ]
    head += [f"gold test {k}" for k in GOLD_KEYS]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        cells = [str(row["seed"])]
        right = wrong = 0
        for name in names:
            correct, cw, n = row[name]  # type: ignore[misc]
            cells.append(f"{correct:.3f} / {cw:.3f}")
            right, wrong = right + round(correct * n), wrong + round(cw * n)
        cells.append(f"{right} / {wrong}")
        cells += [f"{row['gold'][k]:.3f}" for k in GOLD_KEYS]  # type: ignore[index]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[13, 14, 15])
    parser.add_argument(
        "--out", type=Path, help="publish the table into this Markdown file between the markers"
    )
    args = parser.parse_args()
    settings = Settings()
    sets = held_out_sets()
    with tempfile.TemporaryDirectory(prefix="decision-seeds-") as tmp:
        rows = []
        for seed in args.seeds:
            rows.append(measure(settings, seed, sets, Path(tmp)))
            print(f"seed {seed} done", file=sys.stderr, flush=True)
    report = "\n".join(
        [
            MARK_BEGIN,
            "## Decision model: one draw per seed (issue 12)",
            "",
            f"Command: `{'' if settings.decision_blind_training else 'LSA_DECISION_BLIND_TRAINING=false '}"
            f"python benchmarks/decision_seeds.py --seeds {' '.join(map(str, args.seeds))}` — "
            f"{time.strftime('%Y-%m-%d')}, held-out sets {', '.join(p.parent.name for p in sets)}; the same index, "
            "code and data, one decision model per seed.",
            "",
            table(rows, sets),
            MARK_END,
        ]
    )
    return publish(report, args.out)


if __name__ == "__main__":
    sys.exit(main())
