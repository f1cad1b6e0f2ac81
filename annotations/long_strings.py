"""An article's long text written into the DB's JSON a piece at a time.

`orjson.dumps` of a string with a character beyond ASCII makes CPython keep a UTF-8 copy of it
inside the string for as long as the string lives (`PyUnicode_AsUTF8AndSize`), and writes the
whole of it into one buffer: saving a 20 MB article's record held the text's UTF-8 twice at
once (the copy, 20 MB for good, and the output, 24 MB more while it was written), the app's
peak of memory. `dumps` leaves such a text as a `LongString`, whose JSON is made a slice at a
time as the file is written: each slice's UTF-8 copy goes with the slice, and the bytes written
are those `orjson.dumps` gives. A save that goes to the journal (a new article recorded in a
DB that has one) does the same with `dumps_operations`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

LONG_STRING = 1 << 20
"""A record's `text` longer than this many characters is written a piece at a time."""

PIECE = 1 << 18
"""Characters serialised at once (a slice of this many: 0.5–1 MB while it is written)."""

_MARK = orjson.Fragment(b"\x01")
"""Stands for a long text in the JSON of its table; orjson writes no raw control character of
its own (it escapes them in strings), so this byte marks nothing else."""


class LongString:
    """The JSON of a long string (quotes included), made a piece at a time when iterated."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __iter__(self) -> Iterator[bytes]:
        yield b'"'
        text = self.text
        for start in range(0, len(text), PIECE):
            # Escapes are a character's own, so the pieces' JSON is the whole string's.
            yield orjson.dumps(text[start : start + PIECE])[1:-1]
        yield b'"'


Part = bytes | memoryview | LongString
"""A piece of a file to write: bytes, or a long string's JSON made as it is written."""


def dumps(table: dict[str, Any]) -> bytes | list[Part]:
    """`orjson.dumps(table)`, or, when records of `table` (the articles table) have a `text`
    longer than `LONG_STRING` characters, the same bytes as parts, each such text a
    `LongString`."""
    long: list[str] = []
    marked = {key: _marked(record, long) for key, record in table.items()}
    return _joined(marked, long) if long else orjson.dumps(table)


def dumps_operations(operations: list[list[Any]]) -> bytes | list[Part]:
    """`orjson.dumps(operations)` (a save's journal line, `annotations.journal`), or the same
    bytes as parts when a record put (a new article's) has a long `text`, as `dumps`."""
    long: list[str] = []
    marked = [[*operation[:-1], _marked(operation[-1], long)] if operation[0] == "put"
              else operation for operation in operations]
    return _joined(marked, long) if long else orjson.dumps(operations)


def _marked(record: Any, long: list[str]) -> Any:
    """`record`, or a copy with `_MARK` for its long `text` (added to `long`)."""
    text = record.get("text") if type(record) is dict else None
    if type(text) is str and len(text) > LONG_STRING:
        long.append(text)
        return {**record, "text": _MARK}  # in its place: the keys' order is kept
    return record


def _joined(marked: Any, long: list[str]) -> list[Part]:
    """The JSON of `marked`, each mark replaced by the `LongString` of its text, in order."""
    around = orjson.dumps(marked).split(b"\x01")
    parts: list[Part] = [around[0]]
    for text, after in zip(long, around[1:], strict=True):
        parts += (LongString(text), after)
    return parts


def pieces(parts: Iterable[Part]) -> Iterator[bytes | memoryview]:
    """The bytes of `parts`, in order, a long string's a piece at a time."""
    for part in parts:
        if isinstance(part, LongString):
            yield from part
        else:
            yield part


def dumps_to(table: dict[str, Any], line: bytes | memoryview) -> bool:
    """Whether `dumps(table)` gives the bytes of `line`, compared a piece at a time: a table
    read from a DB file is checked to be written back as it was, without a UTF-8 copy left
    in a long text or its whole JSON made at once (for a 20 MB article, 20 MB kept and 24 MB
    more while it was compared)."""
    made = dumps(table)
    if isinstance(made, bytes):
        return made == line
    view = memoryview(line)
    at = 0
    for piece in pieces(made):
        end = at + len(piece)
        if end > len(view) or view[at:end] != piece:
            return False
        at = end
    return at == len(view)
