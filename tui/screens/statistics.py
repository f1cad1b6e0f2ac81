"""The statistics screen: what `annotator stats` prints, inside the app."""

from __future__ import annotations

from rich.console import Group
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from annotations.statistics import Statistics
from tui.screens.dialog import Dialog
from tui.statistics_tables import statistics_tables


class StatisticsScreen(Dialog[None]):
    """Annotations by label, article and annotator, and progress, with bars."""

    BINDINGS = [Binding("escape,q,t", "close", "Close")]

    def __init__(self, statistics: Statistics) -> None:
        super().__init__()
        self.statistics = statistics

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = "Statistics"
            box.border_subtitle = "escape to close"
            yield Static(Group(*statistics_tables(self.statistics)))
