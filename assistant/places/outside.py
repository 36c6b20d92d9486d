"""Well-known places outside Sachsen-Anhalt, so that "Ich wohne in Leipzig" gets an honest "not covered here".

A short list of general knowledge, not a source of facts: the other Länder, their capitals and large towns, the
towns near the Land's borders that people around Halle, Magdeburg or the Harz are likely to name, and the
neighbouring countries. Nothing is resolved for them; a name that is also a place in Sachsen-Anhalt (Coswig,
Landsberg) is dropped from this list when the directory is built, so the place in Sachsen-Anhalt wins. Names that
are ordinary words (Essen, Hof) are left out on purpose.
"""

from __future__ import annotations

#: the other fifteen Länder
OTHER_LAENDER: tuple[str, ...] = (
    "Baden-Württemberg", "Bayern", "Berlin", "Brandenburg", "Bremen", "Hamburg", "Hessen",
    "Mecklenburg-Vorpommern", "Niedersachsen", "Nordrhein-Westfalen", "Rheinland-Pfalz", "Saarland", "Sachsen",
    "Schleswig-Holstein", "Thüringen",
)  # fmt: skip
OUTSIDE_NAMES: tuple[str, ...] = (
    *OTHER_LAENDER,
    # capitals and large towns
    "München", "Köln", "Frankfurt", "Stuttgart", "Düsseldorf", "Dortmund", "Leipzig", "Dresden", "Hannover",
    "Nürnberg", "Duisburg", "Bochum", "Wuppertal", "Bielefeld", "Bonn", "Münster", "Mannheim", "Karlsruhe",
    "Augsburg", "Wiesbaden", "Kiel", "Rostock", "Schwerin", "Lübeck", "Kassel", "Erfurt", "Mainz", "Saarbrücken",
    "Potsdam", "Chemnitz", "Zwickau", "Jena", "Gera", "Weimar", "Gotha", "Cottbus", "Braunschweig", "Göttingen",
    "Wolfsburg", "Salzgitter", "Hildesheim", "Osnabrück", "Oldenburg", "Regensburg", "Würzburg", "Freiburg",
    "Heidelberg", "Aachen",
    # near the borders of Sachsen-Anhalt
    "Nordhausen", "Sondershausen", "Sömmerda", "Artern", "Altenburg", "Eisenberg", "Zeulenroda", "Torgau",
    "Delitzsch", "Eilenburg", "Schkeuditz", "Markranstädt", "Bad Düben", "Jüterbog", "Bad Belzig",
    "Brandenburg an der Havel", "Rathenow", "Wittenberge", "Perleberg", "Lüchow", "Uelzen", "Gifhorn",
    "Helmstedt", "Wolfenbüttel", "Goslar", "Bad Harzburg", "Osterode", "Herzberg", "Braunlage", "Finsterwalde",
    "Elsterwerda", "Bad Liebenwerda",
    # neighbouring countries
    "Österreich", "Polen", "Tschechien", "Dänemark", "Niederlande", "Belgien", "Frankreich", "Schweiz",
    "Luxemburg",
)  # fmt: skip
#: Rivers and regions that qualify a town name outside the Land ("Nienburg an der Weser", "Frankfurt am Main"):
#: a town of Sachsen-Anhalt with the same name is not meant then.
OUTSIDE_QUALIFIERS: tuple[str, ...] = (
    "Weser", "Rhein", "Main", "Oder", "Donau", "Neckar", "Mosel", "Ruhr", "Lahn", "Fulda", "Werra", "Ems", "Isar",
    "Inn", "Lech", "Spree", "Neiße", "Lippe", "Leine", "Weinstraße", "Ostsee", "Nordsee",
)  # fmt: skip
