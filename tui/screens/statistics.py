"""The statistics screen: what `annotator stats` prints, inside the app."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from annotations.session import Session
from annotations.statistics import Statistics, count_stored, stored_articles
from tui.screens.computed import ComputedDialog, with_progress
from tui.statistics_tables import statistics_tables


class StatisticsScreen(ComputedDialog[Statistics]):
    """Annotations by label, article and annotator, and progress, with bars; counted in a
    worker (`ComputedDialog`) while a progress line shows."""

    BINDINGS = [Binding("escape,q,t", "close", "Close")]
    WHAT = "Counting the annotations"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    @property
    def statistics(self) -> Statistics | None:
        """The counts, once made (None before)."""
        return self.result

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = "Statistics"
            box.border_subtitle = "escape to close"
            yield Static()

    def compute(self, progress: Callable[[int, int], object]) -> Statistics:
        store = self.session.store
        articles = stored_articles(store)
        return count_stored(store, with_progress(articles, len(articles), progress),
                            set_size=len(self.session.articles))

    def show_result(self, result: Statistics) -> None:
        self.query_one(Static).update(Group(*statistics_tables(result)))

    def show_line(self, line: Text) -> None:
        self.query_one(Static).update(line)
