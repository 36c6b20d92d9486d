"""Composing answers: one front door (:class:`DecisionComposer`) and one composer per answer kind.

``front`` turns a decision into an answer and picks the composer by the subject's kind: ``service`` (a FIM
service's module and who executes it), ``legal`` (a § / Absatz or the law's gaps), ``org`` (ministries, areas, OZG
roles, authorities, relations), ``catalogue`` (a Leistungskatalog entry), ``life_event`` (a Lebenslage);
``dispatch`` routes the analysis-shaped cases (services and norms with their context), ``draft`` holds the answer
under construction, where a statement enters only with a verified citation.
"""

from assistant.compose.dispatch import AnswerComposer
from assistant.compose.front import DecisionComposer

__all__ = ["AnswerComposer", "DecisionComposer"]
