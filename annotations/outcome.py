"""What an operation of the session did, for the screen to show: messages, changes, a place."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Flag, auto

Span = tuple[int, int]
"""A (start, end) pair of offsets into the article's text, end exclusive."""


class Changed(Flag):
    """What an operation changed, so that the screen shows those parts again (and saves)."""

    NOTHING = 0
    ARTICLE = auto()
    """Another article is current: show it whole."""
    ANNOTATIONS = auto()
    """The article's annotations changed: list them again and redraw `Outcome.redraw`."""
    ACTIVE = auto()
    """Another annotation (or none) is the one the keys act on."""
    STATUS = auto()
    """The article's status changed."""
    SUGGESTIONS = auto()
    """A suggestion was decided without becoming an annotation (it was rejected)."""
    RELATIONS = auto()
    """A relation was made or deleted: list the annotations and their relations again."""
    LABELS = auto()
    """The article's or a comment's labels changed: show the header and the comments again."""


@dataclass(frozen=True)
class Notice:
    """A message for the user."""

    text: str
    """What to say, as plain text (never markup)."""
    warning: bool = False
    """It says why nothing was done, or that something needs the user's attention."""
    lasting: bool = False
    """Worth leaving on screen longer than a passing message."""


@dataclass(frozen=True)
class Outcome:
    """The result of one operation: what to tell the user, what changed, where to go."""

    notices: tuple[Notice, ...] = ()
    """The messages to show, in order."""
    changed: Changed = Changed.NOTHING
    """What changed."""
    redraw: Span | None = None
    """The offsets whose highlights changed (None: nothing to redraw, or all of it when the
    article changed)."""
    cursor: int | None = None
    """Where to put the cursor, with nothing selected (None: leave it where it is)."""
    select: Span | None = None
    """A span to select, in the pane that holds it, which takes the focus."""
    center: bool = False
    """Scroll the cursor to the middle of the pane rather than just into view."""
    to_save: bool = False
    """The operation wrote to the store: the change has to be saved."""

    def saying(self, text: str, *, warning: bool = False) -> Outcome:
        """This outcome with one more message."""
        return replace(self, notices=(*self.notices, Notice(text, warning)))


def say(text: str, *, warning: bool = False, lasting: bool = False) -> Outcome:
    """An outcome that only tells the user something."""
    return Outcome(notices=(Notice(text, warning, lasting),))


def counted(number: int, noun: str) -> str:
    """`1 article`, `2 articles`: a count with its noun in the number it takes (an English
    noun that takes an s)."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
