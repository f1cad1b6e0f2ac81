"""Reading annotations back in: our own JSON export, and span JSONL as pre-annotated data.

* `.json`: the export contract (`annotator export --format json`). Importing an export into an
  empty DB and exporting again gives the same bytes: ids, timestamps, notes, statuses and
  orphans all come back.
* `.jsonl`: one article a line, either in the Prodigy/spaCy shape
  (`{"text", "spans": [{"start", "end", "label"}], "meta"}`) or in doccano's
  (`{"text", "label": [[start, end, "LABEL"]]}`).

Prodigy's `db-out` writes one line per answer: `"answer"` is `accept`, `reject` or `ignore`.
Only accepted lines are annotations; rejected and ignored ones are counted and left out, article
and all (a rejected `ner.teach` suggestion is a span the annotator said is wrong). A line without
`"answer"` is pre-annotated data and is imported. The annotator is Prodigy's `_annotator_id`
(`dataset-session`, as Prodigy writes it), else `_session_id`, else `meta.annotator`.

Every field of every record is checked (`annotations.contract`, one reader for both shapes)
before the first article is handed on, so a bad file is refused whole and costs no write.

Articles not yet in the DB are added; annotations already there (the same id, or for JSONL the
same start, end, label and annotator, any annotator when the line names none) are not added
twice.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from annotations.anchoring import context
from annotations.contract import (
    Fields,
    check_blocks,
    read_annotation,
    read_block,
    read_doc_label,
    read_relation,
    shown,
)
from annotations.doc_labels import DocLabel
from annotations.exporters.offsets import code_points_from
from annotations.model import BLOCK_SEPARATOR, Annotation, Article, Block, now_iso
from annotations.parsing import ArticleError, article_id, decode_article_bytes
from annotations.relations import NO_LINKS, Links, Relation
from annotations.store import STATUSES, AnnotationStore

TITLE_BLOCK_MAX_CHARS = 200
"""In span JSONL, a first paragraph longer than this is not taken for the title."""

ANSWERS = ("accept", "reject", "ignore")
"""The answers Prodigy records on a line."""

EXPORT_VERSION = 1
"""The version of the export contract this reads."""

_SpanKey = tuple[int, int, str, str | None]
"""Where a span is, its label and its annotator (None: anyone's), to find it present."""


@dataclass(frozen=True)
class Imported:
    """One article read from an import file, with what to record for it."""

    article: Article
    """The article (its text must match the DB's copy when the DB has it)."""
    status: str | None
    """Its status, when the file says."""
    annotations: tuple[Annotation, ...]
    """Its annotations, orphans included."""
    match_spans: bool
    """True when the annotations carry no ids of their own: an annotation with the same start,
    end, label and annotator already counts as present."""
    answer: str = "accept"
    """Prodigy's answer for the line; anything but `accept` is counted and not imported."""
    links: Links = NO_LINKS
    """Its relations and labels (from our export)."""


@dataclass(frozen=True)
class ImportReport:
    """What an import added."""

    articles_added: int = 0
    """Articles the DB did not have."""
    annotations_added: int = 0
    """Annotations added."""
    annotations_present: int = 0
    """Annotations left out because the DB already had them."""
    articles_differing: tuple[str, ...] = ()
    """Ids of articles whose text in the file differs from the DB's: their annotations were not
    imported, since their offsets would not fit."""
    rejected: int = 0
    """Prodigy lines answered `reject`, left out."""
    ignored: int = 0
    """Prodigy lines answered `ignore`, left out."""
    links_added: tuple[int, int] = (0, 0)
    """Relations, and article and comment labels, added."""

    def __str__(self) -> str:
        text = (
            f"added {self.articles_added} articles and {self.annotations_added} annotations; "
            f"{self.annotations_present} annotations were already there"
        )
        if any(self.links_added):
            text += f"; added {self.links_added[0]} relations and {self.links_added[1]} labels"
        if self.rejected or self.ignored:
            text += (
                f"; {self.rejected} rejected and {self.ignored} ignored Prodigy answers were "
                "left out"
            )
        if self.articles_differing:
            text += (
                f"; {len(self.articles_differing)} articles differ from the DB's copy and were "
                f"left out ({', '.join(self.articles_differing[:3])})"
            )
        return text


def read_import(path: str | Path, offsets: str = "utf16") -> Iterator[Imported]:
    """The articles and annotations of an import file, checked.

    `offsets` is what doccano lines' offsets count: `utf16` (doccano's default, as its front
    end counts), `codepoints` or `graphemes` (a doccano project set to count those). Our own
    JSON and Prodigy/spaCy spans count code points.

    Raises:
        ArticleError: the file is unreadable, of an unknown shape, or a field of a record breaks
            the contract (the message names the file, the line or article, and the field).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(path, "no such file") from None
    except OSError as error:
        raise ArticleError(path, error.strerror or str(error)) from None
    text = decode_article_bytes(data, path)
    # Every record is checked before the first is handed on: a bad one costs no write.
    if path.suffix.lower() == ".jsonl":
        yield from list(_span_lines(text, path, offsets))
    else:
        yield from list(_native(text, path))


def _loads(text: str, where: str | Path) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise ArticleError(where, f"not valid JSON ({error})") from None


def _native(text: str, path: Path) -> Iterator[Imported]:
    document = _loads(text, path)
    if not isinstance(document, dict) or not isinstance(document.get("articles"), list):
        raise ArticleError(path, 'not an annotator export (no "articles" list)')
    version = document.get("version", EXPORT_VERSION)
    if type(version) is not int or version != EXPORT_VERSION:
        raise ArticleError(path, f"export version {shown(version)}; this reads version 1")
    articles: set[str] = set()
    annotations: set[str] = set()
    for number, data in enumerate(document["articles"], 1):
        yield _native_article(data, number, path, articles, annotations)


def _native_article(
    data: Any, number: int, path: Path, articles: set[str], annotations: set[str]
) -> Imported:
    """One article of an export, checked against the contract (docs/formats.md).

    `articles` and `annotations` hold the ids read so far, to refuse one given twice.
    """
    fields = Fields(data, f"{path}: article {number}")
    identifier = fields.string("id", blank=False)
    fields.where = f"{path}: article {identifier!r}"
    if identifier in articles:
        fields.fail("id", "is given to two articles")
    articles.add(identifier)
    text = fields.string("text")
    blocks = tuple(
        read_block(block, f"{fields.where}: block {place}", len(text))
        for place, block in enumerate(fields.list("blocks"), 1)
    )
    article = Article(
        id=identifier, title=fields.string("title", blank=False), source=fields.string("source"),
        text=text, blocks=blocks, url=fields.string("url", ""), meta=fields.object("meta"),
        lang=fields.string("lang", ""),
    )
    check_blocks(article, fields.where)
    if fields.string("sha256", article.sha256) != article.sha256:
        fields.fail("sha256", "does not match the text")
    status = fields.choice("status", STATUSES, None)
    read: list[Annotation] = []
    for key, orphan in (("annotations", False), ("orphans", True)):
        found = fields.list(key, []) if orphan else fields.list(key)
        for place, record in enumerate(found, 1):
            where = f"{fields.where}: {key[:-1]} {place}"
            annotation = read_annotation(record, where, article, orphan)
            if annotation.id in annotations:
                raise ArticleError(fields.where, f"annotation id {annotation.id!r} is given twice")
            annotations.add(annotation.id)
            read.append(annotation)
    return Imported(article, status, tuple(read), False,
                    links=_native_links(fields, blocks, article, {a.id for a in read}))


def _native_links(fields: Fields, blocks: tuple[Block, ...], article: Article,
                  ids: set[str]) -> Links:
    """The relations and labels of an article of an export (none in an export made before
    them)."""
    relations = tuple(
        read_relation(record, f"{fields.where}: relation {place}", article, ids)
        for place, record in enumerate(fields.list("relations", []), 1)
    )
    labels = [read_doc_label(record, f"{fields.where}: label {place}", article, None)
              for place, record in enumerate(fields.list("labels", []), 1)]
    comment = 0
    for place, block in enumerate(fields.data["blocks"], 1):
        if blocks[place - 1].kind != "comment":
            continue
        found = Fields(block, f"{fields.where}: block {place}").list("labels", [])
        labels += [read_doc_label(record, f"{fields.where}: block {place}: label {number}",
                                  article, comment) for number, record in enumerate(found, 1)]
        comment += 1
    given = [relation.id for relation in relations] + [label.id for label in labels]
    twice = next((identifier for identifier in given if given.count(identifier) > 1), None)
    if twice is not None:
        raise ArticleError(fields.where, f"relation or label id {twice!r} is given twice")
    return Links(relations, tuple(labels))


def _span_lines(text: str, path: Path, offsets: str) -> Iterator[Imported]:
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        record = _loads(line, where)
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise ArticleError(where, 'expected an object with "text"')
        found = record.get("meta")
        meta: dict[str, Any] = found if isinstance(found, dict) else {}
        article = _article_from_text(record["text"], meta, record, str(path))
        check_blocks(article, where)
        if isinstance(record.get("spans"), list):
            spans, kind = record["spans"], "span"
        elif isinstance(record.get("label"), list):
            spans = [_doccano_span(span, f"{where}: label {place}")
                     for place, span in enumerate(record["label"], 1)]
            spans = _in_code_points(spans, article.text, offsets, where)
            kind = "label"
        else:
            raise ArticleError(where, 'expected "spans" (Prodigy) or "label" (doccano)')
        answer = record.get("answer", "accept")
        if answer not in ANSWERS:
            raise ArticleError(where, f"answer {answer!r} is not one of {', '.join(ANSWERS)}")
        who = record.get("_annotator_id") or record.get("_session_id") or meta.get("annotator")
        stamp = now_iso()
        annotations = []
        for place, span in enumerate(spans, 1):
            fields = Fields(span, f"{where}: {kind} {place}")
            start, end = fields.span(len(article.text))
            prefix, suffix = context(article.text, start, end)
            annotations.append(Annotation(
                id=uuid.uuid4().hex, article_id=article.id, label=fields.label(), start=start,
                end=end, text=article.text[start:end], annotator=str(who or ""),
                created=stamp, updated=stamp, prefix=prefix, suffix=suffix,
            ))
        yield Imported(article, None, tuple(annotations), True, answer)


def _in_code_points(
    spans: list[dict[str, Any]], text: str, unit: str, where: str
) -> list[dict[str, Any]]:
    """doccano's spans with their offsets, counted in `unit`, made code points."""
    edges = [span[key] for span in spans for key in ("start", "end")
             if type(span[key]) is int]
    try:
        points = code_points_from(text, unit, edges)
    except ValueError as error:
        raise ArticleError(where, f"{error} (offsets read as {unit}; see --offsets)") from None
    return [{**span, **{key: points.get(span[key], span[key]) for key in ("start", "end")
                        if type(span[key]) is int}} for span in spans]


def _doccano_span(span: Any, where: str) -> dict[str, Any]:
    """doccano's `[start, end, "LABEL"]` as the span object Prodigy writes."""
    if not isinstance(span, list) or len(span) != 3:
        raise ArticleError(where, f'expected [start, end, "LABEL"], found {shown(span)}')
    return dict(zip(("start", "end", "label"), span, strict=True))


def _article_from_text(
    text: str, meta: dict[str, Any], record: dict[str, Any], source: str
) -> Article:
    """An article whose canonical text is exactly `text` (so the spans' offsets hold)."""
    blocks = []
    offset = 0
    for number, part in enumerate(text.split(BLOCK_SEPARATOR)):
        if part:
            kind = "title" if number == 0 and len(part) <= TITLE_BLOCK_MAX_CHARS else "paragraph"
            blocks.append(Block(kind, offset, offset + len(part)))  # type: ignore[arg-type]
        offset += len(part) + len(BLOCK_SEPARATOR)
    first = text.split(BLOCK_SEPARATOR, 1)[0]
    title = str(meta.get("title") or first[:80] or "Untitled")
    identifier = meta.get("id", record.get("id"))
    return Article(
        id=str(identifier) if identifier not in (None, "") else article_id(title),
        title=title,
        source=str(meta.get("source") or source),
        text=text,
        blocks=tuple(blocks),
        url=str(meta.get("url") or ""),
    )


def import_into(store: AnnotationStore, items: Iterator[Imported]) -> ImportReport:
    """Add what `items` hold to the store, without doubling what it already has.

    Linear in articles and annotations: articles are looked up by id in a dict made once, an
    article's annotations are read once however many lines name it, and what is new is added
    in one write per table (a query per article and a write per annotation made an import of
    100,000 annotations take minutes).
    """
    articles_added = added = present = 0
    links: list[Relation | DocLabel] = []
    linked: dict[str, set[str]] = {}
    differing: list[str] = []
    answers: Counter[str] = Counter()
    texts = {article.id: article.text for article in store.articles()}
    fresh: dict[str, Article] = {}
    statuses: dict[str, str] = {}
    held: dict[str, tuple[set[str], set[_SpanKey]]] = {}
    new: dict[str, tuple[Article, list[Annotation]]] = {}
    for item in items:
        if item.answer != "accept":
            answers[item.answer] += 1
            continue
        article = item.article
        text = texts.get(article.id)
        if text is None:
            texts[article.id] = article.text
            fresh[article.id] = article
            articles_added += 1
            if item.status is not None:
                statuses[article.id] = item.status
        elif text != article.text:
            differing.append(article.id)
            continue
        if article.id not in held:
            existing = store.annotations(article.id)
            # Two annotators' identical spans are two annotations (agreement compares them); a
            # line naming no annotator matches a span by anyone, as before annotators were read.
            held[article.id] = ({a.id for a in existing},
                                {key for a in existing for key in _span_keys(a)})
        ids, spans = held[article.id]
        for annotation in item.annotations:
            key = (annotation.start, annotation.end, annotation.label, annotation.annotator or None)
            if annotation.id in ids or (item.match_spans and key in spans):
                present += 1
                continue
            new.setdefault(article.id, (article, []))[1].append(annotation)
            ids.add(annotation.id)
            spans.update(_span_keys(annotation))
            added += 1
        if article.id not in linked:  # the relations and labels the DB has, read once
            held_links = store.links.of(article.id)
            linked[article.id] = {r.id for r in held_links.relations} | {
                label.id for label in held_links.labels}
        given: list[Relation | DocLabel] = [*item.links.relations, *item.links.labels]
        for link in given:
            if link.id not in linked[article.id]:
                linked[article.id].add(link.id)
                links.append(link)
    store.add_articles(fresh.values(), statuses)
    for article, made in new.values():
        store.insert_many(made, article)
    for link in links:
        store.links.insert(link)
    relations = sum(isinstance(link, Relation) for link in links)
    return ImportReport(articles_added, added, present, tuple(differing),
                        answers["reject"], answers["ignore"], (relations, len(links) - relations))


def _span_keys(annotation: Annotation) -> tuple[_SpanKey, ...]:
    """The keys under which an import line's span would find `annotation` present."""
    place = (annotation.start, annotation.end, annotation.label)
    return (*place, annotation.annotator or None), (*place, None)
