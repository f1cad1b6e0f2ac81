"""Exporters: pure functions from the store's contents to bytes.

The JSON export is a contract other tools read (see README, "The JSON export"): deterministic
(sorted keys, UTF-8, articles in the order first opened, annotations by start then end).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from annotations.model import Annotation, Article

EXPORT_VERSION = 1
FORMATS = ("json",)
"""Formats `annotator export --format` accepts."""


def export_json(articles: Iterable[tuple[Article, list[Annotation]]]) -> bytes:
    """Every article with its annotations, in the export contract's shape.

    Orphans (annotations whose article changed so that their span could not be found again)
    have no valid offsets, so they are not among `annotations`: an article that has any lists
    them under an extra key, `orphans`, with the offsets and quote they last had.
    """
    document = {
        "version": EXPORT_VERSION,
        "articles": [_article_json(article, annotations) for article, annotations in articles],
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def _article_json(article: Article, annotations: list[Annotation]) -> dict[str, Any]:
    ordered = sorted(annotations, key=Annotation.sort_key)
    data: dict[str, Any] = {
        **article.to_json(),
        "annotations": [a.to_json() for a in ordered if not a.orphan],
    }
    orphans = [a.to_json() for a in ordered if a.orphan]
    if orphans:
        data["orphans"] = orphans
    return data
