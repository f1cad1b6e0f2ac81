"""Relations between two annotations of an article: who made a claim, what a figure supports.

A relation is directed, from its head to its tail (`claim ─source→ "Lin Jian"`), and has a type
that the label file declares with the labels its head and its tail may have. It names its two
annotations by id, so it follows them wherever they are found again when their article changes;
a relation whose end is an orphan (or was deleted by another annotator sharing the DB) is kept,
and shown as such (`Ends`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from annotations.doc_labels import DocLabel
from annotations.model import Annotation


@dataclass(frozen=True)
class RelationType:
    """A kind of relation, as a label file declares it."""

    name: str
    """The type as exported, e.g. `source`."""
    key: str
    """The key that makes a relation of this type, once a link is started."""
    head: tuple[str, ...] = ()
    """The labels its head may have; empty: any."""
    tail: tuple[str, ...] = ()
    """The labels its tail may have; empty: any."""
    description: str = ""
    """One line saying what it means."""

    def allows(self, head: str, tail: str) -> bool:
        """Whether a relation of this type may go from a `head` label to a `tail` label."""
        return (not self.head or head in self.head) and (not self.tail or tail in self.tail)

    def rule(self) -> str:
        """What it links, in words: "claim or opinion → source"."""
        return f"{' or '.join(self.head) or 'any label'} → {' or '.join(self.tail) or 'any label'}"


DEFAULT_RELATION_TYPES: tuple[RelationType, ...] = (
    RelationType("source", "o", ("claim", "opinion"), ("source",),
                 "Who made the claim or gave the opinion."),
    RelationType("supports", "i", ("figure",), ("claim",), "A figure the claim rests on."),
)
"""The types of the default label set: the keys are free of every label and app key."""


@dataclass(frozen=True)
class Relation:
    """A typed, directed link from one annotation (the head) to another (the tail)."""

    id: str
    """Unique identifier (a UUID4 in hex)."""
    article_id: str
    """The article both annotations belong to."""
    type: str
    """The relation type's name."""
    head: str
    """The id of the annotation it goes from."""
    tail: str
    """The id of the annotation it goes to."""
    annotator: str = ""
    """Who made it."""
    created: str = ""
    """When it was made, ISO 8601 with a time zone."""
    updated: str = ""
    """When it last changed, ISO 8601 with a time zone."""
    review: bool = False
    """Marked for review (by `annotator merge`, where annotators disagreed on it)."""

    def to_json(self) -> dict[str, Any]:
        """The relation as the export contract writes it (`review` only when set)."""
        data: dict[str, Any] = {
            "id": self.id, "type": self.type, "head": self.head, "tail": self.tail,
            "annotator": self.annotator, "created": self.created, "updated": self.updated,
        }
        if self.review:
            data["review"] = True
        return data

    def to_record(self) -> dict[str, Any]:
        """The relation as the store keeps it (every field, so that an update over a stored
        record leaves nothing of the old one behind)."""
        return {"article_id": self.article_id, **self.to_json(), "review": self.review}

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Relation:
        """Read a relation written by `to_record` (or `to_json` plus `article_id`)."""
        return cls(
            id=data["id"], article_id=data["article_id"], type=data["type"], head=data["head"],
            tail=data["tail"], annotator=data.get("annotator", ""),
            created=data.get("created", ""), updated=data.get("updated", ""),
            review=bool(data.get("review", False)),
        )

    def touches(self, annotation_id: str) -> bool:
        """Whether the annotation is its head or its tail."""
        return annotation_id in (self.head, self.tail)


class Ends(str, Enum):
    """Where a relation's two annotations stand."""

    PLACED = "placed"
    """Both have a place in the text."""
    ORPHANED = "orphaned"
    """One or both are orphans: their article changed and their text was not found again."""
    MISSING = "missing"
    """One or both are gone (deleted by another annotator sharing the DB)."""


def ends(relation: Relation, annotations: Mapping[str, Annotation]) -> Ends:
    """Where the relation's annotations stand, given the article's annotations by id."""
    head, tail = annotations.get(relation.head), annotations.get(relation.tail)
    if head is None or tail is None:
        return Ends.MISSING
    return Ends.ORPHANED if head.orphan or tail.orphan else Ends.PLACED


def exportable(
    relations: Iterable[Relation], annotations: Iterable[Annotation]
) -> tuple[Relation, ...]:
    """The relations both of whose ends are among `annotations`, by head, tail, type and id
    (the order every export writes them in)."""
    present = {annotation.id: annotation for annotation in annotations}
    kept = [r for r in relations if r.head in present and r.tail in present]
    return tuple(sorted(kept, key=lambda r: (present[r.head].sort_key(),
                                             present[r.tail].sort_key(), r.type, r.id)))


def relation_type(types: Iterable[RelationType], name: str) -> RelationType | None:
    """The type called `name`, if the set has it."""
    return next((kind for kind in types if kind.name == name), None)


def check_relation_type(kind: RelationType, labels: Iterable[str]) -> str | None:
    """Why a type cannot be used with a label set (it names a label the set lacks); None
    when it can."""
    known = set(labels)
    unknown = next((name for name in (*kind.head, *kind.tail) if name not in known), None)
    if unknown is None:
        return None
    return f"relation {kind.name!r} names the label {unknown!r}, which the set does not have"


@dataclass(frozen=True)
class Links:
    """What an article holds beyond its spans: relations, and article and comment labels."""

    relations: tuple[Relation, ...] = ()
    """The relations between its annotations."""
    labels: tuple[DocLabel, ...] = ()
    """The labels of the article and of its comments."""


NO_LINKS = Links()
"""An article without relations or labels."""


def listing(
    annotations: Iterable[Annotation], relations: Iterable[Relation]
) -> list[Annotation | Relation]:
    """The rows of an annotation list: each annotation (orphans last), then the relations whose
    head it is, by where their tails are; relations whose head is gone come last."""
    ordered = sorted(annotations, key=lambda a: (a.orphan, a.sort_key()))
    where = {annotation.id: place for place, annotation in enumerate(ordered)}
    under: dict[str, list[Relation]] = {}
    headless: list[Relation] = []
    for relation in relations:
        (under.setdefault(relation.head, []) if relation.head in where else headless).append(
            relation)
    rows: list[Annotation | Relation] = []
    for annotation in ordered:
        rows.append(annotation)
        rows += sorted(under.get(annotation.id, ()),
                       key=lambda r: (where.get(r.tail, len(where)), r.type, r.id))
    return rows + headless
