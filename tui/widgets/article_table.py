"""The set's articles, one a row: number, status, annotation count and title."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from textual.strip import Strip

from tui.visible import visible
from tui.widgets.row_list import RowList

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


class ArticleTable(RowList):
    """Rows of articles; enter opens the highlighted one."""

    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {
        "article-table--done",
        "article-table--dim",
    }

    DEFAULT_CSS = """
    ArticleTable > .article-table--done { color: $success; }
    ArticleTable > .article-table--dim { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: tuple[ArticleRow, ...] = ()

    def show(self, rows: Sequence[ArticleRow], highlight: int | None = None) -> None:
        """Show `rows`, highlighting the one for the set's article `highlight` if present."""
        self.rows = tuple(rows)
        index = next((i for i, row in enumerate(self.rows) if row.position == highlight), 0)
        self.set_row_count(len(self.rows), index if self.rows else None)

    @property
    def current(self) -> ArticleRow | None:
        """The highlighted row."""
        return self.rows[self.cursor] if self.cursor is not None and self.rows else None

    def render_row(self, index: int, width: int) -> Strip:
        base = self.rich_style
        row = self.rows[index]
        status_style = base
        if row.status == "done":
            status_style = self.get_component_rich_style("article-table--done")
        elif row.status == "skipped":
            status_style = self.get_component_rich_style("article-table--dim")
        count = str(row.annotations) if row.annotations else "·"
        return Strip([
            Segment(f"{row.position + 1:>6}  ", base),
            Segment(f"{STATUS_NAMES.get(row.status, row.status):<12}", status_style),
            Segment(f"{count:>5}  ", base),
            Segment(visible(row.title), base),
        ])

    @staticmethod
    def heading(width: int) -> str:
        """The column names, aligned with the rows."""
        return f"{'#':>6}  {'status':<12}{'spans':>5}  title"[:width]


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
