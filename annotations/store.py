"""The annotation store: what a user does to articles and their annotations, kept in a DB.

Opening a DB file checks it, keeps a backup and migrates an older one (`annotations.schema`).
Every change to an annotation is a `Change` (the annotation before and after): undo and redo
replay them (`annotations.history`), and a save replays the ones not yet on disk on top of
whatever another process wrote meanwhile (`annotations.db_tables`). An article whose text
changed has its annotations found again (`annotations.anchoring`). Relations and the labels of
articles and comments are kept beside the annotations (`links`, `annotations.link_store`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from annotations.anchoring import AnchorReport, context
from annotations.db_tables import DBTables
from annotations.history import Change, History
from annotations.link_store import LinkStore
from annotations.model import Annotation, Article, now_iso
from annotations.recovery import Recovery
from annotations.schema import STATUSES, VERSION, Status, newer_schema, status_of
from annotations.storage import AnnotationStorage, JSONFileStorage, StoreError, may_write
from annotations.store_intake import check_span, migrate, new_annotation, placed, record_articles

__all__ = ["STATUSES", "AnchorReport", "AnnotationGone", "AnnotationStore", "Change", "Status",
           "StoreError"]

NEW, IN_PROGRESS, DONE, SKIPPED = STATUSES  # the names tui/ imports; new code says Status.DONE


class AnnotationGone(KeyError):
    """An edit of an annotation the store no longer holds: another annotator sharing the DB
    deleted it (or undid its tagging) meanwhile, and a save or sync took that in."""

    def __init__(self, annotation: Annotation) -> None:
        super().__init__(annotation.id)
        self.annotation = annotation
        """The annotation as the caller last saw it."""


class AnnotationStore:
    """Articles and annotations kept in TinyDB; every change is saved as it is made.

    Args:
        storage: Where to keep the data (`JSONFileStorage` or `MemoryStorage`).
        autoflush: Write to disk after every change. The app turns it off and calls `flush()`
            from a worker thread instead, so that no keystroke waits on the disk.

    An edit of an annotation (note, retag, review mark, re-attach, delete) raises
    `AnnotationGone` when another process sharing the DB deleted it meanwhile.
    """

    VERSION = VERSION
    """Schema version written in the DB's `meta` table (see `annotations.schema`)."""

    def __init__(self, storage: AnnotationStorage, *, autoflush: bool = True) -> None:
        if not isinstance(storage, AnnotationStorage):
            raise TypeError(
                f"{type(storage).__name__} is not an AnnotationStorage: the store needs locking, "
                "saving and change detection (use JSONFileStorage or MemoryStorage)"
            )
        self._storage = storage
        self._tables = DBTables(storage)
        self._autoflush = autoflush
        self._history = History()
        self._checked = False
        self.links = LinkStore(self._tables, self._record, self._insert)
        """Relations, and the labels of articles and comments."""

    @classmethod
    def open(
        cls, path: str | Path, *, autoflush: bool = True, writable: bool = True, lazy: bool = False
    ) -> AnnotationStore:
        """Open (or prepare to create) the DB file at `path` and check that it is ours.

        The saves kept in the DB's journal (FILE.journal, see `annotations.journal`) are
        folded into the file first. A DB that opens cleanly is then copied to FILE.bak (older
        copies shift to FILE.bak.1 and FILE.bak.2); one from an older version is also copied
        to FILE.vN.bak before it is migrated.

        Args:
            path: The DB file; it is created on the first change if it does not exist.
            autoflush: See the class.
            writable: Also check that the DB can be written, and keep a backup (not needed to
                export).
            lazy: Check the articles' tables as they are read, or in `storage.check_rest()`
                (then comes the backup); nothing is written until all were found good.

        Raises:
            StoreError: the path is a directory, unreadable, not writable, corrupt, not an
                annotations DB, or written by a newer version.
        """
        path = Path(path)
        storage = JSONFileStorage(path, lazy=lazy)
        target = storage.target  # through a symbolic link, the file it points to
        if not target.exists() and not target.parent.is_dir():
            raise StoreError(path, f"the folder {target.parent} does not exist")
        store = cls(storage, autoflush=autoflush)
        if writable and not may_write(target if target.exists() else target.parent):
            raise StoreError(path, "the DB is not writable here (permission denied)")
        store.check(migrate=writable)
        if writable:
            storage.remove_leftovers()
            if storage.journalled:
                with contextlib.suppress(StoreError):  # a full disk: the journal is kept
                    store._tables.flush(whole=True)
            storage.keep_backup()  # else read-only: see `AnnotationStorage.read_only`
            if store._tables.pending and storage.read_only is None:
                store._tables.flush(whole=True)  # a migration rewrote every record
        return store

    @property
    def storage(self) -> AnnotationStorage:
        """The storage the data lives in."""
        return self._storage

    def check(self, *, migrate: bool = True) -> None:
        """Read the DB once and make sure this version can use it, migrating an older one.

        Raises:
            StoreError: see `open`.
        """
        if self._checked:
            return
        version = self._tables.version()
        cause = newer_schema(version, self.VERSION)
        if cause:
            raise StoreError(self._storage.location, cause)
        if version is not None and version < self.VERSION and migrate:
            self._migrate(version)
        self._checked = True

    def _migrate(self, version: int) -> None:
        """Bring a DB of an older schema up to this one, after keeping a copy of it."""
        self._storage.keep_copy(f".v{version}.bak")
        migrate(self._tables, self.articles(), version, self.VERSION)

    def add_articles(
        self, articles: Iterable[Article], statuses: Mapping[str, Status | str] | None = None
    ) -> AnchorReport:
        """Record articles as opened: new ones are added in order, changed ones updated.

        The annotations of an article whose text changed are found again (see
        `annotations.anchoring`); those that cannot be are kept as orphans.

        Args:
            articles: The articles.
            statuses: The status of new articles, by id (an import's); new when not given.
        """
        report = record_articles(self._tables, self.links, articles, statuses, self.VERSION)
        self._after_change()
        return report

    def statuses(self) -> dict[str, str]:
        """Each known article's status by id, as stored (a `Status` value)."""
        return {record["id"]: status_of(record) for record in self._tables.article_records()}

    def set_status(self, article: Article, status: Status | str) -> None:
        """Mark an article new, in progress, done or skipped (adding it if it is not known).

        Raises:
            ValueError: `status` is not a `Status` (nor the value of one).
        """
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        status = Status(status).value
        with self._tables.lock:
            record = self._known(article)
            if status_of(record) != status:
                self._tables.write_article({**record, "status": status})
        self._after_change()

    def annotation_counts(self) -> dict[str, int]:
        """How many annotations (orphans included) each article has, by id; absent means 0."""
        return self._tables.annotation_counts()

    def articles(self) -> list[Article]:
        """Every article in the DB, in the order first opened."""
        records = sorted(self._tables.article_records(), key=lambda record: record.get("order", 0))
        return [Article.from_json(record) for record in records]

    def holds(self, article_id: str) -> bool:
        """Whether the DB records the article of this id."""
        return self._tables.article_record(article_id) is not None

    def article(self, article_id: str) -> Article | None:
        """One article by id, or None."""
        record = self._tables.article_record(article_id)
        return Article.from_json(record) if record is not None else None

    def annotations(self, article_id: str) -> list[Annotation]:
        """An article's annotations (orphans included), by start then end."""
        return sorted(self._tables.annotations(article_id), key=Annotation.sort_key)

    def records(self, table: str) -> list[dict[str, Any]]:
        """The records of a table (`annotations.schema`'s names) as the DB holds them, to be
        read and never changed: to count them without making an object of each."""
        return self._tables.records(table)

    def contents(self) -> Iterator[tuple[Article, str, list[Annotation]]]:
        """Every article with its status and annotations, in the order first opened."""
        statuses = self.statuses()
        for article in self.articles():
            yield article, statuses.get(article.id, Status.NEW), self.annotations(article.id)

    def tag(
        self, article: Article, start: int, end: int, label: str, annotator: str = "",
        origin: str = "manual", *, joined: bool = False,
    ) -> Annotation:
        """Label the span `article.text[start:end]` (`origin` "suggested" for an accepted
        suggestion); `joined`: undone and redone with the change made just before it.

        Raises:
            ValueError: the span is empty or outside the text.
        """
        annotation = new_annotation(article, start, end, label, annotator, origin)
        self._record(Change(article.id, None, annotation), joined=joined)
        return annotation

    def set_note(self, annotation: Annotation, note: str) -> Annotation:
        """Replace an annotation's note (an empty note removes it)."""
        return self._edit(annotation, note=note)

    def retag(self, annotation: Annotation, label: str) -> Annotation:
        """Give an annotation another label."""
        return self._edit(annotation, label=label)

    def set_review(self, annotation: Annotation, review: bool) -> Annotation:
        """Mark an annotation for review, or mark it reviewed."""
        return self._edit(annotation, review=review)

    def rejected(self, article_id: str) -> set[tuple[str, str]]:
        """The suggestions rejected on an article, as (label, quoted text)."""
        record = self._tables.article_record(article_id)
        pairs = record.get("rejected", []) if record is not None else []
        return {(label, quote) for label, quote in pairs}

    def reject(self, article: Article, label: str, quote: str) -> None:
        """Remember that a suggestion (by label and quote) was rejected on this article, so
        that it does not come back."""
        with self._tables.lock:
            record = self._known(article)
            rejected = [list(pair) for pair in record.get("rejected", [])]
            if [label, quote] not in rejected:
                self._tables.write_article({**record, "rejected": [*rejected, [label, quote]]})
        self._after_change()

    def reattach(
        self, annotation: Annotation, article: Article, start: int, end: int
    ) -> Annotation:
        """Give an annotation (an orphan, say) a new span of its article.

        Raises:
            ValueError: the span is empty or outside the text.
        """
        check_span(article, start, end)
        prefix, suffix = context(article.text, start, end)
        return self._edit(
            annotation, start=start, end=end, text=article.text[start:end],
            prefix=prefix, suffix=suffix, orphan=False,
        )

    def insert(self, annotation: Annotation, article: Article) -> None:
        """Add an annotation made elsewhere (an import), keeping its id and timestamps.

        It is not an undoable change: undo is for the user's own edits in this session.
        """
        annotation = placed(annotation, article)
        self._insert(Change(annotation.article_id, None, annotation))

    def _insert(self, change: Change) -> None:
        self._tables.apply(change)
        self._after_change()

    def insert_many(self, annotations: Sequence[Annotation], article: Article) -> None:
        """Add annotations made elsewhere to one article, as `insert` does each, in one write
        of its table. Their ids must be new to the article.
        """
        self._tables.insert_annotations(article.id, [placed(a, article) for a in annotations])
        self._after_change()

    def delete(self, annotation: Annotation) -> None:
        """Remove an annotation, and the relations to and from it (in the same change)."""
        self._record(Change(annotation.article_id, self._current(annotation), None,
                            self.links.detached(annotation)))

    def _edit(self, annotation: Annotation, **fields: Any) -> Annotation:
        current = self._current(annotation)
        changed = replace(current, **fields, updated=now_iso())
        self._record(Change(annotation.article_id, current, changed))
        return changed

    def undo(self, article_id: str) -> tuple[Change, ...]:
        """Undo the last step (one change, or one command's) made to this article's
        annotations in this session.

        Returns:
            The changes made (from what was stored to what was there before); none when there
            is nothing to undo.
        """
        return self._replay(self._history.undo(article_id))

    def redo(self, article_id: str) -> tuple[Change, ...]:
        """Make again the last step undone on this article; none when there is none."""
        return self._replay(self._history.redo(article_id))

    def _replay(self, step: tuple[Change, ...]) -> tuple[Change, ...]:
        """Make the store hold each change's `after`, over what it holds now of each item."""
        applied = []
        for change in step:
            applied.append(change.over(self._tables.current))
            self._tables.apply(applied[-1])
        if applied:
            self._after_change()
        return tuple(applied)

    def flush(self) -> bool:
        """Write pending changes to disk, merged with what another process wrote meanwhile.

        A DB damaged or deleted by another program meanwhile is set aside and written again
        from what is held here (`take_recoveries` says so).

        Returns:
            True when what another process wrote was taken in: the annotations shown have to
            be read again, as after a `sync` that returns True.

        Raises:
            StoreError: the write failed, the DB is of a newer schema, or it is read-only (see
                `AnnotationStorage.read_only`); the changes stay in memory for the next flush.
        """
        return self._tables.flush()

    def sync(self) -> bool:
        """Take in what another process wrote since this one last read or wrote the DB (one
        damaged or deleted is written again, as `flush` does).

        Returns:
            True when there was something to take in.

        Raises:
            StoreError: the DB is of a newer schema, or could not be written again.
        """
        return self._tables.sync()

    def take_recoveries(self) -> list[Recovery]:
        """What flushes and syncs did, since last asked, on finding the DB damaged or deleted
        by another program (see `annotations.recovery`): to be told to the user."""
        return self._tables.take_recoveries()

    def take_notices(self) -> list[str]:
        """What to tell the user of the DB since last asked (a stale journal set aside)."""
        with self._storage.lock:
            taken, self._storage.notices = self._storage.notices, []
        return taken

    @property
    def dirty(self) -> bool:
        """Whether a change has not reached the disk yet."""
        return self._storage.dirty

    def close(self) -> None:
        """Save, writing the DB file whole with the saves kept in its journal folded in (the
        journal is then removed), and let go of the storage.

        Raises:
            StoreError: see `flush`; the journal is kept, and read on the next open.
        """
        self._tables.flush(whole=True)

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    def _current(self, annotation: Annotation) -> Annotation:
        """The stored version of an annotation.

        Raises:
            AnnotationGone: it is not in the store (deleted meanwhile).
        """
        current = self._tables.annotation(annotation.article_id, annotation.id)
        if current is None:
            raise AnnotationGone(annotation)
        return current

    def _record(self, change: Change, *, joined: bool = False) -> None:
        self._tables.apply(change)
        self._started(change.article_id)
        self._history.record(change, joined=joined)
        self._after_change()

    def _started(self, article_id: str) -> None:
        """A new article that gets its first change is in progress."""
        with self._tables.lock:
            record = self._tables.article_record(article_id)
            if record is not None and status_of(record) == Status.NEW:
                self._tables.write_article({**record, "status": Status.IN_PROGRESS.value})

    def _known(self, article: Article) -> dict[str, Any]:
        """The article's record, the article added first if the DB does not hold it yet."""
        record = self._tables.article_record(article.id)
        if record is None:
            self.add_articles([article])
            record = self._tables.article_record(article.id)
            assert record is not None
        return record

    def _after_change(self) -> None:
        if self._autoflush:
            self.flush()
