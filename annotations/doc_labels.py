"""Labels for a whole article (its type) and for each reader comment (its stance).

A label file declares sets of choices for the article and for comments (`ChoiceSet`); an
annotator's choices in one set for one article or comment are a `DocLabel`. A comment is named
by its place among the article's comments, and its author and opening words are kept beside it
to find it again when the article changes (`reanchored`); a label whose comment is gone is kept
as an orphan, as a span's annotation is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from annotations.model import Article, Block

Target = Literal["article", "comment"]
"""What a set of choices labels."""

ANCHOR_CHARS = 120
"""How much of a comment (after its author) is kept to find it again."""


@dataclass(frozen=True)
class ChoiceSet:
    """A set of choices for the article or for each comment, as a label file declares it."""

    name: str
    """The set as exported, e.g. `stance`."""
    target: Target
    """Whether it labels the article or each reader comment."""
    choices: tuple[str, ...]
    """The choices, in order: keys 1 to 9 pick them in the dialog."""
    multiple: bool = False
    """Several choices may be taken at once; otherwise one at most."""
    description: str = ""
    """One line saying what it is for."""

    def choose(self, chosen: Sequence[str], choice: str) -> tuple[str, ...]:
        """`chosen` after the user picks `choice`: a single choice is taken (or dropped when
        picked again); one of several is added or taken away. In the set's order."""
        if choice in chosen:
            kept = set(chosen) - {choice}
        else:
            kept = {*chosen, choice} if self.multiple else {choice}
        return tuple(c for c in self.choices if c in kept)


DEFAULT_CHOICE_SETS: tuple[ChoiceSet, ...] = (
    ChoiceSet("type", "article", ("news", "opinion piece", "analysis"),
              description="What kind of piece the article is."),
    ChoiceSet("stance", "comment", ("agrees", "disagrees", "neutral", "off topic"),
              description="The comment's stance toward the article."),
)


@dataclass(frozen=True)
class DocLabel:
    """One annotator's choices in one set, for an article or for one of its comments."""

    id: str
    """Unique identifier (a UUID4 in hex)."""
    article_id: str
    """The article."""
    name: str
    """The set's name (`type`, `stance`)."""
    choices: tuple[str, ...]
    """What was chosen, in the set's order."""
    comment: int | None = None
    """The comment's place among the article's comments (0 for the first); None for the
    article itself."""
    annotator: str = ""
    """Who chose."""
    created: str = ""
    """When it was first chosen, ISO 8601 with a time zone."""
    updated: str = ""
    """When it last changed, ISO 8601 with a time zone."""
    anchor: str = ""
    """The comment's author and opening words when it was labelled, to find it again."""
    orphan: bool = False
    """True when the article changed and the comment could not be found again."""
    review: bool = False
    """Marked for review (by `annotator merge`, where annotators chose differently)."""

    def to_json(self) -> dict[str, Any]:
        """The label as the export contract writes it (on the article, or on its comment's
        block); an orphan also says which comment it was."""
        data: dict[str, Any] = {
            "id": self.id, "name": self.name, "choices": list(self.choices),
            "annotator": self.annotator, "created": self.created, "updated": self.updated,
        }
        if self.orphan:
            data.update(orphan=True, comment=self.comment, anchor=self.anchor)
        if self.review:
            data["review"] = True
        return data

    def to_record(self) -> dict[str, Any]:
        """The label as the store keeps it."""
        return {**self.to_json(), "article_id": self.article_id, "comment": self.comment,
                "anchor": self.anchor, "orphan": self.orphan, "review": self.review}

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> DocLabel:
        """Read a label written by `to_record`."""
        comment = data.get("comment")
        return cls(
            id=data["id"], article_id=data["article_id"], name=data["name"],
            choices=tuple(data.get("choices", ())),
            comment=None if comment is None else int(comment),
            annotator=data.get("annotator", ""), created=data.get("created", ""),
            updated=data.get("updated", ""), anchor=data.get("anchor", ""),
            orphan=bool(data.get("orphan", False)), review=bool(data.get("review", False)),
        )


def anchor_of(article: Article, comment: Block) -> str:
    """What is kept of a comment to find it again: its author, then its opening words."""
    return f"{comment.author}\n{article.block_text(comment)[:ANCHOR_CHARS]}"


def reanchored(label: DocLabel, article: Article) -> DocLabel | None:
    """The label as it stands on the article's new text; None when it has not moved.

    A comment is found again by its author and opening words; failing that (its text was
    edited), by its author alone; of several, the one nearest its old place. Else the label
    becomes an orphan.
    """
    if label.comment is None or label.orphan or not label.anchor:
        return None
    old = label.comment
    anchors = [anchor_of(article, comment) for comment in article.comments]
    if old < len(anchors) and anchors[old] == label.anchor:
        return None
    author = label.anchor.split("\n", 1)[0]
    for found in (
        [place for place, anchor in enumerate(anchors) if anchor == label.anchor],
        [place for place, comment in enumerate(article.comments) if comment.author == author],
    ):
        if found:
            place = min(found, key=lambda p: abs(p - old))
            return replace(label, comment=place, anchor=anchors[place])
    return replace(label, orphan=True)


def choice_set(sets: Iterable[ChoiceSet], name: str, target: Target) -> ChoiceSet | None:
    """The set called `name` for `target`, if there is one."""
    return next((s for s in sets if s.name == name and s.target == target), None)


def shown(labels: Iterable[DocLabel]) -> str:
    """Labels as one line: `stance: agrees · type: news, analysis` (several annotators'
    choices in one set are joined with `/`)."""
    by_name: dict[str, list[str]] = {}
    for label in labels:
        if label.choices and not label.orphan:
            by_name.setdefault(label.name, []).append(", ".join(label.choices))
    return " · ".join(f"{name}: {' / '.join(dict.fromkeys(values))}"
                      for name, values in by_name.items())
