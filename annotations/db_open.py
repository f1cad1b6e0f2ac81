"""Opening a DB file: its tables read and checked, with its journal applied.

The file is read once, and what names it (its modification time, size and inode, and the
generation in its `meta` record, `annotations.db_generation`) is kept with the tables, so that
its journal (`annotations.journal`) is applied only to the file it was written for, and a save
knows whether the file changed since. A large file in the store's layout with no journal to
apply can be opened lazily: `meta` and `articles` checked at once, every other table when it is
first read (`annotations.db_lazy`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from annotations.backups import recovery_hint
from annotations.db_contract import check_tables, check_version
from annotations.db_file import StoreError, UnreadableDB, parse_tables, signature_of
from annotations.db_generation import generations_of
from annotations.db_lazy import LazyTables, lazy_load
from annotations.journal import Identity, Journal, apply, read_journal
from annotations.schema import META, VERSION, Tables

LAZY_FROM = 1 << 20
"""A DB file smaller than this (bytes) is read and checked whole as it is opened, even lazily:
it takes milliseconds, and its backup is then kept at once (a lazy open keeps it once every
table was found good)."""

Signature = tuple[int, int, int]


@dataclass
class OpenedDB:
    """A DB file as read: its tables (None: there is no file yet) and what names it."""

    tables: Tables | None
    signature: Signature | None
    """The file's modification time, size and inode when read (None: no file)."""
    journal_signature: Signature | None
    """The same of its journal (None: no journal)."""
    journal: Journal
    generation: str | None
    """The generation the file itself records (whatever its journal says)."""


def open_db(
    path: Path, journal_file: Path, *, lazy: bool = False,
    again: tuple[Tables | None, Signature | None] | None = None,
) -> OpenedDB:
    """Read and check the DB file at `path` (`annotations.db_contract`), with its journal
    `journal_file` applied when it was written for this file.

    `again` (reading it again to take in what another process saved: the tables this process
    holds, and the file's signature when it last read or wrote it): a lazy read applies the
    journal to the tables it changes and checks those, and keeps the others as their lines,
    rather than reading the whole file into dicts; the tables held were checked are not
    checked again if the file is the same. Where something is bad, the file is read whole as
    on opening, which says whether the file or its journal is to blame.

    Raises:
        UnreadableDB: it is empty, not JSON, not of TinyDB's shape, or holds a bad record (or
            its journal does).
        StoreError: it is a directory, unreadable, or of a newer schema.
    """
    if path.is_dir():
        raise StoreError(path, "is a directory, not a DB file")
    journal_signature = signature_of(journal_file)
    try:
        with open(path, "rb") as file:  # the journal must name the file read
            status = os.fstat(file.fileno())
            data = file.read()
    except FileNotFoundError:
        return OpenedDB(None, None, journal_signature, read_journal(journal_file, None), None)
    except OSError as error:
        raise StoreError(path, f"cannot read the DB ({error.strerror or error})") from None
    signature = (status.st_mtime_ns, status.st_size, status.st_ino)
    # A first open with a journal beside the file reads it whole (to fold the journal in):
    # read lazily first, its `meta` and `articles` would be parsed and checked for nothing.
    lazy = lazy and len(data) >= LAZY_FROM and (again is not None or journal_signature is None)
    lazy_tables = lazy_load(data, path, VERSION) if lazy else None
    if lazy_tables is not None:
        generation, previous = generations_of(lazy_tables.get(META))
        journal = read_journal(journal_file, Identity(generation, previous, signature))
        if journal.saves and again:
            try:
                lazy_tables.took_in(apply(lazy_tables, journal.saves), VERSION)
            except StoreError:
                lazy_tables = None
        if again and lazy_tables is not None:
            held, read_from = again
            if isinstance(held, LazyTables) and read_from == signature:  # the same file
                lazy_tables.checked_as(held)
        if lazy_tables is not None and (again or not journal.saves):
            return OpenedDB(lazy_tables, signature, journal_signature, journal, generation)
    tables = parse_tables(data, path)
    try:  # the file's own version: the journal's meta table would hide a newer one
        check_version(tables.get(META, {}), path, VERSION)
    except UnreadableDB as error:
        raise UnreadableDB(path, error.reason, recovery_hint(path)) from None
    generation, previous = generations_of(tables.get(META))
    journal = read_journal(journal_file, Identity(generation, previous, signature))
    changed = apply(tables, journal.saves)
    try:
        check_tables(tables, path, VERSION)
    except UnreadableDB as error:
        if changed and _sound(parse_tables(data, path)):  # the journal's record is bad
            raise UnreadableDB(journal_file, error.reason, "; it is the DB's journal: move it "
                               "away to open the DB without its last saves") from None
        raise UnreadableDB(path, error.reason, recovery_hint(path)) from None
    return OpenedDB(tables, signature, journal_signature, journal, generation)


def _sound(tables: Tables) -> bool:
    """Whether a DB's tables keep the records' contract (`annotations.db_contract`)."""
    try:
        check_tables(tables, "", VERSION)
    except StoreError:
        return False
    return True
