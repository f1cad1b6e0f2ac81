"""What the store needs of a storage (`AnnotationStorage`), and a storage that keeps a DB in
memory only (`MemoryStorage`), for tests and throwaway sessions. The file storage is
`annotations.storage.JSONFileStorage`.
"""

from __future__ import annotations

import contextlib
import threading
from abc import abstractmethod
from collections.abc import Collection, Iterator
from contextlib import AbstractContextManager

from tinydb.storages import Storage

from annotations.db_file import StoreError
from annotations.recovery import Recovery
from annotations.schema import Tables

Changed = Collection[tuple[str, str]]
"""The records a save has to write, each as its table's name and its id."""


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
        self.notices: list[str] = []
        """What the user should be told of what reading or saving the DB found (a journal set
        aside as stale), one line each; `AnnotationStore.take_notices` takes them."""

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

    def partial(self) -> Tables | None:
        """The DB, its tables possibly read (and checked) only as they are asked for by name;
        `read()` is the whole DB, every table checked."""
        return self.read()

    def check_rest(self) -> None:
        """Read and check every table `partial` left unread (a background check).

        Raises:
            StoreError: a table is bad (nothing is then written to the DB).
        """

    @property
    def journalled(self) -> bool:
        """Whether saves are kept beside the DB, to be folded into it (`save(None)`)."""
        return False

    @abstractmethod
    def save(self, changed: Changed | None = None) -> None:
        """Save the data if it is dirty. Call inside `exclusive()`, after taking in what
        another process saved (`changed_on_disk`, `load`, `replace`).

        Args:
            changed: The records changed since the last save, when known: a storage may save
                only these. None: save the whole DB, folding in what is kept beside it (also
                when nothing changed here).

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

    def save(self, changed: Changed | None = None) -> None:
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
