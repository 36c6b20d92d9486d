"""``lsa-assistant eval --blind PATH``: score a blind question set and print the shares per kind."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from lsa_assistant.settings import Settings


def render_blind(result: dict[str, Any], details: bool) -> str:
    lines = [
        f"Blind set {result['path']}: {result['questions']} questions",
        f"  correct               {result['correct']:.3f}",
        f"  confident_wrong_rate  {result['confident_wrong_rate']:.3f}",
        "  outcomes              " + ", ".join(f"{k} {v}" for k, v in sorted(result["outcomes"].items())),
        "  by kind (n, correct, confidently wrong):",
    ]
    for kind, row in result["by_kind"].items():
        lines.append(f"    {kind:<14} {row['n']:>3}  {row['correct']:.2f}  {row['wrong']}")
    if details:
        lines.append("  failures:")
        for record in result["records"]:
            if not record["correct"]:
                mark = "WRONG" if record["wrong"] else "miss "
                lines.append(f"    {mark} {record['id']}: {'; '.join(record['problems'])[:300]}")
    return "\n".join(lines)


def main_blind(settings: Settings, path: Path, *, as_json: bool = False, details: bool = False) -> int:
    """Answer and score every question of the blind set at ``path``; exit code 0 (a measurement, no target)."""
    from assistant.answering import Assistant
    from assistant.evaluation.blind import run_blind

    assistant = Assistant(settings)
    try:
        result = run_blind(assistant, path)
    finally:
        assistant.close()
    if not details:
        result.pop("records")
    print(json.dumps(result, ensure_ascii=False, indent=2) if as_json else render_blind(result, details))
    sys.stdout.flush()
    return 0
