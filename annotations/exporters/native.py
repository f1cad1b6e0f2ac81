"""The JSON export: a contract other tools and our tests read (README, "The JSON export").

    {"version": 1, "articles": [{"id", "title", "source", "sha256", "text", "blocks": [...],
                                 "annotations": [...]}]}

Extra keys: `status` on every article; `url` and `meta` where the article has them; `orphans`
where an article has annotations whose place was lost. `annotator import` reads this back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from annotations.exporters import ExportItem

EXPORT_VERSION = 1


def export_json(items: Iterable[ExportItem]) -> bytes:
    """Every article with its annotations, in the export contract's shape."""
    document = {"version": EXPORT_VERSION, "articles": [_article(item) for item in items]}
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def _article(item: ExportItem) -> dict[str, Any]:
    data: dict[str, Any] = {
        **item.article.to_json(),
        "status": item.status,
        "annotations": [annotation.to_json() for annotation in item.annotations],
    }
    if item.orphans:
        data["orphans"] = [annotation.to_json() for annotation in item.orphans]
    return data
