"""Undo and redo: a change to an annotation (or a relation, or an article or comment label),
and the changes of this session, a stack per article.

Only the user's own edits are kept: an import, another annotator's work taken in, or an
annotation found again after its article changed is not undone. Undoing a change puts back the
annotation as it was before it, over whatever is stored now (see `AnnotationStore.undo`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from annotations.doc_labels import DocLabel
from annotations.model import Annotation
from annotations.relations import Relation
from annotations.schema import Item


@dataclass(frozen=True)
class Change:
    """One change to one item (an annotation, a relation or a label): `before` is None for a
    new one, `after` for a deletion."""

    article_id: str
    """The article whose item changed."""
    before: Item | None
    """The item as it was, or None when the change created it."""
    after: Item | None
    """The item as it is now, or None when the change deleted it."""
    also: tuple[Change, ...] = ()
    """Changes made with this one, undone and redone with it (the relations of an annotation
    deleted)."""

    def inverse(self) -> Change:
        """The change that undoes this one (and what was made with it)."""
        return Change(self.article_id, self.after, self.before,
                      tuple(change.inverse() for change in reversed(self.also)))

    def over(self, current: Callable[[Item], Item | None]) -> Change:
        """This change made from what is stored now of its items (`current` says), rather
        than from what they were: how undo puts back what was, whatever happened since."""
        return Change(self.article_id, current(self.item), self.after,
                      tuple(also.over(current) for also in self.also))

    @property
    def item(self) -> Item:
        """The item changed, as it is after the change, or as it was if it was deleted."""
        item = self.after or self.before
        assert item is not None
        return item


class History:
    """The changes made to each article's annotations, to undo and redo them in turn.

    A step is one change, or several made by one command (a tag of every search match), which
    are undone and redone together.
    """

    def __init__(self) -> None:
        self._done: dict[str, list[tuple[Change, ...]]] = {}
        self._undone: dict[str, list[tuple[Change, ...]]] = {}

    def record(self, change: Change, *, joined: bool = False) -> None:
        """Keep a change just made; what was undone on its article can no longer be redone.

        Args:
            change: The change.
            joined: It belongs to the step of the change recorded just before it.
        """
        done = self._done.setdefault(change.article_id, [])
        if joined and done:
            done[-1] = (*done[-1], change)
        else:
            done.append((change,))
        self._undone.pop(change.article_id, None)

    def undo(self, article_id: str) -> tuple[Change, ...]:
        """The changes that undo the last step made to an article, last first (the step can
        then be redone); none when there is nothing to undo."""
        done = self._done.get(article_id)
        if not done:
            return ()
        step = done.pop()
        self._undone.setdefault(article_id, []).append(step)
        return tuple(change.inverse() for change in reversed(step))

    def redo(self, article_id: str) -> tuple[Change, ...]:
        """The changes of the step last undone on an article, in the order they were made (the
        step can then be undone again); none when there is nothing to redo."""
        undone = self._undone.get(article_id)
        if not undone:
            return ()
        step = undone.pop()
        self._done.setdefault(article_id, []).append(step)
        return step


def describe(change: Change, *more: Change) -> str:
    """A change in a few words, as undo and redo report it: "tag claim", "retag a → b",
    "link source", "label stance"...; with `more` changes of one step, how many: "tag place
    ×12"."""
    if more:
        return f"{describe(change)} ×{1 + len(more)}"
    before, after = change.before, change.after
    item = change.item
    if isinstance(item, Relation):
        return f"{'unlink' if after is None else 'link'} {item.type}"
    if isinstance(item, DocLabel):
        return f"label {item.name}"
    if before is None and isinstance(after, Annotation):
        return f"tag {after.label}"
    if after is None and isinstance(before, Annotation):
        return f"delete {before.label}" + (" and its relations" if change.also else "")
    assert isinstance(before, Annotation) and isinstance(after, Annotation)
    if before.label != after.label:
        return f"retag {before.label} → {after.label}"
    if (before.start, before.end, before.orphan) != (after.start, after.end, after.orphan):
        return f"re-attach {after.label}"
    return "note"
