"""Exporters: pure functions from the store's contents to bytes.

The JSON export is a contract other tools read (see README, "The JSON export"): deterministic
(sorted keys, UTF-8, articles in the order first opened, annotations by start then end).
"""

from __future__ import annotations

from collections.abc import Iterable

import orjson

from annotations.model import Annotation, Article

EXPORT_VERSION = 1
FORMATS = ("json",)
"""Formats `annotator export --format` accepts."""


def export_json(articles: Iterable[tuple[Article, list[Annotation]]]) -> bytes:
    """Every article with its annotations, in the export contract's shape."""
    document = {
        "version": EXPORT_VERSION,
        "articles": [
            {
                **article.to_json(),
                "annotations": [
                    annotation.to_json()
                    for annotation in sorted(annotations, key=Annotation.sort_key)
                ],
            }
            for article, annotations in articles
        ],
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
