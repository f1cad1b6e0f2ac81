"""Blocks of an article wrapped into the lines a text view draws.

This is where character offsets meet screen cells: `col_of` and `offset_at` convert between an
offset into the article's text and a column on a visual line. Wide characters take two cells and
combining marks none, so a cursor never stops between a letter and its accent.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Sequence
from enum import IntEnum

from rich.cells import get_character_cell_size

from annotations.model import Block


class LineKind(IntEnum):
    """What a visual line holds."""

    TEXT = 0
    """Part of a block's text: the cursor can stand on it."""
    BLANK = 1
    """The gap between two blocks."""
    AUTHOR = 2
    """A comment's author, above its text."""
    NOTICE = 3
    """A message in place of text (for example "No reader comments")."""


def cell_width(character: str) -> int:
    """Cells one character takes once shown (controls are shown as one-cell symbols)."""
    return get_character_cell_size(character)


def wrap(display: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of `display[start:end]` into lines of at most `width` cells.

    A line break replaces one space, which belongs to no line; a word longer than the width is
    cut. Returns (start, end) offsets of each line; an empty block gives one empty line.
    """
    width = max(1, width)
    if display[start:end].isascii():
        return _wrap_ascii(display, start, end, width)
    return _wrap_cells(display, start, end, width)


def _wrap_ascii(display: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    lines = []
    position = start
    while end - position > width:
        cut = display.rfind(" ", position + 1, position + width + 1)
        if cut == -1:
            lines.append((position, position + width))
            position += width
        else:
            lines.append((position, cut))
            position = cut + 1
    lines.append((position, end))
    return lines


def _wrap_cells(display: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    lines = []
    position = start
    column = 0
    last_space = -1
    index = start
    while index < end:
        character = display[index]
        cells = cell_width(character)
        if column + cells > width and index > position:
            if character == " ":
                lines.append((position, index))
                position, column, last_space = index + 1, 0, -1
                index += 1
                continue
            if last_space > position:
                lines.append((position, last_space))
                position = last_space + 1
                column = sum(cell_width(c) for c in display[position:index])
            else:
                lines.append((position, index))
                position, column = index, 0
            last_space = -1
        if character == " ":
            last_space = index
        column += cells
        index += 1
    lines.append((position, end))
    return lines


class TextLayout:
    """The visual lines of a view's blocks at one width.

    Args:
        display: The article's text as shown (see `tui.visible`), same length as the text.
        blocks: The blocks this view shows, in order.
        width: Cells available for a line, prefix included.
        notice: What to show when there are no blocks.
    """

    def __init__(self, display: str, blocks: Sequence[Block], width: int, notice: str = "") -> None:
        self.display = display
        self.blocks = tuple(blocks)
        self.block_starts = array("q", (block.start for block in self.blocks))
        self.width = width
        self.kinds = array("b")
        self.block_of = array("l")
        self.starts = array("q")
        self.ends = array("q")
        self.first_of_block = array("b")
        self.text_lines = array("l")
        """Line numbers of the TEXT lines, in order."""
        self.text_starts = array("q")
        """Start offset of each TEXT line, parallel to `text_lines`."""
        self.notice = notice
        self._lay_out()

    def _lay_out(self) -> None:
        if not self.blocks:
            self._add(LineKind.NOTICE, -1, 0, 0, False)
            return
        for index, block in enumerate(self.blocks):
            if index:
                self._add(LineKind.BLANK, index, block.start, block.start, False)
            if block.kind == "comment":
                self._add(LineKind.AUTHOR, index, block.start, block.start, False)
            text_width = self.width - self.prefix_width(block) - 1
            for number, (start, end) in enumerate(
                wrap(self.display, block.start, block.end, text_width)
            ):
                self.text_lines.append(len(self.kinds))
                self.text_starts.append(start)
                self._add(LineKind.TEXT, index, start, end, number == 0)

    def _add(self, kind: LineKind, block: int, start: int, end: int, first: bool) -> None:
        self.kinds.append(kind)
        self.block_of.append(block)
        self.starts.append(start)
        self.ends.append(end)
        self.first_of_block.append(first)

    @property
    def line_count(self) -> int:
        """How many visual lines there are."""
        return len(self.kinds)

    @staticmethod
    def prefix_width(block: Block) -> int:
        """Cells in front of a block's text: a bullet for list items, an indent for comments."""
        return 2 if block.kind in ("list_item", "comment") else 0

    def prefix(self, line: int) -> str:
        """What stands before the text on a TEXT line."""
        block = self.blocks[self.block_of[line]]
        if block.kind == "list_item":
            return "• " if self.first_of_block[line] else "  "
        return " " * self.prefix_width(block)

    def block(self, line: int) -> Block | None:
        """The block a line belongs to, or None for a notice."""
        index = self.block_of[line]
        return self.blocks[index] if index >= 0 else None

    @property
    def first_offset(self) -> int | None:
        """The first place the cursor can stand, or None when there is no text."""
        return self.blocks[0].start if self.blocks else None

    @property
    def last_offset(self) -> int | None:
        """The last place the cursor can stand (end of the last block)."""
        return self.blocks[-1].end if self.blocks else None

    def holds(self, offset: int) -> bool:
        """Whether `offset` lies in (or at the end of) one of this view's blocks."""
        return self.block_index_at(offset) is not None

    def block_index_at(self, offset: int) -> int | None:
        """Index of the block holding `offset` (its end counts as inside), or None."""
        index = bisect_right(self.block_starts, offset) - 1
        if index >= 0 and offset <= self.blocks[index].end:
            return index
        return None

    def line_at(self, offset: int) -> int:
        """The TEXT line on which the cursor at `offset` is drawn."""
        position = max(0, bisect_right(self.text_starts, offset) - 1)
        return self.text_lines[position] if self.text_lines else 0

    def col_of(self, offset: int) -> int:
        """The cell at which the cursor at `offset` is drawn, prefix included."""
        line = self.line_at(offset)
        start = self.starts[line]
        segment = self.display[start:offset]
        cells = len(segment) if segment.isascii() else sum(map(cell_width, segment))
        return self.prefix_width(self.blocks[self.block_of[line]]) + cells

    def offset_at(self, line: int, col: int) -> int:
        """The offset under cell `col` of TEXT line `line` (its end when past the text)."""
        block = self.blocks[self.block_of[line]]
        start, end = self.starts[line], self.ends[line]
        remaining = col - self.prefix_width(block)
        if remaining <= 0:
            return start
        segment = self.display[start:end]
        if segment.isascii():
            return min(end, start + remaining)
        cells = 0
        for index, character in enumerate(segment, start):
            width = cell_width(character)
            if width and cells + width > remaining:
                return index
            cells += width
        return end

    def nearest_text_line(self, line: int, downwards: bool = False) -> int | None:
        """The closest TEXT line at or before `line` (or after it, when `downwards`)."""
        if not self.text_lines:
            return None
        line = min(max(line, 0), self.line_count - 1)
        position = bisect_right(self.text_lines, line) - 1
        if position >= 0 and self.text_lines[position] == line:
            return line
        if downwards:
            position += 1
        position = min(max(position, 0), len(self.text_lines) - 1)
        return self.text_lines[position]

    def text_line_after(self, line: int, step: int) -> int | None:
        """The TEXT line `step` TEXT lines below (`step` < 0: above) `line`; None past the end."""
        position = bisect_right(self.text_lines, line) - 1 + step
        if 0 <= position < len(self.text_lines):
            return self.text_lines[position]
        return None

    def next_position(self, offset: int) -> int:
        """Where the cursor goes one character to the right (across blocks, over accents)."""
        index = self.block_index_at(offset)
        if index is None:
            return offset
        block = self.blocks[index]
        if offset >= block.end:
            return self.blocks[index + 1].start if index + 1 < len(self.blocks) else offset
        offset += 1
        while offset < block.end and cell_width(self.display[offset]) == 0:
            offset += 1
        return offset

    def previous_position(self, offset: int) -> int:
        """Where the cursor goes one character to the left."""
        index = self.block_index_at(offset)
        if index is None:
            return offset
        block = self.blocks[index]
        if offset <= block.start:
            return self.blocks[index - 1].end if index > 0 else offset
        offset -= 1
        while offset > block.start and cell_width(self.display[offset]) == 0:
            offset -= 1
        return offset
