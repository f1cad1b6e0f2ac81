"""The main screen: every action on one article and the set, and the keys that run them."""

from __future__ import annotations

from textual.binding import Binding

from tui.screens.base import ArticleScreen, Session
from tui.screens.editing import EditingActions
from tui.screens.reading import ReadingActions
from tui.screens.suggesting import SuggestionActions
from tui.widgets.text_view import TextView

__all__ = ["ArticleScreen", "MainScreen", "Session"]


class MainScreen(EditingActions, ReadingActions, SuggestionActions):
    """Reading and annotating one article of the set at a time."""

    CSS_PATH = "main.tcss"

    BINDINGS = [
        Binding("s", "select_sentence", "sentence", tooltip="Select the sentence under the cursor"),
        Binding(
            "slash", "search", "search", key_display="/",
            tooltip="Search the article and comments; selects the match",
        ),
        Binding(
            "full_stop", "search_next", "next match", show=False, key_display=".",
            tooltip="Select the next match of the last search",
        ),
        Binding(
            "comma", "search_previous", "previous match", show=False, key_display=",",
            tooltip="Select the previous match of the last search",
        ),
        Binding("n", "note", "note", tooltip="Add or edit the note on the annotation"),
        Binding(
            "r", "reattach", "re-attach", show=False,
            tooltip="Move the current annotation (an orphan, say) to the selection",
        ),
        Binding("x", "delete", "delete", tooltip="Delete the annotation under the cursor"),
        Binding("u", "undo", "undo", tooltip="Undo the last change to this article"),
        Binding("ctrl+r", "redo", "redo", show=False, tooltip="Redo what was undone"),
        Binding(
            "right_square_bracket", "next_article", "next article", show=False, key_display="]",
            tooltip="Go to the next article of the set",
        ),
        Binding(
            "left_square_bracket", "previous_article", "previous article", show=False,
            key_display="[", tooltip="Go to the previous article of the set",
        ),
        Binding(
            "d", "mark('done')", "done", show=False,
            tooltip="Mark this article done and go to the next one not done",
        ),
        Binding(
            "p", "mark('skipped')", "skip", show=False,
            tooltip="Mark this article skipped (passed over) and go to the next one not done",
        ),
        Binding(
            "l", "article_list", "articles",
            tooltip="List the set's articles with status and progress; jump to any",
        ),
        Binding("a", "accept_suggestion", "accept", show=False,
                tooltip="Accept the suggestion under the cursor"),
        Binding("A", "accept_all", "accept all", show=False,
                tooltip="Accept every suggestion of that suggestion's label in this article"),
        Binding("z", "reject_suggestion", "reject", show=False,
                tooltip="Reject the suggestion under the cursor; it does not come back"),
        Binding("v", "review", "review", show=False,
                tooltip="Review annotations one by one (all, disagreements, or one label)"),
        Binding("t", "statistics", "statistics", show=False,
                tooltip="Statistics: annotations by label, article, annotator; progress"),
        Binding("question_mark", "help", "help", key_display="?", tooltip="Show every key"),
    ]

    def action_help(self) -> None:
        """Show every key."""
        from tui.screens.help import HelpScreen, key_sections

        keys = [b for b in self.BINDINGS if isinstance(b, Binding)]
        views = [b for b in TextView.BINDINGS if isinstance(b, Binding)]
        self.app.push_screen(HelpScreen(key_sections(self.session.labels, keys, views)))

    def action_review(self) -> None:
        """Review the DB's annotations one at a time (the disagreements first, if any)."""
        from tui.screens.review import ReviewScreen

        def back(_: None) -> None:
            self.refresh_annotations()

        self.app.push_screen(ReviewScreen(self.store, self.session.labels, self.save), back)

    def action_statistics(self) -> None:
        """Show annotations by label, article and annotator, and progress."""
        from annotations.statistics import count
        from tui.screens.statistics import StatisticsScreen

        statistics = count(self.store.contents(), set_size=len(self.session.articles))
        self.app.push_screen(StatisticsScreen(statistics))
