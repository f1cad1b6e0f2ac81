"""Reviewing a DB's annotations, relations and labels one at a time: all of them, the
disagreements, or one label's spans.

For adjudication after `annotator merge` (what is marked for review is where the annotators
disagreed), or to check one label. Each decision (accept, retag, delete, a new note) is made in
the store and moves on. A relation and an article's or comment's label are items of their own,
decided like a span: accept keeps it (clearing its review mark), delete takes it away; so where
two annotators linked a figure to different claims, or gave a comment different stances, the
adjudicator keeps one and deletes the other. Deleting a span deletes its relations.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from annotations.doc_labels import DocLabel
from annotations.model import Annotation, Article, Label
from annotations.relations import Relation, exportable
from annotations.review_places import GONE, RELATION, SPAN, Decided, ReviewPlaces
from annotations.schema import LABELS_PREFIX, RELATIONS_PREFIX, annotations_table
from annotations.statistics import stored_articles
from annotations.store import AnnotationStore

Item = tuple[Article, Decided]
"""A review item with its article."""


class LinkGone(KeyError):
    """A decision on a relation or label the store no longer holds: another annotator sharing
    the DB deleted it meanwhile (or deleted a span it linked)."""

    def __init__(self, item: Relation | DocLabel) -> None:
        super().__init__(item.id)
        self.item = item
        """The relation or label as the review last saw it."""

    @property
    def message(self) -> str:
        """What the screen says: one line, nothing changed."""
        return (f"That {describe(self.item)} was deleted by another annotator meanwhile; "
                "nothing changed.")


@dataclass(frozen=True)
class ReviewFilter:
    """Which items to step through."""

    name: str
    """As shown: all, disagreements, or a label's name."""
    label: str | None = None
    """Only the annotations with this label."""
    flagged: bool = False
    """Only those marked for review."""

    def keeps(self, item: Decided) -> bool:
        """Whether `item` is among those this filter shows."""
        return self.keeps_entry(item.label if isinstance(item, Annotation) else None,
                                item.review)

    def keeps_entry(self, label: str | None, review: bool) -> bool:
        """Whether this filter shows an item of `label` (None: not a span) and review mark."""
        if self.label is not None and label != self.label:
            return False
        return not self.flagged or review


def describe(item: Decided) -> str:
    """What an item is, in a few words: `claim`, `supports relation`, `stance label`."""
    if isinstance(item, Annotation):
        return item.label
    return f"{item.type} relation" if isinstance(item, Relation) else f"{item.name} label"


class Review:
    """The annotations of a DB with a place in their text, their relations and the labels of
    the articles and comments, in article then text order, and the one under review.

    In an article, its own labels come first, then each annotation in text order followed by
    the relations whose head it is; a comment's labels come where the comment begins. A
    relation with an orphaned end, and an orphaned label, have no place and are not shown.

    Read once (`__init__` is the slow part: the screen calls it off the UI thread); after that
    every step and decision costs about the same at any size. What is kept of each item is
    its place (`annotations.review_places`), not the item: the item shown is read from the
    store, an article at a time, so it is as the store holds it now. Each filter keeps the
    places of its items in order, updated as decisions change them, and the annotations that
    share a character with one are found by bisection among its article's (which are in text
    order).
    """

    def __init__(
        self,
        store: AnnotationStore,
        labels: Sequence[Label],
        articles: Iterable[dict[str, Any]] | None = None,
    ) -> None:
        """Read every annotation, relation and label of `store`; begin with the
        disagreements, if there are any.

        Args:
            store: Where the annotations are.
            labels: The label set (each label is a filter, and a key that retags).
            articles: The store's article records in the order first opened
                (`annotations.statistics.stored_articles`, the default), or an iterator
                over them that reports how far the reading has come.
        """
        self.store = store
        self.filters = [ReviewFilter("all"), ReviewFilter("disagreements", flagged=True)] + [
            ReviewFilter(label.name, label=label.name) for label in labels
        ]
        self._places = ReviewPlaces()
        for record in stored_articles(store) if articles is None else articles:
            article_id = record["id"]
            spans = store.records(annotations_table(article_id))
            relations = store.records(RELATIONS_PREFIX + article_id)
            doc_labels = store.records(LABELS_PREFIX + article_id)
            if not relations and not doc_labels:  # most: read as records, no object made
                self._places.add_spans(article_id, spans)
                continue
            article = Article.from_json(record)
            placed = [a for a in map(Annotation.from_record, spans) if not a.orphan]
            ordered = _in_order(article, placed, map(Relation.from_record, relations),
                                map(DocLabel.from_record, doc_labels))
            longest = max((a.end - a.start for a in placed), default=0)
            self._places.add_article(article_id, ordered, longest)
        self._kept = {kind: self._places.matching(kind.label, kind.flagged)
                      for kind in self.filters}
        """The places of the items each filter keeps, in order."""
        self._read: tuple[str, Article | None,
                          dict[str, tuple[type[Decided], dict[str, Any]]]] | None = None
        """The article last read from the store, with its items' records (and kinds) by id."""
        self._shown: tuple[int, Item] | None = None
        """The place and item `current` last gave: what a decision is about, even once
        another annotator deleted it meanwhile."""
        self.position = 0
        """The place of the current item among those the filter keeps."""
        self.filter = self.filters[0]
        if self._kept[self.filters[1]]:
            self.filter = self.filters[1]
        self.current  # noqa: B018  # as shown: a decision on it tells when it is gone

    @property
    def count(self) -> int:
        """How many items the filter keeps."""
        return len(self._kept[self.filter])

    @property
    def shown(self) -> list[Item]:
        """The items the filter keeps (a new list: for a look at all of them, not per key)."""
        return [item for place in self._kept[self.filter]
                if (item := self._item(place)) is not None]

    @property
    def current(self) -> Item | None:
        """The item under review, if the filter keeps any. One another annotator deleted
        meanwhile, never shown, is passed over."""
        kept = self._kept[self.filter]
        while kept:
            self.position = max(0, min(self.position, len(kept) - 1))
            place = kept[self.position]
            item = self._item(place)
            if item is not None:
                self._shown = (place, item)
                return item
            self._drop(place)
        return None

    def relations(self, article: Article, annotation: Annotation) -> list[Relation]:
        """The relations to and from `annotation`."""
        return [r for r in self.store.links.relations(article.id) if r.touches(annotation.id)]

    def annotation(self, article_id: str, annotation_id: str) -> Annotation | None:
        """The annotation of this id in that article, as the store holds it (None: gone, or
        orphaned)."""
        place = self._places.find(article_id, annotation_id)
        item = None if place is None else self._item(place)
        return item[1] if item is not None and isinstance(item[1], Annotation) else None

    def alongside(self, label: DocLabel) -> list[DocLabel]:
        """The other annotators' labels in the same set, on the same article or comment:
        what to choose between."""
        return [other for other in self.store.links.doc_labels(label.article_id)
                if (other.name, other.comment, other.orphan) == (label.name, label.comment, False)
                and other.id != label.id]

    def _item(self, place: int) -> Item | None:
        """The item at `place` as the store holds it; None when it is gone (the one last
        shown is given as it was shown, for a decision to find it gone)."""
        if self._places.kind(place) == GONE:
            return None
        article_id = self._places.article_id(place)
        if self._read is None or self._read[0] != article_id:
            # The article's records by id; an object is made only of the item asked for (an
            # `Annotation` of each span, sorted, cost a step 0.25 s in an article of 50k).
            records: dict[str, tuple[type[Decided], dict[str, Any]]] = {}
            for kind, table in ((Annotation, annotations_table(article_id)),
                                (Relation, RELATIONS_PREFIX + article_id),
                                (DocLabel, LABELS_PREFIX + article_id)):
                records.update((record["id"], (kind, record))
                               for record in self.store.records(table))
            self._read = (article_id, self.store.article(article_id), records)
        _, article, records = self._read
        found = records.get(self._places.id(place))
        if found is not None and article is not None:
            kind, record = found
            return article, kind.from_record(record)
        if self._shown is not None and self._shown[0] == place:
            return self._shown[1]
        return None

    def overlapping(self, article: Article, annotation: Annotation) -> list[Annotation]:
        """The other annotations of the article that share a character with `annotation`:
        what the other annotators made of the same text, to adjudicate between them."""
        first, last, longest = self._places.articles.get(article.id, (0, 0, 0))
        # Only an item starting less than the longest span before `annotation` can reach it.
        low = bisect_left(self._places.starts, annotation.start - longest + 1, first, last)
        high = bisect_left(self._places.starts, annotation.end, first, last)
        others = []
        for place in range(low, high):
            if self._places.kind(place) == SPAN and (item := self._item(place)) is not None:
                other = item[1]
                if (isinstance(other, Annotation) and other.id != annotation.id
                        and other.end > annotation.start):
                    others.append(other)
        return others

    def step(self, step: int) -> None:
        """Go to the next (or previous) item, stopping at either end."""
        self.position = max(0, min(self.position + step, self.count - 1))
        self._read = None  # the next item is read as the store holds it now

    def next_filter(self) -> None:
        """Show all, the disagreements, or one label, in turn, from the first."""
        self._read = None
        index = self.filters.index(self.filter)
        self.filter = self.filters[(index + 1) % len(self.filters)]
        self.position = 0

    def accept(self) -> bool:
        """Keep the current item as it is (clearing its review mark) and go on.

        Returns:
            Whether there was an item to decide.

        Raises:
            AnnotationGone: the annotation was deleted meanwhile.
            LinkGone: the relation or label was deleted meanwhile.
        """
        current = self.current
        if current is None:
            return False
        item = current[1]
        if isinstance(item, Annotation):
            return self.retag(item.label)
        if item.review:
            try:
                self.store.links.set_review(item, False)
            except KeyError:
                raise LinkGone(item) from None
        self._replace(item, replace(item, review=False))
        return True

    def retag(self, label: str) -> bool:
        """Give the current annotation a label (deciding it, and clearing its review mark)
        and go on.

        Returns:
            Whether there was an annotation to decide (a relation or label has no label to
            change: accept or delete it).
        """
        current = self.current
        if current is None or not isinstance(current[1], Annotation):
            return False
        annotation = current[1]
        changed = self.store.retag(annotation, label) if annotation.label != label else annotation
        if changed.review:
            changed = self.store.set_review(changed, False)
        self._replace(annotation, changed)
        return True

    def delete(self) -> bool:
        """Delete the current item (an annotation with its relations); the next one takes its
        place.

        Returns:
            Whether there was an item to delete.
        """
        current = self.current
        if current is None:
            return False
        article, item = current
        if isinstance(item, Annotation):
            first, last, _ = self._places.articles[article.id]
            linked = [held[1] for place in range(first, last)
                      if self._places.kind(place) == RELATION
                      and (held := self._item(place)) is not None
                      and isinstance(held[1], Relation) and held[1].touches(item.id)]
            self.store.delete(item)  # and its relations
            for relation in linked:
                self._replace(relation, None, keep_position=True)
        else:
            try:
                self.store.links.unlink(item)
            except KeyError:
                raise LinkGone(item) from None
        self._replace(item, None, keep_position=True)
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

    def forget(self, item: Decided) -> None:
        """Stop showing `item` (another annotator deleted it meanwhile)."""
        place = self._places.find(item.article_id, item.id)
        if place is not None and self._places.kind(place) != GONE:
            self._replace(item, None, keep_position=True)

    def _replace(self, old: Decided, new: Decided | None, keep_position: bool = False) -> None:
        """Put `new` (None: deleted) in `old`'s place, in the filters that keep either, and
        move on.

        Only that item changes: reading the whole DB again would cost every key a second on a
        DB of 100,000 annotations.
        """
        place = self._places.find(old.article_id, old.id)
        assert place is not None, "a decision is on an item of the review"
        self._replace_at(place, new, keep_position)

    def _drop(self, place: int) -> None:
        """Stop showing the item at `place` (gone before it was shown)."""
        self._replace_at(place, None, keep_position=True)

    def _replace_at(self, place: int, new: Decided | None, keep_position: bool) -> None:
        held, label, review = self._places.entry(place)
        self._places.set(place, new)
        self._read = self._shown = None  # read again as the store holds it now
        for kind, kept in self._kept.items():
            was = held != GONE and kind.keeps_entry(label, review)
            is_kept = new is not None and kind.keeps(new)
            if was and not is_kept:
                index = bisect_left(kept, place)
                del kept[index]
                if kind == self.filter and index < self.position:
                    self.position -= 1  # the current item moved up one
            elif is_kept and not was:
                insort(kept, place)
        if not keep_position and not self.filter.flagged:
            self.position += 1  # a decided item under "disagreements" leaves the list


def _in_order(
    article: Article,
    annotations: list[Annotation],
    relations: Iterable[Relation],
    labels: Iterable[DocLabel],
) -> list[tuple[int, Decided]]:
    """An article's items in review order, each with where it stands in the text: the
    article's labels (at 0), a comment's labels where the comment begins, each annotation
    (in text order) followed by the relations whose head it is."""
    comments = article.comments
    ranked: list[tuple[int, int, int, Decided]] = []
    for label in sorted((label for label in labels if not label.orphan),
                        key=lambda label: (label.comment is not None, label.comment or 0,
                                           label.name, label.annotator, label.id)):
        if label.comment is None:
            ranked.append((0, 0, len(ranked), label))
        elif label.comment < len(comments):
            ranked.append((comments[label.comment].start, 0, len(ranked), label))
    starts = {annotation.id: annotation.start for annotation in annotations}
    ranked += [(a.start, 1, len(ranked) + n, a)
               for n, a in enumerate(sorted(annotations, key=Annotation.sort_key))]
    ranked += [(starts[r.head], 2, len(ranked) + n, r)
               for n, r in enumerate(exportable(relations, annotations))]
    ranked.sort(key=lambda entry: entry[:3])
    return [(start, item) for start, _, _, item in ranked]
