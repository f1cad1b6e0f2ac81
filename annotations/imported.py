"""What every reader of an import file yields: one article with what to record for it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from annotations.model import Annotation, Article
from annotations.parsing import ArticleError
from annotations.relations import NO_LINKS, Links

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
    end, label and annotator already counts as present (and so do a relation of the same type
    between the same spans, and an annotator's label in the same set on the same article)."""
    answer: str = "accept"
    """Prodigy's answer for the line; anything but `accept` is counted and not imported."""
    links: Links = NO_LINKS
    """Its relations and labels."""


def json_value(text: str, where: str | Path) -> Any:
    """`text` read as JSON.

    Raises:
        ArticleError: it is not JSON (the message names `where`).
    """
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise ArticleError(where, f"not valid JSON ({error})") from None
