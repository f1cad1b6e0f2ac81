"""Right-to-left lines drawn as a reader reads them, while every offset stays logical.

A terminal puts characters on the screen left to right in the order it is given them, so Arabic
or Hebrew stored in reading order would read backwards. Each drawn line is given in visual
order instead, by the Unicode Bidirectional Algorithm (UAX #9): the embedding levels of a block
(a paragraph, to the algorithm) come from python-bidi, and each wrapped line is then reordered
on its own (rules L1 and L2), with a combining mark kept after its letter (L3) and brackets
mirrored at right-to-left levels (L4). A block whose letters are mostly right-to-left is a
right-to-left paragraph: its lines are drawn flush right.

A `VisualLine` says which offset is drawn in which cell, and back: the cursor, the selection and
the highlights are offsets, as everywhere else; only the cells they are drawn in move.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from bidi import get_base_level, get_display
from bidi.mirror import MIRRORED
from rich.cells import get_character_cell_size

from tui.visible import Shown

_RIGHT_TO_LEFT = frozenset(("R", "AL"))
"""The bidi classes of right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko...)."""
_RESET_AT_LINE_END = frozenset(("WS", "BN", "S", "B", "LRI", "RLI", "FSI", "PDI"))
"""What rule L1 puts back at the paragraph's level at the end of a line."""
_LEVELS = re.compile(r"\d+")


@dataclass(frozen=True)
class VisualLine:
    """How one line of text is drawn: which offset goes in which cell."""

    right_to_left: bool
    """The line's paragraph reads right to left: the line is drawn flush right, and the place
    after its last character (the cursor at the line's end) is on its left."""
    order: tuple[int, ...]
    """The line's offsets in the order they are drawn, left to right."""
    cells: tuple[int, ...]
    """The cell (from the text's left edge) at which each of `order` is drawn."""
    width: int
    """The cells the line's text takes."""
    mirrored: frozenset[int]
    """The offsets drawn as their mirror image (a bracket in right-to-left text)."""

    def cell_of(self, offset: int) -> int | None:
        """The cell of the character at `offset` (its letter's, for a mark), from the text's
        left edge; None when the offset is not on this line."""
        try:
            return self.cells[self.order.index(offset)]
        except ValueError:
            return None

    def col_of(self, offset: int, left: int) -> int:
        """The column at which the cursor at `offset` is drawn, the text starting at column
        `left`: past the line's last character is left of a right-to-left line."""
        cell = self.cell_of(offset)
        if cell is None:
            return left - 1 if self.right_to_left else left + self.width
        return left + cell

    def offset_at(self, cell: int, start: int, end: int) -> int:
        """The offset of the character drawn at `cell` (from the text's left edge): the first
        of its cluster; beyond the text, the line's `start` or `end`, as its direction says."""
        if cell < 0 or cell >= self.width:
            return end if (cell < 0) == self.right_to_left else start
        index = bisect_right(self.cells, cell) - 1
        while index > 0 and self.cells[index - 1] == self.cells[index]:
            index -= 1  # a mark shares its letter's cell: the letter comes first
        return self.order[index]


def right_to_left(text: str) -> bool:
    """Whether a paragraph reads right to left: most of its letters do (on a tie, its first
    letter does, as the algorithm's own rule P2 says)."""
    letters = rtl = 0
    for character, count in Counter(text).items():
        kind = unicodedata.bidirectional(character)
        if kind == "L":
            letters += count
        elif kind in _RIGHT_TO_LEFT:
            letters += count
            rtl += count
    if rtl * 2 == letters:
        return get_base_level(text) == 1
    return rtl * 2 > letters


def has_right_to_left(text: str) -> bool:
    """Whether any letter of `text` reads right to left (else the text is drawn as stored)."""
    return any(unicodedata.bidirectional(c) in _RIGHT_TO_LEFT for c in set(text))


def embedding_levels(text: str, rtl: bool) -> list[int]:
    """The embedding level of each character of a paragraph (odd: right to left).

    python-bidi (the unicode-bidi crate underneath) computes them; `get_display(debug=True)`
    is its documented way to return them, as the crate's `BidiInfo`, one level per UTF-8 byte.

    Args:
        text: The paragraph.
        rtl: Its direction (the algorithm's own guess is the first strong letter, which a
            paragraph that opens on a Latin name gets wrong).
    """
    info = str(get_display(text, base_dir="R" if rtl else "L", debug=True))
    section = info[info.rindex("levels: [") :]
    levels = [int(level) for level in _LEVELS.findall(section[: section.index("]")])]
    encoded = text.encode("utf-8")
    if len(levels) != len(encoded):
        raise ValueError(f"python-bidi gave {len(levels)} levels for {len(encoded)} bytes")
    # The level of a character is the level of its first byte (any byte but 0b10xxxxxx).
    return [level for byte, level in zip(encoded, levels, strict=True) if byte & 0xC0 != 0x80]


def reorder(text: Shown, levels: list[int], start: int, end: int, rtl: bool) -> VisualLine:
    """Line `[start, end)` of a paragraph in visual order (rules L1 to L4 of UAX #9).

    Args:
        text: The paragraph's text, or the article's: offsets index it.
        levels: The embedding level of each character of `text` from `start` to `end`
            (`levels[0]` is the level at `start`).
        start: The line's first offset.
        end: The offset just past the line.
        rtl: The paragraph's direction.
    """
    base = 1 if rtl else 0
    line_levels = list(levels)
    index = len(line_levels)
    while index > 0 and unicodedata.bidirectional(text[start + index - 1]) in _RESET_AT_LINE_END:
        index -= 1  # L1: white space at the end of the line takes the paragraph's level
        line_levels[index] = base
    # L3: a letter and the marks after it (no cells of their own) move as one.
    clusters: list[list[int]] = []
    for offset in range(start, end):
        if clusters and get_character_cell_size(text[offset]) == 0:
            clusters[-1].append(offset)
        else:
            clusters.append([offset])
    cluster_levels = [line_levels[cluster[0] - start] for cluster in clusters]
    if cluster_levels:
        highest = max(cluster_levels)
        lowest_odd = min((level for level in cluster_levels if level % 2), default=highest + 1)
        for level in range(highest, lowest_odd - 1, -1):  # L2
            position = 0
            while position < len(clusters):
                if cluster_levels[position] < level:
                    position += 1
                    continue
                run_end = position
                while run_end < len(clusters) and cluster_levels[run_end] >= level:
                    run_end += 1
                clusters[position:run_end] = clusters[position:run_end][::-1]
                cluster_levels[position:run_end] = cluster_levels[position:run_end][::-1]
                position = run_end
    order: list[int] = []
    cells: list[int] = []
    column = 0
    mirrored = set()
    for cluster in clusters:
        for offset in cluster:
            order.append(offset)
            cells.append(column)
            if line_levels[offset - start] % 2 and text[offset] in MIRRORED:
                mirrored.add(offset)  # L4
        column += sum(get_character_cell_size(text[offset]) for offset in cluster)
    return VisualLine(rtl, tuple(order), tuple(cells), column, frozenset(mirrored))


def mirror(character: str) -> str:
    """The mirror image of a bracket (`(` for `)`), or the character itself."""
    return MIRRORED.get(character, character)


def visual_string(text: str) -> tuple[str, bool] | None:
    """A line of its own (a comment's author) in the order drawn, and whether it reads right
    to left; None when it has no right-to-left letter."""
    if not has_right_to_left(text):
        return None
    rtl = right_to_left(text)
    line = reorder(text, embedding_levels(text, rtl), 0, len(text), rtl)
    drawn = (mirror(text[i]) if i in line.mirrored else text[i] for i in line.order)
    return "".join(drawn), rtl


class BidiText:
    """The visual lines of one text's paragraphs, worked out as they are drawn.

    Args:
        display: The text as shown (see `tui.visible`: no bidi controls are left in it, so
            an article cannot override the direction of what is drawn).
    """

    def __init__(self, display: Shown) -> None:
        self.display = display
        self._paragraphs: dict[int, tuple[bool, list[int]] | None] = {}
        self.line = lru_cache(maxsize=512)(self._line)

    def direction(self, start: int, end: int) -> bool | None:
        """Whether paragraph `[start, end)` reads right to left; None when it holds no
        right-to-left letter (and is drawn as stored)."""
        paragraph = self._paragraph(start, end)
        return None if paragraph is None else paragraph[0]

    def _paragraph(self, start: int, end: int) -> tuple[bool, list[int]] | None:
        if start not in self._paragraphs:
            text = self.display[start:end]
            if not has_right_to_left(text):
                self._paragraphs[start] = None
            else:
                rtl = right_to_left(text)
                self._paragraphs[start] = (rtl, embedding_levels(text, rtl))
        return self._paragraphs[start]

    def _line(self, paragraph: tuple[int, int], start: int, end: int) -> VisualLine | None:
        """Line `[start, end)` of paragraph `(start, end)` in visual order; None when the
        paragraph has no right-to-left letter."""
        found = self._paragraph(*paragraph)
        if found is None:
            return None
        rtl, levels = found
        first = start - paragraph[0]
        return reorder(self.display, levels[first : first + end - start], start, end, rtl)
