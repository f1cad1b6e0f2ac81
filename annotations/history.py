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
    """The changes made to each article's annotations, to undo and redo them in turn."""

    def __init__(self) -> None:
        self._done: dict[str, list[Change]] = {}
        self._undone: dict[str, list[Change]] = {}

    def record(self, change: Change) -> None:
        """Keep a change just made; what was undone on its article can no longer be redone."""
        self._done.setdefault(change.article_id, []).append(change)
        self._undone.pop(change.article_id, None)

    def undo(self, article_id: str) -> Change | None:
        """The change that undoes the last one made to an article (which can then be redone);
        None when there is nothing to undo."""
        done = self._done.get(article_id)
        if not done:
            return None
        change = done.pop()
        self._undone.setdefault(article_id, []).append(change)
        return change.inverse()

    def redo(self, article_id: str) -> Change | None:
        """The change last undone on an article (which can then be undone again); None when
        there is nothing to redo."""
        undone = self._undone.get(article_id)
        if not undone:
            return None
        change = undone.pop()
        self._done.setdefault(article_id, []).append(change)
        return change
