"""Span exports for training pipelines: JSONL (spaCy/Prodigy), doccano, and CSV rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

import orjson

from annotations.exporters import ExportItem

CSV_COLUMNS = ("article_id", "title", "label", "start", "end", "text", "note", "annotator")


def _line(data: dict[str, Any]) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS) + b"\n"


def export_jsonl(items: Iterable[ExportItem]) -> bytes:
    """One article a line: `{"text", "spans": [{"start", "end", "label", "text"}], "meta"}`.

    The shape spaCy and Prodigy read. Every line has the same keys with the same types (`meta`
    always holds id, title, source, url and status, as strings), so the file loads as a
    Hugging Face dataset with consistent columns.
    """
    lines = []
    for item in items:
        article = item.article
        lines.append(_line({
            "text": article.text,
            "spans": [
                {"start": a.start, "end": a.end, "label": a.label, "text": a.text}
                for a in item.annotations
            ],
            "meta": {
                "id": article.id,
                "title": article.title,
                "source": article.source,
                "url": article.url,
                "status": item.status,
            },
        }))
    return b"".join(lines)


def export_doccano(items: Iterable[ExportItem]) -> bytes:
    """doccano's sequence-labelling JSONL: `{"text", "label": [[start, end, "LABEL"], ...]}`.

    doccano keeps other keys as metadata: `id` is the article's id.
    """
    return b"".join(
        _line({
            "id": item.article.id,
            "text": item.article.text,
            "label": [[a.start, a.end, a.label] for a in item.annotations],
        })
        for item in items
    )


def export_csv(items: Iterable[ExportItem]) -> bytes:
    """One row per annotation, with a header row, UTF-8."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for item in items:
        for a in item.annotations:
            writer.writerow(
                (item.article.id, item.article.title, a.label, a.start, a.end, a.text, a.note,
                 a.annotator)
            )
    return buffer.getvalue().encode("utf-8")
