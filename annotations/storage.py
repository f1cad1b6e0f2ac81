"""Where the store keeps a DB: a JSON file with its journal (and, from
`annotations.storage_contract`, what the store needs of a storage, and memory).

TinyDB hands its storage the whole database on every read and write. The store needs more of a
storage than that, and `AnnotationStorage` declares it. `JSONFileStorage` reads the file once,
keeps the data in memory, and saves it only when asked (`save()`): the records a save changed
are appended to the DB's journal (`annotations.journal`), so that a save costs what changed; the
file is written whole and atomically (`annotations.db_file`), the journal folded into it, when
the store opens and closes it. `MemoryStorage` keeps a DB in memory only.

The app saves from a worker thread while the user goes on annotating, so `lock` guards the data
in memory; `exclusive()` also takes a file lock (`FILE.lock`), so that two processes sharing a
DB write one at a time, each after reconciling with what the other wrote (see
`annotations.reconcile`).

A DB reached through a symbolic link is written through it: the link stays a link, and the
lock, the journal, the temporary file and the backups are beside the file it points to
(`target`), so two links to one DB share one lock.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from annotations.backups import (
    BACKUPS,
    backup_path,
    copy_for_backup,
    keep_backup,
    put_backup,
    remove_leftover_copies,
)
from annotations.db_file import (
    StoreError,
    UnreadableDB,
    may_write,
    parse_tables,
    refuse_read_only,
    replace_file,
    signature_of,
)
from annotations.db_generation import stamped
from annotations.db_lazy import LazyTables, unread
from annotations.db_open import open_db
from annotations.journal import (
    Journal,
    append,
    check_writable,
    journal_path,
    operations,
    stale_notice,
)
from annotations.long_strings import Part, dumps_operations
from annotations.recovery import Recovery, set_aside
from annotations.schema import META, Fragments, Tables, table_lines
from annotations.storage_contract import AnnotationStorage, Changed, MemoryStorage

__all__ = ["BACKUPS", "LOCK_TIMEOUT", "AnnotationStorage", "JSONFileStorage", "MemoryStorage",
           "StoreError", "UnreadableDB", "backup_path", "may_write", "parse_tables"]

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another process to finish writing before giving up on a save."""
FOLD_SHARE = 4
"""A save folds the journal into the DB file once the journal is larger than the file divided
by this (and than `FOLD_FLOOR`): a fold writes the whole file, so its cost, shared among the
saves since the last one, stays a few bytes written per byte saved."""
FOLD_FLOOR = 1 << 20
"""The journal's size (bytes) below which a save never folds it, however small the DB."""



class JSONFileStorage(AnnotationStorage):
    """A JSON file, read once; saves are appended to its journal, or replace it atomically."""

    def __init__(self, path: str | Path, *, lazy: bool = False) -> None:
        super().__init__()
        self.path = Path(path)
        self.lazy = lazy  # see `load`
        self._write_lock = threading.Lock()
        self._file_lock: Any = None  # a filelock.FileLock, made on the first write
        self._data: Tables | None = None
        self._loaded = False
        self._generation = 0
        self._written = 0
        self._signature: tuple[int, int, int] | None = None
        self._journal = Journal()
        self._journal_signature: tuple[int, int, int] | None = None
        self._file_generation: str | None = None  # as on disk, whatever the journal says
        self._fragments: Fragments = {}
        self._backup_copy: Path | None = None  # made at a lazy open, see `check_rest`
        self.fold_share, self.fold_floor = FOLD_SHARE, FOLD_FLOOR

    def read(self) -> Tables | None:
        """The whole DB, every table read and checked (`partial`: as they are asked for).

        Raises:
            UnreadableDB: a table not read yet is bad.
        """
        with self.lock:
            data = self.partial()
            while isinstance(data, LazyTables) and data.check_next():
                pass
            return data

    def partial(self) -> Tables | None:
        """The DB, a table read and checked as it is asked for by name (`annotations.db_lazy`)."""
        with self.lock:
            if not self._loaded:
                self._data = self.load(lazy=self.lazy)
                self._loaded = True
            return self._data

    def check_rest(self) -> None:
        """Read and check every table not read yet, a table at a time (each under the lock,
        so that the UI waits for one table at most), then keep the backup that waited for it.

        Raises:
            UnreadableDB: a table is bad: nothing is written to the DB, its journal or its
                backups, now or later.
        """
        while True:
            with self.lock:
                try:
                    data = self.partial()
                    if not (isinstance(data, LazyTables) and data.check_next()):
                        break
                except StoreError:
                    if self._backup_copy is not None:
                        self._backup_copy.unlink(missing_ok=True)
                    self._backup_copy = None
                    raise
        with self.lock:
            copy, self._backup_copy = self._backup_copy, None
        try:
            put_backup(self.target, copy)
        except OSError:
            self.keep_backup()  # tries again, or says why the DB is not written

    def write(self, data: Tables) -> None:
        with self.lock:
            self._data = data
            self._loaded = True
            self._generation += 1

    def replace(self, data: Tables, *, dirty: bool) -> None:
        """Swap in data merged with what is on disk; `dirty` if it holds unsaved changes."""
        with self.lock:
            self._data = data
            self._loaded = True
            self._generation += 1
            if not dirty:
                self._written = self._generation

    @property
    def location(self) -> str:
        """The file's path."""
        return str(self.path)

    @property
    def target(self) -> Path:
        """The file the path leads to: itself, or the file a symbolic link points to."""
        return Path(os.path.realpath(self.path))

    @property
    def journal(self) -> Path:
        """The DB's journal: `FILE.journal`, beside the file the path leads to."""
        return journal_path(self.target)

    @property
    def journalled(self) -> bool:
        """Whether a journal was found beside the DB file when last loaded, or written since
        (one beside no DB file is set aside by the save that creates the file)."""
        return self._journal.exists and self._signature is not None

    @property
    def dirty(self) -> bool:
        """Whether some change has not reached the disk yet."""
        return self._generation != self._written

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Be the only thread of this process, and the only process, writing the DB.

        Raises:
            StoreError: another process held the lock for longer than `LOCK_TIMEOUT`.
        """
        from filelock import FileLock, Timeout  # here: only writers pay its import

        with self._write_lock:
            if self._file_lock is None:
                self._file_lock = FileLock(f"{self.target}.lock", timeout=LOCK_TIMEOUT)
            try:
                self._file_lock.acquire()
            except Timeout:
                raise StoreError(
                    self.path,
                    f"another annotator has held {self._file_lock.lock_file} for over "
                    f"{LOCK_TIMEOUT:.0f} s; the change is kept and will be saved on the next try",
                ) from None
            except OSError as error:
                raise StoreError(
                    self.path, f"cannot lock the DB ({error.strerror or error})"
                ) from None
            try:
                yield
            finally:
                self._file_lock.release()

    def changed_on_disk(self) -> bool:
        """Whether the file or its journal changed since this process last read or wrote
        them."""
        return (signature_of(self.path) != self._signature
                or signature_of(self.journal) != self._journal_signature)

    def save(self, changed: Changed | None = None) -> None:
        """Save what changed, if anything did: the `changed` records appended to the journal
        when it may be (the file is as this process last read or wrote it), else the whole
        file written atomically, the journal folded in. Call inside `exclusive()`.

        Raises:
            StoreError: the file or the journal could not be written (the old file is left as
                it was, a save written in part is ignored, and the change stays in memory for
                the next save to retry).
        """
        self.check_rest()  # nothing is written to a DB not wholly read
        with self.lock:
            if not self.dirty and (changed is not None or not self._journal.exists):
                return
        if self.read_only is not None and self.keep_backup() is not None:
            raise StoreError(self.path, f"opened read-only: {self.read_only}")
        status = self._appendable() if changed is not None else None
        if status is not None and self._journal_outgrown(status):
            status = None  # fold it, in this save: see `FOLD_SHARE`
        with self.lock:
            generation = self._generation
            tables = self.read() or {}  # loaded: a fold may come before any change
            if status is not None and changed is not None:
                line = dumps_operations(operations(tables, changed))
            else:
                previous = self._file_generation
                kept = None
                if isinstance(tables, LazyTables):
                    self._fragments.update(tables.take_lines())
                    kept = tables.kept_lines()  # written back as read, not parsed
                written = stamped(tables, META, previous)
                parts, self._fragments = table_lines(tables, self._fragments, kept)
        if status is not None:
            self._append_journal(line, status)
        else:
            self._replace_file(parts)
            self._file_generation = written
            self._fold_journal()
            if written is not None:
                # the next saves go to the journal, and a whole write comes only at a fold:
                # the tables' JSON is not worth keeping for it (the articles table of a 20 MB
                # article is 20 MB of it)
                with self.lock:
                    self._fragments = {}
        with self.lock:
            self._written = max(self._written, generation)
            self._signature = signature_of(self.path)
            self._journal_signature = signature_of(self.journal)

    def flush(self) -> None:
        """Lock the DB and save; for users of the storage without a store around it."""
        with self.exclusive():
            self.save()

    def load(self, *, lazy: bool | None = None) -> Tables | None:
        """Read and check the file with its journal applied (`annotations.db_open`); None
        when it does not exist yet. `lazy`: the tables but `meta` and `articles` checked as
        they are read (`annotations.db_lazy`); None (reading again what another process
        saved): as the storage was opened, applying the journal lazily too.

        Raises:
            UnreadableDB: it is empty, not JSON, not of TinyDB's shape, or holds a bad record.
            StoreError: it is a directory, unreadable, or of a newer schema.
        """
        again = (self._data, self._signature) if lazy is None else None
        opened = open_db(self.path, self.journal, lazy=self.lazy if again else bool(lazy),
                         again=again)
        self._signature, self._journal_signature = opened.signature, opened.journal_signature
        self._journal, self._file_generation = opened.journal, opened.generation
        return opened.tables

    def keep_copy(self, suffix: str) -> None:
        """Copy the file to FILE`suffix`, unless that exists (or the file does not)."""
        target = self.target
        copy = target.with_name(target.name + suffix)
        if target.exists() and not copy.exists():
            shutil.copy2(target, copy)

    def set_aside(self, damage: str | None) -> Recovery:
        """Rename a damaged file to `NAME.damaged-TIME` (see `annotations.recovery`)."""
        target = self.target
        kept = None
        if damage is not None:
            try:
                kept = set_aside(target)
            except OSError as error:
                raise StoreError(self.path, f"{damage}; and it could not be set aside to save "
                                 f"what this session holds ({error.strerror or error})") from None
        with self.lock:
            return Recovery.of(self.path, damage or "deleted", kept, self._data or {}, target)

    def remove_leftovers(self) -> list[Path]:
        """Remove the temporary files killed writers of this DB left (see
        `annotations.leftovers`); what was removed."""
        return remove_leftover_copies(self.target)

    def keep_backup(self) -> str | None:
        """Copy the DB (known to be good) to FILE.bak, shifting older backups along (see
        `annotations.backups`).

        Returns:
            None; or, when no backup could be made (a full disk), why, and that the DB is not
            written until one can be (`read_only` says so too).
        """
        try:
            with self.lock:
                pending = unread(self._data)  # then put in place once all was found good
            if pending:
                self._backup_copy = copy_for_backup(self.target)
            else:
                keep_backup(self.target)
        except OSError as error:
            self.read_only = (
                f"no backup could be made ({error.strerror or error}), so nothing is written "
                "to it; changes are kept in memory and saved once a backup can be made (free "
                "some space)"
            )
        else:
            self.read_only = None
        return self.read_only

    def _replace_file(self, parts: Sequence[Part]) -> None:
        """Write the file whole (the seam where tests make the disk fail)."""
        replace_file(self.target, parts, self.path)

    def _appendable(self) -> os.stat_result | None:
        """The DB file's status when a save may go to its journal: the file is the one this
        process last read or wrote, it has a generation to name, and its journal (if any)
        applies to it; else None."""
        if (self._journal.stale or self._file_generation is None
                or signature_of(self.path) != self._signature):
            return None
        try:
            return self.target.stat()
        except OSError:
            return None

    def _append_journal(self, line: bytes | list[Part], status: os.stat_result) -> None:
        """Append one save to the journal (the seam where tests make the disk fail).

        Raises:
            StoreError: the DB file was made read-only, or the journal could not be written.
        """
        refuse_read_only(self.target, status, self.path)
        journal = self.journal
        check_writable(journal, self.path)
        begin = not self._journal.begun
        assert self._file_generation is not None  # see `_appendable`
        try:
            append(journal, self._file_generation, line, status, begin=begin)
        except OSError as error:
            raise StoreError(journal, f"could not save ({error.strerror or error})") from None
        self._journal = Journal(exists=True, begun=True)

    def _fold_journal(self) -> None:
        """After the file was written whole: remove the journal folded into it, or set aside
        one that was not (another DB's, or written since this process read it)."""
        journal = self.journal
        current = signature_of(journal)
        kept: Path | None = None
        try:
            if current is None:
                pass
            elif current == self._journal_signature and not self._journal.stale:
                journal.unlink()
            else:
                kept = set_aside(journal, "stale")
        except OSError:
            pass  # it names the file it applied to, not the new one: never applied again
        if kept is not None or (self._journal.stale and current is not None):
            self.notices.append(stale_notice(journal, self.path, kept))
        self._journal = Journal()

    def _journal_outgrown(self, status: os.stat_result) -> bool:
        """Whether the journal has grown past what a save folds (see `FOLD_SHARE`)."""
        try:
            size = self.journal.stat().st_size
        except OSError:
            return False
        return size > max(self.fold_floor, status.st_size // self.fold_share)

    def close(self) -> None:
        """Nothing to release: files are opened only while read or written."""

