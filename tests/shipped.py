"""The shipped corpora loaded once per test session, for tests that only read them.

A load parses every source and chunks it (seconds); the knowledge base is never mutated by the code under
test, so one instance serves every module (fixture: ``knowledge_base`` in ``tests/conftest.py``). A test that
edits a corpus copy or checks the start-up cache loads its own.
"""

from __future__ import annotations

from functools import lru_cache

from assistant.knowledge import KnowledgeBase, load_knowledge_base
from lsa_assistant.settings import default_corpus_dir


@lru_cache(maxsize=1)
def shipped_knowledge() -> KnowledgeBase:
    return load_knowledge_base(default_corpus_dir())
