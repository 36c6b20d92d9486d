"""Place recognition: every Gemeinde by official name, everyday name and PLZ; Kreise, homonyms, places outside."""

from __future__ import annotations

import pytest

from assistant.places import PlaceDirectory
from lsa_assistant.settings import default_corpus_dir


@pytest.fixture(scope="module")
def places() -> PlaceDirectory:
    return PlaceDirectory.from_corpus(default_corpus_dir())


def _gemeinden(places: PlaceDirectory):
    return [p for p in places.places.values() if p.kind == "gemeinde"]


def test_places_recognize_every_gemeinde_by_official_and_everyday_name(places: PlaceDirectory) -> None:
    gemeinden = _gemeinden(places)
    assert len(gemeinden) == 218
    misses = []
    for g in gemeinden:
        for name in (g.name, g.short):
            # "Am Großen Bruch", "An der Poststraße" read like field and street names: only as "Gemeinde …"
            lead = "in der Gemeinde" if name.startswith(("Am ", "An der ")) else "in"
            found = places.recognize(f"Ich wohne {lead} {name}. Wo melde ich mich an?")
            if found is None or found.place != g:
                misses.append((name, found))
    assert misses == []


def test_places_recognize_every_plz_of_every_gemeinde(places: PlaceDirectory) -> None:
    shared = 0
    for g in _gemeinden(places):
        for plz in g.plz:
            found = places.recognize(f"Meine Postleitzahl ist {plz}.")
            assert found is not None and found.matched == plz
            owners = places.by_plz(plz)
            if len(owners) == 1:
                assert found.place == g and found.candidates == []
            else:
                shared += 1
                assert found.place is None and g in found.candidates and found.candidates == owners
    assert shared > 50  # PLZ shared by several Gemeinden ask back


@pytest.mark.parametrize(
    ("text", "ars", "matched"),
    [
        ("Ich wohne in Halle. Wo melde ich mein Auto an?", "150020000000", "Halle"),
        ("Wo ist das Bürgeramt in Dessau?", "150010000000", "Dessau"),
        ("Ich lebe in Wittenberg", "150910375375", "Wittenberg"),
        ("Umzug nach Bernburg", "150890030030", "Bernburg"),
        ("Ich komme aus Köthen", "150820180180", "Köthen"),
        ("Wohnsitz anmelden in Magdeburg", "150030000000", "Magdeburg"),
        ("Welche Stelle im Salzlandkreis ist zuständig?", "15089", "Salzlandkreis"),
        ("Zulassungsstelle des Burgenlandkreises", "15084", "Burgenlandkreises"),
        ("Ich wohne im Landkreis Stendal", "15090", "Landkreis Stendal"),
        ("Ich wohne in Stendal", "150900535535", "Stendal"),
        ("Kreis Harz, Führerschein", "15085", "Kreis Harz"),
        ("Ich wohne in Burg bei Magdeburg", "150860015015", "Burg"),
        ("Ich ziehe von Halle nach Magdeburg", "150030000000", "Magdeburg"),
        ("Wernigerode im Landkreis Harz", "150850370370", "Wernigerode"),
        ("06108 Halle (Saale)", "150020000000", "Halle (Saale)"),
        ("39524 Klietz", "150905052310", "Klietz"),
        ("Magdeburgs Bürgerbüro", "150030000000", "Magdeburgs"),
        ("beim Dessauer Bürgeramt", "150010000000", "Dessauer"),
        ("Verbandsgemeinde Beetzendorf-Diesdorf", "150815051", "Verbandsgemeinde Beetzendorf-Diesdorf"),
        ("VG Vorharz", "150855051", "VG Vorharz"),
        ("ich wohne in halle und brauche einen pass", "150020000000", "halle"),
        ("Ich wohne in Koethen", "150820180180", "Koethen"),
        ("Lutherstadt Eisleben", "150870130130", "Lutherstadt Eisleben"),
        ("Ich wohne in Bitterfeld", "150820015015", "Bitterfeld"),
        # where the asker lives wins over a trip to another town; a move's destination wins over both
        (
            "Ich wohne in Lutherstadt Eisleben. Muss ich nach Sangerhausen fahren oder geht das in Eisleben?",
            "150870130130",
            "Lutherstadt Eisleben",
        ),
        ("Wir wohnen in Köthen und müssen nach Dessau zum Amt", "150820180180", "Köthen"),
        ("Wir wohnen in Köthen und ziehen im März nach Bernburg", "150890030030", "Bernburg"),
        ("Wir ziehen im März von Wolfsburg nach Haldensleben", "150830270270", "Haldensleben"),
        ("Muss ich nach Sangerhausen?", "150870370370", "Sangerhausen"),
        ("Ich wohne in Halle und muss nach Magdeburg umziehen", "150030000000", "Magdeburg"),  # the verb last
        ("Ich wohne in Halle und bin nach Magdeburg umgezogen", "150030000000", "Magdeburg"),
        ("Ich bin in Halle geboren und wohne jetzt in Magdeburg", "150030000000", "Magdeburg"),
        ("Ich wohne seit 2010 in Köthen und muss nach Dessau", "150820180180", "Köthen"),
        # a move in another sentence says nothing about this trip
        ("Wir sind umgezogen. Muss ich nach Halle fahren?", "150020000000", "Halle"),
        (
            "Ich wohne in Magdeburg und ziehe nach 06108 Halle",
            "150020000000",
            "Halle",
        ),  # the PLZ stood after nach
    ],
)
def test_places_recognize_names_in_questions(
    places: PlaceDirectory, text: str, ars: str, matched: str
) -> None:
    found = places.recognize(text)
    assert found is not None and found.place is not None, found
    assert (found.place.ars, found.matched) == (ars, matched)


@pytest.mark.parametrize(
    "text",
    [
        "Die Burg ist heute geschlossen.",
        "Burg Giebichenstein",
        "Ich habe ein neues Bad eingebaut.",
        "Wie viel Zeit brauche ich für den Antrag?",
        "Der Termin ist in Halle 3 der Messe.",
        "Wir treffen uns in der Halle.",
        "Ich bin Finne und möchte mich anmelden.",
        "Wer baut die Brücken?",
        "Ich wohne in der Magdeburger Straße.",
        "Der Zeitzer Forst ist ein Wald.",
        "Wohngeld bei 39000 Euro Einkommen",
        "Ich möchte mich im Südharz erholen.",
        "Wie beantrage ich einen Personalausweis?",
        "Was regelt das E-Government-Gesetz Sachsen-Anhalt?",
        "Ich habe mich ausgelebt und ausleben ist schön.",
        "Darf ich für meine Firma werben?",
        "Die Kinder spielen mit Klötze und Steinen.",
        "Gespräch mit Könnern ihres Fachs",
    ],
)
def test_places_recognize_no_false_place_in_ordinary_words(places: PlaceDirectory, text: str) -> None:
    assert places.recognize(text) is None


@pytest.mark.parametrize(
    ("text", "outside"),
    [
        ("Ich wohne in Leipzig. Wo melde ich mein Auto an?", "Leipzig"),
        ("Ich ziehe nach Berlin", "Berlin"),
        ("Ich wohne in Wittenberge", "Wittenberge"),
        ("ich komme aus Sachsen", "Sachsen"),
        ("Meine PLZ ist 04109", "04109"),
        # a town of the Land's name, qualified by a river or Land elsewhere, is that other town
        ("Ich wohne in Nienburg an der Weser und will ein Gewerbe anmelden", "Nienburg an der Weser"),
        ("Ich wohne in Halle in Westfalen", "Halle in Westfalen"),
        ("in Freyburg am Main", "Freyburg am Main"),
        ("Ich wohne in Jessen Oder", "Jessen Oder"),  # capitalised right after the name: the river
        ("ich wohne in halle westfalen", "halle westfalen"),  # all lower case: the qualifier still counts
        ("ich wohne in nienburg weser", "nienburg weser"),
    ],
)
def test_places_recognize_places_outside_sachsen_anhalt(
    places: PlaceDirectory, text: str, outside: str
) -> None:
    found = places.recognize(text)
    assert found is not None and found.place is None and found.candidates == []
    assert found.outside == outside


@pytest.mark.parametrize(
    ("text", "short", "outside"),
    [
        # beside the asker's home in the Land, a place outside the asker only asks whether to travel to is not
        # where the question is asked for …
        ("Ich wohne in 14715 Schollene. Muss ich dafür nach Rathenow?", "Schollene", None),
        ("wohne in 14715 schollene und brauch nen perso. muss ich da nach rathenow?", "Schollene", None),
        # … or comes from
        ("Ich wohne jetzt in Halle, komme aus Berlin. Wo melde ich mich an?", "Halle (Saale)", None),
        ("Ich wohne seit Mai in Magdeburg, vorher in München.", "Magdeburg", None),
        ("Ich wohne in Halle. Mein Auto ist noch in Hamburg zugelassen.", "Halle (Saale)", None),
        # … a move there, or anything else done there, still is
        ("Ich wohne in Halle und ziehe im Mai nach Leipzig.", "Halle (Saale)", "Leipzig"),
        ("Ich wohne in Halle und arbeite in Leipzig.", "Halle (Saale)", "Leipzig"),
        ("Ich wohne in Magdeburg und habe in Berlin geheiratet.", "Magdeburg", "Berlin"),
        ("Ich bin in Leipzig gemeldet, wohne aber in Halle.", "Halle (Saale)", "Leipzig"),
        ("Ich wohne in Helmstedt und arbeite in Magdeburg.", "Magdeburg", "Helmstedt"),
        (
            "Ich ziehe von Halberstadt nach Wolfsburg. Wo melde ich dort mein Auto um?",
            "Halberstadt",
            "Wolfsburg",
        ),
        ("Wir ziehen im Frühjahr von Regensburg nach Bernburg.", "Bernburg", "Regensburg"),
        ("Oma ist in Magdeburg gestorben und wird in Polen beerdigt.", "Magdeburg", "Polen"),
    ],
)
def test_places_recognize_inside_and_outside_together(
    places: PlaceDirectory, text: str, short: str, outside: str | None
) -> None:
    found = places.recognize(text)
    assert found is not None and found.place is not None
    assert found.place.short == short and found.outside == outside


@pytest.mark.parametrize(
    ("text", "outside"),
    [
        # the Land itself named as lived in or moved to is a home in the Land: where the asker comes from is not
        # where the question is asked for …
        ("Ich bin vor drei Monaten aus Polen nach Sachsen-Anhalt gezogen. Gilt mein Führerschein?", None),
        ("Ich komme aus Berlin und wohne jetzt in Sachsen-Anhalt. Wo melde ich mich an?", None),
        ("wir wohnen in sachsen anhalt, mein auto ist noch in hamburg zugelassen", None),
        ("Wir sind aus Polen nach Sachsen-Anhalt gekommen. Gilt mein Führerschein?", None),
        ("Ich wohne in Sachsen-Anhalt und muss nach Bayern fahren. Wo beantrage ich das?", None),
        # … a move out of the Land, or anything done elsewhere, still is
        ("Ich ziehe von Sachsen-Anhalt nach Berlin", "Berlin"),
        # … and a denied or asked residence is no home in the Land
        ("Ich wohne nicht in Sachsen-Anhalt, ich komme aus Brandenburg. Gilt das für mich?", "Brandenburg"),
        ("Wohnen Sie in Sachsen-Anhalt? Ich komme aus Bremen.", "Bremen"),
        ("Wohnen Sie in Sachsen-Anhalt, oder kommen Sie aus Bremen?", "Bremen"),
        # a question that states the home still states it; a negation after the Land denies something else
        ("Muss ich den Führerschein umschreiben, wenn ich aus Polen nach Sachsen-Anhalt gezogen bin?", None),
        ("Ich bin aus Polen nach Sachsen-Anhalt gezogen und muss ich den Führerschein umschreiben?", None),
        ("Wir wohnen in Sachsen-Anhalt und haben keine Meldebescheinigung aus Polen.", None),
        ("Wir wohnen in Sachsen-Anhalt und wollen in Thüringen heiraten.", "Thüringen"),
        ("Ich komme aus Berlin. Wo melde ich mich an?", "Berlin"),
    ],
)
def test_places_the_land_itself_as_home(places: PlaceDirectory, text: str, outside: str | None) -> None:
    found = places.recognize(text)
    assert (found.outside if found is not None else None) == outside


def test_places_sachsen_anhalt_without_hyphen_is_not_sachsen(places: PlaceDirectory) -> None:
    assert places.recognize("kann man in sachsen anhalt die alten kennzeichen wieder bekommen") is None


def test_places_lookup_takes_the_whole_string_as_a_name(places: PlaceDirectory) -> None:
    assert places.lookup("Burg").place.ars == "150860015015"  # no preposition needed
    assert places.lookup("Landkreis Harz").place.ars == "15085"
    assert places.lookup("Leipzig").outside == "Leipzig"
    assert places.lookup("Gibtsnicht") is None


@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("Ich wohne in Nienburg (Saale)", "Nienburg (Saale)"),
        ("Halle an der Saale, Ausweis beantragen", "Halle (Saale)"),
        ("Ich wohne in Magdeburg an der Elbe", "Magdeburg"),
        ("Ich wohne in Laucha an der Unstrut", "Laucha an der Unstrut"),
        # "oder" is a conjunction here, not the river Oder
        ("Wo beantragt sie BAföG, in Jessen oder in Magdeburg?", "Jessen (Elster)"),
        ("Muss ich dafür nach Staßfurt oder Bernburg fahren?", "Staßfurt"),
        ("wir wohnen in sachsen anhalt, in jessen", "Jessen (Elster)"),  # the Land without its hyphen
        ("Ich wohne in Wernigerode bei Halberstadt", "Wernigerode"),  # a town of the Land beside it
        (
            "in jessen oder in magdeburg, wo ist das bafög-amt",
            "Jessen (Elster)",
        ),  # lower case: "oder" still a word
    ],
)
def test_places_keep_a_town_qualified_by_its_own_river(places: PlaceDirectory, text: str, short: str) -> None:
    found = places.recognize(text)
    assert found is not None and found.place is not None and found.outside is None
    assert found.place.short == short
