"""The JSON export: a contract other tools and our tests read (README, "The JSON export").

    {"version": 1, "articles": [{"id", "title", "source", "sha256", "text", "blocks": [...],
                                 "annotations": [...]}]}

Extra keys: `status` on every article; `url` and `meta` where the article has them; `orphans`
where an article has annotations whose place was lost. Beyond spans, every article has
`relations` (`{"id", "type", "head", "tail", ...}`, head and tail being annotation ids) and
`labels` (its own, and those whose comment was lost), and every comment block `labels`.
`annotator import` reads this back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from annotations.exporters import ExportItem, ExportOptions, json_array

EXPORT_VERSION = 1


def export_json(
    items: Iterable[ExportItem], options: ExportOptions | None = None
) -> Iterator[bytes]:
    """Every article with its annotations, in the export contract's shape (indented, keys
    sorted: `articles` comes before `version`); it has no options."""
    yield b'{\n  "articles": '
    yield from json_array((_article(item) for item in items), depth=1)
    yield b',\n  "version": ' + orjson.dumps(EXPORT_VERSION) + b"\n}\n"


def _article(item: ExportItem) -> dict[str, Any]:
    data: dict[str, Any] = {
        **item.article.to_json(),
        "status": item.status,
        "annotations": [annotation.to_json() for annotation in item.annotations],
        "relations": [relation.to_json() for relation in item.relations],
        "labels": [label.to_json() for label in item.labels
                   if label.comment is None or label.orphan],
    }
    comment = 0
    for block in data["blocks"]:
        if block["kind"] == "comment":
            block["labels"] = [label.to_json() for label in item.comment_labels(comment)]
            comment += 1
    if item.orphans:
        data["orphans"] = [annotation.to_json() for annotation in item.orphans]
    return data
