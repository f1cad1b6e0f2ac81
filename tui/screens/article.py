"""The article screen: one article of the set, its comments and annotations, and every key.

Each action asks the session (`annotations.session`) to do the work and shows the `Outcome`
it returns. The screen is the mediator: its widgets post messages up, it calls the session,
and it hands the new state down (the panes ask the session what to highlight as they draw).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.notifications import Notification
from textual.screen import Screen
from textual.worker import Worker

from annotations.model import Annotation
from annotations.outcome import Changed, Outcome
from annotations.session import Session
from tui.screens import asking
from tui.screens.label_keys import label_bindings, relation_bindings, with_bindings
from tui.screens.saving import Saving
from tui.screens.status_line import header, status_line
from tui.widgets.annotation_list import AnnotationList
from tui.widgets.article_panes import ArticlePanes
from tui.widgets.key_bar import KeyBar
from tui.widgets.status_bar import StatusBar
from tui.widgets.text_keys import free_word_keys
from tui.widgets.text_view import TextView
from tui.widgets.title_bar import TitleBar, shorten

SYNC_SECONDS = 2.0
"""How often the screen looks for annotations another process saved to the same DB."""


def article_screen(
    session: Session, resume_at: str | None = None, *, bidi: bool = True
) -> ArticleScreen:
    """The article screen for `session`, its label keys bound first (the key bar shows them
    first), then the word keys the labels left free, and its relation types' keys, opening at
    article `resume_at` if the set has it; `bidi` as `ArticleScreen` takes it."""
    keys = (*label_bindings(session.labels, "tag"), *free_word_keys(session.labels),
            *relation_bindings(session.links.types))
    return with_bindings(ArticleScreen, keys, first=True)(session, resume_at, bidi=bidi)


class ArticleScreen(Screen[None]):
    """Reading and annotating one article of the set at a time (see `article_screen`)."""

    CSS_PATH = "article.tcss"  # (the app reads it too, ahead: `AnnotatorApp.CSS_PATH`)

    BINDINGS = [
        Binding("s", "select_sentence", "sentence",
                tooltip="Select the sentence under the cursor; again, add the next sentence"),
        Binding("f", "jump", "jump", show=False,
                tooltip="Put a letter on every sentence on screen; type one to select it"),
        Binding("slash", "search", "search", key_display="/",
                tooltip="Search the article and comments; selects the match"),
        Binding("full_stop", "search_next", "next match", show=False, key_display=".",
                tooltip="Select the next match of the last search"),
        Binding("comma", "search_previous", "previous match", show=False, key_display=",",
                tooltip="Select the previous match of the last search"),
        Binding("asterisk", "tag_matches", "tag every match", show=False, key_display="*",
                tooltip="Tag every match of the last search with a label (asks which; u undoes)"),
        Binding("n", "note", "note", tooltip="Add or edit the note on the annotation"),
        Binding("r", "reattach", "re-attach", show=False,
                tooltip="Move the current annotation (an orphan, say) to the selection"),
        Binding("x", "delete", "delete", tooltip="Delete the annotation under the cursor, or "
                "the relation picked in the list"),
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
        Binding("d", "mark('done')", "done", show=False,
                tooltip="Mark this article done and go to the next one not done"),
        Binding("p", "mark('skipped')", "skip", show=False,
                tooltip="Mark this article skipped (passed over) and go to the next one not done"),
        Binding("ctrl+g", "first_unfinished", "first not done", show=False,
                tooltip="Go to the first article of the set neither done nor skipped"),
        Binding("l", "article_list", "articles",
                tooltip="List the set's articles with status and progress; jump to any"),
        # after l: the key bar drops the last keys first where it has no room for all
        Binding("greater_than_sign", "link", "link", key_display=">", tooltip="Link the "
                "annotation under the cursor to another: go there, press the relation's key"),
        Binding("escape", "cancel_link", "cancel link", show=False,
                tooltip="Cancel a link started (with nothing selected)"),
        Binding("c", "classify", "labels", tooltip="Label the comment under the cursor (its "
                "stance), or the article (its type)"),
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
        Binding("question_mark", "help", "help", key_display="?",
                tooltip="Show every key"),
    ]

    @dataclass
    class ArticleShown(Message):
        """Posted by the article screen when it shows another article (the app keeps the
        place)."""

        article_id: str
        """The article now shown."""

    def __init__(
        self, session: Session, resume_at: str | None = None, *, bidi: bool = True
    ) -> None:
        """Create the screen.

        Args:
            session: The annotator's session.
            resume_at: The article to open first, where the user was last (see
                `Navigating.resume`).
            bidi: Draw right-to-left lines reordered (False for a terminal that does it).
        """
        super().__init__()
        self.session = session
        self.resume_at = resume_at
        self.bidi = bidi
        self.saving = Saving(self, session, self.show_outcome, self.update_status)
        self.panes = ArticlePanes(session, bidi=bidi, id="panes")
        """The article, comments and annotation panes."""
        self._keep_active_at: int | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield self.panes
        yield StatusBar(id="status")
        yield KeyBar()

    def on_key(self, event: events.Key) -> None:
        """Note on the key that it went through this screen (see `AnnotatorApp.on_key`)."""
        event.through_screen = self  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        for view in self.query(TextView):
            view.snap_words = self.session.snap_words
        # The first save records the article opened (`Session.record_opened`): its text's
        # SHA-256 and its record's serialising cost tens of milliseconds for a large article,
        # so it waits for the first frame. The screen mounts inside the app's start-up batch,
        # whose refreshes write nothing to the terminal; the app reads its own queue once
        # that batch ends, and the screen's next refresh then paints before it saves.
        opened = self.session.navigating.resume(self.resume_at)
        self.show_outcome(replace(opened, to_save=False))
        self.app.call_later(self.call_after_refresh, self.settle_languages)
        self.app.call_later(self.call_after_refresh, self.saving.save)
        self.set_interval(SYNC_SECONDS, self.saving.sync)

    def settle_languages(self) -> None:
        """After the first frame, the language of an article that came without one: in the
        header, and in the panes' rules where it is not the one assumed."""
        if self.session.settle_languages():
            self.panes.take_language(self.session.article)
        self.update_header()

    def show_outcome(self, outcome: Outcome) -> None:
        """Show what an operation of the session did, and save what it changed."""
        changed = outcome.changed
        if changed & Changed.ARTICLE:
            self._show_article()
        elif changed & (Changed.ANNOTATIONS | Changed.RELATIONS):
            self._list_annotations()
        elif changed & Changed.ACTIVE:
            self.panes.annotations.mark(self.session.active, self.session.links.selected)
        if changed & Changed.LABELS:
            self.panes.comments.redraw()
        if outcome.redraw is not None and not changed & Changed.ARTICLE:
            for view in self.query(TextView):
                view.redraw(outcome.redraw)
        if outcome.cursor is not None:
            self.panes.holding(outcome.cursor).move_cursor(outcome.cursor, center=outcome.center)
        if outcome.select is not None:
            target = self.panes.holding(outcome.select[0])
            self.set_focus(target)  # now, not after a refresh: the next key acts on it
            target.select(*outcome.select)
            self.panes.last_view_id = target.id or "article"
        if changed & (Changed.ARTICLE | Changed.ANNOTATIONS | Changed.STATUS | Changed.LABELS):
            self.update_header()
        self.update_status()
        for notice in outcome.notices:
            self.notify(
                notice.text,
                severity="warning" if notice.warning else "information",
                timeout=15 if notice.lasting else None,
            )
        if outcome.to_save:
            self.call_after_refresh(self.saving.save)

    def _show_article(self) -> None:
        article = self.session.article
        self.panes.show(article)
        self._list_annotations()
        self.query_one(StatusBar).drop_passing()
        self.post_message(self.ArticleShown(article.id))

    def _list_annotations(self) -> None:
        session = self.session
        self.panes.annotations.show(
            session.annotations, session.labels, session.colour, session.active,
            session.links.relations, session.links.selected,
        )

    def action_filter_annotations(self) -> None:
        """Show only the next label in the annotation list (after the last, all again)."""
        self.panes.annotations.next_filter()

    def update_header(self) -> None:
        """Position in the set and title; then annotations, status and overall progress."""
        self.title, self.sub_title = header(self.session, bidi=self.bidi)

    def show_notice(self, notification: Notification) -> None:
        """Tell an information or a warning in the status line until it times out, where it
        covers nothing (errors stay toasts: they must not be missed)."""
        if notification.severity != "error":
            self.query_one(StatusBar).tell(notification)
            self.update_status()

    def on_status_bar_expired(self, message: StatusBar.Expired) -> None:
        self.update_status()

    def update_status(self) -> None:
        """Say what the keys will act on, and whether everything is saved."""
        bar = self.query_one(StatusBar)
        line = status_line(self.session, self.panes.in_use().selection, self.panes.cursor(),
                           self.saving.save_error, bar.notices)
        bar.update(line, layout=False)  # one line whose size never changes: no layout pass

    def on_text_view_cursor_moved(self, message: TextView.CursorMoved) -> None:
        view = message.text_view
        kept, self._keep_active_at = self._keep_active_at, None
        if message.selection is None and message.cursor != kept:
            self.show_outcome(self.session.cursor_at(message.cursor if view.has_text else None))
        else:
            self.update_status()

    def on_annotation_list_chosen(self, message: AnnotationList.Chosen) -> None:
        session = self.session
        outcome = session.links.choose(message.relation_id) if message.relation_id else \
            session.choose(message.annotation_id)
        self.show_outcome(outcome)
        if message.go_to and outcome.cursor is not None:
            # Focusing reports the cursor; keep the chosen annotation current even where an
            # inner one starts at the same place.
            self._keep_active_at = outcome.cursor
            self.panes.holding(outcome.cursor).focus()

    def action_tag(self, label: str) -> None:
        """Tag the selection with `label`, or retag the active annotation."""
        self.show_outcome(self.session.editing.tag(label, self.panes.in_use().selection))

    def action_note(self) -> None:
        """Add or edit the note on the active annotation."""
        asking.ask_note(self)

    def action_copy_text(self) -> None:
        """Copy the selection, or else the current annotation's text, to the clipboard, the
        way Textual does (an OSC 52 sequence the terminal acts on), and say so.

        This is the action of Textual's own ctrl+c binding of every screen too, which copies
        the text selected with Textual's selection (off in the text panes: theirs is ours).
        """
        copied = self.session.text_of(self.panes.in_use().selection)
        if copied is None:
            self.notify("Select text to copy it (ctrl+c copies; q quits).")
            return
        self.app.copy_to_clipboard(copied)
        self.notify(f"Copied “{shorten(' '.join(copied.split()), 24)}” to the clipboard.")

    def action_reattach(self) -> None:
        """Move the current annotation to the selection (how an orphan finds a home)."""
        self.show_outcome(self.session.editing.reattach(self.panes.in_use().selection))

    def action_delete(self) -> None:
        """Delete the relation picked in the list, or else the active annotation."""
        links = self.session.links
        editing = self.session.editing
        self.show_outcome(links.delete_selected() if links.selected else editing.delete())

    def action_link(self) -> None:
        """Start a link from the annotation the selection is in (a search match), else from
        the active annotation."""
        self.show_outcome(self.session.links.start(self._selected()))

    def action_relate(self, name: str) -> None:
        """Make a relation of type `name` from the link started to the annotation the
        selection is in, else to the active annotation."""
        self.show_outcome(self.session.links.make(name, self._selected()))

    def _selected(self) -> Annotation | None:
        return self.session.annotation_holding(self.panes.in_use().selection)

    def action_cancel_link(self) -> None:
        """Cancel the link started."""
        self.show_outcome(self.session.links.cancel())

    def action_classify(self) -> None:
        """Label the comment under the cursor, or the article."""
        asking.ask_labels(self, self.session.classifying.comment_at(self.panes.cursor()))

    def action_undo(self) -> None:
        """Undo the last change to this article's annotations."""
        self.show_outcome(self.session.editing.undo())

    def action_redo(self) -> None:
        """Redo the last undone change."""
        self.show_outcome(self.session.editing.redo())

    def on_text_view_right_clicked(self, message: TextView.RightClicked) -> None:
        asking.right_click(self, message.offset)

    def action_select_sentence(self) -> None:
        """Select the sentence under the cursor; again, grow the selection by the next one."""
        panes = self.panes
        self.show_outcome(self.session.select_sentence(panes.in_use().selection, panes.cursor()))

    def action_search(self) -> None:
        """Ask for text and select its next match (an empty search stops highlighting)."""
        asking.ask_search(self)

    def action_search_next(self) -> None:
        """Select the next match of the last search."""
        self.show_outcome(self.session.searching.find(self.panes.here(), forward=True))

    def action_search_previous(self) -> None:
        """Select the previous match of the last search."""
        self.show_outcome(self.session.searching.find(self.panes.here(), forward=False))

    def action_tag_matches(self) -> None:
        """Tag every match of the last search with the label asked for."""
        asking.ask_label_for_matches(self)

    def action_jump(self) -> None:
        """Put a letter on every sentence on screen; the letter typed selects its sentence."""
        asking.show_sentence_letters(self)

    def action_word(self, way: str) -> None:
        """Move by a word in the text pane in use (`w` and `b`)."""
        self.panes.in_use().action_move(f"word_{way}")

    def action_accept_suggestion(self) -> None:
        """Make the suggestion under the cursor an annotation."""
        self.show_outcome(self.session.suggesting.accept(self.panes.cursor()))

    def action_accept_all(self) -> None:
        """Accept every open suggestion of the label of the one under the cursor."""
        self.show_outcome(self.session.suggesting.accept_all(self.panes.cursor()))

    def action_reject_suggestion(self) -> None:
        """Reject the suggestion under the cursor: it does not come back for this article."""
        self.show_outcome(self.session.suggesting.reject(self.panes.cursor()))

    def action_next_article(self) -> None:
        """Go to the next article of the set."""
        self.show_outcome(self.session.navigating.next_article())

    def action_previous_article(self) -> None:
        """Go to the previous article of the set."""
        self.show_outcome(self.session.navigating.previous_article())

    def action_first_unfinished(self) -> None:
        """Go to the first article of the set neither done nor skipped."""
        self.show_outcome(self.session.navigating.first_unfinished())

    def action_mark(self, status: str) -> None:
        """Mark the article done or skipped, then go to the next article not done."""
        self.show_outcome(self.session.navigating.mark(status))

    def action_article_list(self) -> None:
        """Show the set's articles; go to the one picked."""
        asking.show_article_list(self)

    def action_help(self) -> None:
        """Show every key."""
        asking.show_help(self, ArticleScreen.BINDINGS)

    def action_review(self) -> None:
        """Review the DB's annotations one at a time (the disagreements first, if any)."""
        asking.show_review(self)

    def action_statistics(self) -> None:
        """Show annotations by label, article and annotator, and progress."""
        asking.show_statistics(self)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.saving.worker_changed(event)
