"""The cursor and the selection of a text view, and how the movement keys move them.

Both are offsets into the article's text; the layout turns lines and columns into offsets, so
moving up keeps the column the cursor started from (as editors do) and wide characters and
accents are crossed whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotations.text_units import TextUnits, Unit
from tui.widgets.text_layout import TextLayout

VERTICAL = {"up": -1, "down": 1}
"""Moves by lines, and how many."""
PAGES = {"page_up": -1, "page_down": 1}
"""Moves by pages, and in which direction."""
BY_UNIT = {
    f"{unit.value}_{way}": (unit, way == "next") for unit in Unit for way in ("previous", "next")
}
"""Moves by words, sentences and paragraphs (`word_next`...), and whether they go forward."""


@dataclass
class TextCursor:
    """Where the cursor is and, while text is selected, where the selection began."""

    offset: int = 0
    """The cursor's offset."""
    anchor: int | None = None
    """The other end of the selection, or None."""
    goal_col: int | None = None
    """The column that moves up and down keep to, once one has been made."""

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected span as (start, end), or None when nothing is selected."""
        if self.anchor is None or self.anchor == self.offset:
            return None
        return (min(self.anchor, self.offset), max(self.anchor, self.offset))

    def extent(self) -> tuple[int, int]:
        """The offsets the cursor and the selection cover (the cursor's cell included)."""
        low = high = self.offset
        if self.anchor is not None:
            low, high = min(low, self.anchor), max(high, self.anchor)
        return low, high + 1

    def reset(self, offset: int) -> None:
        """Put the cursor at `offset`, with nothing selected and no column to keep."""
        self.offset, self.anchor, self.goal_col = offset, None, None

    def snap(self, units: TextUnits) -> int:
        """Grow the selection outward to whole words, keeping its direction.

        Returns:
            The new offset of the cursor.
        """
        if self.selection is None or self.anchor is None:
            return self.offset
        start, end = units.snap(*self.selection)
        self.anchor, self.offset = (start, end) if self.anchor < self.offset else (end, start)
        return self.offset

    def move(
        self, layout: TextLayout, where: str, extend: bool, page: int,
        units: TextUnits | None = None,
    ) -> int:
        """Move the cursor as key `where` asks; with `extend`, grow the selection.

        Args:
            layout: The view's layout.
            where: left, right, up, down, page_up, page_down, line_start, line_end, top,
                bottom, or a move by unit (`BY_UNIT`: word_next, sentence_previous...).
            extend: Grow the selection from where the cursor was, rather than drop it.
            page: How many lines a page is.
            units: The words, sentences and paragraphs of the view's blocks (needed for the
                moves by unit).

        Returns:
            The new offset.
        """
        if extend and self.anchor is None:
            self.anchor = self.offset
        elif not extend:
            self.anchor = None
        cursor = self.offset
        if where in BY_UNIT and units is not None:
            self.goal_col = None
            unit, forward = BY_UNIT[where]
            # Words always go to a word's end, so that extending takes whole words; a jump by
            # sentence or paragraph lands on the next one's start, and extending takes it whole.
            if forward:
                to_end = extend or unit is Unit.WORD
                cursor = units.forward(cursor, unit, to_end=to_end)
            else:
                cursor = units.backward(cursor, unit)
        elif where in VERTICAL or where in PAGES:
            if self.goal_col is None:
                self.goal_col = layout.col_of(cursor)
            step = VERTICAL[where] if where in VERTICAL else PAGES[where] * page
            target = layout.text_line_after(layout.line_at(cursor), step)
            cursor = layout.offset_at(target, self.goal_col)
        else:
            self.goal_col = None
            line = layout.line_at(cursor)
            if where in ("left", "right") and layout.reads_right_to_left(cursor):
                where = "right" if where == "left" else "left"  # left goes on, as one reads
            if where == "left":
                cursor = layout.previous_position(cursor)
            elif where == "right":
                cursor = layout.next_position(cursor)
            elif where == "line_start":
                cursor = layout.span(line)[0]
            elif where == "line_end":
                cursor = layout.span(line)[1]
            elif where == "top":
                cursor = layout.first_offset or 0
            elif where == "bottom":
                cursor = layout.last_offset or 0
        self.offset = cursor
        return cursor


def offset_at_point(layout: TextLayout, line: int, col: int) -> int | None:
    """Where a click on visual line `line`, cell `col`, puts the cursor: the character there,
    or the nearest text when the click is between blocks or past either end."""
    if line >= layout.line_count:
        return layout.last_offset
    if line < 0:
        return layout.first_offset
    text_line = layout.nearest_text_line(line)
    if text_line is None:
        return None
    if text_line != line:
        return layout.span(text_line)[1]
    return layout.offset_at(line, col)
