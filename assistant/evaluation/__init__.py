"""Evaluation on the gold question set (``tests/eval/gold.yaml``): loader, metrics, runner."""

from assistant.evaluation.gold import GoldError, GoldQuestion, load_gold, validate_gold
from assistant.evaluation.metrics import TARGETS

__all__ = ["TARGETS", "GoldError", "GoldQuestion", "load_gold", "validate_gold"]
