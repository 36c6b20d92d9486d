"""Figures the sources do not give (a sum, a processing time, a count): the answer says so and counts as unanswered."""

from __future__ import annotations

import pytest

from assistant.compose.figures import figure_note, missing_figures

OFFICE = (
    "Zu „Hund zur Hundesteuer anmelden“:\nDie Höhe legt die Satzung der Gemeinde fest [1].\n"
    "Zuständig ist: Gemeinde [2]."
)


@pytest.mark.parametrize(
    ("question", "answer", "missing"),
    [
        ("Wie hoch ist in Halle die Hundesteuer für einen zweiten Hund?", OFFICE, ["Betrag"]),
        ("Wie viel Pflegegeld gibt es bei Pflegegrad 3 genau im Monat?", OFFICE, ["Betrag"]),
        ("Was verdient ein Bürgermeister?", OFFICE, ["Betrag"]),
        ("wie viel kost der perso", "Die Gebühr beträgt 37,00 Euro [1].", []),
        ("Wie viel kostet die Anmeldung?", "Die Anmeldung ist gebührenfrei [1].", []),
        ("Wie hoch ist der Finderlohn?", "Finderlohn: fünf Prozent vom Wert bis 500 Euro [1]", []),
        ("Wie lange dauert es, bis ich meinen Reisepass bekomme?", OFFICE, ["Bearbeitungsdauer"]),
        ("Wie lange dauert ein Reisepass?", "in der Regel drei bis vier Wochen [1]", []),
        # how long a document is valid is not how long it takes to get it
        (
            "Wie lange dauert es, bis mein Reisepass fertig ist?",
            "Der Pass gilt zehn Jahre. Die Herstellung kann einige Wochen dauern [1].",
            ["Bearbeitungsdauer"],
        ),
        ("Wie lange dauert es?", "Der Pass gilt zehn Jahre. Er ist in drei Wochen fertig [1].", []),
        (
            "Wie lange dauert es, bis ein neuer Reisepass fertig ist?",
            "Der Pass gilt zehn Jahre, bei Personen unter 24 Jahren sechs Jahre. Er wird hergestellt, was einige "
            "Wochen dauern kann [1].",
            ["Bearbeitungsdauer"],
        ),
        ("Wie lange dauert es?", "Es gilt: Die Bearbeitung dauert etwa 2 Wochen [1].", []),
        (  # "gilt" without a period of validity does not hide the processing time
            "Wie lange dauert die Bearbeitung?",
            "Die Bearbeitung dauert drei bis vier Wochen, das gilt auch für den Kinderreisepass [1].",
            [],
        ),
        ("Wie viele Anträge auf Wohngeld gab es 2024?", OFFICE, ["Anzahl"]),
        ("Für wie viele Monate rückwirkend bekomme ich Kindergeld?", "für sechs Monate [1]", []),
        ("Wie hoch ist die Hundesteuer?", "Die Anmeldung ist kostenfrei [1].", ["Betrag"]),  # not the fee
        ("Was kostet eine Baugenehmigung?", OFFICE, ["Betrag"]),  # "set by the statute" gives no fee
        ("Was kostet die Anmeldung?", "Die Anmeldung ist gebührenfrei [1].", []),  # no fee is an answer
        ("Was kostet ein Reisepass?", "70,00 € – für Antragstellende ab 24 Jahren [1]", []),
        # "free" answers only about the thing asked: the registration is free, the tax is not
        (
            "Was kostet die Hundesteuer?",
            "Die Anmeldung ist kostenfrei; die Höhe legt die Satzung fest [1].",
            ["Betrag"],
        ),
        ("Was kostet das?", "Gebühren: keine [1]", []),
        ("Was kostet ein Führungszeugnis?", "Gebühr EUR 13 je Zeugnis [1]", []),
        ("Was kostet mich das an Zeit?", "etwa zwei Wochen [1]", []),  # not a sum
        ("fahrschule magdeburg preise klasse b", OFFICE, ["Betrag"]),
        ("Wie teuer ist ein Angelschein?", OFFICE, ["Betrag"]),
        ("Und was kostet das alles zusammen, mit Behörde und Prüfung?", OFFICE, ["Betrag"]),
        ("hundesteuer zweithund höhe", OFFICE, ["Betrag"]),
        ("Wie lange muss ich ungefähr auf die Entscheidung warten?", OFFICE, ["Bearbeitungsdauer"]),
        ("Wie lange muss ich warten?", "in der Regel drei bis vier Wochen [1]", []),
        ("Wer ist für Wohngeld zuständig?", OFFICE, []),
        ("Wie viele Jagdscheine wurden im Harz ausgestellt?", OFFICE, ["Anzahl"]),
        ("Wie viele Passbilder brauche ich?", "ein aktuelles biometrisches Passbild [1]", []),
        ("Wie viele Tage Zusatzurlaub bekomme ich?", "ab einem Grad der Behinderung von 50 [1]", ["Anzahl"]),
        ("Wie viele Tage habe ich Zeit?", "innerhalb von 14 Tagen [1]", []),
        ("wohngeld regelsatz alleinstehend", OFFICE, ["Betrag"]),
        ("Wann ist der nächste Termin für die Jägerprüfung?", OFFICE, ["Termin"]),
        ("Wann ist die nächste Prüfung?", "Die Prüfung findet am 12. März statt [1].", []),
        (
            "Wann ist die nächste Einbürgerungsfeier in Magdeburg?",
            "Seit dem 27. Juni 2024 müssen Sie Ihre Staatsangehörigkeit nicht mehr aufgeben [1].",
            ["Termin"],
        ),
        ("Wann ist die nächste Feier?", "Die nächste Feier ist am 3. Mai [1].", []),
        (  # a generic word after "nächste" names no occasion: any date of the answer counts
            "Wann ist der nächste Termin für die Jägerprüfung?",
            "Die nächste Jägerprüfung findet am 12. März 2026 statt [1].",
            [],
        ),
        ("Wann findet nächsten Monat die Prüfung statt?", "Die Prüfung ist am 12. März [1].", []),
        ("How long does the office take to extend my permit?", OFFICE, ["Bearbeitungsdauer"]),
        ("How much is the dog tax?", OFFICE, ["Betrag"]),
        ("guter fotograf passbild halle empfehlung", "Ein biometrisches Passbild [1]", ["Empfehlung"]),
        ("Welche Fahrschule in Stendal können Sie empfehlen?", OFFICE, ["Empfehlung"]),
        ("Wie beantrage ich am besten einen Personalausweis?", OFFICE, []),
        # the figure given must be of the sum asked for: a fee or an income limit is not the fine or the benefit
        ("Wie hoch ist das Bußgeld genau?", "0,00 € – Die Anmeldung ist gebührenfrei [1].", ["Betrag"]),
        (
            "wohngeld höhe 2 personen 750 euro miete",
            "0,00 € – Die Antragstellung ist gebührenfrei [1].",
            ["Betrag"],
        ),
        (
            "Wie viel Kinderzuschlag bekommen wir?",
            "Mindesteinkommen der Eltern: 900 Euro brutto [1]",
            ["Betrag"],
        ),
        ("Wie viel Finderlohn steht mir zu?", "Ein Finderlohn von fünf Prozent bis 500 Euro [1].", []),
        ("Wie hoch ist das Elterngeld?", "Das Elterngeld beträgt mindestens 300 Euro [1].", []),
        ("Wie viel kostet ein Reisepass?", "70,00 € für Personen ab 24 Jahren [1]", []),  # a fee: any sum
        (
            "wunschkennzeichen kosten euro",
            "Die Höhe erfahren Sie bei der zuständigen Stelle [1].",
            ["Betrag"],
        ),
        (
            "Wann wird das nächste Mal Sperrmüll abgeholt?",
            "Im Leistungskatalog (LeiKa, Stand 2019) [1]",
            ["Termin"],
        ),
        ("Wann ist die nächste Prüfung?", "Stand: 28.11.2026, die Stelle nennt Termine [1].", ["Termin"]),
        ("Wie hoch ist das Elterngeld?", "Das Elterngeld beträgt mind. 300 Euro [1].", []),  # no sentence end
        ("Wie hoch ist das Elterngeld?", "Das Elterngeld beträgt ca. 300 Euro im Monat [1].", []),
        ("Wie hoch ist mein Anspruch auf Wohngeld?", "Es sind 300 Euro [1].", []),  # no particular sum named
    ],
)
def test_figures_asked_for_and_not_given(question: str, answer: str, missing: list[str]) -> None:
    assert missing_figures(question, answer) == missing


def test_figure_note_says_the_sources_lack_it_and_who_can_tell() -> None:
    note = figure_note(["Betrag"])
    assert "nennen meine Quellen dazu nicht" in note and "zuständige Stelle" in note
