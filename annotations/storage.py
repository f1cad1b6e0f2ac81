"""Where the store keeps a DB: what it needs of a storage, an atomic JSON file, and memory.

TinyDB hands its storage the whole database on every read and write. The store needs more of a
storage than that, and `AnnotationStorage` declares it. `JSONFileStorage` reads the file once,
keeps the data in memory, and writes it back only when asked (`save()`): a temporary file
beside the DB, flushed and fsynced, renamed over the DB. A crash at any moment leaves either the
old file or the new one, never a torn one. `MemoryStorage` keeps a DB in memory only.

The app saves from a worker thread while the user goes on annotating, so `lock` guards the data
in memory; `exclusive()` also takes a file lock (`FILE.lock`), so that two processes sharing a
DB write one at a time, each after reconciling with what the other wrote (see
`annotations.reconcile`).

The file stays what it was: a DB reached through a symbolic link is written through it (the
link stays a link; the lock, the temporary file and the backups are beside the file it points
to, so two links to one DB share one lock), a save keeps the file's mode, owner and group, and a
file made read-only is not written.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import threading
from abc import abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from annotations.backups import BACKUPS, backup_path, keep_backup, recovery_hint
from annotations.schema import Fragments, Tables, table_lines

__all__ = ["BACKUPS", "LOCK_TIMEOUT", "AnnotationStorage", "JSONFileStorage", "MemoryStorage",
           "StoreError", "backup_path", "parse_tables"]

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another process to finish writing before giving up on a save."""


class StoreError(Exception):
    """A DB file that cannot be read or written; `str()` is a one-line message naming it."""

    def __init__(self, path: str | Path, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = str(path)
        self.cause = cause


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
        return _signature(self.path) != self._signature

    def save(self) -> None:
        """Write the data to disk atomically, if anything changed. Call inside `exclusive()`.

        Raises:
            StoreError: the file could not be written (the old file is left as it was, and the
                change stays in memory for the next save to retry).
        """
        with self.lock:
            if not self.dirty:
                return
            generation = self._generation
            parts, self._fragments = table_lines(self._data or {}, self._fragments)
        self._replace_file(parts)
        with self.lock:
            self._written = max(self._written, generation)
            self._signature = _signature(self.path)

    def flush(self) -> None:
        """Lock the DB and save; for users of the storage without a store around it."""
        with self.exclusive():
            self.save()

    def load(self) -> Tables | None:
        """Read and check the file; None when it does not exist yet.

        Raises:
            StoreError: it is a directory, unreadable, empty, not JSON or not of TinyDB's shape.
        """
        path = self.path
        if path.is_dir():
            raise StoreError(path, "is a directory, not a DB file")
        signature = _signature(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self._signature = None
            return None
        except OSError as error:
            raise StoreError(path, f"cannot read the DB ({error.strerror or error})") from None
        tables = parse_tables(data, path)
        self._signature = signature
        return tables

    def keep_copy(self, suffix: str) -> None:
        """Copy the file to FILE`suffix`, unless that exists (or the file does not)."""
        target = self.target
        copy = target.with_name(target.name + suffix)
        if target.exists() and not copy.exists():
            shutil.copy2(target, copy)

    def keep_backup(self) -> None:
        """Copy the DB (known to be good) to FILE.bak, shifting older backups along (see
        `annotations.backups`)."""
        keep_backup(self.target)

    def _replace_file(self, parts: list[bytes]) -> None:
        """Write `parts` to a temporary file with the DB's mode, owner and group, then rename
        it over the file the DB's path leads to."""
        target = self.target
        try:
            status: os.stat_result | None = target.stat()
        except OSError:
            status = None
        if status is not None and not may_write(target, status):
            raise StoreError(
                self.path, "the DB file was made read-only, so it is not written; the change "
                "stays in memory and is saved once the file is writable again",
            )
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            # Private until it has the DB's mode: a 0600 DB is never readable by others.
            descriptor = os.open(
                temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666 if status is None else 0o600
            )
            with open(descriptor, "wb") as file:
                if status is not None:
                    _take_ownership(file.fileno(), status)
                for part in parts:
                    file.write(part)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, target)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise StoreError(self.path, f"could not save ({error.strerror or error})") from None
        _fsync_directory(target.parent)

    def close(self) -> None:
        """Nothing to release: files are opened only while read or written."""


def parse_tables(data: bytes, path: str | Path) -> Tables:
    """The tables of a DB file's bytes.

    Raises:
        StoreError: empty, not JSON, or not of TinyDB's shape; the message points at the newest
            backup when there is one.
    """
    path = Path(path)
    if not data.strip():
        raise StoreError(path, "the DB file is empty" + recovery_hint(path))
    try:
        tables = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise StoreError(
            path, f"the DB is corrupt: not valid JSON ({error})" + recovery_hint(path)
        ) from None
    if not isinstance(tables, dict) or not all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in tables.values()
    ):
        hint = ""
        if isinstance(tables, dict) and isinstance(tables.get("articles"), list):
            hint = f"; it looks like an export: `annotator import {path} --db NEW.json` first"
        raise StoreError(path, "not an annotations DB (it is JSON of another shape)" + hint)
    return tables


def may_write(path: Path, status: os.stat_result | None = None) -> bool:
    """Whether this process may write the file at `path`, and its owner has not made it
    read-only: root may write any file, but one without a write bit for anyone was meant to
    stay as it is."""
    if not os.access(path, os.W_OK):
        return False
    if status is None:
        status = path.stat()
    return stat.S_ISDIR(status.st_mode) or bool(status.st_mode & 0o222)


def _take_ownership(descriptor: int, status: os.stat_result) -> None:
    """Give a new file the owner, group and mode of the file it replaces, as far as this
    process may (only root gives a file away; a member of the group may set the group)."""
    for owner, group in ((status.st_uid, status.st_gid), (-1, status.st_gid)):
        try:
            os.fchown(descriptor, owner, group)
            break
        except OSError:
            continue
    os.fchmod(descriptor, stat.S_IMODE(status.st_mode))  # after chown, which clears setgid


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size, status.st_ino)


def _fsync_directory(directory: Path) -> None:
    """Make a rename durable; some platforms cannot open a directory, which is fine."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
