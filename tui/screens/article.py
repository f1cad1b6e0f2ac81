"""The article screen: one article of the set, its comments and annotations, and every key.

Each action asks the session (`annotations.session`) to do the work and shows the `Outcome`
it returns. The screen is the mediator: its widgets post messages up, it calls the session,
and it hands the new state down (the panes ask the session what to highlight as they draw).
"""

from __future__ import annotations

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from annotations.outcome import Changed, Outcome
from annotations.session import NEEDS_ACTIVE, Session
from annotations.storage import StoreError
from tui.screens.label_keys import label_bindings, with_bindings
from tui.screens.status_line import header, status_line
from tui.visible import visible
from tui.widgets.annotation_list import AnnotationList
from tui.widgets.key_bar import KeyBar
from tui.widgets.text_view import TextView
from tui.widgets.title_bar import TitleBar

SYNC_SECONDS = 2.0
"""How often the screen looks for annotations another process saved to the same DB."""


def article_screen(session: Session) -> ArticleScreen:
    """The article screen for `session`, its label keys bound first (the key bar shows them
    first)."""
    keys = tuple(label_bindings(session.labels, "tag"))
    return with_bindings(ArticleScreen, keys, first=True)(session)


class ArticleScreen(Screen[None]):
    """Reading and annotating one article of the set at a time (see `article_screen`)."""

    CSS_PATH = "article.tcss"

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

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.last_view_id = "article"
        self.save_error: str | None = None
        self.sync_error: str | None = None
        self._keep_active_at: int | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="panes"):
            yield TextView(highlights=self.session, id="article")
            with Vertical(id="side"):
                yield TextView("No reader comments.", highlights=self.session, id="comments")
                yield AnnotationList(id="annotations")
        yield Static(id="status")
        yield KeyBar()

    def on_key(self, event: events.Key) -> None:
        """Note on the key that it went through this screen (see `AnnotatorApp.on_key`)."""
        event.through_screen = self  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.query_one("#article").border_title = "Article"
        self.show_outcome(self.session.resume())
        self.set_interval(SYNC_SECONDS, self.sync)

    def text_view(self) -> TextView:
        """The text pane with the focus, or the one that had it last."""
        focused = self.focused
        if isinstance(focused, TextView):
            self.last_view_id = focused.id or "article"
            return focused
        return self.query_one(f"#{self.last_view_id}", TextView)

    def cursor(self) -> int | None:
        """The cursor of the text pane in use; None when that pane shows no text."""
        view = self.text_view()
        return view.cursor if view.has_text else None

    def view_holding(self, offset: int) -> TextView:
        """The text pane that shows the character at `offset`."""
        comments = self.query_one("#comments", TextView)
        return comments if comments.has_text and comments.holds(offset) else self.query_one(
            "#article", TextView
        )

    def show_outcome(self, outcome: Outcome) -> None:
        """Show what an operation of the session did, and save what it changed."""
        changed = outcome.changed
        if changed & Changed.ARTICLE:
            self._show_article()
        elif changed & Changed.ANNOTATIONS:
            self._list_annotations()
        elif changed & Changed.ACTIVE:
            self.query_one(AnnotationList).mark(self.session.active_id)
        if outcome.redraw is not None and not changed & Changed.ARTICLE:
            for view in self.query(TextView):
                view.redraw(outcome.redraw)
        if outcome.cursor is not None:
            self.view_holding(outcome.cursor).move_cursor(outcome.cursor, center=outcome.center)
        if outcome.select is not None:
            target = self.view_holding(outcome.select[0])
            target.focus()
            target.select(*outcome.select)
            self.last_view_id = target.id or "article"
        if changed & (Changed.ARTICLE | Changed.ANNOTATIONS | Changed.STATUS):
            self.update_header()
        self.update_status()
        for notice in outcome.notices:
            self.notify(
                notice.text,
                severity="warning" if notice.warning else "information",
                timeout=15 if notice.lasting else None,
            )
        if outcome.to_save:
            self.call_after_refresh(self.save)

    def _show_article(self) -> None:
        article = self.session.article
        display = visible(article.text, keep_newlines=True)
        body = self.query_one("#article", TextView)
        body.show(article, article.body, display)
        comments = self.query_one("#comments", TextView)
        comments.show(article, article.comments, display)
        comments.border_title = f"Comments ({len(article.comments)})"
        self._list_annotations()
        body.focus()

    def _list_annotations(self) -> None:
        session = self.session
        listing = self.query_one(AnnotationList)
        listing.show(session.annotations, session.colour, session.active_id)
        listing.border_title = f"Annotations ({len(session.annotations)})"
        listing.border_subtitle = " ".join(
            f"{label.key} {visible(label.name)}" for label in session.labels
        )

    def update_header(self) -> None:
        """Position in the set and title; then annotations, status and overall progress."""
        self.title, self.sub_title = header(self.session)

    def update_status(self) -> None:
        """Say what the keys will act on, and whether everything is saved."""
        line = status_line(self.session, self.text_view().selection, self.cursor(),
                           self.save_error)
        # one line whose size never changes: no layout pass needed
        self.query_one("#status", Static).update(line, layout=False)

    def on_text_view_cursor_moved(self, message: TextView.CursorMoved) -> None:
        view = message.text_view
        self.last_view_id = view.id or "article"
        kept, self._keep_active_at = self._keep_active_at, None
        if message.selection is None and message.cursor != kept:
            self.show_outcome(self.session.cursor_at(message.cursor if view.has_text else None))
        else:
            self.update_status()

    def on_annotation_list_chosen(self, message: AnnotationList.Chosen) -> None:
        outcome = self.session.choose(message.annotation_id)
        self.show_outcome(outcome)
        if message.go_to and outcome.cursor is not None:
            # Focusing reports the cursor; keep the chosen annotation current even where an
            # inner one starts at the same place.
            self._keep_active_at = outcome.cursor
            self.view_holding(outcome.cursor).focus()

    def action_tag(self, label: str) -> None:
        """Tag the selection with `label`, or retag the active annotation."""
        self.show_outcome(self.session.tag(label, self.text_view().selection))

    def action_note(self) -> None:
        """Add or edit the note on the active annotation."""
        annotation = self.session.active
        if annotation is None:
            self.show_outcome(NEEDS_ACTIVE)
            return

        def save(note: str | None) -> None:
            if note is not None:
                self.show_outcome(self.session.note(annotation, note))

        from tui.screens.prompt import TextPrompt

        prompt = TextPrompt(f"Note on {annotation.label}", f"“{annotation.text}”", annotation.note)
        self.app.push_screen(prompt, save)

    def action_reattach(self) -> None:
        """Move the current annotation to the selection (how an orphan finds a home)."""
        self.show_outcome(self.session.reattach(self.text_view().selection))

    def action_delete(self) -> None:
        """Delete the active annotation."""
        self.show_outcome(self.session.delete())

    def action_undo(self) -> None:
        """Undo the last change to this article's annotations."""
        self.show_outcome(self.session.undo())

    def action_redo(self) -> None:
        """Redo the last undone change."""
        self.show_outcome(self.session.redo())

    def action_select_sentence(self) -> None:
        """Select the sentence under the cursor."""
        span = self.session.sentence_at(self.cursor())
        if span is not None:
            self.text_view().select(*span)
            self.update_status()

    def action_search(self) -> None:
        """Ask for text and select its next match in the article."""

        def search(query: str | None) -> None:
            if query:
                self.show_outcome(self.session.find(self._here(), query=query))

        from tui.screens.prompt import TextPrompt

        prompt = TextPrompt(
            "Search the article", value=self.session.last_search, placeholder="text",
            replace=True,
        )
        self.app.push_screen(prompt, search)

    def action_search_next(self) -> None:
        """Select the next match of the last search."""
        self.show_outcome(self.session.find(self._here(), forward=True))

    def action_search_previous(self) -> None:
        """Select the previous match of the last search."""
        self.show_outcome(self.session.find(self._here(), forward=False))

    def _here(self) -> tuple[int, int]:
        view = self.text_view()
        return view.selection or (view.cursor, view.cursor)

    def action_accept_suggestion(self) -> None:
        """Make the suggestion under the cursor an annotation."""
        self.show_outcome(self.session.accept(self.cursor()))

    def action_accept_all(self) -> None:
        """Accept every open suggestion of the label of the one under the cursor."""
        self.show_outcome(self.session.accept_all(self.cursor()))

    def action_reject_suggestion(self) -> None:
        """Reject the suggestion under the cursor: it does not come back for this article."""
        self.show_outcome(self.session.reject(self.cursor()))

    def action_next_article(self) -> None:
        """Go to the next article of the set."""
        self.show_outcome(self.session.next_article())

    def action_previous_article(self) -> None:
        """Go to the previous article of the set."""
        self.show_outcome(self.session.previous_article())

    def action_mark(self, status: str) -> None:
        """Mark the article done or skipped, then go to the next article not done."""
        self.show_outcome(self.session.mark(status))

    def action_article_list(self) -> None:
        """Show the set's articles; jump to the one picked."""
        from tui.screens.articles import ArticleListScreen

        session = self.session
        statuses = session.store.statuses()
        counts = session.store.annotation_counts()
        entries = session.articles.entries
        screen = ArticleListScreen(
            [entry.title for entry in entries],
            [statuses.get(entry.id, "new") for entry in entries],
            [counts.get(entry.id, 0) for entry in entries],
            session.index,
        )

        def jump(position: int | None) -> None:
            if position is not None and position != session.index:
                self.show_outcome(session.go_to(position))

        self.app.push_screen(screen, jump)

    def action_help(self) -> None:
        """Show every key."""
        from tui.screens.help import HelpScreen, key_sections

        keys = [b for b in ArticleScreen.BINDINGS if isinstance(b, Binding)]
        views = [b for b in TextView.BINDINGS if isinstance(b, Binding)]
        self.app.push_screen(HelpScreen(key_sections(self.session.labels, keys, views)))

    def action_review(self) -> None:
        """Review the DB's annotations one at a time (the disagreements first, if any)."""
        from tui.screens.review import review_screen

        def back(_: None) -> None:
            self.show_outcome(self.session.reload())

        self.app.push_screen(review_screen(self.session, self.save), back)

    def action_statistics(self) -> None:
        """Show annotations by label, article and annotator, and progress."""
        from tui.screens.statistics import StatisticsScreen

        self.app.push_screen(StatisticsScreen(self.session))

    @work(thread=True, group="save", exit_on_error=False)
    def save(self) -> None:
        """Write the store to disk off the UI thread (merging what others wrote meanwhile)."""
        self.session.store.flush()

    @work(thread=True, group="sync", exclusive=True, exit_on_error=False)
    def sync(self) -> bool:
        """Take in annotations another process saved to the same DB."""
        return self.session.store.sync()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "sync":
            if event.state == WorkerState.SUCCESS:
                self.sync_error = None
                if event.worker.result:
                    self.show_outcome(self.session.reload())
            elif event.state == WorkerState.ERROR and str(event.worker.error) != self.sync_error:
                self.sync_error = str(event.worker.error)  # said once, not every few seconds
                self.notify(f"Cannot read the DB: {visible(self.sync_error)}", severity="error")
            return
        if event.worker.group != "save":
            return
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.save_error = str(error.cause if isinstance(error, StoreError) else error)
            self.notify(f"Not saved: {visible(str(error))}", severity="error", timeout=10)
            self.set_timer(5, self.save)
        elif event.state == WorkerState.SUCCESS:
            self.save_error = None
        self.update_status()
