"""Relations in a session: what the link keys of the article screen do (`Session.links`).

A link is made in two steps: `start` on the annotation under the cursor (the head), then, on
another annotation (the tail), `make` with a relation type, which the label set must allow
between the two labels. `cancel` drops a link started. A relation picked in the annotation list
is `selected`, and the delete key deletes it rather than its annotation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from annotations.model import Annotation
from annotations.outcome import Changed, Outcome, say
from annotations.relations import Ends, Relation, RelationType, ends, relation_type

if TYPE_CHECKING:
    from annotations.session import Session


class Linking:
    """The relations of the session's article, a link being made, and the one selected."""

    def __init__(self, session: Session, types: Sequence[RelationType]) -> None:
        """Args:
        session: The session whose article and annotations the relations are between.
        types: The relation types of the label set, in key order.
        """
        self.session = session
        self.types = tuple(types)
        self.relations: tuple[Relation, ...] = ()
        """The article's relations, in the order they were made."""
        self.pending: str | None = None
        """The head of a link started and not yet made (its annotation id)."""
        self.selected: str | None = None
        """The relation picked in the annotation list, which the delete key deletes."""

    def take(self) -> None:
        """Read the article's relations again (after a change, or another article opened)."""
        session = self.session
        self.relations = tuple(session.store.links.relations(session.article.id))
        ids = {annotation.id for annotation in session.annotations}
        if self.pending not in ids:
            self.pending = None
        if self.selected not in {relation.id for relation in self.relations}:
            self.selected = None

    @property
    def head(self) -> Annotation | None:
        """The head of the link started, if one is."""
        return self._annotation(self.pending)

    def of(self, annotation_id: str) -> list[Relation]:
        """The relations from or to an annotation."""
        return [relation for relation in self.relations if relation.touches(annotation_id)]

    def ends(self, relation: Relation) -> Ends:
        """Where the relation's two annotations stand."""
        return ends(relation, {a.id: a for a in self.session.annotations})

    def allowed(self, head: Annotation, tail: Annotation) -> list[RelationType]:
        """The relation types the label set allows from `head` to `tail`."""
        return [kind for kind in self.types if kind.allows(head.label, tail.label)]

    def start(self, head: Annotation | None = None) -> Outcome:
        """Start a link from `head` (by default the annotation the keys act on)."""
        active = head or self.session.active
        if not self.types:
            return say("The label set has no relation types (docs/labels.md says how to add "
                       "them).", warning=True)
        if active is None:
            return say("Put the cursor on an annotation (or pick one in the list), then press "
                       "> to link it.")
        if active.orphan:
            return say("An orphan cannot be linked: re-attach it first (r).", warning=True)
        self.pending = active.id
        keys = " · ".join(f"{kind.key} {kind.name}" for kind in self.types)
        return say(f"Linking from {active.label} “{_short(active.text)}”: go to the other "
                   f"annotation and press {keys} (escape cancels).")

    def make(self, name: str, tail: Annotation | None = None) -> Outcome:
        """Make a relation of type `name` from the link's head to `tail` (by default the
        annotation the keys act on)."""
        head, tail = self.head, tail or self.session.active
        kind = relation_type(self.types, name)
        if kind is None:
            return say(f"No relation type {name!r} in the label set.", warning=True)
        if head is None:
            return say(f"Press > on the first annotation, go to the other, then {kind.key} "
                       f"makes a {name} relation.")
        if tail is None or tail.id == head.id:
            return say(f"Go to the other annotation, then press {kind.key} (escape cancels).")
        if tail.orphan:
            return say("An orphan cannot be linked: re-attach it first (r).", warning=True)
        if not kind.allows(head.label, tail.label):
            return say(f"{name} links {kind.rule()}, not {head.label} → {tail.label}.",
                       warning=True)
        if any((r.type, r.head, r.tail) == (name, head.id, tail.id) for r in self.relations):
            return say(f"Already linked: {head.label} ─{name}→ {tail.label}.")
        self.session.store.links.link(head, tail, name, self.session.annotator)
        self.pending = None
        return self._changed(f"Linked {head.label} “{_short(head.text)}” ─{name}→ "
                             f"{tail.label} “{_short(tail.text)}”: u undoes it.")

    def cancel(self) -> Outcome:
        """Drop the link started, if one is."""
        if self.pending is None:
            return Outcome()
        self.pending = None
        return say("Link cancelled.")

    def choose(self, relation_id: str) -> Outcome:
        """Select a relation picked in the annotation list; its head becomes active."""
        relation = next((r for r in self.relations if r.id == relation_id), None)
        if relation is None:
            return Outcome()
        outcome = self.session.choose(relation.head)
        self.selected = relation.id
        return Outcome(outcome.notices, outcome.changed | Changed.ACTIVE, outcome.redraw,
                       cursor=outcome.cursor, center=outcome.center)

    def delete_selected(self) -> Outcome:
        """Delete the relation selected in the list."""
        relation = next((r for r in self.relations if r.id == self.selected), None)
        if relation is None:
            return Outcome()
        self.selected = None
        try:
            self.session.store.links.unlink(relation)
        except KeyError:  # another annotator sharing the DB deleted it meanwhile
            return self._changed("That relation was deleted by another annotator meanwhile.")
        return self._changed(f"Deleted the relation {self.describe(relation)}: u undoes it.")

    def describe(self, relation: Relation) -> str:
        """A relation in words: `claim “…” ─source→ source “Lin Jian”`."""
        return f"{self._end(relation.head)} ─{relation.type}→ {self._end(relation.tail)}"

    def _end(self, annotation_id: str) -> str:
        annotation = self._annotation(annotation_id)
        if annotation is None:
            return "(deleted)"
        orphan = " ⚠ orphan" if annotation.orphan else ""
        return f"{annotation.label}{orphan} “{_short(annotation.text)}”"

    def _annotation(self, annotation_id: str | None) -> Annotation | None:
        return next((a for a in self.session.annotations if a.id == annotation_id), None)

    def _changed(self, message: str) -> Outcome:
        self.take()
        return Outcome(changed=Changed.RELATIONS, to_save=True).saying(message)


def _short(text: str, most: int = 30) -> str:
    """A quote cut to `most` characters, on one line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= most else flat[: most - 1] + "…"
