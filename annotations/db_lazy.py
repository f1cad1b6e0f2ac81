"""A DB file's tables read as they are first needed.

The store writes a table a line (`annotations.schema.table_lines`), so the file can be split
into its tables without parsing them (`split_tables`). Opening a DB of 100,000 annotations spent
most of its time parsing and checking the tables of articles nobody had opened yet: here `meta`
(the version first) and `articles` are parsed and checked at once, and every other table stays
the bytes of its line until it is first read (`LazyTables.__missing__`) or `check_next` reaches
it. The storage checks every table before anything is written (a save, a backup, a journal
line), so nothing is written to a DB that was not wholly read and found good. A table checked
and never changed is then kept as those bytes, not as the dicts it parses to (seven times
their size), parsed again whenever it is asked for, and written back as it was read. A file
laid out otherwise (another tool wrote it) is parsed whole, as before.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from pathlib import Path
from typing import Any

import orjson

from annotations.backups import recovery_hint
from annotations.db_contract import check_articles, check_table, check_version
from annotations.db_file import UnreadableDB, parse_table
from annotations.long_strings import dumps_to
from annotations.schema import ARTICLES, META, Fragments, Tables, split_tables

KEEP_PARSED = 16
"""How many of the kept tables (checked, never changed) last asked for stay parsed: those of
the article on screen, which TinyDB reads at every look-up."""


class LazyTables(dict[str, Any]):
    """A DB's tables, those not read yet parsed and checked when first asked for.

    A table checked and never changed is kept as the bytes of its line, not parsed: a DB holds
    every annotation as a Python dict of about 3 KB, seven times its JSON. Asking for such a
    table by name (`tables[name]`, as TinyDB does) parses it again (a few of the last asked
    are kept parsed, `KEEP_PARSED`); a table written (`tables[name] = ...`) is held as given.
    What walks the tables (`items()`, `len()`) sees every table checked so far, the kept ones
    parsed one at a time: the storage hands this out whole only once `unchecked` is False.
    Use under the storage's lock.

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
        self._rank = {name: place for place, name in enumerate(self._order)}
        self._raw = dict(raw)
        self._kept: dict[str, memoryview] = {}  # checked, never changed: their lines
        self._sizes: dict[str, int] = {}  # of the kept tables: how many records each holds
        self._parsed: OrderedDict[str, dict[str, Any]] = OrderedDict()  # kept, last asked
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
        if name not in self._kept:
            if name not in self._raw:
                raise KeyError(name)
            self._check(name)
        table = self._parsed.pop(name, None)
        if table is None:
            table = orjson.loads(self._kept[name])
        self._parsed[name] = table
        while len(self._parsed) > KEEP_PARSED:
            self._parsed.popitem(last=False)
        return table

    def __setitem__(self, name: str, table: Any) -> None:
        self._forget(name)  # replaced: never read, or its line no longer says what it holds
        super().__setitem__(name, table)

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._forget(name)
        if dict.__contains__(self, name):
            super().__delitem__(name)

    def __contains__(self, name: object) -> bool:
        return dict.__contains__(self, name) or name in self._kept

    def __iter__(self) -> Iterator[str]:
        """The names of the tables checked so far: the file's first, in its order."""
        held = [name for name in dict.__iter__(self) if name not in self._rank]
        return iter([name for name in self._order if name in self] + held)

    def __len__(self) -> int:
        return dict.__len__(self) + len(self._kept)

    def keys(self) -> KeysView[str]:  # type: ignore[override]
        return KeysView(self)

    def items(self) -> ItemsView[str, Any]:  # type: ignore[override]
        return ItemsView(self)

    def values(self) -> ValuesView[Any]:  # type: ignore[override]
        return ValuesView(self)

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        try:
            return self[name]
        except KeyError:
            return default

    def setdefault(self, name: str, default: Any = None) -> Any:
        """The table `name`, held to be changed in place (a kept one parsed, and its line let
        go; one not read yet read and checked first); `default` held when there is none.
        What a journal's saves and a reconciliation change tables through."""
        if dict.__contains__(self, name):
            return dict.__getitem__(self, name)
        if name in self._kept or name in self._raw:
            table = self[name]
            self[name] = table
            return table
        self[name] = default
        return default

    def took_in(self, changed: set[str], newest: int) -> None:
        """Check what a journal's saves changed in these tables (`annotations.journal.apply`):
        the version, the articles (the other tables are checked against their lengths) and
        each table they changed; the others are checked as they are read, as ever.

        Raises:
            UnreadableDB, StoreError: a changed table is bad, or the DB is of a newer schema.
        """
        check_version(self.get(META) or {}, self._path, newest)
        if ARTICLES in changed:
            self._lengths = check_articles(self.get(ARTICLES) or {}, self._path)
        for name in changed - {META, ARTICLES}:
            table = dict.get(self, name)
            if table is not None:
                check_table(name, table, self._lengths, self._path)

    def checked_as(self, before: LazyTables) -> None:
        """Take as checked the tables not read yet that `before` checked and kept as their
        lines, read from this same file (another process's save went to its journal), where
        their article's text has the same length: a sync does not check every table again.
        """
        for name in [name for name in self._raw if name in before._kept]:
            article = name.partition(":")[2]
            if self._lengths.get(article) == before._lengths.get(article):
                self._kept[name] = self._raw.pop(name)
                self._sizes[name] = before._sizes[name]

    def check_next(self) -> bool:
        """Read and check one table not read yet, and keep it as its line; False when none
        was left.

        Raises:
            UnreadableDB: the table is not JSON, or holds a bad record.
        """
        for name in self._raw:
            self._check(name)
            return True
        return False

    def kept_lines(self) -> dict[str, memoryview]:
        """The lines of the tables checked and never changed, by name, to be written back as
        they were read."""
        return dict(self._kept)

    def size(self, name: str) -> int:
        """How many records the table `name` holds (0: none, or no such table), without
        parsing a kept one."""
        if name in self._kept:
            return self._sizes[name]
        return len(self[name]) if name in self else 0

    def take_lines(self) -> Fragments:
        """The file's lines of `meta` and `articles` while they are still as read and orjson
        would not write them alike (another program's layout), for `table_lines` to write
        back as they were; asked once."""
        lines: Fragments = {
            name: (table, orjson.dumps(name) + b":", line)
            for name, (table, line) in self._lines.items()
            if dict.get(self, name) is table
        }
        self._lines = {}
        return lines

    def _check(self, name: str) -> None:
        """Parse and check the table `name` not read yet, and keep its line."""
        line = self._raw[name]
        try:  # the hint (a few file system calls) only for a table found bad
            table = parse_table(name, line, self._path)
            check_table(name, table, self._lengths, self._path)
        except UnreadableDB as error:
            raise UnreadableDB(self._path, error.reason, recovery_hint(self._path)) from None
        del self._raw[name]
        self._kept[name] = line
        self._sizes[name] = len(table)

    def _forget(self, name: str) -> None:
        self._raw.pop(name, None)
        self._kept.pop(name, None)
        self._sizes.pop(name, None)
        self._parsed.pop(name, None)

    def _parse(self, name: str) -> dict[str, Any]:
        line = self._raw.get(name)
        if line is None:
            return {}
        table = parse_table(name, line, self._path)  # `lazy_load` adds the recovery hint
        if not dumps_to(table, line):  # else written again as it was, without a copy
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


def table_sizes(tables: Tables) -> dict[str, int]:
    """How many records each table holds, by name, without parsing the tables a lazy open
    keeps as their lines."""
    if isinstance(tables, LazyTables):
        return {name: tables.size(name) for name in tables}
    return {name: len(table) for name, table in tables.items()}


def unread(tables: Tables | None) -> bool:
    """Whether `tables` holds tables not read (and checked) yet."""
    return isinstance(tables, LazyTables) and tables.unchecked
