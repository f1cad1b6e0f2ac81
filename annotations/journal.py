"""The DB's journal: the records each save changed, appended beside the DB file until they are
folded into it, so that a save costs what changed, not what the DB holds.

`FILE.journal` sits beside the DB file `FILE` (beside the file a symbolic link points to). Its
first line names the DB file it applies to by the file's generation (`annotations.db_generation`:
a random token the store writes into the DB's `meta` record each time it writes the file whole;
a journal of the first format named the file's modification time, size and inode, which `touch`
changes); each further line is one save: a JSON array of operations, each a JSON array:

- `["put", TABLE, KEY, DOCUMENT]`: the table's document under KEY is DOCUMENT;
- `["drop", TABLE, ID]`: the table holds no document of this id;
- `["table", TABLE, DOCUMENTS]`: the table is DOCUMENTS, whole (the small `meta` table).

Each operation states what a record is after the save, not how it changed, so replaying a
journal over a DB that already holds it changes nothing. A line is written with one `write`,
then the file is fsynced: a process killed while writing leaves a torn last line, which is
skipped when read (it was a save that did not happen), and the next save starts on a line of
its own. A journal naming the generation the DB file replaced was folded into it already (by a
process killed before it could remove the journal): it is not applied again, and is removed or
begun afresh. A journal naming any other generation is stale (the DB was replaced since, by a
backup copied back or by another program): never applied, and set aside when the DB is next
written whole (`annotations.storage`), which tells the user (`stale_notice`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from annotations.db_file import StoreError, fsync_directory, may_write, take_ownership
from annotations.long_strings import Part, pieces
from annotations.schema import META, Tables

SUFFIX = ".journal"
"""What the journal's name adds to the DB file's."""
FORMAT = 2
"""The journal's layout, recorded in its first line: 2 names the DB file by its generation, 1
(still read) by its modification time, size and inode."""

Base = tuple[int, int, int]
"""A DB file's modification time (ns), size and inode number, as
`annotations.db_file.signature_of` gives them: what a journal of format 1 names."""


@dataclass(frozen=True)
class Identity:
    """What tells a DB file apart, as a journal names it."""

    generation: str | None
    """The file's generation (`annotations.db_generation`); None when it records none."""
    previous: str | None
    """The generation the file was written over, whose journal it holds folded in."""
    base: Base
    """The file's modification time, size and inode, for a journal of format 1."""


Operation = list[Any]
"""One journal operation (see the module's docstring)."""


def journal_path(target: Path) -> Path:
    """The journal of the DB file `target` (the file itself, not a link to it)."""
    return target.with_name(target.name + SUFFIX)


def base_of(status: os.stat_result) -> Base:
    """What a journal of format 1 records of the DB file it applies to."""
    return (status.st_mtime_ns, status.st_size, status.st_ino)


@dataclass
class Journal:
    """A journal as read: its saves, and whether it may be applied and appended to."""

    saves: list[list[Operation]] = field(default_factory=list)
    """The operations of each complete save, oldest first."""
    exists: bool = False
    """Whether there is a journal file at all."""
    begun: bool = False
    """Whether it has a whole first line naming the DB file it applies to."""
    stale: bool = False
    """It names another DB file: not applied, set aside on the next whole write."""


def read_journal(path: Path, identity: Identity | None) -> Journal:
    """Read the journal at `path` of the DB file described by `identity` (None: there is no DB
    file, so any journal is stale).

    Raises:
        StoreError: the journal exists but cannot be read (naming it).
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Journal()
    except OSError as error:
        raise StoreError(
            path, f"cannot read the DB's journal ({error.strerror or error}); nothing was "
            "written: make it readable, or move it away to open the DB without its last saves",
        ) from None
    journal = Journal(exists=True)
    complete = data.split(b"\n")[:-1]  # the last piece is empty (a whole last line) or torn
    if not complete:
        return journal  # not even a whole first line: begun by a process killed at once
    header = _loads(complete[0])
    named = header.get("db") if isinstance(header, dict) else None
    if identity is None or named is None:
        journal.stale = True  # beside no DB file, or not ours to apply or to append to
        return journal
    if header.get("journal") == 1 and named == list(identity.base):
        pass  # begun by the version before generations, on this very file
    elif header.get("journal") != FORMAT or named != identity.generation:
        # one naming the generation the DB file replaced was folded in already: not applied,
        # and not stale either
        journal.stale = not (header.get("journal") == FORMAT and named == identity.previous)
        return journal
    journal.begun = True
    for line in complete[1:]:
        save = _loads(line)
        if _is_save(save):  # (another line, a torn last save, is ignored)
            journal.saves.append(save)
    return journal


def apply(tables: Tables, saves: Iterable[list[Operation]]) -> set[str]:
    """Make `tables` hold what the saves wrote, in order; the names of the tables changed."""
    changed = set()
    for save in saves:
        for operation in save:
            kind, name = operation[0], operation[1]
            changed.add(name)
            if kind == "table":
                tables[name] = dict(operation[2])
            elif kind == "put":
                tables.setdefault(name, {})[operation[2]] = operation[3]
            else:
                table = tables.setdefault(name, {})
                for key in [key for key, doc in table.items() if doc.get("id") == operation[2]]:
                    del table[key]
    return changed


def read_through(
    path: Path, identity: Identity, table: Callable[[str], dict[str, Any]]
) -> tuple[dict[str, dict[str, Any]], Journal]:
    """The tables the journal of a DB changes, as they are with it applied: for a reader that
    does not write (an export), which so sees every save.

    Args:
        path: The journal.
        identity: What describes the DB file read.
        table: A table of the DB file, by name (an empty dict when it holds none).

    Returns:
        The tables changed, and the journal as read (`stale`: it was not applied).

    Raises:
        StoreError: the journal cannot be read.
    """
    journal = read_journal(path, identity)
    names = {operation[1] for save in journal.saves for operation in save}
    tables: Tables = {name: dict(table(name)) for name in names}
    apply(tables, journal.saves)
    return tables, journal


def stale_notice(path: Path, db: str | Path, kept: Path | None = None) -> str:
    """What to tell the user of a stale journal at `path`, beside the DB `db`: one line naming
    both, and where the journal was set aside (`kept`; None when it is still in place)."""
    where = (f"it is kept as {kept}" if kept is not None
             else "it is kept, and set aside as NAME.stale-TIME when the DB is next written")
    return (f"{path}: its saves were not applied to {db}: they were made to another version of "
            f"that file (replaced since, by a backup copied back or another program); {where}")


def operations(tables: Tables, changed: Collection[tuple[str, str]]) -> list[Operation]:
    """The journal operations that bring the DB as saved to `tables`, when only the records
    `changed` (as table name and record id) and the `meta` table differ."""
    wanted: dict[str, set[str]] = {}
    for name, record_id in changed:
        wanted.setdefault(name, set()).add(record_id)
    result: list[Operation] = [["table", META, tables.get(META, {})]]
    for name, ids in wanted.items():
        found = set()
        for key, doc in tables.get(name, {}).items():
            if doc.get("id") in ids:
                result.append(["put", name, key, doc])
                found.add(doc["id"])
        result.extend(["drop", name, record_id] for record_id in sorted(ids - found))
    return result


def append(
    path: Path, generation: str, save: bytes | list[Part], db: os.stat_result, *, begin: bool
) -> None:
    """Add one save to the journal at `path` and make it durable (fsync).

    Args:
        path: The journal.
        generation: The generation of the DB file it applies to, for a journal begun now.
        save: The save's operations, as JSON (`orjson.dumps(operations(...))`), or as its
            parts (`annotations.long_strings.dumps_operations`), written one after another.
        db: The DB file's status: a new journal takes its owner, group and mode.
        begin: Begin the journal afresh (there is none, or nothing whole in it).

    Raises:
        OSError: it could not be written; a line written in part is skipped when read.
    """
    # (a long article's line in pieces: `pieces` makes its text's JSON a slice at a time)
    line: list[Part] = [save, b"\n"] if isinstance(save, bytes) else [*save, b"\n"]
    flags = os.O_RDWR | os.O_CREAT | (os.O_TRUNC if begin else os.O_APPEND)
    descriptor = os.open(path, flags, 0o600)  # private until it has the DB's mode
    try:
        if begin:
            take_ownership(descriptor, db)
            line.insert(0, orjson.dumps({"journal": FORMAT, "db": generation}) + b"\n")
        else:
            size = os.lseek(descriptor, 0, os.SEEK_END)
            if size:
                os.lseek(descriptor, size - 1, os.SEEK_SET)  # O_APPEND still writes at the end
                if os.read(descriptor, 1) != b"\n":
                    line.insert(0, b"\n")  # after a torn line, on a line of its own
        if isinstance(save, bytes):  # one write, as the line was always written
            line = [b"".join(pieces(line))]
        for piece in pieces(line):
            view = memoryview(piece)
            while view:
                view = view[os.write(descriptor, view) :]
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    if begin:
        fsync_directory(path.parent)


def check_writable(path: Path, location: str | Path) -> None:
    """Refuse to add to a journal that this process may not write, or one made read-only.

    Raises:
        StoreError: naming the journal.
    """
    if path.exists() and not may_write(path):
        raise StoreError(
            path, f"the journal of {location} is not writable, so nothing is saved; the "
            "change stays in memory and is saved once it is writable again",
        )


def _loads(line: bytes) -> Any:
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        return None


def _is_save(save: Any) -> bool:
    """Whether a line read back is a whole save of well-formed operations."""
    if not isinstance(save, list):
        return False
    for operation in save:
        if not isinstance(operation, list) or len(operation) < 3:
            return False
        kind, name = operation[0], operation[1]
        if not isinstance(name, str):
            return False
        if kind == "put":
            if not (len(operation) == 4 and isinstance(operation[2], str)
                    and isinstance(operation[3], dict)):
                return False
        elif kind == "table":
            if not (isinstance(operation[2], dict)
                    and all(isinstance(doc, dict) for doc in operation[2].values())):
                return False
        elif kind != "drop":
            return False
    return True
