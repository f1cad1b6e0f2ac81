"""Span exports for training pipelines: JSONL (spaCy/Prodigy, Hugging Face), doccano, and CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from annotations.exporters import ExportItem, ExportOptions
from annotations.exporters.offsets import grapheme_offsets, utf16_offsets

_STRING = {"dtype": "string", "_type": "Value"}
_INTEGER = {"dtype": "int64", "_type": "Value"}

JSONL_FEATURES: dict[str, Any] = {
    "text": _STRING,
    "spans": [{"start": _INTEGER, "end": _INTEGER, "label": _STRING, "text": _STRING}],
    "meta": {key: _STRING for key in ("id", "title", "source", "url", "status")},
}
"""The columns of the JSONL export as Hugging Face `datasets` describes them, in plain data:
`datasets.Features.from_dict(JSONL_FEATURES)`. Give them to `load_dataset("json", ...,
features=...)`: without them `datasets` guesses each column's type from the first rows, and
fails on a file whose first rows (the first ten megabytes or so) have no spans."""

CSV_COLUMNS = ("article_id", "title", "label", "start", "end", "text", "note", "annotator",
               "annotation_id")
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a cell may not begin with, or a spreadsheet takes it for a formula (OWASP's list)."""
BOM = "\ufeff".encode()


def _line(data: dict[str, Any]) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS) + b"\n"


def export_jsonl(
    items: Iterable[ExportItem], options: ExportOptions | None = None
) -> Iterator[bytes]:
    """One article a line: `{"text", "spans": [{"start", "end", "label", "text"}], "meta"}`.

    The shape spaCy and Prodigy read. Every line has the same keys with the same types (`meta`
    always holds id, title, source, url and status, as strings), as `JSONL_FEATURES` describes,
    so the file loads as a Hugging Face dataset with those features.
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
    """doccano's sequence-labelling JSONL: `{"id", "text", "label": [[start, end, "LABEL"]]}`.

    doccano keeps other keys as metadata: `id` is the article's id. Offsets count what the
    options say: UTF-16 code units unless told otherwise, as doccano does by default (its
    front end is JavaScript); code points; or grapheme clusters, for a doccano project set to
    count those (an edge inside a cluster then moves out to hold it, counted as moved).
    """
    options = options or ExportOptions()
    unit = options.offsets or "utf16"
    for item in items:
        text = item.article.text
        spans = [(a.start, a.end, a.label) for a in item.annotations]
        edges = [offset for start, end, _ in spans for offset in (start, end)]
        if unit == "utf16":
            units = utf16_offsets(text, edges)
            spans = [(units[start], units[end], label) for start, end, label in spans]
        elif unit == "graphemes":
            clusters = grapheme_offsets(text, edges)
            counted = []
            for start, end, label in spans:
                first, last = clusters[(start, False)], clusters[(end, True)]
                moved = first != clusters[(start, True)] or last != clusters[(end, False)]
                options.report.moved += moved
                counted.append((first, last, label))
            spans = counted
        yield _line({"id": item.article.id, "text": text, "label": [list(s) for s in spans]})


def spreadsheet_cell(value: str) -> str:
    """The value, with a `'` before it if it begins like a formula, so a spreadsheet shows it
    as text and runs nothing (OWASP's rule for CSV injection)."""
    return "'" + value if value.startswith(CSV_FORMULA_START) else value


def export_csv(
    items: Iterable[ExportItem], options: ExportOptions | None = None
) -> Iterator[bytes]:
    """One row per annotation, with a header row; UTF-8, after a byte order mark unless the
    options say not (Excel reads a file without one in the machine's legacy code page).

    Every text cell goes through `spreadsheet_cell`; offsets are code points.
    """
    options = options or ExportOptions()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    first = True
    for item in items:
        article = item.article
        writer.writerows(
            (*(spreadsheet_cell(v) for v in (article.id, article.title, a.label)), a.start,
             a.end, *(spreadsheet_cell(v) for v in (a.text, a.note, a.annotator, a.id)))
            for a in item.annotations
        )
        yield (BOM if first and options.bom else b"") + buffer.getvalue().encode("utf-8")
        first = False
        buffer.seek(0)
        buffer.truncate()
    yield (BOM if first and options.bom else b"") + buffer.getvalue().encode("utf-8")
