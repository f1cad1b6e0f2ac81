"""The screen's title line: the article's place in the set and title, then its state.

One widget that repaints itself when the screen's title or sub-title changes. Textual's Header
re-lays out the whole screen on each change (its title is a Static updated with a layout pass),
which cost 10-20 ms on every tag here.

When the line is too narrow, the title is shortened first: the sub-title (the article's status
and the set's progress) is what changes as the user works, and the title's start (the position
in the set) stays.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget

from tui.visible import visible

PREFIX = " ✎ "
"""What the line starts with."""
SEPARATOR = " — "
"""What stands between the title and the sub-title."""
SHORTEST_TITLE = 10
"""Cells of title kept before the sub-title is cut too: the position and a word or so."""


def shorten(text: str, cells: int) -> str:
    """`text` in at most `cells` cells, ending in "…" when it had to be cut."""
    if cell_len(text) <= cells:
        return text
    if cells <= 0:
        return ""
    return set_cell_size(text, cells - 1).rstrip() + "…"


def fit_title(title: str, sub_title: str, width: int) -> tuple[str, str]:
    """The title and sub-title cut to share `width` cells with the prefix and separator.

    The title is shortened first, down to `SHORTEST_TITLE` cells; only then is the sub-title
    cut as well.
    """
    fixed = cell_len(PREFIX) + (cell_len(SEPARATOR) if sub_title else 0)
    if fixed + cell_len(title) + cell_len(sub_title) <= width:
        return title, sub_title
    room = width - fixed - cell_len(sub_title)
    if room >= min(SHORTEST_TITLE, cell_len(title)):
        return shorten(title, room), sub_title
    title = shorten(title, SHORTEST_TITLE)
    return title, shorten(sub_title, width - fixed - cell_len(title))


class TitleBar(Widget):
    """Shows `screen.title` and, dimmer, `screen.sub_title`, centred on one line."""

    DEFAULT_CSS = """
    TitleBar { height: 1; background: $panel; color: $foreground; }
    TitleBar > .title-bar--sub-title { color: $text-muted; }
    """

    COMPONENT_CLASSES = {"title-bar--sub-title"}

    def on_mount(self) -> None:
        self.watch(self.screen, "title", self._changed, init=False)
        self.watch(self.screen, "sub_title", self._changed, init=False)

    def _changed(self) -> None:
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        title, sub_title = fit_title(
            visible(self.screen.title or ""), visible(self.screen.sub_title or ""), width
        )
        parts = [Segment(PREFIX, self.rich_style), Segment(title, self.rich_style)]
        if sub_title:
            sub_style = self.get_component_rich_style("title-bar--sub-title")
            parts.append(Segment(f"{SEPARATOR}{sub_title}", sub_style))
        strip = Strip(parts)
        if strip.cell_length < width:
            left = (width - strip.cell_length) // 2
            strip = Strip([Segment(" " * left, self.rich_style), *parts])
        return strip.extend_cell_length(width, self.rich_style).crop(0, width)
