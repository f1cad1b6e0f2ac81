"""A DB's tables as this process holds them, and how they are saved and kept in step with what
other processes save.

TinyDB keeps the tables in the storage's memory. Every write made here is also kept as a
pending operation until it is saved: a save first takes in what another process saved since,
if it did, replays the pending operations on top (`annotations.reconcile`), then writes. Two
annotators sharing a DB so lose nothing of each other's work.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from tinydb import Query, Storage, TinyDB
from tinydb.table import Table

from annotations.db_lazy import table_sizes
from annotations.doc_labels import DocLabel
from annotations.history import Change
from annotations.model import Annotation
from annotations.reconcile import ArticleWrite, Operation, reconcile
from annotations.recovery import Recovery
from annotations.relations import Relation
from annotations.schema import (
    ARTICLES,
    ITEM_PREFIXES,
    META,
    VERSION,
    Item,
    Tables,
    annotations_table,
    article_id_of,
    stored_version,
    table_of,
)
from annotations.storage import AnnotationStorage, UnreadableDB


class DBTables:
    """The tables of one DB: read and written in memory, saved to and synced with a storage.

    Each method takes the storage's lock for what it does; hold `lock` around several calls
    that must see the same data (the app saves from another thread).

    Args:
        storage: Where the DB is kept.
    """

    def __init__(self, storage: AnnotationStorage) -> None:
        self.storage = storage
        self._db = TinyDB(storage=lambda: _Partial(storage))
        self._pending: list[Operation] = []
        self._recoveries: list[Recovery] = []

    @property
    def lock(self) -> threading.RLock:
        """The storage's lock, held around every use of the data in memory."""
        return self.storage.lock

    @property
    def pending(self) -> bool:
        """Whether some write made here has not been saved yet."""
        return bool(self._pending)

    def version(self) -> int | None:
        """The schema version the DB records; None when it records none (a new DB)."""
        with self.lock:
            return stored_version(self._db.table(META).all())

    def set_version(self, version: int) -> None:
        """Record the DB's schema version."""
        with self.lock:
            table = self._db.table(META)
            table.truncate()
            table.insert({"schema": version})

    def article_records(self) -> list[dict[str, Any]]:
        """Every article's record, in the table's order."""
        with self.lock:
            return list(self._db.table(ARTICLES).all())

    def article_record(self, article_id: str) -> dict[str, Any] | None:
        """One article's record, or None."""
        with self.lock:
            return _one(self._db.table(ARTICLES), article_id)

    def write_article(self, record: dict[str, Any]) -> None:
        """Add an article's record, or replace the one of the same id."""
        with self.lock:
            self._db.table(ARTICLES).upsert(record, Query().id == record["id"])
            self._pending.append(ArticleWrite(record))

    def add_article_records(self, records: list[dict[str, Any]]) -> None:
        """Add the records of articles the table does not hold, in one write of it (an upsert
        each would scan and copy the whole table per article)."""
        if not records:  # TinyDB writes the table even so: a save of nothing, journalled
            return
        with self.lock:
            self._db.table(ARTICLES).insert_multiple(records)
            self._pending.extend(ArticleWrite(record) for record in records)

    def annotations(self, article_id: str) -> list[Annotation]:
        """An article's annotations, in the table's order."""
        with self.lock:
            records = self._db.table(annotations_table(article_id)).all()
        return [Annotation.from_record(record) for record in records]

    def annotation(self, article_id: str, annotation_id: str) -> Annotation | None:
        """One annotation of an article, or None."""
        with self.lock:
            record = _one(self._db.table(annotations_table(article_id)), annotation_id)
        return Annotation.from_record(record) if record is not None else None

    def relations(self, article_id: str) -> list[Relation]:
        """The relations between an article's annotations, in the table's order."""
        return [Relation.from_record(record) for record in self._records(Relation, article_id)]

    def doc_labels(self, article_id: str) -> list[DocLabel]:
        """The labels of an article and of its comments, in the table's order."""
        return [DocLabel.from_record(record) for record in self._records(DocLabel, article_id)]

    def _records(self, kind: type[Item], article_id: str) -> list[dict[str, Any]]:
        with self.lock:
            return list(self._db.table(ITEM_PREFIXES[kind] + article_id).all())

    def records(self, name: str) -> list[dict[str, Any]]:
        """The records of the table `name` as held (none: no such table), not copied: to be
        read, never changed (but by `share_texts`)."""
        with self.lock:
            table = (self.storage.partial() or {}).get(name)
            return list(table.values()) if table else []

    def share_texts(self, texts: Mapping[str, str]) -> None:
        """Have the stored records of articles (by id) hold the given texts themselves where
        they hold equal copies; the records are changed in place, in one pass over them.

        A 20 MB article opened again with the DB that records it would otherwise be kept
        twice: the text read from its file, and the record's, parsed from the DB (40 MB each
        once one character is outside Latin-1). Changes nothing on disk."""
        if not texts:
            return
        with self.lock:
            for record in self.records(ARTICLES):
                text = texts.get(record.get("id", ""))
                if text is not None and record.get("text") == text:
                    record["text"] = text

    def current(self, item: Item) -> Item | None:
        """The stored version of an item (of any kind), or None when it is not stored."""
        with self.lock:
            record = _one(self._db.table(table_of(item)), item.id)
        return None if record is None else type(item).from_record(record)

    def annotation_counts(self) -> dict[str, int]:
        """How many annotations each article has, by id; absent means 0."""
        with self.lock:
            sizes = table_sizes(self.storage.read() or {})
            counts = {article_id_of(name): size for name, size in sizes.items() if size}
        return {article_id: count for article_id, count in counts.items() if article_id}

    def apply(self, change: Change) -> None:
        """Hold `change.after` in place of `change.before` (and so for what was changed with
        it)."""
        with self.lock:
            self._hold(change)
            self._pending.append(change)

    def _hold(self, change: Change) -> None:
        table = self._db.table(table_of(change.item))
        if change.after is None:
            table.remove(Query().id == change.item.id)
        else:
            table.upsert(change.after.to_record(), Query().id == change.after.id)
        for also in change.also:
            self._hold(also)

    def insert_annotations(self, article_id: str, annotations: list[Annotation]) -> None:
        """Add annotations whose ids the article's table does not hold, in one write of it."""
        with self.lock:
            table = self._db.table(annotations_table(article_id))
            table.insert_multiple(annotation.to_record() for annotation in annotations)
            self._pending.extend(Change(article_id, None, annotation) for annotation in annotations)

    def flush(self, *, whole: bool = False) -> bool:
        """Save the pending writes, over what another process saved meanwhile; `whole`: write
        the whole DB, folding in what the storage keeps beside it (its journal).

        A DB that another program damaged (or deleted) since is not taken for the truth, nor
        is the user sent back to a backup: the damaged file is set aside, and what this process
        holds, every annotation of the session, is saved in its place (`take_recoveries` says
        so).

        Returns:
            True when what another process saved was taken in (as `sync` would have).

        Raises:
            StoreError: the save failed, or the saved DB is of a newer schema (this version
                stops writing it); the writes stay pending for the next flush.
        """
        storage = self.storage
        with storage.exclusive():
            with self.lock:
                taken_in = storage.changed_on_disk() and self._take_in(self._saved())
                included = len(self._pending)
                changed = None if whole else _changed(self._pending)
            storage.save(changed)
            with self.lock:
                del self._pending[:included]
        return taken_in

    def sync(self) -> bool:
        """Take in what another process saved since this one last loaded or saved the DB.

        A DB another program damaged or deleted is saved again at once, from what is held
        here (see `flush`).

        Returns:
            True when there was something to take in.

        Raises:
            StoreError: the saved DB is of a newer schema, or could not be saved again.
        """
        try:
            with self.lock:
                if not self.storage.changed_on_disk():
                    return False
                saved = self.storage.load()
                if saved is not None:
                    return self._take_in(saved)
                self._recoveries.append(self.storage.set_aside(None))
                self._take_in(None)
        except UnreadableDB:
            pass  # the file lock is needed to set it aside: flush looks again, under it
        self.flush()
        return False

    def take_recoveries(self) -> list[Recovery]:
        """What saves and syncs did since last asked about a DB found damaged or deleted."""
        with self.lock:
            taken, self._recoveries = self._recoveries, []
        return taken

    def _saved(self) -> Tables | None:
        """The DB as saved; None when another program damaged it (then set aside) or deleted
        it, and what is held here is to be saved in its place (a `Recovery` says so).

        Raises:
            UnreadableDB: it is damaged, and this process never held it.
            StoreError: it is of a newer schema: this version stops writing it.
        """
        try:
            saved = self.storage.load()
        except UnreadableDB as damage:
            self.storage.read()  # raises it again when nothing was held
            self._recoveries.append(self.storage.set_aside(damage.reason))
            return None
        if saved is None:
            self._recoveries.append(self.storage.set_aside(None))
        return saved

    def _take_in(self, saved: Tables | None) -> bool:
        """Hold `saved` with the pending writes replayed on it; False if nothing is saved.

        A DB file that vanished (or was set aside) is not taken for an empty one: what this
        process holds is written again instead, so that nothing can lose the session's work.
        """
        if saved is None:
            self.storage.replace(self.storage.read() or {}, dirty=True)
            return False
        merged = reconcile(saved, self._pending, VERSION, in_place=True)  # read for this
        self.storage.replace(merged, dirty=bool(self._pending))
        self._db = TinyDB(storage=lambda: _Partial(self.storage))  # fresh: no stale caches
        return True


class _Partial(Storage):
    """The storage as TinyDB is given it: a table is read (and checked) when first asked for
    by name, not the whole DB (see `AnnotationStorage.partial`)."""

    def __init__(self, storage: AnnotationStorage) -> None:
        self._storage = storage

    def read(self) -> Tables | None:
        return self._storage.partial()

    def write(self, data: Tables) -> None:
        self._storage.write(data)


def _changed(operations: list[Operation]) -> set[tuple[str, str]]:
    """The records the operations wrote, as (table name, id)."""
    changed = set()
    changes = []
    for operation in operations:
        if isinstance(operation, ArticleWrite):
            changed.add((ARTICLES, operation.record["id"]))
        else:
            changes.append(operation)
    while changes:
        change = changes.pop()
        changed.add((table_of(change.item), change.item.id))
        changes.extend(change.also)
    return changed


def _one(table: Table, record_id: str) -> dict[str, Any] | None:
    """The document of a table with this id, or None."""
    found = table.get(Query().id == record_id)
    return found if isinstance(found, dict) else None
