"""The domain model: articles, their blocks, labels and annotations.

Offsets are Python string indices into an article's canonical text, end exclusive.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property
from typing import Any, Literal

BlockKind = Literal["title", "heading", "paragraph", "list_item", "comment"]
BLOCK_SEPARATOR = "\n\n"
"""What joins two blocks in an article's canonical text."""


def now_iso() -> str:
    """The current time as ISO 8601 with a time zone, to the millisecond.

    Milliseconds, because two edits of one note in the same second must still be ordered.
    """
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


_HASH_PIECE = 1 << 20
"""Characters of an article's text encoded at once to hash it."""


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of an article: its title, a heading, a paragraph, a list item or a comment.

    With slots: a 20 MB article has 34,000 blocks, 4.5 MB this way against 10.5 MB with a
    dict each.
    """

    kind: BlockKind
    """What the block is."""
    start: int
    """Offset of the block's first character in the article's text."""
    end: int
    """Offset just past the block's last character."""
    author: str = ""
    """The comment's author; empty for every other kind."""

    def to_json(self) -> dict[str, Any]:
        """The block as the export contract writes it (`author` on comments only)."""
        data: dict[str, Any] = {"kind": self.kind, "start": self.start, "end": self.end}
        if self.kind == "comment":
            data["author"] = self.author
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Block:
        """Read a block written by `to_json` (as `new_block` makes one: the DB's record of a
        long article holds tens of thousands)."""
        return new_block(data["kind"], int(data["start"]), int(data["end"]),
                         data.get("author", ""))


# Block's slots, set through their descriptors (the frozen dataclass's `__setattr__` refuses)
_SET_KIND, _SET_START, _SET_END, _SET_AUTHOR = (
    getattr(Block, name).__set__ for name in ("kind", "start", "end", "author")
)


def new_block(kind: BlockKind, start: int, end: int, author: str = "") -> Block:
    """`Block(kind, start, end, author)`, its slots set directly: the dataclass's `__init__`
    sets each field through `object.__setattr__`, which took a third of the time of assembling
    an article of 34,000 paragraphs (10 ms this way, 20 through `__init__`)."""
    block = object.__new__(Block)
    _SET_KIND(block, kind)
    _SET_START(block, start)
    _SET_END(block, end)
    _SET_AUTHOR(block, author)
    return block


@dataclass(frozen=True)
class Article:
    """An article as read from a file: a title, body blocks and reader comments."""

    id: str
    """Stable identifier: the same article opened again has the same id."""
    title: str
    """The article's title, also its first block."""
    source: str
    """Where the article was read from (a path, as given)."""
    text: str
    """The canonical text: every block in reading order joined by a blank line."""
    blocks: tuple[Block, ...]
    """The blocks in reading order: title, body, then comments."""
    warnings: tuple[str, ...] = field(default=(), compare=False)
    """Things the parser noticed but could work around (a comment count that does not match)."""
    url: str = ""
    """Where the article was published, when the file says."""
    meta: dict[str, Any] = field(default_factory=dict, hash=False)
    """Other fields of the record the article came from (JSON and JSONL sets), kept as they
    were."""
    lang: str = ""
    """The article's language, an ISO 639 code such as `en` or `th` (see
    `annotations.languages`); empty when unknown (an article stored before it was recorded)."""

    @property
    def sha256(self) -> str:
        """Hex digest of the canonical text in UTF-8."""
        digest, text = hashlib.sha256(), self.text
        # a slice at a time: the UTF-8 of a 20 MB article whole was 20 MB more at the peak
        for start in range(0, len(text), _HASH_PIECE):
            digest.update(text[start : start + _HASH_PIECE].encode("utf-8"))
        return digest.hexdigest()

    def block_text(self, block: Block) -> str:
        """The text of one block."""
        return self.text[block.start : block.end]

    # Worked out once (the dataclass is frozen, its blocks too): the panes and the classifying
    # ask for them several times as an article opens, a walk of 34,000 blocks each at 20 MB.
    @cached_property
    def body(self) -> tuple[Block, ...]:
        """Title, headings, paragraphs and list items: everything but the comments."""
        return tuple(block for block in self.blocks if block.kind != "comment")

    @cached_property
    def comments(self) -> tuple[Block, ...]:
        """The reader comments, in order."""
        return tuple(block for block in self.blocks if block.kind == "comment")

    def to_json(self) -> dict[str, Any]:
        """The article's own fields as the export contract writes them (`url`, `meta` and
        `lang` are extra keys, present when the article has them)."""
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "sha256": self.sha256,
            "text": self.text,
            "blocks": [block.to_json() for block in self.blocks],
        }
        if self.url:
            data["url"] = self.url
        if self.meta:
            data["meta"] = self.meta
        if self.lang:
            data["lang"] = self.lang
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Article:
        """Read an article written by `to_json`."""
        return cls(
            id=data["id"],
            title=data["title"],
            source=data.get("source", ""),
            text=data["text"],
            blocks=tuple(Block.from_json(block) for block in data["blocks"]),
            url=data.get("url", ""),
            meta=dict(data.get("meta") or {}),
            lang=data.get("lang") or "",
        )


@dataclass(frozen=True)
class Label:
    """A tag a span can carry."""

    name: str
    """The label as exported, e.g. `claim`."""
    key: str
    """The key that applies it."""
    colour: str
    """Background colour of its highlight, as `#rrggbb`."""
    description: str = ""
    """One line saying what the label is for."""


DEFAULT_LABELS: tuple[Label, ...] = (
    Label("claim", "1", "#2f5f9e", "A statement presented as fact that could be checked."),
    Label("figure", "2", "#2e7d4f", "A number, amount, count, percentage or date."),
    Label("opinion", "3", "#a4571b", "A judgement or view rather than a fact."),
    Label("source", "4", "#7b3f9e", "Who made a claim or gave an opinion: a person, an office, "
          "a publication."),
)


@dataclass(frozen=True)
class NoteRevision:
    """A note that another edit replaced, kept so that no one's words are lost."""

    note: str
    """The note as it was."""
    annotator: str
    """Who wrote it."""
    updated: str
    """When it was written, ISO 8601 with a time zone."""

    def to_json(self) -> dict[str, str]:
        """The revision as a JSON object."""
        return {"note": self.note, "annotator": self.annotator, "updated": self.updated}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> NoteRevision:
        """Read a revision written by `to_json`."""
        return cls(data.get("note", ""), data.get("annotator", ""), data.get("updated", ""))


@dataclass(frozen=True)
class Annotation:
    """A labelled span of an article's text, with an optional note."""

    id: str
    """Unique identifier (a UUID4 in hex)."""
    article_id: str
    """The article the span belongs to."""
    label: str
    """The label's name."""
    start: int
    """Offset of the span's first character."""
    end: int
    """Offset just past the span's last character."""
    text: str
    """The quoted text, always `article.text[start:end]`."""
    note: str = ""
    """The annotator's note; empty when there is none."""
    annotator: str = ""
    """Who made the annotation."""
    created: str = ""
    """When it was made, ISO 8601 with a time zone."""
    updated: str = ""
    """When it last changed, ISO 8601 with a time zone."""
    prefix: str = ""
    """Text just before the span when it was made, to find it again if the article changes."""
    suffix: str = ""
    """Text just after the span when it was made."""
    orphan: bool = False
    """True when the article changed and the span could not be found again; its offsets are
    then where it was, not where it is."""
    history: tuple[NoteRevision, ...] = ()
    """Notes that a concurrent edit replaced, oldest first."""
    origin: str = "manual"
    """How it came to be: `manual`, `suggested` (a suggestion accepted) or `imported`."""
    review: bool = False
    """Marked for review (by `annotator merge`, where annotators disagreed on it)."""

    def to_json(self) -> dict[str, Any]:
        """The annotation as the export contract writes it; `origin` (when not manual) and
        `review` (when set) are extra keys."""
        data: dict[str, Any] = {
            "id": self.id,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "note": self.note,
            "annotator": self.annotator,
            "created": self.created,
            "updated": self.updated,
        }
        if self.origin != "manual":
            data["origin"] = self.origin
        if self.review:
            data["review"] = True
        return data

    def to_record(self) -> dict[str, Any]:
        """The annotation as the store keeps it: the contract plus what finds it again."""
        return {
            "article_id": self.article_id,
            **self.to_json(),
            "prefix": self.prefix,
            "suffix": self.suffix,
            "orphan": self.orphan,
            "history": [revision.to_json() for revision in self.history],
            "origin": self.origin,
            "review": self.review,
        }

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Annotation:
        """Read an annotation written by `to_record` (or `to_json` plus `article_id`).

        Exports read every annotation of a DB through here (100,000 in a large one), and a
        frozen dataclass's `__init__` sets each of its fourteen fields through
        `object.__setattr__`, which made this two thirds of an export's time. The fields are
        checked and set in one step instead; the instance is the same as `__init__` makes.
        """
        history = data.get("history")
        annotation = object.__new__(cls)
        annotation.__dict__.update(
            id=data["id"],
            article_id=data["article_id"],
            label=data["label"],
            start=int(data["start"]),
            end=int(data["end"]),
            text=data["text"],
            note=data.get("note", ""),
            annotator=data.get("annotator", ""),
            created=data.get("created", ""),
            updated=data.get("updated", ""),
            prefix=data.get("prefix", ""),
            suffix=data.get("suffix", ""),
            orphan=bool(data.get("orphan", False)),
            history=tuple(NoteRevision.from_json(r) for r in history) if history else (),
            origin=data.get("origin", "manual"),
            review=bool(data.get("review", False)),
        )
        return annotation

    def sort_key(self) -> tuple[int, int, str]:
        """Order of the export contract: by start, then end (then id, for stability)."""
        return (self.start, self.end, self.id)
