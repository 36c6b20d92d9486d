"""Index terms: folded lemmas + compound parts, stop words out, numbers and citations kept."""

from __future__ import annotations

import pytest

from indexing.nlp import analyze_many, analyze_terms, build_german_nlp, doc_terms


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Personalausweisbehörde", ["personalausweisbehoerde", "personalausweis", "behoerde"]),
        ("Leistungsbeschreibungen", ["leistungsbeschreibung", "leistung", "beschreibung"]),
        ("beantragen", ["beantragen"]),
        ("Wo melde ich meinen Wohnsitz an?", ["melden", "wohnsitz", "wohnen", "sitz"]),
        ("§ 9 Abs. 1 Satz 2 EGovG LSA", ["§9", "egovg", "lsa"]),
        ("Paragraph 9", ["§9"]),
        ("paragraf 9 egovg", ["§9", "egovg"]),
        ("§9", ["§9"]),
        ("§§ 13 bis 15", ["§13", "§14", "§15"]),
        ("Art. 82 Verf LSA", ["art82", "verf", "lsa"]),
        ("Die Frist beträgt 14 Tage ab dem 24.07.2019.", ["frist", "betragen", "14", "tag", "24.07.2019"]),
        ("z. B. bzw. ggf. vgl.", []),
        ("Mitteilungs- oder Verkündungsblatt", ["mitteilung", "verkuendungsblatt", "verkuendung", "blatt"]),
        ("Auf- und Ausbau", ["ausbau"]),
        ("der die das und", []),
        ("", []),
    ],
)
def test_terms_analyze(text: str, terms: list[str]) -> None:
    assert analyze_terms(text) == terms


def test_terms_repeat_as_they_occur() -> None:
    assert analyze_terms("Antrag und Antrag") == ["antrag", "antrag"]


def test_terms_ordinal_number_loses_its_full_stop() -> None:
    assert analyze_terms("1. Landkreis") == ["1", "landkreis", "land", "kreis"]


def test_terms_analyze_many_matches_single() -> None:
    texts = ["Die Meldebehörde", "§ 17 BMG", "Strasse"]
    assert list(analyze_many(texts)) == [analyze_terms(text) for text in texts]


def test_terms_doc_terms_on_processed_doc() -> None:
    doc = build_german_nlp()("Anmeldung des Wohnsitzes bei der Meldebehörde")
    assert doc_terms(doc) == [
        "anmeldung",
        "wohnsitz",
        "wohnen",
        "sitz",
        "meldebehoerde",
        "melden",
        "melde",
        "behoerde",
    ]


@pytest.mark.slow
def test_terms_throughput() -> None:
    """Lexical analysis must not bottleneck indexing: > 200 passages of 60 words per second."""
    import time

    words = (
        "Die Meldebehörde stellt nach § 9 Abs. 1 EGovG LSA die Leistungsbeschreibungen der Landkreise "
        "im Landesportal bereit und prüft Anträge auf Personalausweise z. B. elektronisch"
    ).split()
    passages = [" ".join(words[(i + j) % len(words)] for j in range(60)) + f" Nr{i}" for i in range(1000)]
    nlp = build_german_nlp()
    start = time.perf_counter()
    for _ in analyze_many(passages, nlp):
        pass
    assert len(passages) / (time.perf_counter() - start) > 200
