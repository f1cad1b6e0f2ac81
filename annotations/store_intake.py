"""What comes into the store: articles recorded as they are opened (their annotations found
again when their text changed), new annotations, annotations made elsewhere (an import), and
the records of a DB of an older schema brought up to this one.

The store (`annotations.store.AnnotationStore`) calls these under its tables' lock and saves
after them; they only change the tables held in memory (`annotations.db_tables`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from annotations.anchoring import AnchorReport, context, reanchored, stale
from annotations.db_tables import DBTables
from annotations.history import Change
from annotations.link_store import LinkStore
from annotations.model import Annotation, Article, now_iso
from annotations.schema import Status, upgrade


def record_articles(
    tables: DBTables, links: LinkStore, articles: Iterable[Article],
    statuses: Mapping[str, Status | str] | None, version: int,
) -> AnchorReport:
    """Record articles as opened: new ones added in order (in one write of the table, however
    many), changed ones updated and their annotations, relations and labels found again.

    Args:
        tables: The DB's tables.
        links: The store's relations and labels.
        articles: The articles.
        statuses: The status of new articles, by id (an import's); new when not given.
        version: The schema version to record in a DB that records none yet.
    """
    report = AnchorReport()
    with tables.lock:
        if tables.version() is None:
            tables.set_version(version)
        known = {record["id"]: record for record in tables.article_records()}
        order = max((doc.get("order", 0) for doc in known.values()), default=-1)
        fresh: dict[str, dict[str, Any]] = {}
        unchanged: dict[str, str] = {}
        for article in articles:
            record = known.get(article.id)
            if record is None:
                order += 1
                fresh[article.id] = {**article.to_json(), "order": order}
                status = Status((statuses or {}).get(article.id, Status.NEW)).value
                if status != Status.NEW:
                    fresh[article.id]["status"] = status
            elif record.get("sha256") != article.sha256 or record["blocks"] != [
                block.to_json() for block in article.blocks
            ]:
                tables.write_article({**record, **article.to_json()})
                report += reanchor(tables, article, _annotations(tables, article.id))
                links.reanchor(article)
            else:
                unchanged[article.id] = article.text
                found = _annotations(tables, article.id)
                report += reanchor(tables, article, [a for a in found if stale(a, article.text)])
        tables.share_texts(unchanged)
        tables.add_article_records(list(fresh.values()))
    return report


def reanchor(tables: DBTables, article: Article, annotations: list[Annotation]) -> AnchorReport:
    """Find annotations of an article whose text changed again (see
    `annotations.anchoring.reanchored`); those that cannot be found are kept as orphans."""
    changes, report = reanchored(annotations, article.text)
    for before, after in changes:
        tables.apply(Change(article.id, before, after))
    return report


def migrate(tables: DBTables, articles: Iterable[Article], version: int, newest: int) -> None:
    """Bring the records of a DB of schema `version` up to schema `newest`."""
    with tables.lock:
        for article in articles:
            for annotation in _annotations(tables, article.id):
                upgraded = upgrade(annotation, article, version)
                if upgraded != annotation:
                    tables.apply(Change(article.id, annotation, upgraded))
        tables.set_version(newest)


def new_annotation(
    article: Article, start: int, end: int, label: str, annotator: str, origin: str
) -> Annotation:
    """A new annotation labelling `article.text[start:end]`, with a fresh id.

    Raises:
        ValueError: the span is empty or outside the text.
    """
    import uuid  # here: start-up need not pay for it

    check_span(article, start, end)
    stamp = now_iso()
    prefix, suffix = context(article.text, start, end)
    return Annotation(
        id=uuid.uuid4().hex, article_id=article.id, label=label, start=start, end=end,
        text=article.text[start:end], annotator=annotator, created=stamp, updated=stamp,
        prefix=prefix, suffix=suffix, origin=origin,
    )


def check_span(article: Article, start: int, end: int) -> None:
    """Raise ValueError unless `start:end` is a span of the article's text, not empty."""
    if not 0 <= start < end <= len(article.text):
        raise ValueError(f"span {start}:{end} is empty or outside the article")


def placed(annotation: Annotation, article: Article) -> Annotation:
    """An annotation made elsewhere, with the text around it recorded if it came without."""
    if annotation.prefix or annotation.suffix or annotation.orphan:
        return annotation
    prefix, suffix = context(article.text, annotation.start, annotation.end)
    return replace(annotation, prefix=prefix, suffix=suffix)


def _annotations(tables: DBTables, article_id: str) -> list[Annotation]:
    """An article's annotations by start then end, as the store lists them."""
    return sorted(tables.annotations(article_id), key=Annotation.sort_key)
