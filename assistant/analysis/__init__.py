"""Question analysis: intent, aspect, linked entities, follow-up context, language, injection."""

from assistant.analysis.analyzer import QueryAnalyzer

__all__ = ["QueryAnalyzer"]
