"""A one-line input that draws control characters as symbols; its value stays the real text."""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text
from textual.widgets import Input

from tui.visible import visible


class VisibleInput(Input):
    """An `Input` whose value is the text as it is (a note that holds a tab or an escape
    sequence keeps it when edited), drawn through `visible()`.

    Textual's Input draws its value as it is: an escape sequence in an imported note reached
    the terminal from the note dialog. Textual has no public hook for what an Input draws (its
    `highlighter` receives a Rich `Text` that has already dropped some control characters,
    which moves the cursor off its character), so this class overrides the three places where
    Input turns its value into cells: what is drawn, and the conversions between a position
    in the value and a cell. Each sees the visible text, which has exactly one character for
    each character of the value, so positions in one are positions in the other.
    """

    @property
    def _value(self) -> Text:
        """The value as drawn."""
        if self.password:
            return super()._value
        text = Text(visible(self.value), no_wrap=True, overflow="ignore", end="")
        return self.highlighter(text) if self.highlighter is not None else text

    def _position_to_cell(self, position: int) -> int:
        """The cell where the character at `position` of the value is drawn."""
        if self.password:
            return super()._position_to_cell(position)
        return cell_len(visible(self.value[:position]))

    def _cell_offset_to_index(self, offset: int) -> int:
        """The position in the value of the character drawn at cell `offset` (a click)."""
        if self.password:
            return super()._cell_offset_to_index(offset)
        offset += self.scroll_offset.x
        cell = 0
        drawn = visible(self.value)
        for index, character in enumerate(drawn):
            width = get_character_cell_size(character)
            if cell <= offset < cell + width:
                return index
            cell += width
        return max(0, min(offset, len(drawn)))
