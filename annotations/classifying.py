"""Article and comment labels in a session: what the choice key of the article screen does
(`Session.classifying`).

The key labels what the cursor is in: the reader comment under it, else the article. The
annotator's choices are kept one `DocLabel` per set; the header shows the article's, and each
comment's show beside its author.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from annotations.doc_labels import ChoiceSet, DocLabel, shown
from annotations.model import Block
from annotations.outcome import Changed, Outcome, say

if TYPE_CHECKING:
    from annotations.session import Session


class Classifying:
    """The labels of the session's article and of its comments."""

    def __init__(self, session: Session, sets: Sequence[ChoiceSet]) -> None:
        """Args:
        session: The session whose article is labelled.
        sets: The choice sets of the label set, for the article and for comments.
        """
        self.session = session
        self.sets = tuple(sets)
        self.labels: tuple[DocLabel, ...] = ()
        """The labels of the article and its comments, every annotator's."""

    def take(self) -> None:
        """Read the article's labels again."""
        session = self.session
        self.labels = tuple(session.store.links.doc_labels(session.article.id))

    def comment_at(self, offset: int | None) -> int | None:
        """The place among the article's comments of the comment holding `offset`; None when
        it is in no comment."""
        if offset is None:
            return None
        comments = self.session.article.comments
        return next((place for place, block in enumerate(comments)
                     if block.start <= offset <= block.end), None)

    def sets_for(self, comment: int | None) -> tuple[ChoiceSet, ...]:
        """The choice sets for a comment (or for the article, when `comment` is None)."""
        target = "article" if comment is None else "comment"
        return tuple(s for s in self.sets if s.target == target)

    def chosen(self, comment: int | None) -> dict[str, tuple[str, ...]]:
        """This annotator's choices for a comment (or the article), by set."""
        return {label.name: label.choices for label in self._of(comment)
                if label.annotator == self.session.annotator}

    def shown(self, comment: int | None) -> str:
        """Every annotator's choices for a comment (or the article), in a line."""
        return shown(self._of(comment))

    def shown_for(self, block: Block) -> str:
        """The labels of a comment block, in a line (empty for other blocks)."""
        comments = self.session.article.comments
        return self.shown(comments.index(block)) if block in comments else ""

    def what(self, comment: int | None) -> str:
        """What is labelled, in words: the article, or a comment and its author."""
        if comment is None:
            return "the article"
        author = self.session.article.comments[comment].author or "anonymous"
        return f"comment {comment + 1} ({author})"

    def choose(self, comment: int | None, chosen: Mapping[str, Sequence[str]]) -> Outcome:
        """Keep this annotator's choices for a comment (or the article), by set; a set left
        out is not changed, one with no choices is cleared."""
        session = self.session
        if not self.sets_for(comment):
            return say(f"The label set has no choices for {self.what(comment)}.", warning=True)
        before = self.chosen(comment)
        changed = {name: tuple(values) for name, values in chosen.items()
                   if tuple(values) != before.get(name, ())}
        session.record_opened()
        for name, values in changed.items():
            session.store.links.label(session.article, name, values, comment, session.annotator)
        if not changed:
            return Outcome()
        self.take()
        line = self.shown(comment) or "no labels"
        return Outcome(changed=Changed.LABELS, to_save=True).saying(
            f"{self.what(comment)[0].upper()}{self.what(comment)[1:]}: {line}.")

    def _of(self, comment: int | None) -> list[DocLabel]:
        return [label for label in self.labels if label.comment == comment and not label.orphan]
