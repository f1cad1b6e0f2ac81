"""Where each review item stands, and what a filter needs of it, in arrays instead of objects.

A review of a million annotations held each as an `Annotation` (with its article) took about
1.6 KB an item, four times the DB's JSON, and freeing them all when the review closed froze the
screen for half a second. Here an item is its id (UTF-8 bytes in one buffer), its article, its
kind, its label, its review mark and where it starts in the text: about 60 bytes. The review
reads the item itself from the store when it is shown (`annotations.review`).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import Any

from annotations.doc_labels import DocLabel
from annotations.model import Annotation
from annotations.relations import Relation

Decided = Annotation | Relation | DocLabel
"""What one review item decides: a span's annotation, a relation, or a label."""

SPAN, RELATION, LABEL, GONE = range(4)
"""An item's kind; GONE: deleted (by a decision, or by another annotator meanwhile)."""
KINDS = {Annotation: SPAN, Relation: RELATION, DocLabel: LABEL}


class ReviewPlaces:
    """Every item of a review in order, an article's items together; a place is an index."""

    def __init__(self) -> None:
        self._ids = bytearray()
        self._id_ends = array("q")
        self.starts = array("q")
        """Where each item stands in its article's text, for bisection within an article."""
        self._kinds = bytearray()
        self._labels = array("l")  # an index in `_names`; 0 for an item that is not a span
        self._names: list[str | None] = [None]
        self._name_index: dict[str | None, int] = {None: 0}
        self._marks = bytearray()  # the review mark
        self._article_ids: list[str] = []
        self._article_firsts = array("q")
        self.articles: dict[str, tuple[int, int, int]] = {}
        """Each article's places (first, and past its last), and its longest span."""

    def __len__(self) -> int:
        return len(self._kinds)

    def add_article(self, article_id: str, items: Sequence[tuple[int, Decided]],
                    longest: int) -> None:
        """An article's items in order, each with where it stands, and its longest span."""
        first = self._begin(article_id)
        for start, item in items:
            label = item.label if isinstance(item, Annotation) else None
            self._append(item.id, start, KINDS[type(item)], label, item.review)
        self.articles[article_id] = (first, len(self), longest)

    def add_spans(self, article_id: str, records: Iterable[dict[str, Any]]) -> None:
        """An article that has spans only (no relation, no label), from the records the
        store holds: those with a place, in text order (start, end, id: `Annotation.sort_key`)."""
        first = self._begin(article_id)
        spans = sorted((record["start"], record["end"], record["id"], record["label"],
                        bool(record.get("review"))) for record in records
                       if not record.get("orphan"))
        for start, _, span_id, label, review in spans:
            self._append(span_id, start, SPAN, label, review)
        longest = max((end - start for start, end, *_ in spans), default=0)
        self.articles[article_id] = (first, len(self), longest)

    def _begin(self, article_id: str) -> int:
        self._article_ids.append(article_id)
        self._article_firsts.append(len(self))
        return len(self)

    def _append(self, item_id: str, start: int, kind: int, label: str | None,
                review: bool) -> None:
        self._ids += item_id.encode()
        self._id_ends.append(len(self._ids))
        self.starts.append(start)
        self._kinds.append(kind)
        self._labels.append(self._label_index(label))
        self._marks.append(review)

    def _label_index(self, label: str | None) -> int:
        index = self._name_index.get(label)
        if index is None:
            index = self._name_index[label] = len(self._names)
            self._names.append(label)
        return index

    def set(self, place: int, item: Decided | None) -> None:
        """Take what a filter needs of `item` (None: it is gone) at `place`."""
        if item is None:
            self._kinds[place] = GONE
            return
        self._labels[place] = self._label_index(
            item.label if isinstance(item, Annotation) else None)
        self._marks[place] = item.review

    def entry(self, place: int) -> tuple[int, str | None, bool]:
        """An item's kind, its label (None: not a span) and whether it is marked for review."""
        return self._kinds[place], self._names[self._labels[place]], bool(self._marks[place])

    def kind(self, place: int) -> int:
        """An item's kind (`GONE` once deleted)."""
        return self._kinds[place]

    def id(self, place: int) -> str:
        """An item's id."""
        begin = self._id_ends[place - 1] if place else 0
        return self._ids[begin : self._id_ends[place]].decode()

    def article_id(self, place: int) -> str:
        """The id of the article an item belongs to."""
        return self._article_ids[bisect_right(self._article_firsts, place) - 1]

    def find(self, article_id: str, item_id: str) -> int | None:
        """The place of an item by its article and id; None when the review never held it."""
        first, last, _ = self.articles.get(article_id, (0, 0, 0))
        if first == last:
            return None
        key = item_id.encode()
        low = self._id_ends[first - 1] if first else 0
        high = self._id_ends[last - 1]
        found = self._ids.find(key, low, high)
        while found != -1:
            place = bisect_right(self._id_ends, found, first, last)
            begin = self._id_ends[place - 1] if place else 0
            if begin == found and self._id_ends[place] == found + len(key):
                return place
            found = self._ids.find(key, found + 1, high)
        return None

    def matching(self, label: str | None, flagged: bool) -> array[int]:
        """The places of the items not gone that are spans labelled `label` (None: of any
        kind and label) and, if `flagged`, marked for review, in order."""
        wanted = None if label is None else self._name_index.get(label, -1)
        kinds, labels, marks = self._kinds, self._labels, self._marks
        return array("q", [
            place for place in range(len(kinds))
            if kinds[place] != GONE and (wanted is None or labels[place] == wanted)
            and (not flagged or marks[place])
        ])
