"""What an annotations DB holds: its schema version, its tables, the statuses of its articles,
and how a DB of an older version is brought up to this one.

A DB is one JSON object of TinyDB tables, each a JSON object of documents by key:

- `meta`: one document, `{"schema": VERSION}`.
- `articles`: a record per article opened: `Article.to_json()` plus `order` (when it was first
  opened), `status` (a `Status`; absent means new) and `rejected` (the suggestions rejected on
  it, as `[label, quote]` pairs).
- `annotations:<article id>` (`annotations_table`): that article's annotations, each
  `Annotation.to_record()`. A table per article, so that a change costs what that article
  holds, not what the whole DB holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Any

from annotations.anchoring import context
from annotations.model import Annotation, Article

Tables = dict[str, dict[str, Any]]
"""A DB as TinyDB hands it to its storage: documents by key, by table name."""

VERSION = 2
"""The schema this version writes. 2 added the context around each span (`upgrade`)."""

META = "meta"
"""The table holding the schema version."""
ARTICLES = "articles"
"""The table of article records."""
ANNOTATIONS_PREFIX = "annotations:"
"""What the name of each article's table of annotations starts with."""


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


class StoreError(Exception):
    """A DB file that cannot be read or written; `str()` is a one-line message naming it."""

    def __init__(self, path: str | Path, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = str(path)
        self.cause = cause


def annotations_table(article_id: str) -> str:
    """The name of the table holding an article's annotations."""
    return ANNOTATIONS_PREFIX + article_id


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


def check_version(version: int | None, where: str | Path, newest: int = VERSION) -> None:
    """Make sure a DB of schema `version` can be read by a reader of schema `newest`.

    Raises:
        StoreError: it was written by a newer version.
    """
    if version is not None and version > newest:
        raise StoreError(
            where,
            f"written by a newer annotator (schema {version}; this one reads up to "
            f"{newest}); upgrade annotator to open it",
        )


def upgrade(annotation: Annotation, article: Article, version: int) -> Annotation:
    """An annotation from a DB of schema `version`, as this schema keeps it."""
    if version < 2:
        prefix, suffix = context(article.text, annotation.start, annotation.end)
        annotation = replace(annotation, prefix=prefix, suffix=suffix)
    return annotation
