"""Where the store keeps a DB: what it needs of a storage, an atomic JSON file, and memory.

TinyDB hands its storage the whole database on every read and write. The store needs more of a
storage than that, and `AnnotationStorage` declares it. `JSONFileStorage` reads the file once,
keeps the data in memory, and writes it back only when asked (`save()`), whole and atomically
(`annotations.db_file`). `MemoryStorage` keeps a DB in memory only.

The app saves from a worker thread while the user goes on annotating, so `lock` guards the data
in memory; `exclusive()` also takes a file lock (`FILE.lock`), so that two processes sharing a
DB write one at a time, each after reconciling with what the other wrote (see
`annotations.reconcile`).

A DB reached through a symbolic link is written through it: the link stays a link, and the
lock, the temporary file and the backups are beside the file it points to (`target`), so two
links to one DB share one lock.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from abc import abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from annotations.backups import (
    BACKUPS,
    backup_path,
    keep_backup,
    recovery_hint,
    remove_leftover_copies,
)
from annotations.db_contract import check_tables
from annotations.db_file import (
    StoreError,
    UnreadableDB,
    may_write,
    parse_tables,
    replace_file,
    signature_of,
)
from annotations.recovery import Recovery, set_aside
from annotations.schema import VERSION, Fragments, Tables, table_lines

__all__ = ["BACKUPS", "LOCK_TIMEOUT", "AnnotationStorage", "JSONFileStorage", "MemoryStorage",
           "StoreError", "UnreadableDB", "backup_path", "may_write", "parse_tables"]

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another process to finish writing before giving up on a save."""


class AnnotationStorage(Storage):
    """What `AnnotationStore` needs of a storage, beyond TinyDB's `read` and `write`.

    The store shares the data with a thread that saves it (`lock`), saves only when asked
    (`save`, `dirty`), and before saving takes in what another process saved meanwhile
    (`exclusive`, `changed_on_disk`, `load`, `replace`). A storage no other process can see
    answers that nothing changed there.
    """

    def __init__(self) -> None:
        self.lock = threading.RLock()
        """Held around every use of the data in memory, by the store and by `read`/`write`."""
        self.read_only: str | None = None
        """Why the DB is not written, or None: no backup of it could be made when it was
        opened (a full disk). Each save tries again to make one, and writes once it can."""

    @property
    @abstractmethod
    def location(self) -> str:
        """Where the DB is, as messages name it."""

    @property
    @abstractmethod
    def dirty(self) -> bool:
        """Whether the data in memory holds a change not saved yet."""

    @abstractmethod
    def exclusive(self) -> AbstractContextManager[None]:
        """A context in which the caller is the only writer of the DB, in any process.

        Raises:
            StoreError: the DB could not be locked.
        """

    @abstractmethod
    def changed_on_disk(self) -> bool:
        """Whether the DB was saved by someone else since this storage last loaded or saved
        it (or went missing)."""

    @abstractmethod
    def load(self) -> Tables | None:
        """The DB as saved, read again; None when there is none.

        Raises:
            StoreError: it cannot be read, or is not a DB.
        """

    @abstractmethod
    def replace(self, data: Tables, *, dirty: bool) -> None:
        """Take `data` as the DB in memory: what was loaded, with this process's unsaved changes
        replayed on it (`dirty` when there were some)."""

    @abstractmethod
    def save(self) -> None:
        """Save the data if it is dirty. Call inside `exclusive()`.

        Raises:
            StoreError: it could not be saved; it stays in memory, dirty, for the next save.
        """

    @abstractmethod
    def keep_copy(self, suffix: str) -> None:
        """Keep the DB as saved beside it, its name followed by `suffix`, unless such a copy is
        there already (before a migration rewrites the DB)."""

    @abstractmethod
    def set_aside(self, damage: str | None) -> Recovery:
        """Make way for the data in memory to be saved in place of a DB that another process
        damaged (`damage` says how) or deleted (`damage` is None): a damaged file is renamed
        aside, never deleted. Call inside `exclusive()`.

        Returns:
            What was done, to tell the user.

        Raises:
            StoreError: the file could not be renamed.
        """


class MemoryStorage(AnnotationStorage):
    """Keeps the database in memory only: for tests and throwaway sessions."""

    def __init__(self) -> None:
        super().__init__()
        self._data: Tables | None = None

    @property
    def location(self) -> str:
        """Memory: nothing else can see it."""
        return "memory"

    def read(self) -> Tables | None:
        return self._data

    def write(self, data: Tables) -> None:
        self._data = data

    def replace(self, data: Tables, *, dirty: bool) -> None:
        """Swap in merged data."""
        self._data = data

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Nothing to lock: no other process can see this storage."""
        yield

    def changed_on_disk(self) -> bool:
        """Never: there is no disk."""
        return False

    def load(self) -> Tables | None:
        """The data in memory."""
        return self._data

    def save(self) -> None:
        """Nothing to write: the data lives in memory."""

    def keep_copy(self, suffix: str) -> None:
        """Nothing to copy: the data lives in memory."""

    def set_aside(self, damage: str | None) -> Recovery:
        """Never needed: no other process can damage memory."""
        raise StoreError(self.location, "memory cannot be damaged by another program")

    @property
    def dirty(self) -> bool:
        """Never: there is no disk to be behind."""
        return False


class JSONFileStorage(AnnotationStorage):
    """A JSON file, read once, replaced atomically on `save()`."""

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = Path(path)
        self._write_lock = threading.Lock()
        self._file_lock: Any = None  # a filelock.FileLock, made on the first write
        self._data: Tables | None = None
        self._loaded = False
        self._generation = 0
        self._written = 0
        self._signature: tuple[int, int, int] | None = None
        self._fragments: Fragments = {}

    def read(self) -> Tables | None:
        with self.lock:
            if not self._loaded:
                self._data = self.load()
                self._loaded = True
            return self._data

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
        """Whether the file changed since this process last read or wrote it."""
        return signature_of(self.path) != self._signature

    def save(self) -> None:
        """Write the data to disk atomically, if anything changed. Call inside `exclusive()`.

        Raises:
            StoreError: the file could not be written (the old file is left as it was, and the
                change stays in memory for the next save to retry).
        """
        with self.lock:
            if not self.dirty:
                return
        if self.read_only is not None and self.keep_backup() is not None:
            raise StoreError(self.path, f"opened read-only: {self.read_only}")
        with self.lock:
            generation = self._generation
            parts, self._fragments = table_lines(self._data or {}, self._fragments)
        self._replace_file(parts)
        with self.lock:
            self._written = max(self._written, generation)
            self._signature = signature_of(self.path)

    def flush(self) -> None:
        """Lock the DB and save; for users of the storage without a store around it."""
        with self.exclusive():
            self.save()

    def load(self) -> Tables | None:
        """Read and check the file (`annotations.db_contract`); None when it does not exist yet.

        Raises:
            UnreadableDB: it is empty, not JSON, not of TinyDB's shape, or holds a bad record.
            StoreError: it is a directory, unreadable, or of a newer schema.
        """
        path = self.path
        if path.is_dir():
            raise StoreError(path, "is a directory, not a DB file")
        signature = signature_of(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self._signature = None
            return None
        except OSError as error:
            raise StoreError(path, f"cannot read the DB ({error.strerror or error})") from None
        tables = parse_tables(data, path)
        try:
            check_tables(tables, path, VERSION)
        except UnreadableDB as error:
            raise UnreadableDB(path, error.reason, recovery_hint(path)) from None
        self._signature = signature
        return tables

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

    def _replace_file(self, parts: list[bytes]) -> None:
        """Write the file whole (the seam where tests make the disk fail)."""
        replace_file(self.target, parts, self.path)

    def close(self) -> None:
        """Nothing to release: files are opened only while read or written."""


