"""The article list: every article of the set with its status, filtered, with overall progress."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from annotations.session import Session
from tui.screens.dialog import Dialog
from tui.widgets.article_table import STATUS_NAMES, ArticleTable, rows_for

FILTERS = {
    "all": None,
    "new": {"new"},
    "in_progress": {"in_progress"},
    "done": {"done"},
    "skipped": {"skipped"},
    "to do": {"new", "in_progress"},
}


def article_list_screen(session: Session) -> ArticleListScreen:
    """The list of the session's set, with each article's status and annotation count."""
    statuses = session.store.statuses()
    counts = session.store.annotation_counts()
    entries = session.articles.entries
    return ArticleListScreen(
        [entry.title for entry in entries],
        [statuses.get(entry.id, "new") for entry in entries],
        [counts.get(entry.id, 0) for entry in entries],
        session.index,
    )


class ArticleListScreen(Dialog[int | None]):
    """Shows the set; returns the position of the article picked, or None."""

    DEFAULT_CSS = """
    ArticleListScreen > Vertical { padding: 0; }
    ArticleListScreen #progress { padding: 0 1; }
    ArticleListScreen #columns { padding: 0 1; color: $text-muted; text-style: bold; }
    ArticleListScreen ArticleTable { height: 1fr; padding: 0 1; }
    ArticleListScreen #keys { padding: 0 1; color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape,l,q", "close", "Close"),
        Binding("a", "filter('all')", "All"),
        Binding("t", "filter('to do')", "To do"),
        Binding("n", "filter('new')", "New"),
        Binding("i", "filter('in_progress')", "In progress"),
        Binding("d", "filter('done')", "Done"),
        Binding("s", "filter('skipped')", "Skipped"),
    ]

    def __init__(
        self,
        titles: Sequence[str],
        statuses: Sequence[str],
        counts: Sequence[int],
        current: int,
    ) -> None:
        """Create the list.

        Args:
            titles: Every article's title, in set order.
            statuses: Every article's status, in set order.
            counts: Every article's annotation count, in set order.
            current: The position of the article on screen.
        """
        super().__init__()
        self.titles, self.statuses, self.counts = titles, statuses, counts
        self.current = current
        self.shown = "all"

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Articles"
            box.border_subtitle = "enter opens · escape closes"
            yield Static(id="progress")
            yield Static(ArticleTable.heading(200), id="columns")
            yield ArticleTable(id="table")
            yield Static(
                "filter: a all · t to do · n new · i in progress · d done · s skipped", id="keys"
            )

    def on_mount(self) -> None:
        self.action_filter("all")
        self.query_one(ArticleTable).focus()

    def action_filter(self, name: str) -> None:
        """Show only the articles of one status (or all)."""
        self.shown = name
        rows = rows_for(self.titles, self.statuses, self.counts, FILTERS[name])
        self.query_one(ArticleTable).show(rows, highlight=self.current)
        total = len(self.titles)
        tally = {status: self.statuses.count(status) for status in STATUS_NAMES}
        label = STATUS_NAMES.get(name, name)
        self.query_one("#progress", Static).update(
            f"{tally['done']}/{total} done · {tally['in_progress']} in progress · "
            f"{tally['skipped']} skipped · {tally['new']} new   —   showing {label}: {len(rows)}"
        )

    def on_row_list_picked(self, message: ArticleTable.Picked) -> None:
        message.stop()
        row = self.query_one(ArticleTable).rows[message.index]
        self.close(row.position)
