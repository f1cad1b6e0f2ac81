"""Blocks of an article wrapped into the lines a text view draws, lazily.

This is where character offsets meet screen cells: `col_of` and `offset_at` convert between an
offset into the article's text and a column on a visual line. Wide characters take two cells and
combining marks none, so a cursor never stops between a letter and its accent. A line with
right-to-left letters is drawn reordered (`visual`, worked out by `text_bidi`), and the two
conversions go through its order.

Wrapping a 5 MB article takes a few hundred milliseconds, so a block is wrapped only when a line
of it is needed (the lines on screen, the cursor's line) and the rest in the background
(`wrap_some`). Until a block is wrapped its line count is an estimate; a Fenwick tree of the
per-block counts maps a visual line to its block in O(log n) as the estimates become exact.
`eager=True` wraps everything at once; the tests check that both give the same lines.
"""

from __future__ import annotations

import time
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from enum import IntEnum
from typing import get_args

from annotations.model import Block, BlockKind
from tui.visible import Shown
from tui.widgets.line_counts import LineCounts
from tui.widgets.line_wrap import cell_width, wrap
from tui.widgets.text_bidi import BidiText, VisualLine


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


class TextLayout:
    """The visual lines of a view's blocks at one width.

    Args:
        display: The article's text as shown (see `tui.visible`), same length as the text.
        blocks: The blocks this view shows, in order.
        width: Cells available for a line, prefix included.
        notice: What to show when there are no blocks.
        eager: Wrap every block now instead of as needed.
        bidi: Draw lines with right-to-left letters in visual order (see `text_bidi`); off for
            a terminal that reorders them itself.
    """

    def __init__(
        self,
        display: Shown,
        blocks: Sequence[Block],
        width: int,
        notice: str = "",
        *,
        eager: bool = False,
        bidi: bool = False,
    ) -> None:
        self.display = display
        self.bidi = BidiText(display) if bidi else None
        self.blocks = tuple(blocks)
        self.block_starts = array("q", [block.start for block in self.blocks])
        self.width = width
        self.notice = notice
        self._lines: list[array | None] = [None] * len(self.blocks)
        """Of each block wrapped, its lines' start offsets then their end offsets: one array
        of 4-byte items a block, not two of 8 (a 20 MB article wrapped whole took 12 MB)."""
        self._offset_type = "i" if not self.blocks or self.blocks[-1].end < 2**31 else "q"
        # _header(i) + _estimate(i) of every block, without two calls a block (a 20 MB
        # article has 34,000 blocks): the text width depends on the kind alone.
        widths = {kind: self._text_width(Block(kind, 0, 0)) for kind in get_args(BlockKind)}
        self._counts = [
            (index > 0) + (block.kind == "comment")
            + max(1, -(-(block.end - block.start) // widths[block.kind]))
            for index, block in enumerate(self.blocks)
        ]
        self._tree = LineCounts(self._counts)
        self._next_unwrapped = 0
        if eager:
            self.wrap_some(budget=None)

    def _header(self, index: int) -> int:
        """Lines above a block's text: a blank line between blocks, and a comment's author."""
        return (1 if index else 0) + (1 if self.blocks[index].kind == "comment" else 0)

    def _text_width(self, block: Block) -> int:
        return max(1, self.width - self.prefix_width(block) - 1)

    def _estimate(self, index: int) -> int:
        block = self.blocks[index]
        return max(1, -(-(block.end - block.start) // self._text_width(block)))

    def _wrap(self, index: int) -> None:
        """Wrap block `index` if it is not yet, making its line count exact."""
        if self._lines[index] is not None:
            return
        block = self.blocks[index]
        lines = wrap(self.display, block.start, block.end, self._text_width(block))
        self._lines[index] = array(
            self._offset_type, [start for start, _ in lines] + [end for _, end in lines]
        )
        exact = self._header(index) + len(lines)
        if exact != self._counts[index]:
            self._tree.add(index, exact - self._counts[index])
            self._counts[index] = exact

    def _text_lines(self, index: int) -> int:
        """How many lines block `index` is wrapped into (wrapping it if it is not yet)."""
        self._wrap(index)
        lines = self._lines[index]
        assert lines is not None
        return len(lines) // 2

    def wrap_some(self, budget: float | None = 0.008) -> bool:
        """Wrap blocks not yet wrapped, in order, for about `budget` seconds (None: all).

        Returns:
            True when every block is wrapped.
        """
        deadline = None if budget is None else time.perf_counter() + budget
        while self._next_unwrapped < len(self.blocks):
            self._wrap(self._next_unwrapped)
            self._next_unwrapped += 1
            if deadline is not None and time.perf_counter() >= deadline:
                break
        return self.complete

    def wrap_around(self, offset: int, lines: int) -> None:
        """Wrap the blocks holding about `lines` lines either side of the one at `offset`.

        A view scrolled to `offset` then draws only exact lines: the lines between its top
        and `offset` no longer change as estimates become exact, and keeping the top line in
        place (as the background wrapping does) keeps `offset` in place too.
        """
        found = self.block_index_at(offset)
        if found is None:
            return
        for step in (-1, 1):
            index, covered = found, 0
            while 0 <= index < len(self.blocks) and covered <= lines:
                self._wrap(index)
                covered += self._counts[index]
                index += step

    @property
    def complete(self) -> bool:
        """Whether every block is wrapped (so `line_count` is exact)."""
        while self._next_unwrapped < len(self.blocks) and self._lines[self._next_unwrapped]:
            self._next_unwrapped += 1
        return self._next_unwrapped >= len(self.blocks)

    @property
    def line_count(self) -> int:
        """How many visual lines there are (an estimate until `complete`)."""
        return self._tree.total if self.blocks else 1

    def first_line_of(self, index: int) -> int:
        """The visual line on which block `index` begins (its blank line, if it has one)."""
        return self._tree.before(index)

    def locate(self, line: int) -> tuple[int, int]:
        """The block a visual line belongs to, and the line's place within the block's lines
        (header lines first). Wraps the block if needed."""
        line = min(max(line, 0), self.line_count - 1)
        while True:
            index = self._tree.find(line)
            if self._lines[index] is not None:
                return index, line - self._tree.before(index)
            self._wrap(index)  # the count may change; find again

    def kind(self, line: int) -> LineKind:
        """What the visual line holds."""
        if not self.blocks:
            return LineKind.NOTICE
        index, local = self.locate(line)
        header = self._header(index)
        if local >= header:
            return LineKind.TEXT
        if self.blocks[index].kind == "comment" and local == header - 1:
            return LineKind.AUTHOR
        return LineKind.BLANK

    def block_index(self, line: int) -> int:
        """The index of the block a visual line belongs to (-1 for the notice)."""
        return self.locate(line)[0] if self.blocks else -1

    def span(self, line: int) -> tuple[int, int]:
        """(start, end) offsets shown on a TEXT line; a header line gives its block's start."""
        index, local = self.locate(line)
        text_line = local - self._header(index)
        lines = self._lines[index]
        assert lines is not None
        if text_line < 0:
            start = self.blocks[index].start
            return start, start
        return lines[text_line], lines[len(lines) // 2 + text_line]

    def is_first(self, line: int) -> bool:
        """Whether a TEXT line is the first of its block."""
        index, local = self.locate(line)
        return local == self._header(index)

    @staticmethod
    def prefix_width(block: Block) -> int:
        """Cells in front of a block's text: a bullet for list items, an indent for comments."""
        return 2 if block.kind in ("list_item", "comment") else 0

    def prefix(self, line: int) -> str:
        """What stands before the text on a TEXT line."""
        block = self.blocks[self.block_index(line)]
        if block.kind == "list_item":
            return "• " if self.is_first(line) else "  "
        return " " * self.prefix_width(block)

    def block(self, line: int) -> Block | None:
        """The block a line belongs to, or None for a notice."""
        index = self.block_index(line)
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
        if not self.blocks:
            return 0
        index = self.block_index_at(offset)
        if index is None:
            index = max(0, bisect_right(self.block_starts, offset) - 1)
            offset = self.blocks[index].end
        self._wrap(index)
        lines = self._lines[index]
        assert lines is not None
        text_line = max(0, bisect_right(lines, offset, 0, len(lines) // 2) - 1)
        return self._tree.before(index) + self._header(index) + text_line

    def visual(self, line: int) -> VisualLine | None:
        """How TEXT line `line` is reordered for the eye; None when it is drawn as stored (no
        right-to-left letter in its block, or bidi is off)."""
        if self.bidi is None:
            return None
        block = self.blocks[self.block_index(line)]
        return self.bidi.line((block.start, block.end), *self.span(line))

    def reads_right_to_left(self, offset: int) -> bool:
        """Whether the block holding `offset` is drawn as a right-to-left paragraph."""
        index = self.block_index_at(offset)
        if self.bidi is None or index is None:
            return False
        block = self.blocks[index]
        return bool(self.bidi.direction(block.start, block.end))

    def text_left(self, line: int, visual: VisualLine) -> int:
        """The cell at which the text of a reordered line begins (flush right when the line's
        paragraph reads right to left, the prefix then on the right)."""
        prefix = self.prefix_width(self.blocks[self.block_index(line)])
        return self.width - prefix - visual.width if visual.right_to_left else prefix

    def col_of(self, offset: int) -> int:
        """The cell at which the cursor at `offset` is drawn, prefix included."""
        line = self.line_at(offset)
        start, _ = self.span(line)
        visual = self.visual(line)
        if visual is not None:
            return visual.col_of(offset, self.text_left(line, visual))
        segment = self.display[start:offset]
        cells = len(segment) if segment.isascii() else sum(map(cell_width, segment))
        return self.prefix_width(self.blocks[self.block_index(line)]) + cells

    def offset_at(self, line: int, col: int) -> int:
        """The offset under cell `col` of TEXT line `line` (its end when past the text)."""
        block = self.blocks[self.block_index(line)]
        start, end = self.span(line)
        visual = self.visual(line)
        if visual is not None:
            return visual.offset_at(col - self.text_left(line, visual), start, end)
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

    def nearest_text_line(self, line: int) -> int | None:
        """The TEXT line at `line`, or for a header line the last text line above it (the first
        one below, at the very top)."""
        if not self.blocks:
            return None
        index, local = self.locate(line)
        header = self._header(index)
        if local >= header:
            return min(max(line, 0), self.line_count - 1)
        if index == 0:
            return self.first_line_of(0) + header
        return self.first_line_of(index) - 1

    def text_line_after(self, line: int, step: int) -> int:
        """The TEXT line `step` TEXT lines below (`step` < 0: above) `line`, stopping at the
        first or last."""
        text_line = self.nearest_text_line(line)
        if text_line is None:
            return 0
        index, local = self.locate(text_line)
        position = local - self._header(index)
        position += step
        while True:
            count = self._text_lines(index)
            if position < 0 and index > 0:
                index -= 1
                position += self._text_lines(index)
                continue
            if position >= count and index + 1 < len(self.blocks):
                position -= count
                index += 1
                continue
            position = min(max(position, 0), count - 1)
            return self._tree.before(index) + self._header(index) + position

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
