"""What a DB file's records must hold, checked as the file is read, before anything uses them.

A DB is written by this program, but also by older versions, by hand, and by whatever else
touches the file. A record of the wrong shape is refused in one line naming the file, the
article, the record and the field (`UnreadableDB`), never a traceback in whatever reads it
later; and a DB of a newer schema is refused before its records are read at all.

The fields are checked as `annotations.contract` checks an import, with the rules of the DB:
an annotation's quote may differ from the text at its offsets (an older version left it so; the
store finds it again, `annotations.anchoring.stale`), and names and times are taken as stored.
Every annotation of a large DB is read on each load, so each record is first checked in one
quick pass, and read field by field through `Fields` only to say what is wrong with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from annotations.contract import ORIGINS, Fields, read_block, shown
from annotations.db_file import StoreError, UnreadableDB
from annotations.parsing import ArticleError
from annotations.schema import (
    ARTICLES,
    LABELS_PREFIX,
    META,
    RELATIONS_PREFIX,
    STATUSES,
    Tables,
    article_id_of,
    newer_schema,
)

_STATUSES = tuple(status.value for status in STATUSES)


def check_version(meta: Mapping[str, Any], path: str | Path, newest: int) -> int | None:
    """The schema version of a DB's `meta` table; None for a new DB that records none.

    Raises:
        UnreadableDB: the table holds more than one record, or one without a whole number.
        StoreError: the schema is newer than `newest` (this version cannot read it).
    """
    if len(meta) > 1:
        raise UnreadableDB(path, f"the meta table holds {len(meta)} records; a DB has one")
    version = None
    for record in meta.values():
        version = record.get("schema")
        if type(version) is not int or version < 1:
            raise UnreadableDB(
                path, f'the meta record\'s "schema" must be a whole number, found {shown(version)}'
            )
    cause = newer_schema(version, newest)
    if cause:
        raise StoreError(path, cause)
    return version


def check_tables(tables: Tables, path: str | Path, newest: int) -> None:
    """Check a whole DB: its version first, then every article and annotation record.

    Raises:
        UnreadableDB, StoreError: see `check_version`, `check_articles`, `check_annotations`.
    """
    check_version(tables.get(META, {}), path, newest)
    lengths = check_articles(tables.get(ARTICLES, {}), path)
    for name, table in tables.items():
        check_table(name, table, lengths, path)


def check_table(
    name: str, table: Mapping[str, Any], lengths: Mapping[str, int], path: str | Path
) -> None:
    """Check the records of one article's table (annotations, relations or labels); other
    tables are checked on their own (`check_version`, `check_articles`).

    Args:
        name: The table's name.
        table: The table, documents by key.
        lengths: The length of each article's text, by id (what `check_articles` returns).
        path: The DB, for the message.

    Raises:
        UnreadableDB: a record breaks the contract.
    """
    article_id = article_id_of(name)
    if article_id is not None:
        check_annotations(table, article_id, lengths.get(article_id), path)
    for prefix in (RELATIONS_PREFIX, LABELS_PREFIX):
        if name.startswith(prefix):
            check_links(table, prefix, name[len(prefix):], path)


def check_links(
    table: Mapping[str, Any], prefix: str, article_id: str, path: str | Path
) -> None:
    """Check the records of one article's relations (`prefix` `relations:`) or labels table.

    Raises:
        UnreadableDB: a record breaks the contract (the message names the article, the record
            and the field).
    """
    what = "relation" if prefix == RELATIONS_PREFIX else "label"
    for key, record in table.items():
        try:
            fields = Fields(record, f"article {article_id!r}: {what} record {key}")
            fields.string("id", blank=False)
            if fields.string("article_id") != article_id:
                fields.fail("article_id", f"names another article, {shown(record['article_id'])}")
            for name in ("annotator", "created", "updated"):
                fields.string(name, "")
            fields.flag("review")
            if what == "relation":
                fields.string("type")
                fields.string("head", blank=False)
                fields.string("tail", blank=False)
                continue
            fields.string("name")
            fields.string("anchor", "")
            fields.flag("orphan")
            if not all(isinstance(choice, str) for choice in fields.list("choices")):
                fields.fail("choices", "must be a list of names")
            comment = fields.get("comment", None)
            if comment is not None and (type(comment) is not int or comment < 0):
                fields.fail("comment", f"must be a comment's place or null, found {shown(comment)}")
        except ArticleError as error:
            raise UnreadableDB(path, str(error)) from None


def check_articles(table: Mapping[str, Any], path: str | Path) -> dict[str, int]:
    """Check the `articles` table's records.

    Returns:
        The length of each article's text, by id.

    Raises:
        UnreadableDB: a record breaks the contract (the message names it and the field).
    """
    lengths = {}
    for key, record in table.items():
        try:
            fields = Fields(record, f"article record {key}")
            identifier = fields.string("id", blank=False)
            fields.where = f"article {identifier!r}"
            text, _ = fields.string("text"), fields.string("title")
            for name in ("source", "url", "sha256", "lang"):
                fields.string(name, "")
            for place, block in enumerate(fields.list("blocks"), 1):
                read_block(block, f"{fields.where}: block {place}", len(text))
            fields.object("meta")
            if "order" in record:
                fields.offset("order")
            fields.choice("status", _STATUSES, None)
            for pair in fields.list("rejected", []):
                if not (isinstance(pair, list) and len(pair) == 2
                        and all(isinstance(part, str) for part in pair)):
                    fields.fail("rejected", f"must hold [label, quote] pairs, found {shown(pair)}")
        except ArticleError as error:
            raise UnreadableDB(path, str(error)) from None
        lengths[identifier] = len(text)
    return lengths


def check_annotations(
    table: Mapping[str, Any], article_id: str, length: int | None, path: str | Path
) -> None:
    """Check the records of one article's annotations table.

    Args:
        table: The table, documents by key.
        article_id: The article whose table it is.
        length: The length of the article's text; None when the DB has no such article.
        path: The DB, for the message.

    Raises:
        UnreadableDB: a record breaks the contract (the message names the article, the record
            and the field).
    """
    bound = length if length is not None else float("inf")
    for key, record in table.items():
        if not _quick(record, article_id, bound):
            where = f"article {article_id!r}: annotation record {key}"
            try:
                _read(record, where, article_id, length)
            except ArticleError as error:
                raise UnreadableDB(path, str(error)) from None


def _quick(record: Any, article_id: str, bound: float) -> bool:
    """Whether the record is certainly good, in one pass that costs little (see `_read`)."""
    if type(record) is not dict:
        return False
    get = record.get
    start, end, orphan, identifier = get("start"), get("end"), get("orphan", False), get("id")
    return (
        type(start) is int and type(end) is int and 0 <= start < end
        and (end <= bound or orphan is True)
        and type(orphan) is bool
        and type(identifier) is str and identifier.strip() != ""
        and get("article_id") == article_id
        and type(get("label")) is str and type(get("text")) is str
        and type(get("note", "")) is str and type(get("annotator", "")) is str
        and type(get("created", "")) is str and type(get("updated", "")) is str
        and type(get("prefix", "")) is str and type(get("suffix", "")) is str
        and type(get("review", False)) is bool and get("origin", "manual") in ORIGINS
        and not get("history")
    )


def _read(record: Any, where: str, article_id: str, length: int | None) -> None:
    """Read a record field by field, raising `ArticleError` at the first that is wrong."""
    fields = Fields(record, where)
    fields.string("id", blank=False)
    if fields.string("article_id") != article_id:
        fields.fail("article_id", f"names another article, {shown(record['article_id'])}")
    orphan = fields.flag("orphan")
    fields.span(None if orphan else length)
    fields.string("label")
    fields.string("text")
    for name in ("note", "annotator", "created", "updated", "prefix", "suffix"):
        fields.string(name, "")
    fields.flag("review")
    fields.choice("origin", ORIGINS, "manual")
    for place, revision in enumerate(fields.list("history", []), 1):
        entry = Fields(revision, f"{where}: note history {place}")
        for name in ("note", "annotator", "updated"):
            entry.string(name, "")
