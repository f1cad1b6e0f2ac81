"""Messages that several widgets share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui.widgets.text_view import TextView


@dataclass
class CursorMoved(Message):
    """Posted by a TextView when the user moves its cursor or changes its selection."""

    view: TextView
    """The view whose cursor moved."""
    cursor: int
    """The cursor's offset in the article's text."""
    selection: tuple[int, int] | None
    """The selected span (start, end), or None."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, CursorMoved) and message.view is self.view


@dataclass
class AnnotationChosen(Message):
    """Posted by the AnnotationList when the user highlights or picks an annotation."""

    annotation_id: str
    """The chosen annotation."""
    go_to: bool
    """True when picked (enter or click): the view should take the focus and its cursor."""
