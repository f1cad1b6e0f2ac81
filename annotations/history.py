"""Undo and redo: a change to an annotation, and the changes of this session, a stack per article.

Only the user's own edits are kept: an import, another annotator's work taken in, or an
annotation found again after its article changed is not undone. Undoing a change puts back the
annotation as it was before it, over whatever is stored now (see `AnnotationStore.undo`).
"""

from __future__ import annotations

from dataclasses import dataclass

from annotations.model import Annotation


@dataclass(frozen=True)
class Change:
    """One change to one annotation: `before` is None for a new one, `after` for a deletion."""

    article_id: str
    """The article whose annotation changed."""
    before: Annotation | None
    """The annotation as it was, or None when the change created it."""
    after: Annotation | None
    """The annotation as it is now, or None when the change deleted it."""

    def inverse(self) -> Change:
        """The change that undoes this one."""
        return Change(self.article_id, self.after, self.before)


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
    """A change in a few words, as undo and redo report it: "tag claim", "retag a → b"...;
    with `more` changes of one step, how many: "tag place ×12"."""
    if more:
        return f"{describe(change)} ×{1 + len(more)}"
    before, after = change.before, change.after
    if before is None and after is not None:
        return f"tag {after.label}"
    if after is None and before is not None:
        return f"delete {before.label}"
    assert before is not None and after is not None
    if before.label != after.label:
        return f"retag {before.label} → {after.label}"
    if (before.start, before.end, before.orphan) != (after.start, after.end, after.orphan):
        return f"re-attach {after.label}"
    return "note"
