"""Reading annotations back in: our own JSON export, and span JSONL as pre-annotated data.

* `.json`: the export contract (`annotator export --format json`). Importing an export into an
  empty DB and exporting again gives the same bytes: ids, timestamps, notes, statuses and
  orphans all come back.
* `.jsonl`: one article a line, either in the Prodigy/spaCy shape
  (`{"text", "spans": [{"start", "end", "label"}], "relations", "cats", "meta"}`) or in
  doccano's (`{"text", "label": [[start, end, "LABEL"]]}`, or `entities` and `relations`, or
  text classification `label`s): `annotations.jsonl_import`. Importing our own JSONL or
  doccano export into an empty DB and exporting it again in the same format gives the same
  lines.

Prodigy's `db-out` writes one line per answer: `"answer"` is `accept`, `reject` or `ignore`.
Only accepted lines are annotations; rejected and ignored ones are counted and left out, article
and all (a rejected `ner.teach` suggestion is a span the annotator said is wrong). A line without
`"answer"` is pre-annotated data and is imported. The annotator is Prodigy's `_annotator_id`
(`dataset-session`, as Prodigy writes it), else `_session_id`, else `meta.annotator`.

Every field of every record is checked (`annotations.contract`, one reader for both shapes)
before the first article is handed on, so a bad file is refused whole and costs no write.

Articles not yet in the DB are added; annotations already there (the same id, or for JSONL the
same start, end, label and annotator, any annotator when the line names none) are not added
twice, and neither are relations and labels (the same id; for JSONL, a relation of the same type
between the same spans, or a label of the same annotator in the same set).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from annotations.contract import (
    Fields,
    check_blocks,
    read_annotation,
    read_block,
    read_doc_label,
    read_relation,
    shown,
)
from annotations.doc_labels import DEFAULT_CHOICE_SETS, ChoiceSet, DocLabel
from annotations.imported import Imported, json_value
from annotations.jsonl_import import span_lines
from annotations.model import Annotation, Article, Block
from annotations.parsing import ArticleError, decode_article_bytes
from annotations.relations import Links, Relation
from annotations.store import STATUSES, AnnotationStore

__all__ = ["ImportReport", "Imported", "import_into", "read_import"]

EXPORT_VERSION = 1
"""The version of the export contract this reads."""

_SpanKey = tuple[int, int, str, str | None]
"""Where a span is, its label and its annotator (None: anyone's), to find it present."""


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


def read_import(
    path: str | Path, offsets: str = "utf16",
    choice_sets: Sequence[ChoiceSet] = DEFAULT_CHOICE_SETS,
) -> Iterator[Imported]:
    """The articles and annotations of an import file, checked.

    `offsets` is what doccano lines' offsets count: `utf16` (doccano's default, as its front
    end counts), `codepoints` or `graphemes` (a doccano project set to count those). Our own
    JSON and Prodigy/spaCy spans count code points. `choice_sets` are the label file's: a
    JSONL line's article choices (`cats`) go in the set that has them.

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
        yield from list(span_lines(text, path, offsets, choice_sets))
    else:
        yield from list(_native(text, path))


def _native(text: str, path: Path) -> Iterator[Imported]:
    document = json_value(text, path)
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


def import_into(store: AnnotationStore, items: Iterator[Imported]) -> ImportReport:
    """Add what `items` hold to the store, without doubling what it already has.

    Linear in articles and annotations: articles are looked up by id in a dict made once, an
    article's annotations are read once however many lines name it, and what is new is added
    in one write per table (a query per article and a write per annotation made an import of
    100,000 annotations take minutes).
    """
    articles_added = added = present = 0
    links: list[Relation | DocLabel] = []
    linked: dict[str, set[Hashable]] = {}
    differing: list[str] = []
    answers: Counter[str] = Counter()
    texts = {article.id: article.text for article in store.articles()}
    fresh: dict[str, Article] = {}
    statuses: dict[str, str] = {}
    held: dict[str, tuple[set[str], dict[_SpanKey, str]]] = {}
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
            found: dict[_SpanKey, str] = {}
            for a in existing:
                for key in _span_keys(a):
                    found.setdefault(key, a.id)
            held[article.id] = ({a.id for a in existing}, found)
        ids, spans = held[article.id]
        same: dict[str, str] = {}  # a line's span id: the id of the span present it matched
        for annotation in item.annotations:
            key = (annotation.start, annotation.end, annotation.label, annotation.annotator or None)
            if annotation.id in ids or (item.match_spans and key in spans):
                same[annotation.id] = annotation.id if annotation.id in ids else spans[key]
                present += 1
                continue
            new.setdefault(article.id, (article, []))[1].append(annotation)
            ids.add(annotation.id)
            for known in _span_keys(annotation):
                spans.setdefault(known, annotation.id)
            added += 1
        if article.id not in linked:  # the relations and labels the DB has, read once
            stored: list[Relation | DocLabel] = [*store.links.relations(article.id),
                                                 *store.links.doc_labels(article.id)]
            linked[article.id] = {key for link in stored for key in (link.id, _link_key(link))}
        given: list[Relation | DocLabel] = [
            *(replace(r, head=same.get(r.head, r.head), tail=same.get(r.tail, r.tail))
              for r in item.links.relations), *item.links.labels]
        for link in given:
            keys = {link.id, _link_key(link)} if item.match_spans else {link.id}
            if not keys & linked[article.id]:
                linked[article.id] |= keys
                links.append(link)
    store.add_articles(fresh.values(), statuses)
    for article, made in new.values():
        store.insert_many(made, article)
    for link in links:
        store.links.insert(link)
    relations = sum(isinstance(link, Relation) for link in links)
    return ImportReport(articles_added, added, present, tuple(differing),
                        answers["reject"], answers["ignore"], (relations, len(links) - relations))


def _link_key(link: Relation | DocLabel) -> tuple[str | int | None, ...]:
    """What makes a JSONL line's relation or label present though its id is new: a relation
    of the same type between the same spans; a label of the same annotator in the same set on
    the same article or comment."""
    if isinstance(link, Relation):
        return ("relation", link.type, link.head, link.tail)
    return ("label", link.name, link.comment, link.annotator)


def _span_keys(annotation: Annotation) -> tuple[_SpanKey, ...]:
    """The keys under which an import line's span would find `annotation` present."""
    place = (annotation.start, annotation.end, annotation.label)
    return (*place, annotation.annotator or None), (*place, None)
