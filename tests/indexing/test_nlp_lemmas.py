"""simplemma lemmas (lower-case), with spelling restored for ASCII input."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexing.nlp import build_german_nlp, lemmatize


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("Leistungsbeschreibungen", "leistungsbeschreibung"),
        ("leistungsbeschreibungen", "leistungsbeschreibung"),
        ("Landkreises", "landkreis"),
        ("Nutzerkonten", "nutzerkonto"),
        ("führen", "führen"),  # spaCy's lookup table says "fahren"
        ("führt", "führen"),
        ("geführt", "führen"),
        ("Behörden", "behörde"),
        ("Anträge", "antrag"),
        ("Ämtern", "amt"),
        ("Wohnsitzes", "wohnsitz"),
        ("Daten", "daten"),  # data, not the plural of "Datum"
        ("Fuehrerschein", "führerschein"),
        ("Strasse", "straße"),
        ("Strassen", "straße"),
        ("Masse", "masse"),  # a base form as typed is not re-spelled to "Maße"
        ("EGovG", "egovg"),
        ("LSA", "lsa"),
        ("2019", "2019"),
        ("Abs.", "abs."),
    ],
)
def test_lemmas_lemmatize(word: str, lemma: str) -> None:
    assert lemmatize(word) == lemma


def test_lemmas_component_sets_lower_case_lemma() -> None:
    doc = build_german_nlp()("Die Landkreise führen Nutzerkonten")
    assert [token.lemma_ for token in doc] == ["der", "landkreis", "führen", "nutzerkonto"]


SAMPLE_EVERY = 97  # every 97th form of the shipped dictionary: ~11,500 forms, capitalised and lower-cased too


def test_lemmas_tries_give_the_shipped_dictionarys_lemmas() -> None:
    """The cached tries hold simplemma's own dictionary: every lookup and lemma is the same as from the package."""
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy
    from simplemma.strategies.dictionaries import DEFAULT_DICTIONARY_FACTORY
    from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieDictionaryFactory

    from indexing.nlp.lemmas import LANG, _ensure_tries
    from tests.conftest import shared_model_cache

    shipped = DEFAULT_DICTIONARY_FACTORY.get_dictionary(LANG)
    tries = TrieDictionaryFactory(disk_cache_dir=str(_ensure_tries(shared_model_cache())))
    cached = tries.get_dictionary(LANG)
    assert len(cached) == len(shipped)
    forms = [form for i, form in enumerate(shipped) if i % SAMPLE_EVERY == 0]
    forms += [form.capitalize() for form in forms[:3000]] + [form.lower() for form in forms[:3000]]
    forms += ["Führerscheinumtausch", "Elterngeldantrag", "Bauvorbescheides", "xyzzyqwrtp", "Fuehrerschein"]
    assert [cached.get(form) for form in forms] == [shipped.get(form) for form in forms]
    from_tries = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=tries))
    from_package = Lemmatizer(
        lemmatization_strategy=DefaultStrategy(dictionary_factory=DEFAULT_DICTIONARY_FACTORY)
    )
    assert [from_tries.lemmatize(f, lang=LANG) for f in forms] == [
        from_package.lemmatize(f, lang=LANG) for f in forms
    ]


def test_lemmas_a_process_with_tries_never_decodes_the_shipped_dictionary() -> None:
    """The point of the tries: a process that lemmatises neither spends a second nor 100 MB on the dict."""
    from tests.conftest import run_fresh_python, shared_model_cache

    code = (
        "from pathlib import Path\n"
        "from simplemma.strategies.dictionaries import dictionary_factory\n"
        "def refuse(lang):\n"
        "    raise AssertionError('decoded the shipped dictionary')\n"
        "dictionary_factory._load_dictionary_from_disk = refuse\n"
        "from indexing.nlp.caches import use_nlp_caches\n"
        "from indexing.nlp.lemmas import german_lexicon\n"
        f"use_nlp_caches(Path({str(shared_model_cache())!r}))\n"
        "from indexing.nlp import build_german_nlp\n"
        "lemmas = [t.lemma_ for t in build_german_nlp()('Die Landkreise führen Nutzerkonten')]\n"
        "assert lemmas == ['der', 'landkreis', 'führen', 'nutzerkonto'], lemmas\n"
        "assert german_lexicon().get('Anträge') == 'Antrag'\n"
    )
    run_fresh_python(code)


def test_lemmas_an_unusable_cache_falls_back_to_the_shipped_dictionary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache directory that cannot be written (a read-only deployment) costs start-up time, never the service."""
    from indexing.nlp import lemmas

    monkeypatch.setattr(lemmas, "_factory", None)
    monkeypatch.setattr(lemmas, "_lemmatizer", None)
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x", encoding="utf-8")
    lemmas.use_lemma_tries(blocked / "models")
    assert lemmas.german_lexicon().get("Anträge") == "Antrag"
    assert lemmatize("Nutzerkonten") == "nutzerkonto"


def test_lemmas_written_tries_are_readable_by_others(tmp_path: Path) -> None:
    from indexing.nlp.lemmas import LANG, _ensure_tries

    assert (_ensure_tries(tmp_path) / f"{LANG}.dic").stat().st_mode & 0o044 == 0o044
