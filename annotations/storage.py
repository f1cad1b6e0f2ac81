"""TinyDB storages: an atomic JSON file written with orjson, and one held in memory.

TinyDB hands its storage the whole database on every read and write. `JSONFileStorage` reads
the file once, keeps the data in memory, and writes it back only on `flush()`: a temporary file
beside the DB, flushed and fsynced, renamed over the DB. A crash at any moment leaves either the
old file or the new one, never a torn one. The app flushes from a worker thread, so the lock
here keeps a flush from serialising while a change is half made.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

Tables = dict[str, dict[str, Any]]


class StoreError(Exception):
    """A DB file that cannot be read or written; `str()` is a one-line message naming it."""

    def __init__(self, path: str | Path, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = str(path)
        self.cause = cause


class MemoryStorage(Storage):
    """Keeps the database in memory only: for tests and throwaway sessions."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._data: Tables | None = None

    def read(self) -> Tables | None:
        return self._data

    def write(self, data: Tables) -> None:
        self._data = data

    def flush(self) -> None:
        """Nothing to write: the data lives in memory."""

    @property
    def dirty(self) -> bool:
        """Never: there is no disk to be behind."""
        return False


class JSONFileStorage(Storage):
    """A JSON file, read once and replaced atomically on `flush()`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.lock = threading.RLock()
        self._write_lock = threading.Lock()
        self._data: Tables | None = None
        self._loaded = False
        self._generation = 0
        self._written = 0

    def read(self) -> Tables | None:
        with self.lock:
            if not self._loaded:
                self._data = self._load()
                self._loaded = True
            return self._data

    def write(self, data: Tables) -> None:
        with self.lock:
            self._data = data
            self._loaded = True
            self._generation += 1

    @property
    def dirty(self) -> bool:
        """Whether some change has not reached the disk yet."""
        return self._generation != self._written

    def flush(self) -> None:
        """Write the data to disk atomically if anything changed since the last flush.

        Raises:
            StoreError: the file could not be written (the old file is left as it was, and the
                change stays in memory for the next flush to retry).
        """
        with self.lock:
            if not self.dirty:
                return
            generation = self._generation
            payload = orjson.dumps(self._data or {})
        with self._write_lock:
            if generation <= self._written:
                return
            self._replace(payload)
            self._written = generation

    def _load(self) -> Tables | None:
        """Read and check the file; `None` when it does not exist yet."""
        path = self.path
        if path.is_dir():
            raise StoreError(path, "is a directory, not a DB file")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StoreError(path, f"cannot read the DB ({error.strerror or error})") from None
        if not data.strip():
            raise StoreError(
                path, "the DB file is empty; move it away or pass another --db to start afresh"
            )
        try:
            tables = orjson.loads(data)
        except orjson.JSONDecodeError as error:
            raise StoreError(path, f"the DB is corrupt: not valid JSON ({error})") from None
        if not isinstance(tables, dict) or not all(
            isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
            for table in tables.values()
        ):
            raise StoreError(path, "not an annotations DB (it is JSON of another shape)")
        return tables

    def _replace(self, payload: bytes) -> None:
        path = self.path
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with open(temporary, "wb") as file:
                file.write(payload)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise StoreError(path, f"could not save ({error.strerror or error})") from None
        _fsync_directory(path.parent)

    def close(self) -> None:
        self.flush()


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
