"""Greedy word wrap of a block's text into lines of at most so many cells.

Wide characters take two cells and combining marks none (`cell_width`); a line break replaces
one space, and a word longer than the width is cut. `TextLayout` wraps each block through here
as it is needed.
"""

from __future__ import annotations

from rich.cells import get_character_cell_size

from tui.visible import Shown


def cell_width(character: str) -> int:
    """Cells one character takes once shown (controls are shown as one-cell symbols)."""
    return get_character_cell_size(character)


def wrap(display: Shown, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of `display[start:end]` into lines of at most `width` cells.

    A line break replaces one space, which belongs to no line; a word longer than the width is
    cut. Returns (start, end) offsets of each line; an empty block gives one empty line.
    """
    width = max(1, width)
    text = display[start:end]  # once: `display` may be made visible as it is read
    if text.isascii():
        return _wrap_ascii(text, start, width)
    return _wrap_cells(text, start, width)


def _wrap_ascii(text: str, base: int, width: int) -> list[tuple[int, int]]:
    """`wrap` of `text`, which starts at offset `base`, all of it one cell a character."""
    lines = []
    position = 0
    end = len(text)
    while end - position > width:
        cut = text.rfind(" ", position + 1, position + width + 1)
        if cut == -1:
            lines.append((base + position, base + position + width))
            position += width
        else:
            lines.append((base + position, base + cut))
            position = cut + 1
    lines.append((base + position, base + end))
    return lines


def _wrap_cells(text: str, base: int, width: int) -> list[tuple[int, int]]:
    """`wrap` of `text`, which starts at offset `base`, counting each character's cells."""
    lines = []
    position = 0
    column = 0
    last_space = -1
    index = 0
    end = len(text)
    while index < end:
        character = text[index]
        cells = cell_width(character)
        if column + cells > width and index > position:
            if character == " ":
                lines.append((base + position, base + index))
                position, column, last_space = index + 1, 0, -1
                index += 1
                continue
            if last_space > position:
                lines.append((base + position, base + last_space))
                position = last_space + 1
                column = sum(cell_width(c) for c in text[position:index])
                last_space = -1
                continue  # the word carried over may still leave no room for this character
            else:
                lines.append((base + position, base + index))
                position, column = index, 0
            last_space = -1
        if character == " ":
            last_space = index
        column += cells
        index += 1
    lines.append((base + position, base + end))
    return lines
