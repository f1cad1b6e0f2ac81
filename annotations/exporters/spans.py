"""Span exports for training pipelines: JSONL (spaCy/Prodigy, Hugging Face), doccano, and CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import orjson

from annotations.doc_labels import DEFAULT_CHOICE_SETS
from annotations.exporters import ExportItem, ExportOptions
from annotations.exporters.offsets import grapheme_offsets, utf16_offsets
from annotations.exporters.prodigy import cats, relation_fields

DEFAULT_ARTICLE_CHOICES = tuple(
    choice for choices in DEFAULT_CHOICE_SETS if choices.target == "article"
    for choice in choices.choices
)
"""The choices of the default article labels (type: news, opinion piece, analysis)."""

_STRING = {"dtype": "string", "_type": "Value"}
_INTEGER = {"dtype": "int64", "_type": "Value"}

_FLOAT = {"dtype": "float32", "_type": "Value"}
_BOOL = {"dtype": "bool", "_type": "Value"}
_SPAN = {"start": _INTEGER, "end": _INTEGER, "label": _STRING, "token_start": _INTEGER,
         "token_end": _INTEGER}


def jsonl_features(choices: Iterable[str] = DEFAULT_ARTICLE_CHOICES) -> dict[str, Any]:
    """The columns of the JSONL export as Hugging Face `datasets` describes them, in plain data,
    for an export whose article labels are among `choices`:
    `datasets.Features.from_dict(jsonl_features(...))`. Give them to `load_dataset("json",
    ..., features=...)`: without them `datasets` guesses each column's type from the first
    rows, and fails on a file whose first rows (the first ten megabytes or so) have no spans;
    a column a line lacks (`tokens`, on an article without relations) is then None."""
    return {
        "text": _STRING,
        "spans": [{"start": _INTEGER, "end": _INTEGER, "label": _STRING, "text": _STRING,
                   "token_start": _INTEGER, "token_end": _INTEGER}],
        "tokens": [{"text": _STRING, "start": _INTEGER, "end": _INTEGER, "id": _INTEGER,
                    "ws": _BOOL}],
        "relations": [{"head": _INTEGER, "child": _INTEGER, "label": _STRING,
                       "head_span": _SPAN, "child_span": _SPAN}],
        "cats": {choice: _FLOAT for choice in choices},
        "meta": {key: _STRING for key in ("id", "title", "source", "url", "status")},
    }


JSONL_FEATURES: dict[str, Any] = jsonl_features()
"""`jsonl_features` for the default article labels."""

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
    """One article a line: `{"text", "spans": [{"start", "end", "label", "text"}], "relations",
    "cats", "meta"}`.

    The shape spaCy and Prodigy read. `relations` and `cats` are as Prodigy's relation recipes
    and spaCy's text classifier write them (`annotations.exporters.prodigy`); an article with
    relations also has `tokens`, and its spans their `token_start` and `token_end`. Every key
    has one type on every line (`meta` always holds id, title, source, url and status, as
    strings), as `jsonl_features` describes, so the file loads as a Hugging Face dataset.
    """
    report = (options or ExportOptions()).report
    for item in items:
        article = item.article
        extra, covered, dropped = relation_fields(item)
        report.relations_dropped += dropped
        yield _line({
            "text": article.text,
            "spans": [
                {"start": a.start, "end": a.end, "label": a.label, "text": a.text,
                 **covered.get(a.id, {})}
                for a in item.annotations
            ],
            "relations": [],
            "cats": cats(item),
            **extra,
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
    """doccano's JSONL: `{"id", "text", "label": [[start, end, "LABEL"]], "entities",
    "relations", "cats"}`, one article a line.

    `label` is what a sequence-labelling project reads; `entities` (`{"id", "label",
    "start_offset", "end_offset"}`) and `relations` (`{"id", "from_id", "to_id", "type"}`, the
    ids those of the entities, numbered from 1 in each article) what a project with relations
    reads; `cats` (the article's labels) what a text classification project reads with its
    label column set to `cats`. doccano keeps other keys as metadata: `id` is the article's
    id. Offsets count what the options say: UTF-16 code units unless told otherwise, as doccano
    does by default (its front end is JavaScript); code points; or grapheme clusters, for a
    doccano project set to count those (an edge inside a cluster then moves out to hold it,
    counted as moved).
    """
    options = options or ExportOptions()
    for item in items:
        spans = _counted(item, options)
        numbers = {a.id: number for number, a in enumerate(item.annotations, 1)}
        yield _line({
            "id": item.article.id,
            "text": item.article.text,
            "label": [list(s) for s in spans],
            "entities": [
                {"id": numbers[a.id], "label": label, "start_offset": start, "end_offset": end}
                for a, (start, end, label) in zip(item.annotations, spans, strict=True)
            ],
            "relations": [
                {"id": number, "from_id": numbers[r.head], "to_id": numbers[r.tail],
                 "type": r.type}
                for number, r in enumerate(item.placed_relations(), 1)
            ],
            "cats": sorted({choice for label in item.article_labels() if not label.orphan
                            for choice in label.choices}),
        })


def _counted(item: ExportItem, options: ExportOptions) -> list[tuple[int, int, str]]:
    """The article's spans as (start, end, label) in the unit the options count."""
    text = item.article.text
    unit = options.offsets or "utf16"
    spans = [(a.start, a.end, a.label) for a in item.annotations]
    edges = [offset for start, end, _ in spans for offset in (start, end)]
    if unit == "utf16":
        units = utf16_offsets(text, edges)
        return [(units[start], units[end], label) for start, end, label in spans]
    if unit == "graphemes":
        clusters = grapheme_offsets(text, edges)
        counted = []
        for start, end, label in spans:
            first, last = clusters[(start, False)], clusters[(end, True)]
            moved = first != clusters[(start, True)] or last != clusters[(end, False)]
            options.report.moved += moved
            counted.append((first, last, label))
        return counted
    return spans


def spreadsheet_cell(value: str) -> str:
    """The value, with a `'` before it if it begins like a formula, so a spreadsheet shows it
    as text and runs nothing (OWASP's rule for CSV injection)."""
    return "'" + value if value.startswith(CSV_FORMULA_START) else value


def export_csv(
    items: Iterable[ExportItem], options: ExportOptions | None = None
) -> Iterator[bytes]:
    """One row per annotation, with a header row; UTF-8, after a byte order mark unless the
    options say not (Excel reads a file without one in the machine's legacy code page).

    Every text cell goes through `spreadsheet_cell`; offsets are code points. Relations and
    labels go to files of their own (`export_csv_relations`, `export_csv_labels`).
    """
    def rows(item: ExportItem) -> Iterator[tuple[str | int, ...]]:
        article = item.article
        for a in item.annotations:
            yield article.id, article.title, a.label, a.start, a.end, a.text, a.note, \
                a.annotator, a.id

    return _csv(items, options or ExportOptions(), CSV_COLUMNS, rows)


CSV_RELATION_COLUMNS = ("article_id", "type", "head_label", "head_text", "tail_label",
                        "tail_text", "annotator", "head_id", "tail_id", "relation_id")
CSV_LABEL_COLUMNS = ("article_id", "comment", "author", "name", "choice", "annotator",
                     "label_id")


def export_csv_relations(
    items: Iterable[ExportItem], options: ExportOptions | None = None
) -> Iterator[bytes]:
    """The second CSV file: one row per relation, its head's and tail's label and text beside
    their annotation ids (the `annotation_id` column of the first file)."""
    def rows(item: ExportItem) -> Iterator[tuple[str | int, ...]]:
        by_id = {a.id: a for a in item.annotations}
        for r in item.placed_relations():
            head, tail = by_id[r.head], by_id[r.tail]
            yield item.article.id, r.type, head.label, head.text, tail.label, tail.text, \
                r.annotator, head.id, tail.id, r.id

    return _csv(items, options or ExportOptions(), CSV_RELATION_COLUMNS, rows)


def export_csv_labels(
    items: Iterable[ExportItem], options: ExportOptions | None = None
) -> Iterator[bytes]:
    """The third CSV file: one row per choice taken for an article (`comment` empty) or a
    comment (`comment` its number, from 1, and `author`)."""
    def rows(item: ExportItem) -> Iterator[tuple[str | int, ...]]:
        comments = item.article.comments
        for label in item.labels:
            if label.orphan:
                continue
            place = "" if label.comment is None else label.comment + 1
            author = "" if label.comment is None else comments[label.comment].author
            for choice in label.choices:
                yield item.article.id, place, author, label.name, choice, label.annotator, \
                    label.id

    return _csv(items, options or ExportOptions(), CSV_LABEL_COLUMNS, rows)


def _csv(
    items: Iterable[ExportItem],
    options: ExportOptions,
    columns: tuple[str, ...],
    rows: Callable[[ExportItem], Iterable[tuple[str | int, ...]]],
) -> Iterator[bytes]:
    """A CSV file, an article at a time: the header, then `rows` of each item, every text
    cell through `spreadsheet_cell`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    first = True
    for item in items:
        writer.writerows(
            tuple(spreadsheet_cell(v) if isinstance(v, str) else v for v in row)
            for row in rows(item)
        )
        yield (BOM if first and options.bom else b"") + buffer.getvalue().encode("utf-8")
        first = False
        buffer.seek(0)
        buffer.truncate()
    yield (BOM if first and options.bom else b"") + buffer.getvalue().encode("utf-8")


CSV_BESIDE: dict[str, Callable[[Iterable[ExportItem], ExportOptions], Iterator[bytes]]] = {
    "relations": export_csv_relations,
    "labels": export_csv_labels,
}
"""The files `annotator export --format csv -o OUT.csv` writes beside OUT.csv, by the word
their names end with (OUT.relations.csv, OUT.labels.csv)."""


def beside(path: str, word: str) -> str:
    """The name of the file holding `word` (relations, labels) beside the CSV file `path`."""
    stem, dot, suffix = path.rpartition(".")
    if not dot or "/" in suffix or suffix.lower() != "csv":
        return f"{path}.{word}.csv"
    return f"{stem}.{word}.{suffix}"
