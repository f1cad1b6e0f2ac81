"""The DB file's generation: a random token in its `meta` record, new each time the store writes
the file whole, which the DB's journal names (`annotations.journal`).

A file's modification time, size and inode say little about what it holds: `touch`, a sync
tool or a restore changes them without changing a byte, and a copy put back keeps the size. The
token changes exactly when the store writes the file, so a journal applies to the file iff it
names the file's generation. The `meta` record also keeps the generation the file replaced
(`previous`): a journal naming that one was folded into the file already (by a process killed
before it could remove the journal), and is not applied again.

A backup is given a generation of its own (`restamp_copy`): copied back over the DB, it does
not take the journal begun on the DB it was copied from. A DB without a generation (written by
an older version or another tool) gets one on its next whole write; until then nothing is
journalled to it.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

GENERATION = "generation"
"""The `meta` record's field naming the file's generation."""
PREVIOUS = "previous"
"""The `meta` record's field naming the generation the file was written over."""
_LENGTH = 32
"""Hex digits in a generation."""
_HEAD = 65536
"""How far into a copy its `meta` table is looked for (the store writes it first)."""


def new_generation() -> str:
    """A fresh random generation."""
    return secrets.token_hex(_LENGTH // 2)


def generations_of(meta: Mapping[str, Any] | None) -> tuple[str | None, str | None]:
    """The generation a DB's `meta` table records, and the one its file replaced (each None
    when it records none)."""
    records = list((meta or {}).values())
    if len(records) != 1 or not isinstance(records[0], dict):
        return None, None
    found = records[0].get(GENERATION), records[0].get(PREVIOUS)
    current, previous = (value if isinstance(value, str) else None for value in found)
    return current, previous


def stamped(tables: dict[str, Any], meta: str, previous: str | None) -> str | None:
    """Give the DB `tables` a new generation in its `meta` table (named `meta`; the file
    has it first, where `restamp_copy` finds it); the new generation, or None when the table
    is not one record (then the DB has none).

    The table is replaced, not changed in place: a table serialised before is written again.
    """
    table = tables.get(meta)
    if not isinstance(table, dict) or len(table) != 1:
        return None
    [(key, record)] = table.items()
    generation = new_generation()
    fields = {name: value for name, value in record.items() if name != PREVIOUS}
    fields[GENERATION] = generation
    if previous is not None:
        fields[PREVIOUS] = previous
    tables[meta] = {key: fields}  # (written first: `schema.table_lines`)
    return generation


def without_generation(data: bytes) -> bytes:
    """A DB file's bytes with its generation blanked: what a backup and its original share."""
    start = _token_at(data[:_HEAD])
    if start is None:
        return data
    return data[:start] + b"0" * _LENGTH + data[start + _LENGTH :]


def _token_at(head: bytes) -> int | None:
    """Where the generation's digits start in the head of a DB file, or None."""
    marker = f'"{GENERATION}":"'.encode()
    start = head.find(marker)
    if start == -1:
        return None
    start += len(marker)
    if len(head[start : start + _LENGTH]) != _LENGTH or head[start + _LENGTH :][:1] != b'"':
        return None
    return start


def restamp_copy(path: Path) -> None:
    """Give a copy of a DB file (a backup) a generation of its own, in place, keeping its
    modification time: no journal begun on the original applies to it. A copy whose head holds
    no generation (an older DB, laid out otherwise) is left as it is."""
    with open(path, "r+b") as file:
        start = _token_at(file.read(_HEAD))
        if start is None:
            return
        status = os.fstat(file.fileno())
        file.seek(start)
        file.write(new_generation().encode())  # no fsync: the copy itself is not fsynced
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
