"""Entries of a set, and reading the JSON and JSONL datasets that hold many articles a file.

An entry knows an article's id and title before the article is built. A `.json` file holds one
record or a list of them (`annotations.records`), read whole; a `.jsonl` file one record a
line, read a line at a time, keeping only each record's id and title and where its line is
(`JsonlEntries`): its record is read again from the file when its article is built.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, TypeVar, overload

import orjson

from annotations.model import Article
from annotations.parsing import ArticleError, article_id
from annotations.records import article_from_record, check_record, record_id

T = TypeVar("T")

DATASET_MAX_BYTES = 2 * 1024**3
"""`.json` and `.jsonl` datasets may be larger than one article (`FILE_MAX_BYTES`)."""


@dataclass(slots=True)
class Entry:
    """One article of a set, built when first needed (and again if the set forgot it)."""

    id: str
    """The article's id, known before it is built."""
    title: str
    """Its title, for lists."""
    source: str
    """Where it comes from (a path, or `path:line` for a JSONL record)."""
    build: Callable[[], Article] = field(repr=False)
    """Makes the article."""
    _article: Article | None = field(default=None, repr=False)

    @property
    def article(self) -> Article:
        """The article (built on first use, then kept until `forget`)."""
        built = self._article if self._article is not None else self.build()
        if built.id != self.id:  # renamed to be unique in the set
            built = replace(built, id=self.id)
        self._article = built
        return built

    def forget(self) -> None:
        """Let go of the built article (it is built again when next needed)."""
        self._article = None


@contextmanager
def opened_file(path: Path, limit: int, what: str) -> Iterator[BinaryIO]:
    """The file open for reading, once it is known to be no larger than `limit`.

    Raises:
        ArticleError: it is missing, a directory, too large or unreadable.
    """
    try:
        size = path.stat().st_size
        if size > limit:
            raise ArticleError(
                path,
                f"too large for {what} ({size / 2**20:.0f} MB; the limit is "
                f"{limit // 2**20} MB)",
            )
        file = open(path, "rb")  # noqa: SIM115 - closed below, errors mapped first
    except FileNotFoundError:
        raise ArticleError(path, broken_link(path) or "no such file") from None
    except IsADirectoryError:
        raise ArticleError(path, "is a directory, not an article file") from None
    except OSError as error:
        raise ArticleError(path, broken_link(path) or error.strerror or str(error)) from None
    with file:
        try:
            yield file
        except OSError as error:
            raise ArticleError(path, error.strerror or str(error)) from None


def broken_link(path: Path) -> str | None:
    """`a broken link (to TARGET)` when `path` is a symbolic link to nothing (or to itself, in
    a loop), else None."""
    try:
        target = os.readlink(path)
    except OSError:  # not a link at all
        return None
    return None if path.exists() else f"a broken link (to {target})"


def _record_entry(record: Any, source: str, lang: str | None) -> Entry:
    identifier, title = _identity(record, source)
    return Entry(identifier, title, source, lambda: article_from_record(record, source, lang))


def _identity(record: Any, source: str) -> tuple[str, str]:
    """A dataset record's id and title, once it is checked (see `check_record`)."""
    record = check_record(record, source)
    title = record["title"].strip()
    return record_id(record) or article_id(title), title


def json_entries(
    text: str, path: Path, lang: str | None
) -> tuple[list[Entry], list[ArticleError]]:
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise ArticleError(path, f"not valid JSON ({error})") from None
    records = document if isinstance(document, list) else [document]
    entries: list[Entry] = []
    errors: list[ArticleError] = []
    for number, record in enumerate(records, 1):
        source = f"{path}#{number}" if isinstance(document, list) else str(path)
        try:
            entries.append(_record_entry(record, source, lang))
        except ArticleError as error:
            errors.append(error)
    if not entries and not errors:
        raise ArticleError(path, "the JSON list is empty")
    return entries, errors


class MadeWhenAsked(Sequence[T]):
    """A sequence whose items are made by `item` as they are asked for (each of a slice too)."""

    def item(self, index: int) -> T:
        """Make the item at `index` (0 <= index < len)."""
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        places = range(len(self))
        if isinstance(index, slice):
            return [self.item(place) for place in places[index]]
        return self.item(places[index])  # a negative index counts from the end


class JsonlEntries(MadeWhenAsked[Entry]):
    """The records of one JSONL file, as entries made when asked for.

    Only each record's id and title, and where its line is, are kept: a record is read again
    from the file when its article is built. (Keeping every record held 500 MB for a set of
    100,000 records, 135 MB; an entry object each cost a fifth of a second of garbage
    collection as the set opened.)
    """

    def __init__(self, path: Path, lang: str | None) -> None:
        self.path = path
        self.lang = lang
        self.ids: list[str] = []
        """Each record's id, in order (renamed in place to be unique in a set)."""
        self.titles: list[str] = []
        self._lines = array("q")
        self._starts = array("q")
        self._lengths = array("q")

    def add(self, identifier: str, title: str, line: int, start: int, length: int) -> None:
        """Add the record of line `line`, `length` bytes from byte `start`."""
        self.ids.append(identifier)
        self.titles.append(title)
        self._lines.append(line)
        self._starts.append(start)
        self._lengths.append(length)

    def __len__(self) -> int:
        return len(self.ids)

    def item(self, index: int) -> Entry:
        source = f"{self.path}:{self._lines[index]}"
        title = self.titles[index]
        build = partial(_jsonl_article, self.path, self._starts[index], self._lengths[index],
                        source, title, self.lang)
        return Entry(self.ids[index], title, source, build)


def jsonl_entries(path: Path, lang: str | None) -> tuple[JsonlEntries, list[ArticleError]]:
    """The records of a JSONL file, each checked as the file is read a line at a time."""
    entries = JsonlEntries(path, lang)
    errors: list[ArticleError] = []
    blank = True
    name = str(path)
    with opened_file(path, DATASET_MAX_BYTES, "a dataset") as file:
        offset = 0
        for number, line in enumerate(file, 1):
            start, offset = offset, offset + len(line)
            if b"\x00" in line:
                raise ArticleError(path, "this is a binary file, not JSON lines")
            if line.isspace():  # (not strip(): that copies every line)
                continue
            blank = False
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError as error:
                errors.append(ArticleError(f"{name}:{number}", f"not valid JSON ({error})"))
                continue
            try:
                identifier, title = _identity(record, f"{name}:{number}")
            except ArticleError as error:
                errors.append(error)
                continue
            entries.add(identifier, title, number, start, len(line))
    if blank:
        raise ArticleError(path, "the file is empty")
    if not entries and errors and all("not valid JSON" in e.cause for e in errors):
        raise ArticleError(path, f"not JSON lines: {errors[0].cause}")
    return entries, errors


def _jsonl_article(
    path: Path, start: int, length: int, source: str, title: str, lang: str | None
) -> Article:
    """The article titled `title` of the JSONL line at byte `start`, read again from the file.

    Raises:
        ArticleError: the file cannot be read, or that line no longer holds that record.
    """
    try:
        with open(path, "rb") as file:
            file.seek(start)
            record = orjson.loads(file.read(length))
    except OSError as error:
        raise ArticleError(path, f"cannot be read again ({error.strerror or error})") from None
    except orjson.JSONDecodeError:
        record = None
    if not isinstance(record, dict) or str(record.get("title", "")).strip() != title:
        raise ArticleError(path, f"changed since it was opened (no {title!r} at byte {start})")
    return article_from_record(record, source, lang)
