"""What the store keeps beyond spans: relations between annotations, and the labels of articles
and of their comments (`AnnotationStore.links`).

Each change is a `Change` like an annotation's, so undo, redo and the merge of two writers treat
them alike; deleting an annotation deletes its relations in the same change
(`AnnotationStore.delete`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace

from annotations.db_tables import DBTables
from annotations.doc_labels import DocLabel, anchor_of, reanchored
from annotations.history import Change
from annotations.model import Annotation, Article, now_iso
from annotations.relations import Links, Relation
from annotations.schema import Item


class LinkStore:
    """Relations and article and comment labels, kept in the store's tables.

    Args:
        tables: The store's tables.
        record: Makes a change as the user's own (undoable, and it starts the article).
        insert: Makes a change that is not undone (an import, a re-anchoring).
    """

    def __init__(
        self, tables: DBTables, record: Callable[[Change], None], insert: Callable[[Change], None]
    ) -> None:
        self._tables = tables
        self._record = record
        self._insert = insert

    def relations(self, article_id: str) -> list[Relation]:
        """The relations between an article's annotations."""
        return self._tables.relations(article_id)

    def doc_labels(self, article_id: str) -> list[DocLabel]:
        """The labels of an article and of its comments."""
        return self._tables.doc_labels(article_id)

    def of(self, article_id: str) -> Links:
        """An article's relations and labels together."""
        return Links(tuple(self.relations(article_id)), tuple(self.doc_labels(article_id)))

    def link(self, head: Annotation, tail: Annotation, kind: str, annotator: str = "") -> Relation:
        """Make a relation of type `kind` from `head` to `tail` (of the same article)."""
        stamp = now_iso()
        relation = Relation(uuid.uuid4().hex, head.article_id, kind, head.id, tail.id,
                            annotator, stamp, stamp)
        self._record(Change(head.article_id, None, relation))
        return relation

    def unlink(self, relation: Relation | DocLabel) -> None:
        """Delete a relation or a label (whatever is stored of it now).

        Raises:
            KeyError: it is no longer stored.
        """
        current = self._tables.current(relation)
        if current is None:
            raise KeyError(relation.id)
        self._record(Change(relation.article_id, current, None))

    def set_review(self, item: Relation | DocLabel, review: bool) -> None:
        """Mark a relation or label for review, or mark it reviewed."""
        current = self._tables.current(item)
        if current is None:
            raise KeyError(item.id)
        assert isinstance(current, (Relation, DocLabel))
        if current.review != review:
            self._record(Change(item.article_id, current,
                                replace(current, review=review, updated=now_iso())))

    def detached(self, annotation: Annotation) -> tuple[Change, ...]:
        """The deletions of the relations to and from `annotation`, to make with its own."""
        return tuple(Change(annotation.article_id, relation, None)
                     for relation in self.relations(annotation.article_id)
                     if relation.touches(annotation.id))

    def label(
        self,
        article: Article,
        name: str,
        choices: Sequence[str],
        comment: int | None = None,
        annotator: str = "",
    ) -> DocLabel | None:
        """Set an annotator's choices in the set `name` for the article (or comment number
        `comment`); no choices removes the label.

        Returns:
            The label as stored now; None when it was removed (or there was none).

        Raises:
            IndexError: the article has no such comment.
        """
        anchor = "" if comment is None else anchor_of(article, article.comments[comment])
        current = next((label for label in self.doc_labels(article.id)
                        if (label.name, label.comment, label.annotator, label.orphan)
                        == (name, comment, annotator, False)), None)
        stamp = now_iso()
        after: DocLabel | None = None
        if current is not None and choices:
            after = replace(current, choices=tuple(choices), anchor=anchor, updated=stamp)
        elif choices:
            after = DocLabel(uuid.uuid4().hex, article.id, name, tuple(choices), comment,
                             annotator, stamp, stamp, anchor)
        if current != after:
            self._record(Change(article.id, current, after))
        return after

    def insert(self, item: Relation | DocLabel) -> None:
        """Add a relation or label made elsewhere (an import), keeping its id; not undone."""
        self._insert(Change(item.article_id, None, item))

    def reanchor(self, article: Article) -> int:
        """Find the comments of the article's labels again after its text changed.

        Returns:
            How many labels lost their comment (and are kept as orphans).
        """
        orphaned = 0
        for label in self.doc_labels(article.id):
            moved = reanchored(label, article)
            if moved is not None:
                orphaned += moved.orphan
                self._tables.apply(Change(article.id, label, moved))
        return orphaned

    def present(self, item: Item) -> bool:
        """Whether an item of this id is stored."""
        return self._tables.current(item) is not None
