"""What the mouse does in a text view: a press puts the cursor there (with shift, it grows the
selection), a drag selects, a release snaps the selection to whole words, a double click
selects a word and a triple click a sentence; a right click puts the cursor there and tells
the screen."""

from __future__ import annotations

from typing import Any, Protocol

from textual import events

from annotations.text_units import TextUnits, Unit
from tui.widgets.text_cursor import TextCursor


class PointedView(Protocol):
    """What the mouse needs of the text view (which imports this module)."""

    units: TextUnits
    snap_words: bool

    def offset_at_event(self, event: events.MouseEvent) -> int | None: ...

    def focus(self, scroll_visible: bool = True) -> Any: ...

    def capture_mouse(self, capture: bool = True) -> None: ...

    def release_mouse(self) -> None: ...

    def set_cursor(self, offset: int, *, center: bool = False) -> None: ...

    def move_cursor(self, offset: int, *, center: bool = False) -> None: ...

    def select(self, start: int, end: int) -> None: ...

    def report_cursor(self) -> None: ...

    def report_right_click(self, offset: int) -> None: ...


class TextMouse:
    """The mouse over one text view, moving its caret (see the module)."""

    def __init__(self, view: PointedView, caret: TextCursor) -> None:
        """The mouse of `view`, whose cursor and selection are `caret`."""
        self.view = view
        self.caret = caret
        self.dragging = False
        """Whether the left button went down on the text and is not up yet."""

    def down(self, event: events.MouseDown) -> None:
        """A left press starts a selection there (shift: from the cursor, or grows the one
        there is); a right press moves the cursor there and reports a right click."""
        if event.button not in (1, 3):
            return
        view = self.view
        offset = view.offset_at_event(event)
        view.focus()
        if offset is None:
            return
        event.stop()
        if event.button == 3:  # the cursor goes there, then the screen is told
            view.move_cursor(offset)
            view.report_cursor()
            view.report_right_click(offset)
            return
        self.dragging = True
        view.capture_mouse()
        caret = self.caret
        if not (event.shift and caret.anchor is not None):
            caret.anchor = offset if not event.shift else caret.offset
        caret.goal_col = None
        view.set_cursor(offset)
        view.report_cursor()

    def move(self, event: events.MouseMove) -> None:
        """A drag moves the cursor, the selection's end, with the mouse."""
        if not self.dragging:
            return
        offset = self.view.offset_at_event(event)
        if offset is not None and offset != self.caret.offset:
            self.view.set_cursor(offset)
            self.view.report_cursor()

    def up(self, event: events.MouseUp) -> None:
        """The end of a drag: an empty selection is none; another grows to whole words when
        the view snaps them."""
        if not self.dragging:
            return
        self.dragging = False
        view, caret = self.view, self.caret
        view.release_mouse()
        if caret.anchor == caret.offset:
            caret.anchor = None
        elif view.snap_words:
            view.set_cursor(caret.snap(view.units))
        view.report_cursor()

    def click(self, event: events.Click) -> None:
        """A double click selects the word under the mouse, a triple click the sentence."""
        offset = self.view.offset_at_event(event)
        if event.chain < 2 or offset is None:
            return
        span = self.view.units.around(offset, Unit.WORD if event.chain == 2 else Unit.SENTENCE)
        if span is not None:
            event.stop()
            self.view.select(*span)
            self.view.report_cursor()
