"""The subjects an answer declares: what it is about, in the answer contract's terms (``Answer.subjects``).

The chosen subject comes first; a responsibility topic also covers the services its relation record lists, and a
catalogue object's answer the Leistungen it names and cites ("Wahlhelfer" → "Wahlhelfer Anmeldung"). The
evaluation reads these to judge whether an answer is about what was asked.
"""

from __future__ import annotations

from assistant.compose.catalogue import CatalogueObjects
from assistant.compose.org import OrganisationAnswers
from assistant.knowledge import KnowledgeBase
from assistant.models import Answer, Subject
from assistant.understand.subjects import SubjectCatalog
from corpora.ids import SubjectRef, catalogue_chunk_id


class AnswerSubjects:
    """Makes the ``Subject`` entries of answers and questions back from subject references."""

    def __init__(
        self,
        knowledge: KnowledgeBase,
        catalog: SubjectCatalog,
        orgs: OrganisationAnswers,
        objects: CatalogueObjects,
    ) -> None:
        self.knowledge = knowledge
        self.catalog = catalog
        self.orgs = orgs
        self.objects = objects

    def subject(self, ref: SubjectRef, probability: float | None = None) -> Subject:
        """The contract's subject for ``ref``: its label, its LeiKa key where it has one, the probability."""
        info = self.catalog.get(ref)
        key = None
        if ref.kind == "service" and (service := self.knowledge.service(ref.id)) is not None:
            key = service.leika_key
        elif ref.kind == "catalogue":
            key = ref.id
        label = info.label if info else ref.id
        if info is None and ref.kind == "norm":  # a § the indexed law lacks
            label = ref.id.split("/")[-1].replace("§", "§ ") + " EGovG LSA"
        return Subject(
            kind=ref.kind,
            id=ref.id,
            label=label,
            leika_key=key,
            probability=round(probability, 3) if probability is not None else None,
        )

    def covered(self, ref: SubjectRef, answer: Answer) -> list[Subject]:
        """What the answer about ``ref`` is about besides ``ref`` itself."""
        return [*self.member_services(ref), *self.listed_leistungen(ref, answer)]

    def listed_leistungen(self, ref: SubjectRef, answer: Answer) -> list[Subject]:
        """The Leistungen a catalogue object's answer names and cites (its heading stands for them)."""
        entry = self.knowledge.catalogue_entry(ref.id) if ref.kind == "catalogue" else None
        if entry is None:
            return []
        cited = {c.document_id for c in answer.citations}
        return [
            self.subject(SubjectRef("catalogue", e.key))
            for e in self.objects.leistungen(entry)
            if catalogue_chunk_id(e.key) in cited
        ]

    def member_services(self, ref: SubjectRef) -> list[Subject]:
        """The services a responsibility topic covers (its relation record lists them with their LeiKa keys):
        the answer is about each of them."""
        if ref.kind != "topic":
            return []
        relation = self.orgs.relation(ref.id)
        if relation is None:
            return []
        subjects = []
        for key in relation.leika_keys:  # names and keys are not always listed pairwise: label by the key
            service = self.knowledge.service(key)
            entry = self.knowledge.catalogue_entry(key) if service is None else None
            label = service.name if service else entry.name if entry else relation.topic
            subjects.append(Subject(kind="service", id=key, label=label, leika_key=key))
        return subjects
