"""Reviewing a DB's annotations one at a time: all of them, the disagreements, or one label.

For adjudication after `annotator merge` (the annotations marked for review are where the
annotators disagreed), or to check one label. Each decision (accept, retag, delete, a new note)
is made in the store and moves on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotations.model import Annotation, Article, Label
from annotations.store import AnnotationStore

Item = tuple[Article, Annotation]
"""An annotation with its article."""


@dataclass(frozen=True)
class ReviewFilter:
    """Which annotations to step through."""

    name: str
    """As shown: all, disagreements, or a label's name."""
    label: str | None = None
    """Only this label."""
    flagged: bool = False
    """Only those marked for review."""

    def keeps(self, annotation: Annotation) -> bool:
        """Whether `annotation` is among those this filter shows."""
        return (not self.flagged or annotation.review) and (
            self.label is None or annotation.label == self.label
        )


class Review:
    """The annotations of a DB with a place in their text, in article then text order, and
    the one under review."""

    def __init__(self, store: AnnotationStore, labels: Sequence[Label]) -> None:
        """Read every annotation of `store`; begin with the disagreements, if there are any.

        Args:
            store: Where the annotations are.
            labels: The label set (each label is a filter, and a key that retags).
        """
        self.store = store
        self.filters = [ReviewFilter("all"), ReviewFilter("disagreements", flagged=True)] + [
            ReviewFilter(label.name, label=label.name) for label in labels
        ]
        self.items: list[Item] = [
            (article, annotation)
            for article, _, annotations in store.contents()
            for annotation in annotations
            if not annotation.orphan
        ]
        self.position = 0
        """The place of the current annotation among those the filter keeps."""
        self.filter = self.filters[0]
        if any(a.review for _, a in self.items):
            self.filter = self.filters[1]

    @property
    def shown(self) -> list[Item]:
        """The items the filter keeps."""
        return [(article, a) for article, a in self.items if self.filter.keeps(a)]

    @property
    def current(self) -> Item | None:
        """The item under review, if the filter keeps any."""
        shown = self.shown
        if not shown:
            return None
        self.position = max(0, min(self.position, len(shown) - 1))
        return shown[self.position]

    def overlapping(self, article: Article, annotation: Annotation) -> list[Annotation]:
        """The other annotations of the article that share a character with `annotation`:
        what the other annotators made of the same text, to adjudicate between them."""
        return [
            other for other_article, other in self.items
            if other_article.id == article.id and other.id != annotation.id
            and other.start < annotation.end and other.end > annotation.start
        ]

    def step(self, step: int) -> None:
        """Go to the next (or previous) annotation, stopping at either end."""
        self.position = max(0, min(self.position + step, len(self.shown) - 1))

    def next_filter(self) -> None:
        """Show all, the disagreements, or one label, in turn, from the first."""
        index = self.filters.index(self.filter)
        self.filter = self.filters[(index + 1) % len(self.filters)]
        self.position = 0

    def accept(self) -> bool:
        """Keep the current annotation as it is (clearing its review mark) and go on.

        Returns:
            Whether there was an annotation to decide.
        """
        current = self.current
        return current is not None and self.retag(current[1].label)

    def retag(self, label: str) -> bool:
        """Give the current annotation a label (deciding it, and clearing its review mark)
        and go on.

        Returns:
            Whether there was an annotation to decide.
        """
        current = self.current
        if current is None:
            return False
        annotation = current[1]
        changed = self.store.retag(annotation, label) if annotation.label != label else annotation
        if changed.review:
            changed = self.store.set_review(changed, False)
        self._replace(annotation, changed)
        return True

    def delete(self) -> bool:
        """Delete the current annotation; the next one takes its place.

        Returns:
            Whether there was an annotation to delete.
        """
        current = self.current
        if current is None:
            return False
        self.store.delete(current[1])
        self._replace(current[1], None, keep_position=True)
        return True

    def set_note(self, annotation: Annotation, note: str) -> bool:
        """Give `annotation` a new note, staying on it.

        Returns:
            Whether the note changed.
        """
        if note == annotation.note:
            return False
        self._replace(annotation, self.store.set_note(annotation, note), keep_position=True)
        return True

    def forget(self, annotation: Annotation) -> None:
        """Stop showing `annotation` (another annotator deleted it meanwhile)."""
        self.items = [item for item in self.items if item[1].id != annotation.id]

    def _replace(
        self, old: Annotation, new: Annotation | None, keep_position: bool = False
    ) -> None:
        """Put `new` (None: deleted) in `old`'s place and move on.

        Only that item changes: reading the whole DB again would cost every key a second on a
        DB of 100,000 annotations.
        """
        index = next(i for i, (_, annotation) in enumerate(self.items) if annotation.id == old.id)
        if new is None:
            del self.items[index]
        else:
            self.items[index] = (self.items[index][0], new)
        if not keep_position and not self.filter.flagged:
            self.position += 1  # a decided annotation under "disagreements" leaves the list
