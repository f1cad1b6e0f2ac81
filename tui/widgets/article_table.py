"""A list of the set's articles with their status and annotation count.

Drawn with the line API, one row a line, so that a set of tens of thousands of articles shows
at once (Textual's DataTable takes seconds to fill with that many rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.visible import visible

STATUS_NAMES = {"new": "new", "in_progress": "in progress", "done": "done", "skipped": "skipped"}


@dataclass(frozen=True)
class ArticleRow:
    """One article as the list shows it."""

    position: int
    """Its place in the set, from 0."""
    title: str
    """Its title."""
    status: str
    """new, in_progress, done or skipped."""
    annotations: int
    """How many annotations it has."""


class ArticleTable(ScrollView, can_focus=True):
    """Rows of articles with a highlighted row; enter picks it."""

    BINDINGS = [
        Binding("up", "move(-1)", "Previous article", show=False),
        Binding("down", "move(1)", "Next article", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "move(-1000000000)", "First", show=False),
        Binding("end", "move(1000000000)", "Last", show=False),
        Binding("enter", "pick", "Open this article", show=False),
    ]

    COMPONENT_CLASSES = {"article-table--cursor", "article-table--done", "article-table--dim"}

    DEFAULT_CSS = """
    ArticleTable { background: $surface; overflow-y: scroll; overflow-x: hidden; }
    ArticleTable > .article-table--cursor { background: $accent 40%; text-style: bold; }
    ArticleTable > .article-table--done { color: $success; }
    ArticleTable > .article-table--dim { color: $text-muted; }
    """

    cursor = reactive(0, always_update=True)

    class Picked(Message):
        """Posted when the user picks an article (enter or click)."""

        def __init__(self, position: int) -> None:
            super().__init__()
            self.position = position
            """The article's place in the set."""

    def __init__(self, rows: Sequence[ArticleRow] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: tuple[ArticleRow, ...] = tuple(rows)

    def show(self, rows: Sequence[ArticleRow], highlight: int | None = None) -> None:
        """Show `rows`, highlighting the one for the set's article `highlight` if present."""
        self.rows = tuple(rows)
        self.virtual_size = Size(self.size.width, len(self.rows))
        index = next((i for i, row in enumerate(self.rows) if row.position == highlight), 0)
        self.cursor = index
        self.refresh()

    @property
    def current(self) -> ArticleRow | None:
        """The highlighted row."""
        return self.rows[self.cursor] if self.rows else None

    def watch_cursor(self, cursor: int) -> None:
        self.scroll_to_region(Region(0, cursor, 1, 1), animate=False, immediate=True)
        self.refresh()

    def action_move(self, step: int) -> None:
        """Move the highlight by `step` rows."""
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + step))

    def action_page(self, direction: int) -> None:
        """Move the highlight a page up or down."""
        self.action_move(direction * max(1, self.scrollable_content_region.height - 1))

    def action_pick(self) -> None:
        """Open the highlighted article."""
        if self.current is not None:
            self.post_message(self.Picked(self.current.position))

    def on_click(self, event: events.Click) -> None:
        row = event.get_content_offset_capture(self).y + int(self.scroll_y)
        if 0 <= row < len(self.rows):
            self.cursor = row
            if event.chain >= 2:
                self.action_pick()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = y + int(self.scroll_y)
        base = self.rich_style
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        status_style = base
        if row.status == "done":
            status_style = self.get_component_rich_style("article-table--done")
        elif row.status == "skipped":
            status_style = self.get_component_rich_style("article-table--dim")
        count = str(row.annotations) if row.annotations else "·"
        segments = [
            Segment(f"{row.position + 1:>6}  ", base),
            Segment(f"{STATUS_NAMES.get(row.status, row.status):<12}", status_style),
            Segment(f"{count:>5}  ", base),
            Segment(visible(row.title), base),
        ]
        strip = Strip(segments).extend_cell_length(width, base).crop(0, width)
        if index == self.cursor:
            strip = strip.apply_style(self.get_component_rich_style("article-table--cursor"))
        return strip

    @staticmethod
    def heading(width: int) -> str:
        """The column names, aligned with the rows."""
        return f"{'#':>6}  {'status':<12}{'spans':>5}  title"[:width]

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows))


def rows_for(
    titles: Sequence[str], statuses: Sequence[str], counts: Sequence[int], keep: set[str] | None
) -> list[ArticleRow]:
    """The rows to show: every article, or those whose status is in `keep`."""
    return [
        ArticleRow(position, title, status, count)
        for position, (title, status, count) in enumerate(
            zip(titles, statuses, counts, strict=True)
        )
        if keep is None or status in keep
    ]

