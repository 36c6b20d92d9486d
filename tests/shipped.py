"""The shipped corpora for tests: loaded once per session, or copied without most of the catalogue.

A load parses every source and chunks it (seconds); the knowledge base is never mutated by the code under
test, so one instance serves every module (fixture: ``knowledge_base`` in ``tests/conftest.py``). A test that
edits a corpus copy or checks the start-up cache loads its own. The tiny test index is built from
:func:`corpus_without_catalogue` unless a test asks for the catalogue.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from assistant.knowledge import KnowledgeBase, load_knowledge_base
from lsa_assistant.settings import default_corpus_dir


@lru_cache(maxsize=1)
def shipped_knowledge() -> KnowledgeBase:
    return load_knowledge_base(default_corpus_dir())


#: The Leistungskatalog of the shipped corpora: 4,800 rows, three quarters of all chunks of an index.
CATALOGUE_TSV = Path("leika") / "leika-catalogue-2019.tsv"


def corpus_without_catalogue(target: Path) -> Path:
    """A copy of the shipped corpora at ``target`` whose catalogue keeps only the entries another source names (a
    FIM service, an organisation record, a replaced key …; the OZG catalogue's key table names every entry and does
    not count): an index of it has about a quarter of the chunks. Cross-source rules still find their keys."""
    import re
    import shutil

    source = default_corpus_dir()
    shutil.copytree(source, target)
    named: set[str] = set()
    for path in source.rglob("*"):
        if path.is_file() and path.name != CATALOGUE_TSV.name and "ozg-katalog" not in path.parts:
            named |= set(re.findall(r"\b99\d{12}\b", path.read_text(encoding="utf-8", errors="replace")))
    rows = (source / CATALOGUE_TSV).read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [rows[0], *(row for row in rows[1:] if row.split("\t", 1)[0] in named)]
    (target / CATALOGUE_TSV).write_text("".join(kept), encoding="utf-8")
    return target
