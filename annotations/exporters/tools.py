"""Exports for annotation tools: Label Studio tasks and W3C Web Annotations."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

import orjson

from annotations.anchoring import context
from annotations.doc_labels import DocLabel
from annotations.exporters import ExportItem, ExportOptions, json_array, json_array_of_runs
from annotations.model import Annotation, Article
from annotations.relations import Relation

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
W3C_LABEL = "news-annotator export"
_COLLECTIONS = uuid.uuid5(uuid.NAMESPACE_URL, "urn:annotator:w3c-collection")
"""The namespace of our collections' name-based UUIDs."""


def export_label_studio(
    items: Iterable[ExportItem], options: ExportOptions | None = None
) -> Iterator[bytes]:
    """A JSON list of Label Studio tasks, one per article, with our spans as an annotation.

    Each span is a `labels` result on `from_name` "label" and `to_name` "text"; a note is a
    `textarea` result with the same region id on `from_name` "note"; a relation is a
    `relation` result from its head's region id to its tail's. The article's labels are a
    `choices` result on `from_name` the set's name (`type`); a labelled comment is a region
    (a `labels` result on `from_name` "comment") with a `choices` result of the same id for
    each set (`stance`). The labelling config in docs/formats.md names these. Offsets are
    code points, as Label Studio stores them.
    """
    yield from json_array(_task(item) for item in items)
    yield b"\n"


def _task(item: ExportItem) -> dict[str, Any]:
    """One article as a Label Studio task."""
    article = item.article
    results: list[dict[str, Any]] = []
    for a in item.annotations:
        span = {"start": a.start, "end": a.end, "text": a.text}
        results.append({
            "id": a.id, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {**span, "labels": [a.label]},
        })
        if a.note:
            results.append({
                "id": a.id, "from_name": "note", "to_name": "text", "type": "textarea",
                "value": {**span, "text": [a.note]},
            })
    results += [
        {"from_id": r.head, "to_id": r.tail, "type": "relation", "direction": "right",
         "labels": [r.type]}
        for r in item.placed_relations()
    ]
    results += [{"id": f"article-{name}", "from_name": name, "to_name": "text",
                 "type": "choices", "value": {"choices": choices}}
                for name, choices in _chosen(item.article_labels()).items()]
    for number, block in enumerate(article.comments):
        chosen = _chosen(item.comment_labels(number))
        if not chosen:
            continue
        span = {"start": block.start, "end": block.end, "text": article.block_text(block)}
        region = f"comment-{number + 1}"
        results.append({"id": region, "from_name": "comment", "to_name": "text",
                        "type": "labels", "value": {**span, "labels": ["comment"]}})
        results += [{"id": region, "from_name": name, "to_name": "text", "type": "choices",
                     "value": {**span, "choices": choices}} for name, choices in chosen.items()]
    return {
        "data": {"text": article.text, "id": article.id, "title": article.title,
                 "url": article.url},
        "annotations": [{"result": results}] if results else [],
    }


def _chosen(labels: Iterable[DocLabel]) -> dict[str, list[str]]:
    """Every annotator's choices, by set (Label Studio has one result per set and region)."""
    chosen: dict[str, list[str]] = {}
    for label in labels:
        if not label.orphan:
            kept = chosen.setdefault(label.name, [])
            kept += [choice for choice in label.choices if choice not in kept]
    return {name: choices for name, choices in chosen.items() if choices}


def export_w3c(
    items: Iterable[ExportItem], options: ExportOptions | None = None
) -> Iterator[bytes]:
    """W3C Web Annotation Data Model JSON-LD: one `AnnotationCollection` whose embedded first
    (and only) `AnnotationPage` holds every span as an `Annotation` in `items`; then, for each
    article, each relation as an annotation with the motivation `linking` whose target is the
    ordered `List` of its head's and tail's annotations, and each set of labels of the article
    or of a comment as one with the motivation `classifying` whose bodies are the choices.

    The collection's and the page's ids are name-based UUIDs of the annotations written, so the
    same annotations give the same ids. To stream, the envelope's keys come in a fixed order
    rather than sorted (the ids and the total after the items); inside each annotation they are
    sorted.
    """
    digest = hashlib.sha256()
    total = 0

    def runs() -> Iterator[list[dict[str, Any]]]:
        nonlocal total
        for item in items:
            run = [_web_annotation(item.article, annotation) for annotation in item.annotations]
            run += [_linking(item.article, relation) for relation in item.placed_relations()]
            run += [_classifying(item, label) for label in item.labels if not label.orphan
                    and label.choices]
            for annotation in run:
                digest.update(annotation["id"].encode("utf-8") + b"\n")
            total += len(run)
            yield run

    yield (b'{\n  "@context": "' + W3C_CONTEXT.encode() + b'",\n  "type": "AnnotationCollection",'
           b'\n  "label": ' + orjson.dumps(W3C_LABEL) + b',\n  "first": {\n    "type": '
           b'"AnnotationPage",\n    "startIndex": 0,\n    "items": ')
    yield from json_array_of_runs(runs(), depth=2)
    collection = uuid.uuid5(_COLLECTIONS, digest.hexdigest())
    page = uuid.uuid5(collection, "page 1")
    yield (f',\n    "id": "urn:uuid:{page}",\n    "partOf": "urn:uuid:{collection}"\n  }},'
           f'\n  "id": "urn:uuid:{collection}",\n  "total": {total}\n}}\n').encode()


def _web_annotation(article: Article, annotation: Annotation) -> dict[str, Any]:
    prefix, suffix = context(article.text, annotation.start, annotation.end)
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": annotation.label},
    ]
    if annotation.note:
        body.append({
            "type": "TextualBody", "purpose": "commenting", "value": annotation.note,
            "format": "text/plain",
        })
    data: dict[str, Any] = {
        "id": _urn(annotation.id),
        "type": "Annotation",
        "created": annotation.created,
        "modified": annotation.updated,
        "body": body,
        "target": {
            "source": article.url or f"urn:annotator:article:{article.id}",
            "selector": [
                {"type": "TextQuoteSelector", "exact": annotation.text, "prefix": prefix,
                 "suffix": suffix},
                {"type": "TextPositionSelector", "start": annotation.start,
                 "end": annotation.end},
            ],
        },
    }
    if annotation.annotator:
        data["creator"] = {"type": "Person", "name": annotation.annotator}
    return data


def _made(annotation: dict[str, Any], item: Relation | DocLabel) -> dict[str, Any]:
    """`annotation` with who made `item` and when."""
    annotation.update(created=item.created, modified=item.updated)
    if item.annotator:
        annotation["creator"] = {"type": "Person", "name": item.annotator}
    return annotation


def _linking(article: Article, relation: Relation) -> dict[str, Any]:
    return _made({
        "id": _urn(relation.id),
        "type": "Annotation",
        "motivation": "linking",
        "body": [{"type": "TextualBody", "purpose": "tagging", "value": relation.type}],
        "target": {"type": "List", "items": [_urn(relation.head), _urn(relation.tail)]},
    }, relation)


def _classifying(item: ExportItem, label: DocLabel) -> dict[str, Any]:
    article = item.article
    source = article.url or f"urn:annotator:article:{article.id}"
    target: dict[str, Any] = {"source": source}
    if label.comment is not None:
        block = article.comments[label.comment]
        prefix, suffix = context(article.text, block.start, block.end)
        target["selector"] = [
            {"type": "TextQuoteSelector", "exact": article.block_text(block), "prefix": prefix,
             "suffix": suffix},
            {"type": "TextPositionSelector", "start": block.start, "end": block.end},
        ]
    return _made({
        "id": _urn(label.id),
        "type": "Annotation",
        "motivation": "classifying",
        "body": [{"id": f"urn:annotator:label:{quote(label.name)}:{quote(choice)}",
                  "type": "TextualBody", "purpose": "classifying", "value": choice}
                 for choice in label.choices],
        "target": target,
    }, label)


_HEX32 = re.compile(r"[0-9a-fA-F]{32}")


def _urn(identifier: str) -> str:
    """`urn:uuid:` for our ids (a UUID's 32 hex digits), another URN for ids from elsewhere."""
    if _HEX32.fullmatch(identifier):
        h = identifier.lower()
        return f"urn:uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    return f"urn:annotator:annotation:{identifier}"
