"""The DB file itself, below the storage: its bytes read as tables, and written whole in its
place, keeping what the file was.

A write goes to a temporary file beside the file (`annotations.leftovers` names it), private
until it has the old file's owner, group and mode, flushed and fsynced, then renamed over the
file. A crash at any moment leaves the old file or the new one, never a torn one. The path may
be a symbolic link: the storage passes the file it points to, so the link stays a link. A file
made read-only (no write bit for anyone, or unwritable for this user, as `chattr +i` makes it
even for root) is not replaced.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from annotations.backups import recovery_hint
from annotations.leftovers import temporary_path
from annotations.long_strings import Part, pieces
from annotations.schema import Tables


class StoreError(Exception):
    """A DB file that cannot be read or written; `str()` is a one-line message naming it."""

    def __init__(self, path: str | Path, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = str(path)
        self.cause = cause


class UnreadableDB(StoreError):
    """A DB file whose content is not a DB: empty, not JSON, of another shape, or holding a
    record this version cannot use. (A DB of a newer schema is a plain `StoreError`: it is a
    DB, only not one this version may write.)

    Args:
        path: The DB file.
        reason: What is wrong with it (`reason`).
        hint: How to recover it, to end the message (see `annotations.backups.recovery_hint`).
    """

    def __init__(self, path: str | Path, reason: str, hint: str = "") -> None:
        super().__init__(path, reason + hint)
        self.reason = reason



def replace_file(target: Path, parts: Sequence[Part], location: str | Path) -> None:
    """Write `parts` one after another as the file `target`, in its place (a long string's
    JSON a piece at a time, `annotations.long_strings`).

    Raises:
        StoreError: naming `location` (the path as the user gave it): `target` was made
            read-only, or could not be written; it is left as it was.
    """
    try:
        status: os.stat_result | None = target.stat()
    except OSError:
        status = None
    refuse_read_only(target, status, location)
    temporary = temporary_path(target, "tmp")
    try:
        # Private until it has the DB's mode: a 0600 DB is never readable by others.
        descriptor = os.open(
            temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666 if status is None else 0o600
        )
        with open(descriptor, "wb") as file:
            if status is not None:
                take_ownership(file.fileno(), status)
            for piece in pieces(parts):
                file.write(piece)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise StoreError(location, f"could not save ({error.strerror or error})") from None
    fsync_directory(target.parent)


def refuse_read_only(target: Path, status: os.stat_result | None, location: str | Path) -> None:
    """Refuse to change the DB file `target` (of `status`, None when there is none yet) when
    it was made read-only, by its owner or for this user.

    Raises:
        StoreError: naming `location`.
    """
    if status is not None and not may_write(target, status):
        raise StoreError(
            location, "the DB file was made read-only, so it is not written; the change "
            "stays in memory and is saved once the file is writable again",
        )


def parse_tables(data: bytes, path: str | Path) -> Tables:
    """The tables of a DB file's bytes.

    Raises:
        StoreError: empty, not JSON, or not of TinyDB's shape; the message points at the newest
            backup when there is one.
    """
    path = Path(path)
    if not data or data.isspace():  # not strip(): that copies the whole file
        raise UnreadableDB(path, "the DB file is empty", recovery_hint(path))
    try:
        tables = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise UnreadableDB(
            path, f"the DB is corrupt: not valid JSON ({error})", recovery_hint(path)
        ) from None
    if not isinstance(tables, dict) or not all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in tables.values()
    ):
        hint = ""
        if isinstance(tables, dict) and isinstance(tables.get("articles"), list):
            hint = f"; it looks like an export: `annotator import {path} --db NEW.json` first"
        raise UnreadableDB(path, "not an annotations DB (it is JSON of another shape)" + hint)
    return tables


def parse_table(name: str, line: bytes | memoryview, path: str | Path) -> dict[str, Any]:
    """One table of a DB file laid out a table a line (see `annotations.schema.split_tables`).

    Raises:
        UnreadableDB: the line is not JSON, or not a table of documents.
    """
    try:
        table = orjson.loads(line)
    except orjson.JSONDecodeError as error:
        raise UnreadableDB(path, f"the DB is corrupt: table {name!r} ({error})") from None
    if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
        raise UnreadableDB(path, "not an annotations DB (it is JSON of another shape)")
    return table


def may_write(path: Path, status: os.stat_result | None = None) -> bool:
    """Whether this process may write the file at `path`, and its owner has not made it
    read-only: root may write any file, but one without a write bit for anyone was meant to
    stay as it is."""
    if not os.access(path, os.W_OK):
        return False
    if status is None:
        status = path.stat()
    return stat.S_ISDIR(status.st_mode) or bool(status.st_mode & 0o222)


def take_ownership(descriptor: int, status: os.stat_result) -> None:
    """Give a new file the owner, group and mode of the file it replaces, as far as this
    process may (only root gives a file away; a member of the group may set the group)."""
    for owner, group in ((status.st_uid, status.st_gid), (-1, status.st_gid)):
        try:
            os.fchown(descriptor, owner, group)
            break
        except OSError:
            continue
    os.fchmod(descriptor, stat.S_IMODE(status.st_mode))  # after chown, which clears setgid


def signature_of(path: Path) -> tuple[int, int, int] | None:
    """What tells one version of the file from another, or None when there is none."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size, status.st_ino)


def fsync_directory(directory: Path) -> None:
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
