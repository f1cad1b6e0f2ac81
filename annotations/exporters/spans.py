"""Span exports for training pipelines: JSONL (spaCy/Prodigy), doccano, and CSV rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from annotations.exporters import ExportItem, ExportOptions

CSV_COLUMNS = ("article_id", "title", "label", "start", "end", "text", "note", "annotator")


def _line(data: dict[str, Any]) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS) + b"\n"


def export_jsonl(
    items: Iterable[ExportItem], options: ExportOptions | None = None
) -> Iterator[bytes]:
    """One article a line: `{"text", "spans": [{"start", "end", "label", "text"}], "meta"}`.

    The shape spaCy and Prodigy read. Every line has the same keys with the same types (`meta`
    always holds id, title, source, url and status, as strings), so the file loads as a
    Hugging Face dataset with consistent columns.
    """
    for item in items:
        article = item.article
        yield _line({
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
        })


def export_doccano(
    items: Iterable[ExportItem], options: ExportOptions | None = None
) -> Iterator[bytes]:
    """doccano's sequence-labelling JSONL: `{"text", "label": [[start, end, "LABEL"], ...]}`.

    doccano keeps other keys as metadata: `id` is the article's id.
    """
    for item in items:
        yield _line({
            "id": item.article.id,
            "text": item.article.text,
            "label": [[a.start, a.end, a.label] for a in item.annotations],
        })


def export_csv(
    items: Iterable[ExportItem], options: ExportOptions | None = None
) -> Iterator[bytes]:
    """One row per annotation, with a header row, UTF-8."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for item in items:
        article = item.article
        writer.writerows(
            (article.id, article.title, a.label, a.start, a.end, a.text, a.note, a.annotator)
            for a in item.annotations
        )
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
