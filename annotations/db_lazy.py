"""A DB file's tables read as they are first needed.

The store writes a table a line (`annotations.schema.table_lines`), so the file can be split
into its tables without parsing them (`split_tables`). Opening a DB of 100,000 annotations spent
most of its time parsing and checking the tables of articles nobody had opened yet: here `meta`
(the version first) and `articles` are parsed and checked at once, and every other table stays
the bytes of its line until it is first read (`LazyTables.__missing__`) or `check_next` reaches
it. The storage checks every table before anything is written (a save, a backup, a journal
line), so nothing is written to a DB that was not wholly read and found good. A table never
changed is written back as the bytes it was read from (kept only where orjson would write it
otherwise: the file's bytes are let go as its tables are read). A file laid out otherwise
(another tool wrote it) is parsed whole, as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson

from annotations.backups import recovery_hint
from annotations.db_contract import check_articles, check_table, check_version
from annotations.db_file import UnreadableDB, parse_table
from annotations.schema import ARTICLES, META, Fragments, Tables, split_tables


class LazyTables(dict[str, Any]):
    """A DB's tables, those not read yet parsed and checked when first asked for.

    Only what asks for a table by name (`tables[name]`, as TinyDB does) reads it; what walks
    the tables (`items()`, `len()`) sees those read so far: the storage hands this out whole
    only once `unchecked` is False. Use under the storage's lock.

    Args:
        raw: Every table of the file, as the JSON of its line, in the file's order.
        path: The DB file, for messages.
        newest: The newest schema this version reads.

    Raises:
        UnreadableDB, StoreError: `meta` or `articles` is bad, or the DB is of a newer schema.
    """

    def __init__(self, raw: Mapping[str, memoryview], path: Path, newest: int) -> None:
        super().__init__()
        self._order = list(raw)
        self._raw = dict(raw)
        self._path = path
        self._lines: dict[str, tuple[dict[str, Any], bytes]] = {}
        meta = self._parse(META)
        check_version(meta, path, newest)
        articles = self._parse(ARTICLES)
        self._lengths = check_articles(articles, path)
        self.update((name, table) for name, table in ((META, meta), (ARTICLES, articles))
                    if name in self._order)
        self._raw.pop(META, None)
        self._raw.pop(ARTICLES, None)

    @property
    def unchecked(self) -> bool:
        """Whether some table was not read (and checked) yet."""
        return bool(self._raw)

    def __missing__(self, name: str) -> Any:
        if name not in self._raw:
            raise KeyError(name)
        table = self._parse(name)
        try:
            check_table(name, table, self._lengths, self._path)
        except UnreadableDB as error:
            raise UnreadableDB(self._path, error.reason, recovery_hint(self._path)) from None
        del self._raw[name]
        self[name] = table
        if not self._raw:  # all read: hold them in the file's order, as they are written
            rank = {name: place for place, name in enumerate(self._order)}
            tables = sorted(self.items(), key=lambda item: rank.get(item[0], len(rank)))
            self.clear()
            self.update(tables)
        return table

    def __setitem__(self, name: str, table: Any) -> None:
        self._raw.pop(name, None)  # replaced before it was read: never read
        super().__setitem__(name, table)

    def check_next(self) -> bool:
        """Read and check one table not read yet; False when none was left.

        Raises:
            UnreadableDB: the table is not JSON, or holds a bad record.
        """
        for name in self._raw:
            self[name]  # noqa: B018 (read through `__missing__`)
            return True
        return False

    def take_lines(self) -> Fragments:
        """The file's lines of the tables that are still as read and that orjson would not
        write alike (another program's layout), for `table_lines` to write back as they were;
        asked once."""
        lines: Fragments = {
            name: (table, orjson.dumps(name) + b":", line)
            for name, (table, line) in self._lines.items()
            if dict.get(self, name) is table
        }
        self._lines = {}
        return lines

    def _parse(self, name: str) -> dict[str, Any]:
        line = self._raw.get(name)
        if line is None:
            return {}
        table = parse_table(name, line, self._path, recovery_hint(self._path))
        if orjson.dumps(table) != line:  # else written again as it was, without a copy
            self._lines[name] = (table, bytes(line))  # a copy: a view holds the whole file
        return table


def lazy_load(data: bytes, path: Path, newest: int) -> LazyTables | None:
    """The tables of a DB file's bytes, `meta` and `articles` read and checked, the others
    as they are asked for; None when the file is not laid out a table a line.

    Raises:
        UnreadableDB, StoreError: see `LazyTables`; the message points at the newest backup.
    """
    split = split_tables(data)
    if split is None:
        return None
    try:
        return LazyTables(split, path, newest)
    except UnreadableDB as error:
        raise UnreadableDB(path, error.reason, recovery_hint(path)) from None


def unread(tables: Tables | None) -> bool:
    """Whether `tables` holds tables not read (and checked) yet."""
    return isinstance(tables, LazyTables) and tables.unchecked
