"""Reading a DB file for export, a table at a time, without building it all in memory.

Loading a DB of 100,000 annotations as Python objects takes about fifteen times its size in
memory. The store writes each table on a line of its own (see `annotations.schema`), so an
export can keep the file's lines as bytes and turn one article's table into objects at a time.
A file in any other layout (written by another tool, or by hand) is read whole instead. The
saves kept in the DB's journal (`annotations.journal`) are read through: the tables they changed
are taken with them applied, and nothing is written.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from annotations.anchoring import relocated, stale
from annotations.db_contract import (
    check_annotations,
    check_articles,
    check_links,
    check_version,
)
from annotations.db_file import parse_table
from annotations.db_generation import generations_of
from annotations.doc_labels import DocLabel
from annotations.journal import Identity, base_of, journal_path, read_through, stale_notice
from annotations.model import Annotation, Article
from annotations.relations import Links, Relation
from annotations.schema import (
    ARTICLES,
    LABELS_PREFIX,
    META,
    RELATIONS_PREFIX,
    annotations_table,
    split_tables,
    status_of,
)
from annotations.storage import StoreError, parse_tables


class DBReader:
    """A DB file opened for reading only.

    Raises (on construction; `contents()` raises the same for an article's bad annotation):
        StoreError: the file is missing, unreadable, corrupt, not a DB, holds a record of the
            wrong shape (see `annotations.db_contract`), or is from a newer version.
    """

    def __init__(self, path: str | Path, newest_schema: int) -> None:
        self.path = Path(path)
        try:
            with open(self.path, "rb") as file:  # the journal must name the file read
                base = base_of(os.fstat(file.fileno()))
                data = file.read()
        except FileNotFoundError:
            raise StoreError(self.path, "no such DB file") from None
        except IsADirectoryError:
            raise StoreError(self.path, "is a directory, not a DB file") from None
        except OSError as error:
            raise StoreError(self.path, f"cannot read the DB ({error.strerror or error})") from None
        split = split_tables(data)
        raw: dict[str, bytes | memoryview]
        if split is None:  # not our layout: read it whole
            tables = parse_tables(data, self.path)
            raw = {name: orjson.dumps(table) for name, table in tables.items()}
        else:
            raw = dict(split)
        self._raw = raw
        self.notices: list[str] = []
        """What the user should be told (a stale journal, not applied), one line each."""
        journal = journal_path(Path(os.path.realpath(self.path)))
        check_version(self._table(META), self.path, newest_schema)  # before the journal's
        identity = Identity(*generations_of(self._table(META)), base)
        changed, read = read_through(journal, identity, self._table)
        for name, table in changed.items():
            raw[name] = orjson.dumps(table)
        if read.stale:
            self.notices.append(stale_notice(journal, self.path))
        check_version(self._table(META), self.path, newest_schema)
        articles = self._table(ARTICLES)
        check_articles(articles, self.path)
        self.articles = sorted(articles.values(), key=lambda d: d.get("order", 0))

    def _table(self, name: str) -> dict[str, Any]:
        raw = self._raw.get(name)
        return {} if raw is None else parse_table(name, raw, self.path)

    def __len__(self) -> int:
        return len(self.articles)

    def contents(self) -> Iterator[tuple[Article, str, list[Annotation]]]:
        """Every article with its status and annotations, in the order first opened.

        An annotation that no longer quotes the text at its offsets (left so by an older
        version) is found again, or made an orphan, as the app does when it opens the article.
        """
        for record in self.articles:
            article = Article.from_json(record)
            table = self._table(annotations_table(article.id))
            check_annotations(table, article.id, len(article.text), self.path)
            annotations = [Annotation.from_record(doc) for doc in table.values()]
            text = article.text
            yield article, status_of(record), [
                relocated(a, text) or a if stale(a, text) else a for a in annotations
            ]

    def contents_with_links(self) -> Iterator[tuple[Article, str, list[Annotation], Links]]:
        """`contents`, each article with its relations and labels as well."""
        for article, status, spans in self.contents():
            yield article, status, spans, self.links(article.id)

    def links(self, article_id: str) -> Links:
        """An article's relations and labels."""
        relations = self._table(RELATIONS_PREFIX + article_id)
        labels = self._table(LABELS_PREFIX + article_id)
        check_links(relations, RELATIONS_PREFIX, article_id, self.path)
        check_links(labels, LABELS_PREFIX, article_id, self.path)
        return Links(tuple(Relation.from_record(doc) for doc in relations.values()),
                     tuple(DocLabel.from_record(doc) for doc in labels.values()))
