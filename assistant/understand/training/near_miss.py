"""Near misses for the decision model: questions that use the words of administrative services but ask
about private contracts, election results, clubs, shops or private disputes, which no source here answers.

The off-topic templates of :mod:`assistant.understand.training.generate` (weather, recipes) share no word with
the corpus; a question like "Wie kündige ich meinen Stromvertrag?" shares the verb with "abmelden" services and
was answered as one. These examples teach the scorer that an administrative verb alone is no evidence.
Objects and frames are written for this purpose; none is taken from an evaluation set.
"""

from __future__ import annotations

NEAR_MISS_TEMPLATES = (
    "Wie kann ich {contract} kündigen?",
    "Wo melde ich {contract} ab?",
    "Ich möchte {contract} ummelden, wie geht das?",
    "Welche Unterlagen brauche ich, um {contract} abzuschließen?",
    "Was kostet {contract} im Monat?",
    "Wer ist zuständig, wenn {contract} nicht funktioniert?",
    "Wer gewinnt {election}?",
    "Welche Partei soll ich bei {election} wählen?",
    "Wie ist {election} ausgegangen?",
    "Wie viele Stimmen hat die CDU bei {election} bekommen?",
    "Wie werde ich Mitglied {club}?",
    "Was kostet der Beitrag {club}?",
    "Wo kaufe ich in {place} am günstigsten {item}?",
    "Welcher Händler in {place} hat {item}?",
    "Welcher {doctor} in {place} nimmt noch neue Patienten?",
    "Wie bekomme ich schnell einen Termin beim {doctor}?",
    "{dispute} Was kann ich tun?",
    "{dispute} Ist das erlaubt?",
)
NEAR_MISS_FILLERS: dict[str, tuple[str, ...]] = {
    "contract": (
        "meinen Stromvertrag",
        "mein Zeitungsabo",
        "meine Mitgliedschaft im Fitnessstudio",
        "meinen Internetanschluss",
        "mein Streaming-Abo",
        "meine Hausratversicherung",
        "meinen Gasvertrag",
        "mein Girokonto",
        "meine Kreditkarte",
        "meinen Bausparvertrag",
        "meinen DSL-Tarif",
        "meine Zahnzusatzversicherung",
    ),
    "election": (
        "die nächste Bundestagswahl",
        "die Bürgermeisterwahl in Halle",
        "die Kommunalwahl in Dessau",
        "die Europawahl",
        "die Oberbürgermeisterwahl in Magdeburg",
    ),
    "club": (
        "im Sportverein",
        "im Schützenverein",
        "im Kirchenchor",
        "beim Kleingartenverein",
        "in der Freiwilligen-Agentur",
        "im Tennisclub",
    ),
    "place": ("Magdeburg", "Halle", "Dessau", "Stendal", "Halberstadt"),
    "item": ("einen Gebrauchtwagen", "ein Lastenrad", "Hundefutter", "einen Kinderwagen", "Brennholz"),
    "doctor": ("Hausarzt", "Zahnarzt", "Kinderarzt", "Augenarzt"),
    "dispute": (
        "Mein Vermieter will die Miete um 20 Prozent erhöhen.",
        "Mein Arbeitgeber zahlt das Gehalt seit zwei Monaten zu spät.",
        "Der Nachbar grillt jeden Abend auf dem Balkon.",
        "Der Online-Shop liefert meine Bestellung nicht.",
        "Mein Handwerker hat pfusch gebaut und will trotzdem Geld.",
        "Die Werkstatt hat mein Auto beschädigt.",
    ),
}
