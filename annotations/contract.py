"""The export contract (docs/formats.md), checked a JSON object at a time as a file is imported.

`Fields` reads one object's fields, each checked for its type and value; a bad one raises an
`ArticleError` naming where it is, the field and the cause. `annotations.importers` reads both
the export and span JSONL through it, so a field is accepted, or refused, the same way in each.
"""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise
from typing import Any, NoReturn, get_args

import orjson

from annotations.anchoring import context
from annotations.doc_labels import DocLabel, anchor_of
from annotations.labels import check_label_name
from annotations.model import Annotation, Article, Block, BlockKind
from annotations.parsing import ArticleError
from annotations.relations import Relation

ORIGINS = ("manual", "suggested", "imported")
"""How an annotation came to be (`Annotation.origin`)."""

_MISSING = object()


def read_block(data: Any, where: str, length: int) -> Block:
    """A block of an article whose text is `length` characters long."""
    fields = Fields(data, where)
    kind = fields.choice("kind", get_args(BlockKind))
    start, end = fields.span(length)
    return Block(kind, start, end, fields.string("author", ""))  # type: ignore[arg-type]


def read_annotation(data: Any, where: str, article: Article, orphan: bool) -> Annotation:
    """An annotation of `article`, as the export writes it.

    An orphan's offsets and quote are those of an older text, the last where it was found: they
    are checked for their types and order, not against this text. Any other records the text
    around it (`prefix`, `suffix`), as tagging does, to be found again if the article changes.
    """
    fields = Fields(data, where)
    identifier = fields.string("id", blank=False)
    start, end = fields.span(None if orphan else len(article.text))
    quote = fields.string("text", blank=False)
    if not orphan and quote != article.text[start:end]:
        fields.fail("text", f"is not text[{start}:{end}], the text it quotes")
    prefix, suffix = ("", "") if orphan else context(article.text, start, end)
    # from_record: the frozen dataclass's __init__ was half of this function's time, and an
    # import reads every annotation of the file through here
    return Annotation.from_record({
        "id": identifier, "article_id": article.id, "label": fields.label(), "start": start,
        "end": end, "text": quote, "note": fields.string("note"),
        "annotator": fields.string("annotator"), "created": fields.timestamp("created"),
        "updated": fields.timestamp("updated"), "orphan": orphan,
        "origin": fields.choice("origin", ORIGINS, "manual"), "review": fields.flag("review"),
        "prefix": prefix, "suffix": suffix,
    })


def read_relation(data: Any, where: str, article: Article, annotations: set[str]) -> Relation:
    """A relation of `article`, between two of its annotations (by id, `annotations`)."""
    fields = Fields(data, where)
    identifier = fields.string("id", blank=False)
    ends = []
    for key in ("head", "tail"):
        end = fields.string(key, blank=False)
        if end not in annotations:
            fields.fail(key, f"is {end!r}, not the id of one of the article's annotations")
        ends.append(end)
    return Relation(
        id=identifier, article_id=article.id, type=fields.name("type"), head=ends[0],
        tail=ends[1], annotator=fields.string("annotator"), created=fields.timestamp("created"),
        updated=fields.timestamp("updated"), review=fields.flag("review"),
    )


def read_doc_label(data: Any, where: str, article: Article, comment: int | None) -> DocLabel:
    """A label of `article` (`comment` None), of its comment number `comment`, or (on the
    article, marked `orphan`) of a comment lost when the article changed."""
    fields = Fields(data, where)
    orphan = fields.flag("orphan")
    choices = fields.list("choices")
    for place, choice in enumerate(choices, 1):
        try:
            check_label_name(choice)
        except ValueError as error:
            fields.fail("choices", f"{place} {error}")
    anchor = anchor_of(article, article.comments[comment]) if comment is not None else ""
    if orphan:
        comment = fields.get("comment")
        if type(comment) is not int or comment < 0:
            fields.fail("comment", f"must be a comment's place (0 or more), found {shown(comment)}")
        anchor = fields.string("anchor")
    return DocLabel(
        id=fields.string("id", blank=False), article_id=article.id, name=fields.name("name"),
        choices=tuple(choices), comment=comment, annotator=fields.string("annotator"),
        created=fields.timestamp("created"), updated=fields.timestamp("updated"),
        anchor=anchor, orphan=orphan, review=fields.flag("review"),
    )


def check_blocks(article: Article, where: str) -> None:
    """Blocks there are, in order, without overlap, and all the text but the blank lines
    between them is in one; the JSON and JSONL paths both check their articles here."""
    if not article.blocks:
        raise ArticleError(where, "no blocks: an article has at least a title")
    for place, (before, block) in enumerate(pairwise(article.blocks), 2):
        if block.start < before.end:
            raise ArticleError(where, f"block {place} ({block.start}:{block.end}) overlaps or "
                               "comes before the one above it")
    edges = [0, *(offset for block in article.blocks for offset in (block.start, block.end)),
             len(article.text)]
    for start, end in zip(edges[::2], edges[1::2], strict=True):
        if article.text[start:end].strip():
            raise ArticleError(where, f"text[{start}:{end}] is in no block")


class Fields:
    """One JSON object of an import file, read a field at a time against the contract.

    Each read checks the field's type (and for some its value); a bad one raises
    `ArticleError` naming `where`, the field and the cause. Both the export and the span JSONL
    are read through here, so a field means the same, and is refused the same, in both.
    """

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise ArticleError(where, f"expected an object, found {shown(data)}")
        self.data: dict[str, Any] = data
        self.where = where

    def fail(self, key: str, cause: str) -> NoReturn:
        """Refuse the field `key`."""
        raise ArticleError(self.where, f'"{key}" {cause}')

    def get(self, key: str, default: Any = _MISSING) -> Any:
        """The field's value; `default` when it is absent, and refused when there is none."""
        value = self.data.get(key, _MISSING)
        if value is _MISSING:
            if default is _MISSING:
                self.fail(key, "is missing")
            return default
        return value

    def string(self, key: str, default: Any = _MISSING, *, blank: bool = True) -> str:
        """A string; not blank when `blank` is False."""
        value = self.get(key, default)
        if not isinstance(value, str) or not (blank or value.strip()):
            kind = "a string" if blank else "a non-empty string"
            self.fail(key, f"must be {kind}, found {shown(value)}")
        return value

    def offset(self, key: str) -> int:
        """A whole number (not a float, and not true or false, which Python counts as 1, 0)."""
        value = self.get(key)
        if type(value) is not int:
            self.fail(key, f"must be a whole number, found {shown(value)}")
        return value

    def span(self, length: int | None) -> tuple[int, int]:
        """`start` and `end`: 0 <= start < end, and end <= `length` unless it is None."""
        start, end = self.offset("start"), self.offset("end")
        if start >= end:
            raise ArticleError(self.where, f"span {start}:{end} is empty or reversed")
        if start < 0 or (length is not None and end > length):
            raise ArticleError(self.where, f"span {start}:{end} is not inside the text "
                               f"(0:{length})")
        return start, end

    def label(self) -> str:
        """The `label`: a name `annotations.labels` accepts."""
        return self.name("label")

    def name(self, key: str) -> str:
        """A label's (or relation type's, or set's) name, as `annotations.labels` accepts."""
        try:
            return check_label_name(self.get(key))
        except ValueError as error:
            raise ArticleError(self.where, f"{key} {error}") from None

    def timestamp(self, key: str) -> str:
        """An ISO 8601 time with a time zone, as written (merge compares them as text)."""
        value = self.string(key)
        try:
            moment = datetime.fromisoformat(value[:-1] + "+00:00" if value[-1:] == "Z" else value)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            self.fail(key, f"must be an ISO 8601 time with a time zone, found {shown(value)}")
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: Any = _MISSING) -> Any:
        """One of `choices` (or `default`, when the field is absent)."""
        if key not in self.data and default is not _MISSING:
            return default
        value = self.get(key)
        if not isinstance(value, str) or value not in choices:
            self.fail(key, f"must be one of {', '.join(choices)}, found {shown(value)}")
        return value

    def flag(self, key: str) -> bool:
        """true or false; false when absent."""
        value = self.get(key, False)
        if not isinstance(value, bool):
            self.fail(key, f"must be true or false, found {shown(value)}")
        return value

    def object(self, key: str) -> dict[str, Any]:
        """A JSON object; empty when absent."""
        value = self.get(key, {})
        if not isinstance(value, dict):
            self.fail(key, f"must be an object, found {shown(value)}")
        return value

    def list(self, key: str, default: Any = _MISSING) -> list[Any]:
        """A JSON list."""
        value = self.get(key, default)
        if not isinstance(value, list):
            self.fail(key, f"must be a list, found {shown(value)}")
        return value


def shown(value: Any) -> str:
    """A JSON value as a message shows it: itself when short, else its kind."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    shown = orjson.dumps(value).decode()
    return shown if len(shown) <= 40 else f"{shown[:37]}..."
