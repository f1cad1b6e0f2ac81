"""What an annotations DB holds and how its file lays it out: the schema version, the tables,
the statuses of articles, a table a line, and how a DB of an older version is brought up to this
one.

A DB is one JSON object of TinyDB tables, each a JSON object of documents by key:

- `meta`: one document, `{"schema": VERSION}`.
- `articles`: a record per article opened: `Article.to_json()` plus `order` (when it was first
  opened), `status` (a `Status`; absent means new) and `rejected` (the suggestions rejected on
  it, as `[label, quote]` pairs).
- `annotations:<article id>` (`annotations_table`): that article's annotations, each
  `Annotation.to_record()`. A table per article, so that a change costs what that article
  holds, not what the whole DB holds.
- `relations:<article id>` (`relations_table`): the relations between that article's
  annotations, each `Relation.to_record()`.
- `labels:<article id>` (`labels_table`): the article's and its comments' labels (type,
  stance), each `DocLabel.to_record()`.

The last two came after schema 2 without a new version: a DB without them has no relations and
no labels, which is what they would hold; an older annotator that opens a DB with them keeps
them as they are (every table is carried through its saves), it only does not show them.

The file has each table on a line of its own (`table_lines` writes it, `split_tables` reads it
back a table at a time); a file laid out otherwise (by hand, by another tool) is still read,
whole (`annotations.storage.parse_tables`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from enum import Enum
from typing import Any

import orjson

from annotations.anchoring import context
from annotations.doc_labels import DocLabel
from annotations.long_strings import Part, dumps
from annotations.model import Annotation, Article
from annotations.relations import Relation

Tables = dict[str, dict[str, Any]]
"""A DB as TinyDB hands it to its storage: documents by key, by table name."""
Fragments = dict[str, tuple[dict[str, Any], bytes, "bytes | memoryview | list[Part]"]]
"""Tables already serialised, by name: the table and its line's bytes (or parts, a long
article's text among them: `annotations.long_strings`)."""

VERSION = 2
"""The schema this version writes. 2 added the context around each span (`upgrade`)."""

META = "meta"
"""The table holding the schema version."""
ARTICLES = "articles"
"""The table of article records."""
ANNOTATIONS_PREFIX = "annotations:"
"""What the name of each article's table of annotations starts with."""
RELATIONS_PREFIX = "relations:"
"""What the name of each article's table of relations starts with."""
LABELS_PREFIX = "labels:"
"""What the name of each article's table of article and comment labels starts with."""

Item = Annotation | Relation | DocLabel
"""What a per-article table holds: an annotation, a relation, or an article or comment label."""
ITEM_PREFIXES: dict[type, str] = {
    Annotation: ANNOTATIONS_PREFIX, Relation: RELATIONS_PREFIX, DocLabel: LABELS_PREFIX,
}


class Status(str, Enum):
    """Where an article stands. A `str`, so a status read from a DB compares equal to it."""

    NEW = "new"
    """Not started (also what an article without a status is)."""
    IN_PROGRESS = "in_progress"
    """Begun: it has had an annotation made on it."""
    DONE = "done"
    """Finished."""
    SKIPPED = "skipped"
    """Passed over."""

    def __str__(self) -> str:
        return self.value


STATUSES: tuple[Status, ...] = tuple(Status)
"""Every status, in the order an article goes through them."""


def annotations_table(article_id: str) -> str:
    """The name of the table holding an article's annotations."""
    return ANNOTATIONS_PREFIX + article_id


def table_of(item: Item) -> str:
    """The name of the table that holds `item`, by its kind and article."""
    return ITEM_PREFIXES[type(item)] + item.article_id


def item_from_record(kind: type[Item], record: dict[str, Any]) -> Item:
    """A record of a table of `kind`'s items, read back."""
    return kind.from_record(record)


def article_id_of(table: str) -> str | None:
    """The article whose annotations a table holds; None for any other table."""
    return table[len(ANNOTATIONS_PREFIX) :] if table.startswith(ANNOTATIONS_PREFIX) else None


def status_of(record: dict[str, Any]) -> str:
    """An article record's status, as stored (new when it has none)."""
    status: str = record.get("status", Status.NEW.value)
    return status


def stored_version(meta: Iterable[dict[str, Any]]) -> int | None:
    """The schema version the `meta` table's documents record; None when they record none."""
    versions = [doc.get("schema", 0) for doc in meta]
    numbers = [version for version in versions if isinstance(version, int)]
    return max(numbers) if numbers else None


def newer_schema(version: int | None, newest: int = VERSION) -> str | None:
    """Why a DB of schema `version` cannot be read by a reader of schema `newest`, for a
    `StoreError`; None when it can."""
    if version is None or version <= newest:
        return None
    return (
        f"written by a newer annotator (schema {version}; this one reads up to {newest}); "
        "upgrade annotator to open it"
    )


def upgrade(annotation: Annotation, article: Article, version: int) -> Annotation:
    """An annotation from a DB of schema `version`, as this schema keeps it."""
    if version < 2:
        prefix, suffix = context(article.text, annotation.start, annotation.end)
        annotation = replace(annotation, prefix=prefix, suffix=suffix)
    return annotation


def table_lines(
    tables: Tables, cache: Fragments, kept: Mapping[str, bytes | memoryview] | None = None
) -> tuple[list[Part], Fragments]:
    """The DB as the bytes of its file, a table a line (`meta` first), and the cache for the
    next call.

    Each table stands on a line of its own (`"name":{...},`): still one JSON object for TinyDB
    or any JSON reader, and `split_tables` can take it a table at a time. The parts are to be
    written one after another rather than joined: joining a large DB is a long copy that holds
    the GIL while the UI waits.

    TinyDB replaces a table's dict whenever it changes the table (and so does the
    reconciliation), so a table that is still the same object as in `cache` still has the same
    bytes: with one table per article, a save after a tag serialises one small table, not the
    whole DB.

    Args:
        tables: The DB.
        cache: What the last call returned, or an empty dict.
        kept: The tables to write as these lines, by name, without reading them from
            `tables` (those a lazy open keeps as read, `annotations.db_lazy`).
    """
    fragments: Fragments = {}
    parts: list[Part] = [b"{\n"]
    # `meta` first, where a backup's generation is looked for (`db_generation.restamp_copy`)
    names = [META, *(name for name in tables if name != META)] if META in tables else tables
    for name in names:
        line = kept.get(name) if kept else None
        if line is not None:
            parts += (orjson.dumps(name) + b":", line, b",\n")
            continue
        table = tables[name]
        cached = cache.get(name)
        if cached is None or cached[0] is not table:
            # the name and the table apart: joined, the articles table of a DB holding a
            # 20 MB article was copied once more (and held twice at its peak)
            # (a long article's text is left to be serialised as it is written)
            json = dumps(table) if name == ARTICLES else orjson.dumps(table)
            cached = (table, orjson.dumps(name) + b":", json)
        fragments[name] = cached
        body = cached[2]
        parts += (cached[1], *body, b",\n") if isinstance(body, list) else (cached[1], body, b",\n")
    if len(parts) > 1:
        parts[-1] = b"\n"
    parts.append(b"}\n")
    return parts, fragments


def split_tables(data: bytes) -> dict[str, memoryview] | None:
    """The tables of a file in the store's layout (see `table_lines`), as raw JSON by name;
    None when the file is laid out otherwise.

    The tables are views into `data`, not copies: the file is in memory once.
    """
    view = memoryview(data)
    closing = len(data)
    while closing and data[closing - 1] in b" \t\r\n":  # not rstrip(): that copies the file
        closing -= 1
    closing -= 1
    if not data.startswith(b"{\n") or data[closing : closing + 1] != b"}":
        return None
    tables: dict[str, memoryview] = {}
    position = 2
    while position < closing:
        newline = data.find(b"\n", position)
        if newline == -1 or newline > closing:  # the closing brace ends a table's line
            return None
        end = newline - 1 if data[newline - 1 : newline] == b"," else newline
        key_end = _end_of_key(data, position, end)
        if key_end is None or data[key_end : key_end + 1] != b":":
            return None
        try:
            name = orjson.loads(view[position:key_end])
        except orjson.JSONDecodeError:
            return None
        body = view[key_end + 1 : end]
        if not isinstance(name, str) or body[:1] != b"{" or body[-1:] != b"}":
            return None
        tables[name] = body
        position = newline + 1
    return tables


def _end_of_key(data: bytes, start: int, end: int) -> int | None:
    """Where the JSON string at `data[start]` ends (just past its closing quote)."""
    if data[start : start + 1] != b'"':
        return None
    index = start + 1
    while index < end:
        character = data[index]
        if character == 0x5C:  # a backslash escapes the next character
            index += 2
            continue
        if character == 0x22:
            return index + 1
        index += 1
    return None
