"""Exports for annotation tools: Label Studio tasks and W3C Web Annotations."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from annotations.anchoring import context
from annotations.exporters import ExportItem, ExportOptions, json_array, json_array_of_runs
from annotations.model import Annotation, Article

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def export_label_studio(
    items: Iterable[ExportItem], options: ExportOptions | None = None
) -> Iterator[bytes]:
    """A JSON list of Label Studio tasks, one per article, with our spans as an annotation.

    Each span is a `labels` result on `from_name` "label" and `to_name` "text"; a note is a
    `textarea` result with the same region id on `from_name` "note". The labelling config in
    the README names these.
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
    return {
        "data": {"text": article.text, "id": article.id, "title": article.title,
                 "url": article.url},
        "annotations": [{"result": results}] if results else [],
    }


def export_w3c(
    items: Iterable[ExportItem], options: ExportOptions | None = None
) -> Iterator[bytes]:
    """W3C Web Annotation Data Model JSON-LD: a list with one `Annotation` per span."""
    yield from json_array_of_runs(
        [_web_annotation(item.article, annotation) for annotation in item.annotations]
        for item in items
    )
    yield b"\n"


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
        "@context": W3C_CONTEXT,
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


_HEX32 = re.compile(r"[0-9a-fA-F]{32}")


def _urn(identifier: str) -> str:
    """`urn:uuid:` for our ids (a UUID's 32 hex digits), another URN for ids from elsewhere."""
    if _HEX32.fullmatch(identifier):
        h = identifier.lower()
        return f"urn:uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    return f"urn:annotator:annotation:{identifier}"
