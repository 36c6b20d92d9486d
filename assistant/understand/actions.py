"""The action a question asks for, read from its separable verbs: "Wo melde ich mein Auto an?" asks to *anmelden*.

A subject whose name does the same verb with the opposite particle ("Fahrzeug außer Betrieb setzen (abmelden)") is
the opposite action: no reading of the question to offer beside the best subject. Only verbs are read (words
written in lower case; a capitalised word is read as a noun: "Einkommen" is no "einkommen"), and only
opposite particles count ("ummelden" is no reason to leave out "Wohnsitz anmelden").
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from assistant.analysis.lexicon import particle_verb, question_words
from indexing.nlp.normalize import fold

#: Particles that turn a verb into its opposite.
OPPOSITE = frozenset({frozenset({"an", "ab"}), frozenset({"ein", "aus"}), frozenset({"auf", "zu"})})
_WORD = re.compile(r"\w+-?")

Actions = dict[str, set[str]]


def asked_actions(doc: Doc | None) -> Actions:
    """verb → the particles the question uses it with, written whole ("anmelden") or separated ("melde … an")."""
    actions: Actions = {}
    if doc is None:
        return actions
    nouns = {t.norm_ for t in doc if t.text[:1].isupper()}  # a verb is written in lower case
    for lemma in question_words(doc).lemmas:
        if lemma not in nouns and (split := particle_verb(lemma)):
            actions.setdefault(split[1], set()).add(split[0])
    return actions


@lru_cache(maxsize=4096)
def named_actions(name: str) -> dict[str, frozenset[str]]:
    """verb → the particles a subject's name uses it with; "Hund an- oder abmelden" names both. Names are few
    and fixed per corpus: each is read once."""
    actions: Actions = {}
    pending: list[str] = []  # "an-": a particle whose verb follows
    for word in _WORD.findall(name):
        if word.endswith("-"):
            pending.append(fold(word[:-1]))
            continue
        if word[:1].islower() and (split := particle_verb(fold(word))):
            actions.setdefault(split[1], set()).add(split[0])
            for prefix in pending:
                if (other := particle_verb(prefix + split[1])) and other[1] == split[1]:
                    actions[split[1]].add(other[0])
            pending = []
    return {verb: frozenset(particles) for verb, particles in actions.items()}


def does_other_action(asked: Actions, name: str) -> bool:
    """Whether the name does a verb the question asks for only with the opposite particle."""
    for verb, particles in named_actions(name).items():
        wanted = asked.get(verb)
        if (
            wanted
            and not wanted & particles
            and any(frozenset({w, p}) in OPPOSITE for w in wanted for p in particles)
        ):
            return True
    return False
