"""Reviewing a DB's annotations one at a time: all of them, the disagreements, or one label.

For adjudication after `annotator merge` (the annotations marked for review are where the
annotators disagreed), or to check one label. Each decision (accept, retag, delete, a new note)
is made in the store and moves on. A relation marked for review is decided with its
annotations: the disagreements show the annotations at either end of one, and deciding an
annotation decides the relations to and from it (deleting it deletes them).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotations.model import Annotation, Article, Label
from annotations.relations import Relation
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
    the one under review.

    Read once (`__init__` is the slow part: the screen calls it off the UI thread); after that
    every step and decision costs about the same at any size. Each filter keeps the places of
    its annotations in order, updated as decisions change them, and the annotations that share
    a character with one are found by bisection among its article's (which are in text order).
    """

    def __init__(
        self,
        store: AnnotationStore,
        labels: Sequence[Label],
        contents: Iterable[tuple[Article, str, list[Annotation]]] | None = None,
    ) -> None:
        """Read every annotation of `store`; begin with the disagreements, if there are any.

        Args:
            store: Where the annotations are.
            labels: The label set (each label is a filter, and a key that retags).
            contents: `store.contents()` (the default), or an iterator over it that reports
                how far the reading has come.
        """
        self.store = store
        self.filters = [ReviewFilter("all"), ReviewFilter("disagreements", flagged=True)] + [
            ReviewFilter(label.name, label=label.name) for label in labels
        ]
        self._items: list[Item | None] = []
        """Every placed annotation, in order; None where one was deleted."""
        self._starts = array("q")
        """The start offset of each item, for bisection within an article."""
        self._places: dict[str, int] = {}
        """Each annotation's place among the items, by id."""
        self._articles: dict[str, tuple[int, int, int]] = {}
        """Each article's places (first, and past its last), and its longest span."""
        self.linked_review: set[str] = set()
        """The annotations at an end of a relation marked for review."""
        for article, _, made in store.contents() if contents is None else contents:
            self.linked_review |= _ends_under_review(store.links.relations(article.id))
            first = len(self._items)
            longest = 0
            for annotation in made:
                if annotation.orphan:
                    continue
                self._places[annotation.id] = len(self._items)
                self._items.append((article, annotation))
                self._starts.append(annotation.start)
                longest = max(longest, annotation.end - annotation.start)
            self._articles[article.id] = (first, len(self._items), longest)
        self._kept: dict[ReviewFilter, list[int]] = {kind: [] for kind in self.filters}
        """The places of the items each filter keeps, in order."""
        for place, item in enumerate(self._items):
            annotation = item[1]  # type: ignore[index]  # none is deleted yet
            for kind, kept in self._kept.items():
                if self._keeps(kind, annotation):
                    kept.append(place)
        self.position = 0
        """The place of the current annotation among those the filter keeps."""
        self.filter = self.filters[0]
        if self._kept[self.filters[1]]:
            self.filter = self.filters[1]

    @property
    def count(self) -> int:
        """How many annotations the filter keeps."""
        return len(self._kept[self.filter])

    @property
    def shown(self) -> list[Item]:
        """The items the filter keeps (a new list: for a look at all of them, not per key)."""
        return [self._item(place) for place in self._kept[self.filter]]

    @property
    def current(self) -> Item | None:
        """The item under review, if the filter keeps any."""
        kept = self._kept[self.filter]
        if not kept:
            return None
        self.position = max(0, min(self.position, len(kept) - 1))
        return self._item(kept[self.position])

    def _keeps(self, kind: ReviewFilter, annotation: Annotation) -> bool:
        """Whether the filter keeps `annotation`: the disagreements also keep the ends of a
        relation marked for review."""
        return kind.keeps(annotation) or (
            kind.flagged and kind.label is None and annotation.id in self.linked_review)

    def relations(self, article: Article, annotation: Annotation) -> list[Relation]:
        """The relations to and from `annotation`."""
        return [r for r in self.store.links.relations(article.id) if r.touches(annotation.id)]

    def _item(self, place: int) -> Item:
        item = self._items[place]
        assert item is not None, "a deleted annotation is kept by no filter"
        return item

    def overlapping(self, article: Article, annotation: Annotation) -> list[Annotation]:
        """The other annotations of the article that share a character with `annotation`:
        what the other annotators made of the same text, to adjudicate between them."""
        first, last, longest = self._articles.get(article.id, (0, 0, 0))
        # Only an item starting less than the longest span before `annotation` can reach it.
        low = bisect_left(self._starts, annotation.start - longest + 1, first, last)
        high = bisect_left(self._starts, annotation.end, first, last)
        others = []
        for item in self._items[low:high]:
            if item is not None:
                other = item[1]
                if other.id != annotation.id and other.end > annotation.start:
                    others.append(other)
        return others

    def step(self, step: int) -> None:
        """Go to the next (or previous) annotation, stopping at either end."""
        self.position = max(0, min(self.position + step, self.count - 1))

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
        article, annotation = current
        changed = self.store.retag(annotation, label) if annotation.label != label else annotation
        if changed.review:
            changed = self.store.set_review(changed, False)
        linked = annotation.id in self.linked_review
        self._decide_relations(article, annotation)
        self._replace(annotation, changed, was_linked=linked)
        return True

    def _decide_relations(self, article: Article, annotation: Annotation,
                          clear: bool = True) -> None:
        """Clear (with `clear`) the review marks of the relations to and from `annotation`;
        the ends of those left marked stay among the disagreements, the others leave them."""
        for relation in self.relations(article, annotation) if clear else ():
            if relation.review:
                self.store.links.set_review(relation, False)
        left = _ends_under_review(self.store.links.relations(article.id))
        first, last, _ = self._articles.get(article.id, (0, 0, 0))
        for place in range(first, last):
            item = self._items[place]
            if item is not None and item[1].id != annotation.id:
                before = item[1].id in self.linked_review
                self.linked_review.discard(item[1].id)
                if item[1].id in left:
                    self.linked_review.add(item[1].id)
                if before != (item[1].id in left):
                    self._replace(item[1], item[1], keep_position=True, was_linked=before)
        self.linked_review.discard(annotation.id)

    def delete(self) -> bool:
        """Delete the current annotation; the next one takes its place.

        Returns:
            Whether there was an annotation to delete.
        """
        current = self.current
        if current is None:
            return False
        linked = current[1].id in self.linked_review
        self.store.delete(current[1])  # and its relations
        self._decide_relations(*current, clear=False)
        self._replace(current[1], None, keep_position=True, was_linked=linked)
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
        if annotation.id in self._places:
            self._replace(annotation, None, keep_position=True)

    def _replace(
        self, old: Annotation, new: Annotation | None, keep_position: bool = False,
        was_linked: bool | None = None,
    ) -> None:
        """Put `new` (None: deleted) in `old`'s place, in the filters that keep either, and
        move on.

        Only that item changes: reading the whole DB again would cost every key a second on a
        DB of 100,000 annotations.
        """
        place = self._places[old.id]
        article, held = self._item(place)
        self._items[place] = None if new is None else (article, new)
        linked = self.linked_review
        for kind, kept in self._kept.items():
            was = kind.keeps(held) or (kind.flagged and kind.label is None and (
                held.id in linked if was_linked is None else was_linked))
            is_kept = new is not None and self._keeps(kind, new)
            if was and not is_kept:
                del kept[bisect_left(kept, place)]
            elif is_kept and not was:
                insort(kept, place)
        if new is None:
            del self._places[old.id]
        if not keep_position and not self.filter.flagged:
            self.position += 1  # a decided annotation under "disagreements" leaves the list


def _ends_under_review(relations: Iterable[Relation]) -> set[str]:
    """The ids of the annotations at either end of the relations marked for review."""
    return {end for r in relations if r.review for end in (r.head, r.tail)}
