"""A scrolling list of one-line rows with a highlighted row, drawn with the line API.

Only the rows on screen are drawn, so a list of tens of thousands of rows (articles of a set, or
annotations of a dense article) shows and changes at once; Textual's OptionList and DataTable
measure every row when they are filled. Subclasses say how a row looks (`render_row`).
"""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.widgets.scrolling import set_virtual_size


class RowList(ScrollView, can_focus=True):
    """Rows with a highlight that the keys and the mouse move; enter or a double click picks."""

    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "move(-1000000000)", "First", show=False),
        Binding("end", "move(1000000000)", "Last", show=False),
        Binding("enter", "pick", "Open", show=False),
    ]

    COMPONENT_CLASSES = {"row-list--cursor"}

    DEFAULT_CSS = """
    RowList { background: $surface; overflow-y: scroll; overflow-x: hidden;
              scrollbar-size-vertical: 1; }
    RowList > .row-list--cursor { background: $accent 30%; }
    RowList:focus > .row-list--cursor { background: $accent 55%; text-style: bold; }
    """

    cursor: reactive[int | None] = reactive(None, always_update=True, init=False)
    """The highlighted row, or None when there are no rows (or none is highlighted)."""

    class Highlighted(Message):
        """Posted by a RowList when the user moves the highlight to another row."""

        def __init__(self, row_list: RowList, index: int) -> None:
            super().__init__()
            self.row_list = row_list
            self.index = index

    class Picked(Message):
        """Posted by a RowList when the user picks a row (enter or a double click)."""

        def __init__(self, row_list: RowList, index: int) -> None:
            super().__init__()
            self.row_list = row_list
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.row_count = 0

    def set_row_count(self, count: int, cursor: int | None) -> None:
        """Say how many rows there are now and which to highlight, without announcing it."""
        self.row_count = count
        set_virtual_size(self, Size(self.scrollable_content_region.width, count))
        self.set_reactive(RowList.cursor, cursor if cursor is None or count else None)
        if self.cursor is not None:
            self._scroll_to_cursor()
        self.refresh()

    def watch_cursor(self, cursor: int | None) -> None:
        if cursor is not None:
            self._scroll_to_cursor()
        self.refresh()

    def _scroll_to_cursor(self) -> None:
        if self.cursor is not None:
            self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, immediate=True)

    def _move_to(self, index: int) -> None:
        if not self.row_count:
            return
        index = max(0, min(self.row_count - 1, index))
        if index != self.cursor:
            self.cursor = index
            self.post_message(self.Highlighted(self, index))

    def action_move(self, step: int) -> None:
        """Move the highlight by `step` rows."""
        self._move_to((self.cursor if self.cursor is not None else -1 if step > 0 else 0) + step)

    def action_page(self, direction: int) -> None:
        """Move the highlight a page up or down."""
        self.action_move(direction * max(1, self.scrollable_content_region.height - 1))

    def action_pick(self) -> None:
        """Pick the highlighted row."""
        if self.cursor is not None:
            self.post_message(self.Picked(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        row = event.get_content_offset_capture(self).y + int(self.scroll_y)
        if 0 <= row < self.row_count:
            self._move_to(row)
            if event.chain >= 2:
                self.action_pick()

    def on_resize(self, event: events.Resize) -> None:
        set_virtual_size(self, Size(self.scrollable_content_region.width, self.row_count))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = y + int(self.scroll_y)
        if index >= self.row_count:
            return Strip.blank(width, self.rich_style)
        strip = self.render_row(index, width).extend_cell_length(width, self.rich_style)
        strip = strip.crop(0, width)
        if index == self.cursor:
            highlight = self.get_component_rich_style("row-list--cursor")
            strip = Strip(
                Segment(text, style + highlight if style else highlight, control)
                for text, style, control in strip
            )
        return strip

    def render_row(self, index: int, width: int) -> Strip:
        """How row `index` looks; subclasses say."""
        raise NotImplementedError
