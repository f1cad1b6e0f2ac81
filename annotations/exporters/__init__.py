"""Exporters: pure functions from the store's contents to bytes, one module per family.

Every exporter takes `ExportItem`s (an article, its status and its annotations, orphans left
out, and its relations and labels) and `ExportOptions`, and yields its output in chunks, an
article at a time (for brat, a folder's files), so that a large export never holds the whole DB
as objects; output is deterministic (sorted keys, UTF-8, articles in the order first opened,
annotations by start then end), so golden files pin it. What a format could not hold (an
overlap in CoNLL) is counted in the options' `ExportReport`, for the command to say. `FORMATS`
maps each `--format` name to its exporter; docs/formats.md describes each format and the tool
that reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from annotations.doc_labels import DocLabel
from annotations.model import Annotation, Article
from annotations.relations import NO_LINKS, Links, Relation, exportable


@dataclass(frozen=True)
class ExportItem:
    """One article as exported."""

    article: Article
    """The article."""
    status: str
    """new, in_progress, done or skipped."""
    annotations: tuple[Annotation, ...]
    """Its annotations with a place in the text, by start then end."""
    orphans: tuple[Annotation, ...] = ()
    """Annotations whose place was lost when the article changed (the JSON export keeps them)."""
    relations: tuple[Relation, ...] = ()
    """Relations both of whose annotations are exported (with the orphans), in the order of
    their heads, then tails."""
    labels: tuple[DocLabel, ...] = ()
    """The labels of the article and of its comments, the comments' in their order."""

    def placed_relations(self) -> tuple[Relation, ...]:
        """The relations both of whose ends have a place in the text (every format but
        `json`, which keeps orphans, writes only these)."""
        return exportable(self.relations, self.annotations)

    def article_labels(self) -> tuple[DocLabel, ...]:
        """The labels of the article itself."""
        return tuple(label for label in self.labels if label.comment is None)

    def comment_labels(self, comment: int) -> tuple[DocLabel, ...]:
        """The labels of comment number `comment` (0 for the first), orphans left out."""
        return tuple(label for label in self.labels
                     if label.comment == comment and not label.orphan)


@dataclass(frozen=True)
class ExportFilter:
    """Which articles and annotations to export; an empty field lets everything through."""

    statuses: frozenset[str] = field(default_factory=frozenset)
    """Only articles with one of these statuses."""
    labels: frozenset[str] = field(default_factory=frozenset)
    """Only annotations with one of these labels."""
    annotators: frozenset[str] = field(default_factory=frozenset)
    """Only annotations made by one of these annotators."""
    article_ids: frozenset[str] = field(default_factory=frozenset)
    """Only these articles."""

    def keeps_article(self, article: Article, status: str) -> bool:
        """Whether the article is exported at all."""
        return (not self.statuses or status in self.statuses) and (
            not self.article_ids or article.id in self.article_ids
        )

    def keeps(self, annotation: Annotation) -> bool:
        """Whether the annotation is exported."""
        return (not self.labels or annotation.label in self.labels) and (
            not self.annotators or annotation.annotator in self.annotators
        )

    def keeps_link(self, item: Relation | DocLabel) -> bool:
        """Whether a relation or a label is exported, as far as its annotator goes (a
        relation also needs both its annotations exported)."""
        return not self.annotators or item.annotator in self.annotators


EVERYTHING = ExportFilter()
"""The filter that lets everything through."""

OFFSET_UNITS = ("utf16", "codepoints", "graphemes")
"""What an offset can count: UTF-16 code units (JavaScript string indices, doccano's default),
code points (Python string indices, ours), or grapheme clusters (user-perceived characters)."""


@dataclass
class ExportReport:
    """What an export changed to fit its format, counted while it runs, for the command to say."""

    dropped: int = 0
    """Spans left out: the format cannot hold them (in CoNLL's BIO tags, an overlap, or a span
    of white space alone)."""
    moved: int = 0
    """Spans whose edge fell inside a character (a letter and its accent, an emoji sequence) and
    was moved out to hold the whole character."""
    relations_dropped: int = 0
    """Relations left out: the format could not name one of their spans (in JSONL, a span of
    white space alone, which has no token)."""

    def lines(self, fmt: str) -> list[str]:
        """One line per kind of change, for standard error; none when nothing changed."""
        said = []
        if self.dropped:
            said.append(f"{fmt}: left out {self.dropped} span(s) that BIO tags cannot hold "
                        "(overlapping a longer or earlier span, or only white space); the DB "
                        "keeps them")
        if self.moved:
            said.append(f"{fmt}: widened {self.moved} span(s) whose edge fell inside a "
                        "character (a letter and its accent, an emoji) to the whole character")
        if self.relations_dropped:
            said.append(f"{fmt}: left out {self.relations_dropped} relation(s) between spans it "
                        "cannot name (of white space alone); the DB keeps them")
        return said


@dataclass(frozen=True)
class ExportOptions:
    """How to write a format, where it has a choice; and the report of what it changed."""

    offsets: str | None = None
    """doccano: what offsets count, one of `OFFSET_UNITS` (None: utf16, doccano's default).
    Every other format counts code points, as the tools that read them do."""
    bom: bool = True
    """csv: begin with a UTF-8 byte order mark, so that Excel reads the file as UTF-8."""
    report: ExportReport = field(default_factory=ExportReport, compare=False)
    """Filled in while the export runs."""


def export_items(
    contents: Iterable[tuple[Article, str, Sequence[Annotation]]
                       | tuple[Article, str, Sequence[Annotation], Links]],
    keep: ExportFilter = EVERYTHING,
) -> Iterator[ExportItem]:
    """The articles, annotations, relations and labels the filter lets through, ready for an
    exporter. Each of `contents` is an article, its status and annotations, and optionally
    its `Links` (`AnnotationStore.links.of`, `DBReader.links`)."""
    for article, status, kept, *more in contents:
        if not keep.keeps_article(article, status):
            continue
        links = more[0] if more else NO_LINKS
        ordered = sorted((a for a in kept if keep.keeps(a)), key=Annotation.sort_key)
        relations = exportable((r for r in links.relations if keep.keeps_link(r)), ordered)
        labels = sorted((label for label in links.labels if keep.keeps_link(label)),
                        key=_label_order)
        yield ExportItem(
            article,
            status,
            tuple(a for a in ordered if not a.orphan),
            tuple(a for a in ordered if a.orphan),
            relations,
            tuple(labels),
        )


def _label_order(label: DocLabel) -> tuple[int, bool, str, str, str]:
    """The article's labels first, then each comment's; by set, annotator and id."""
    place = -1 if label.comment is None else label.comment
    return place, label.orphan, label.name, label.annotator, label.id


Exporter = Callable[[Iterable[ExportItem], ExportOptions], Iterator[bytes]]
FolderExporter = Callable[[Iterable[ExportItem], ExportOptions], Iterator[tuple[str, bytes]]]

_INDENTED = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


def json_array(objects: Iterable[Any], depth: int = 0) -> Iterator[bytes]:
    """A JSON array, written one element at a time, byte for byte as
    `orjson.dumps(list, option=OPT_INDENT_2 | OPT_SORT_KEYS)` would write it at `depth`."""
    return json_array_of_runs(([value] for value in objects), depth)


def json_array_of_runs(runs: Iterable[list[Any]], depth: int = 0) -> Iterator[bytes]:
    """Like `json_array`, for elements that come in lists (an article's annotations, say):
    each list is serialised in one call, which is much faster than one call per element."""
    outer = b"  " * depth
    inner = b"\n" + outer + b"  "
    first = True
    for run in runs:
        if not run:
            continue
        # "[\n  a,\n  b\n]" without its brackets is "a,\n  b" once re-indented
        body = orjson.dumps(run, option=_INDENTED)[4:-2].replace(b"\n", b"\n" + outer)
        yield (b"[" if first else b",") + inner + body
        first = False
    yield b"[]" if first else b"\n" + outer + b"]"


def export_bytes(
    fmt: str, items: Iterable[ExportItem], options: ExportOptions | None = None
) -> bytes:
    """A file format's whole output (for tests and small exports)."""
    return b"".join(FILE_FORMATS[fmt](items, options or ExportOptions()))


def _registry() -> tuple[dict[str, Exporter], dict[str, FolderExporter]]:
    from annotations.exporters import brat, conll, native, spans, tools

    files: dict[str, Exporter] = {
        "json": native.export_json,
        "jsonl": spans.export_jsonl,
        "doccano": spans.export_doccano,
        "label-studio": tools.export_label_studio,
        "w3c": tools.export_w3c,
        "conll": conll.export_conll,
        "csv": spans.export_csv,
    }
    folders: dict[str, FolderExporter] = {"brat": brat.export_brat}
    return files, folders


FILE_FORMATS, FOLDER_FORMATS = _registry()
FORMATS: tuple[str, ...] = (*FILE_FORMATS, *FOLDER_FORMATS)
"""Every `--format` name."""
