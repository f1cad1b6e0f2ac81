"""The annotation store: articles and their annotations in a TinyDB database.

Each article's annotations live in a table of their own (`annotations:<article id>`), so a change
costs what that article holds, not what the whole DB holds. Every change is one `Change` (the
annotation before and after), which is what undo and redo replay.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Any

from tinydb import Query, TinyDB
from tinydb.storages import Storage

from annotations.model import Annotation, Article, now_iso
from annotations.storage import JSONFileStorage, StoreError

ARTICLES = "articles"
META = "meta"
ANNOTATIONS_PREFIX = "annotations:"


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


@dataclass
class _History:
    """Undo and redo stacks for one article."""

    done: list[Change]
    undone: list[Change]


class AnnotationStore:
    """Articles and annotations kept in TinyDB; every change is saved as it is made.

    Args:
        storage: The TinyDB storage to keep the data in (`JSONFileStorage` or `MemoryStorage`).
        autoflush: Write to disk after every change. The app turns it off and calls `flush()`
            from a worker thread instead, so that no keystroke waits on the disk.
    """

    VERSION = 1
    """Schema version written in the DB's `meta` table."""

    def __init__(self, storage: Storage, *, autoflush: bool = True) -> None:
        self._storage = storage
        self._db = TinyDB(storage=lambda: storage)
        self._autoflush = autoflush
        self._history: dict[str, _History] = {}
        self._checked = False

    @classmethod
    def open(
        cls, path: str | Path, *, autoflush: bool = True, writable: bool = True
    ) -> AnnotationStore:
        """Open (or prepare to create) the DB file at `path` and check that it is ours.

        Args:
            path: The DB file; it is created on the first change if it does not exist.
            autoflush: See the class.
            writable: Also check that the DB can be written (not needed to export).

        Raises:
            StoreError: the path is a directory, unreadable, not writable, corrupt, not an
                annotations DB, or written by a newer version.
        """
        path = Path(path)
        directory = path.parent if str(path.parent) else Path(".")
        if not path.exists() and not directory.is_dir():
            raise StoreError(path, f"the folder {directory} does not exist")
        store = cls(JSONFileStorage(path), autoflush=autoflush)
        store.check()
        writable_target = path if path.exists() else directory
        if writable and not os.access(writable_target, os.W_OK):
            raise StoreError(path, "the DB is not writable here (permission denied)")
        return store

    @property
    def storage(self) -> Storage:
        """The storage the data lives in."""
        return self._storage

    def check(self) -> None:
        """Read the DB once and make sure this version can use it.

        Raises:
            StoreError: see `open`.
        """
        if self._checked:
            return
        meta = self._db.table(META).all()
        version = meta[0].get("schema", 0) if meta else None
        if isinstance(version, int) and version > self.VERSION:
            raise StoreError(
                getattr(self._storage, "path", "DB"),
                f"written by a newer annotator (schema {version}; this one reads up to "
                f"{self.VERSION}); upgrade annotator to open it",
            )
        self._checked = True

    def _ensure_meta(self) -> None:
        table = self._db.table(META)
        if not table.all():
            table.insert({"schema": self.VERSION})

    def add_articles(self, articles: Iterable[Article]) -> None:
        """Record articles as opened: new ones are added in order, changed ones updated."""
        with self._lock():
            self._ensure_meta()
            table = self._db.table(ARTICLES)
            known = {doc["id"]: doc for doc in table.all()}
            order = max((doc.get("order", 0) for doc in known.values()), default=-1)
            for article in articles:
                record = known.get(article.id)
                if record is None:
                    order += 1
                    table.insert({**article.to_json(), "order": order})
                elif record.get("sha256") != article.sha256 or record["blocks"] != [
                    block.to_json() for block in article.blocks
                ]:
                    table.update(
                        {**article.to_json(), "order": record.get("order", 0)},
                        Query().id == article.id,
                    )
        self._after_change()

    def articles(self) -> list[Article]:
        """Every article in the DB, in the order first opened."""
        docs = sorted(self._db.table(ARTICLES).all(), key=lambda doc: doc.get("order", 0))
        return [Article.from_json(doc) for doc in docs]

    def article(self, article_id: str) -> Article | None:
        """One article by id, or None."""
        doc = self._db.table(ARTICLES).get(Query().id == article_id)
        return Article.from_json(doc) if doc else None  # type: ignore[arg-type]

    def annotations(self, article_id: str) -> list[Annotation]:
        """An article's annotations, by start then end."""
        table = self._db.table(ANNOTATIONS_PREFIX + article_id)
        return sorted(
            (Annotation.from_record(doc) for doc in table.all()), key=Annotation.sort_key
        )

    def annotation_count(self, article_id: str) -> int:
        """How many annotations an article has."""
        return len(self._db.table(ANNOTATIONS_PREFIX + article_id))

    def iter_annotations(self) -> Iterator[tuple[Article, list[Annotation]]]:
        """Every article with its annotations, in the order the articles were first opened."""
        for article in self.articles():
            yield article, self.annotations(article.id)

    def tag(
        self, article: Article, start: int, end: int, label: str, annotator: str = ""
    ) -> Annotation:
        """Label the span `article.text[start:end]`.

        Raises:
            ValueError: the span is empty or outside the text.
        """
        if not 0 <= start < end <= len(article.text):
            raise ValueError(f"span {start}:{end} is empty or outside the article")
        stamp = now_iso()
        annotation = Annotation(
            id=uuid.uuid4().hex,
            article_id=article.id,
            label=label,
            start=start,
            end=end,
            text=article.text[start:end],
            annotator=annotator,
            created=stamp,
            updated=stamp,
        )
        self._record(Change(article.id, None, annotation))
        return annotation

    def set_note(self, annotation: Annotation, note: str) -> Annotation:
        """Replace an annotation's note (an empty note removes it)."""
        changed = replace(self._current(annotation), note=note, updated=now_iso())
        self._record(Change(annotation.article_id, annotation, changed))
        return changed

    def retag(self, annotation: Annotation, label: str) -> Annotation:
        """Give an annotation another label."""
        changed = replace(self._current(annotation), label=label, updated=now_iso())
        self._record(Change(annotation.article_id, annotation, changed))
        return changed

    def delete(self, annotation: Annotation) -> None:
        """Remove an annotation."""
        self._record(Change(annotation.article_id, self._current(annotation), None))

    def undo(self, article_id: str) -> Change | None:
        """Undo the last change made to this article's annotations; None when there is none."""
        history = self._history.get(article_id)
        if not history or not history.done:
            return None
        change = history.done.pop()
        history.undone.append(change)
        self._apply(change.inverse())
        return change.inverse()

    def redo(self, article_id: str) -> Change | None:
        """Make again the last undone change; None when there is none."""
        history = self._history.get(article_id)
        if not history or not history.undone:
            return None
        change = history.undone.pop()
        history.done.append(change)
        self._apply(change)
        return change

    def flush(self) -> None:
        """Write pending changes to disk (a no-op for memory storage).

        Raises:
            StoreError: the write failed; the change stays in memory for the next flush.
        """
        flush = getattr(self._storage, "flush", None)
        if flush is not None:
            flush()

    @property
    def dirty(self) -> bool:
        """Whether a change has not reached the disk yet."""
        return bool(getattr(self._storage, "dirty", False))

    def close(self) -> None:
        """Flush and let go of the storage."""
        self.flush()

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _current(self, annotation: Annotation) -> Annotation:
        """The stored version of an annotation.

        Raises:
            KeyError: it is not in the store (deleted meanwhile).
        """
        table = self._db.table(ANNOTATIONS_PREFIX + annotation.article_id)
        doc = table.get(Query().id == annotation.id)
        if doc is None:
            raise KeyError(annotation.id)
        return Annotation.from_record(doc)  # type: ignore[arg-type]

    def _record(self, change: Change) -> None:
        history = self._history.setdefault(change.article_id, _History([], []))
        self._apply(change)
        history.done.append(change)
        history.undone.clear()

    def _apply(self, change: Change) -> None:
        """Make the store hold `change.after` in place of `change.before`."""
        with self._lock():
            self._ensure_meta()
            table = self._db.table(ANNOTATIONS_PREFIX + change.article_id)
            if change.after is None:
                assert change.before is not None
                table.remove(Query().id == change.before.id)
            else:
                record: dict[str, Any] = change.after.to_record()
                table.upsert(record, Query().id == change.after.id)
        self._after_change()

    def _after_change(self) -> None:
        if self._autoflush:
            self.flush()

    def _lock(self) -> Any:
        return self._storage.lock  # type: ignore[attr-defined]
