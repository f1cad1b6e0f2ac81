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

from annotations.model import BLOCK_SEPARATOR, Annotation, Article, Block, now_iso
from annotations.parsing import ArticleError, article_id, decode_article_bytes
from annotations.store import STATUSES, AnnotationStore

TITLE_BLOCK_MAX_CHARS = 200
"""In span JSONL, a first paragraph longer than this is not taken for the title."""

ANSWERS = ("accept", "reject", "ignore")
"""The answers Prodigy records on a line."""


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

    def __str__(self) -> str:
        text = (
            f"added {self.articles_added} articles and {self.annotations_added} annotations; "
            f"{self.annotations_present} annotations were already there"
        )
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


def read_import(path: str | Path) -> Iterator[Imported]:
    """The articles and annotations of an import file, checked.

    Raises:
        ArticleError: the file is unreadable, of an unknown shape, or its offsets do not match
            its text (the message names the file, and the line or article).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(path, "no such file") from None
    except OSError as error:
        raise ArticleError(path, error.strerror or str(error)) from None
    text = decode_article_bytes(data, path)
    if path.suffix.lower() == ".jsonl":
        yield from _span_lines(text, path)
    else:
        yield from _native(text, path)


def _loads(text: str, where: str | Path) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise ArticleError(where, f"not valid JSON ({error})") from None


def _native(text: str, path: Path) -> Iterator[Imported]:
    document = _loads(text, path)
    if not isinstance(document, dict) or not isinstance(document.get("articles"), list):
        raise ArticleError(path, 'not an annotator export (no "articles" list)')
    for number, data in enumerate(document["articles"], 1):
        where = f"{path}: article {number}"
        try:
            article = Article.from_json(data)
            kept = [(a, False) for a in data.get("annotations", [])]
            kept += [(a, True) for a in data.get("orphans", [])]
            annotations = tuple(
                Annotation.from_record({**a, "article_id": article.id, "orphan": orphan})
                for a, orphan in kept
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ArticleError(where, f"not in the export's shape ({error!r})") from None
        _check(article, annotations, where)
        if data.get("sha256", article.sha256) != article.sha256:
            raise ArticleError(where, "its sha256 does not match its text")
        status = data.get("status")
        yield Imported(article, status if status in STATUSES else None, annotations, False)


def _check(article: Article, annotations: tuple[Annotation, ...], where: str) -> None:
    for block in article.blocks:
        if not 0 <= block.start <= block.end <= len(article.text):
            raise ArticleError(where, f"a block's offsets {block.start}:{block.end} fall outside")
    for annotation in annotations:
        if annotation.orphan:
            continue
        if article.text[annotation.start : annotation.end] != annotation.text:
            raise ArticleError(
                where, f"annotation {annotation.id}: text[{annotation.start}:{annotation.end}] "
                "is not its quoted text"
            )


def _span_lines(text: str, path: Path) -> Iterator[Imported]:
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
        if isinstance(record.get("spans"), list):
            spans = [(s.get("start"), s.get("end"), s.get("label")) for s in record["spans"]
                     if isinstance(s, dict)]
        elif isinstance(record.get("label"), list):
            spans = [tuple(s) for s in record["label"] if isinstance(s, list) and len(s) == 3]
        else:
            raise ArticleError(where, 'expected "spans" (Prodigy) or "label" (doccano)')
        answer = record.get("answer", "accept")
        if answer not in ANSWERS:
            raise ArticleError(where, f"answer {answer!r} is not one of {', '.join(ANSWERS)}")
        who = record.get("_annotator_id") or record.get("_session_id") or meta.get("annotator")
        stamp = now_iso()
        annotations = []
        for start, end, label in spans:
            if not (isinstance(start, int) and isinstance(end, int) and isinstance(label, str)
                    and 0 <= start < end <= len(article.text)):
                raise ArticleError(where, f"span {start}:{end} {label!r} is not inside the text")
            annotations.append(Annotation(
                id=uuid.uuid4().hex, article_id=article.id, label=label, start=start, end=end,
                text=article.text[start:end], annotator=str(who or ""),
                created=stamp, updated=stamp,
            ))
        yield Imported(article, None, tuple(annotations), True, answer)


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
    """Add what `items` hold to the store, without doubling what it already has."""
    articles_added = added = present = 0
    differing: list[str] = []
    answers: Counter[str] = Counter()
    for item in items:
        if item.answer != "accept":
            answers[item.answer] += 1
            continue
        known = store.article(item.article.id)
        if known is None:
            store.add_articles([item.article])
            articles_added += 1
            if item.status is not None:
                store.set_status(item.article, item.status)
        elif known.text != item.article.text:
            differing.append(item.article.id)
            continue
        existing = store.annotations(item.article.id)
        ids = {a.id for a in existing}
        # Two annotators' identical spans are two annotations (agreement compares them); a line
        # naming no annotator matches a span by anyone, as before annotators were read.
        spans = {key for a in existing for key in _span_keys(a)}
        for annotation in item.annotations:
            key = (annotation.start, annotation.end, annotation.label, annotation.annotator or None)
            if annotation.id in ids or (item.match_spans and key in spans):
                present += 1
                continue
            store.insert(annotation, item.article)
            ids.add(annotation.id)
            spans.update(_span_keys(annotation))
            added += 1
    return ImportReport(articles_added, added, present, tuple(differing),
                        answers["reject"], answers["ignore"])


def _span_keys(annotation: Annotation) -> tuple[tuple[int, int, str, str | None], ...]:
    """The keys under which an import line's span would find `annotation` present."""
    place = (annotation.start, annotation.end, annotation.label)
    return (*place, annotation.annotator or None), (*place, None)
