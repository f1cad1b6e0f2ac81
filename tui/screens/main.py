"""The main screen: the article, its comments and its annotations, and every annotation key.

The screen is the mediator: its widgets post messages up, it calls the store, and it hands the
new state down to the widgets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from annotations.model import Annotation, Article, Label
from annotations.sentences import sentence_at
from annotations.sets import ArticleSet
from annotations.storage import StoreError
from annotations.store import DONE, AnnotationStore, Change
from tui.messages import AnnotationChosen, CursorMoved
from tui.visible import visible
from tui.widgets.annotation_list import AnnotationList
from tui.widgets.article_table import STATUS_NAMES
from tui.widgets.key_bar import KeyBar
from tui.widgets.text_view import TextView
from tui.widgets.title_bar import TitleBar


@dataclass(frozen=True)
class Session:
    """What the user opened: the articles, the store, who they are, the labels they use."""

    articles: ArticleSet
    """The articles of the set, in order (built as they are first shown)."""
    store: AnnotationStore
    """Where annotations are kept."""
    annotator: str
    """Recorded on every annotation the user makes."""
    labels: Sequence[Label]
    """The label set; each label's key tags with it."""


if TYPE_CHECKING:
    from tui.screens.help import HelpSection

# The dialogs and the article list are imported when first opened: their widgets (Input above
# all) would add to every start-up.

SYNC_SECONDS = 2.0
"""How often the screen looks for annotations another process saved to the same DB."""


def _label_bindings(labels: Sequence[Label]) -> list[Binding]:
    return [Binding(label.key, f"tag('{label.name}')", label.name) for label in labels]


class MainScreen(Screen[None]):
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
        Binding("question_mark", "help", "help", key_display="?", tooltip="Show every key"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.store = session.store
        self.colours = {label.name: label.colour for label in session.labels}
        self.index = 0
        self.annotations: list[Annotation] = []
        self.active_id: str | None = None
        self.last_view_id = "article"
        self.last_search = ""
        self.save_error: str | None = None
        self.sync_error: str | None = None
        self._keep_active_at: int | None = None
        # The label keys come from the session's label set, so they are bound per screen, first
        # so that the footer shows them first.
        label_keys = {binding.key: [binding] for binding in _label_bindings(session.labels)}
        self._bindings = BindingsMap.from_keys({**label_keys, **self._bindings.key_to_bindings})

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="panes"):
            yield TextView(id="article")
            with Vertical(id="side"):
                yield TextView("No reader comments.", id="comments")
                yield AnnotationList(id="annotations")
        yield Static(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#article").border_title = "Article"
        self.show_article(self.session.articles.resume_position(self.store.statuses()))
        self.query_one("#article", TextView).focus()
        self.set_interval(SYNC_SECONDS, self.sync)

    @property
    def article(self) -> Article:
        """The article on screen."""
        return self.session.articles[self.index]

    @property
    def active(self) -> Annotation | None:
        """The annotation the keys n, x and the label keys act on, if any."""
        return next((a for a in self.annotations if a.id == self.active_id), None)

    def text_view(self) -> TextView:
        """The text pane with the focus, or the one that had it last."""
        focused = self.focused
        if isinstance(focused, TextView):
            self.last_view_id = focused.id or "article"
            return focused
        return self.query_one(f"#{self.last_view_id}", TextView)

    def view_holding(self, offset: int) -> TextView:
        """The text pane that shows the character at `offset`."""
        comments = self.query_one("#comments", TextView)
        return comments if comments.has_text and comments.holds(offset) else self.query_one(
            "#article", TextView
        )

    def show_article(self, index: int) -> None:
        """Put article `index` of the set on screen (recording it in the DB if it is new)."""
        self.index = index
        article = self.article
        report = self.store.add_articles([article])
        if report.moved or report.orphaned:
            self.notify(
                f"{article.title}: the article changed since it was annotated; {report}.",
                severity="warning", timeout=15,
            )
        self.save()
        display = visible(article.text, keep_newlines=True)
        self.query_one("#article", TextView).show(article, article.body, display)
        comments = self.query_one("#comments", TextView)
        comments.show(article, article.comments, display)
        comments.border_title = f"Comments ({len(article.comments)})"
        self.active_id = None
        self.refresh_annotations()
        for warning in article.warnings:
            self.notify(visible(f"{article.source}: {warning}"), severity="warning")

    def refresh_annotations(self) -> None:
        """Reload the article's annotations from the store and hand them to every pane."""
        self.annotations = self.store.annotations(self.article.id)
        if self.active is None:
            self.active_id = None
        self._show_in_text()
        listing = self.query_one(AnnotationList)
        listing.show(self.annotations, self.colours, self.active_id)
        listing.border_title = f"Annotations ({len(self.annotations)})"
        self.update_header()
        self.update_status()

    def update_header(self) -> None:
        """Position in the set and title; then annotations, status and overall progress."""
        statuses = self.store.statuses()
        total = len(self.session.articles)
        # The position comes first so that a narrow terminal still shows it.
        self.title = f"{self.index + 1}/{total} · {visible(self.article.title)}"
        count = len(self.annotations)
        status = STATUS_NAMES[statuses.get(self.article.id, "new")]
        done = sum(1 for value in statuses.values() if value == DONE)
        self.sub_title = (
            f"{count} annotation{'' if count == 1 else 's'} · {status} · {done}/{total} done"
        )

    def set_active(self, annotation_id: str | None) -> None:
        """Make an annotation the one the keys act on, and show it as such."""
        if annotation_id == self.active_id:
            return
        self.active_id = annotation_id
        self._show_in_text()
        self.query_one(AnnotationList).mark(annotation_id)
        self.update_status()

    def _show_in_text(self) -> None:
        """Hand the annotations that have a place in the text to both text panes."""
        placed = [a for a in self.annotations if not a.orphan]
        for view in self.query(TextView):
            view.set_annotations(placed, self.colours, self.active_id)

    def update_status(self) -> None:
        """Say what the keys will act on, and whether everything is saved."""
        view = self.text_view()
        active = self.active
        selection = view.selection
        if self.save_error:
            state: tuple[str, str] = (f" NOT SAVED: {self.save_error} ", "bold #ffffff on #aa0000")
        elif self.store.dirty:
            state = (" saving… ", "dim")
        else:
            state = (" saved ", "dim")
        if selection and active and active.orphan:
            hint = Content("r re-attaches the orphan to the selection")
        elif selection:
            keys = " · ".join(f"{label.key} {label.name}" for label in self.session.labels)
            hint = Content(f"{selection[1] - selection[0]} characters selected: {keys}")
        elif active and active.orphan:
            hint = Content(
                "⚠ orphan: its article changed and its text was not found again. "
                "Select where it belongs and press r, or x to delete it"
            )
        elif active:
            colour = self.colours.get(active.label, "#777777")
            hint = Content.assemble(
                (f" {visible(active.label)} ", f"bold #ffffff on {colour}"),
                Content(" n note · x delete · another label key retags"),
            )
        else:
            hint = Content("Select text: shift+arrows, s sentence, / search, or drag the mouse")
        # one line whose size never changes: no layout pass needed
        self.query_one("#status", Static).update(Content.assemble(state, " ", hint), layout=False)

    @on(CursorMoved)
    def cursor_moved(self, message: CursorMoved) -> None:
        self.last_view_id = message.view.id or "article"
        kept, self._keep_active_at = self._keep_active_at, None
        if message.selection is None and message.cursor != kept:
            covering = message.view.annotations_at(message.cursor)
            active = self.active
            # An orphan stays current until another annotation is, so that the user can go
            # and select the place to re-attach it.
            if covering or not (active and active.orphan):
                self.set_active(covering[0].id if covering else None)
        self.update_status()

    @on(AnnotationChosen)
    def annotation_chosen(self, message: AnnotationChosen) -> None:
        annotation = next((a for a in self.annotations if a.id == message.annotation_id), None)
        if annotation is None:
            return
        self.set_active(annotation.id)
        if annotation.orphan:
            self.update_status()
            return
        view = self.view_holding(annotation.start)
        view.move_cursor(annotation.start, center=True)
        if message.go_to:
            # Focusing reports the cursor; keep the chosen annotation current even where an
            # inner one starts at the same place.
            self._keep_active_at = annotation.start
            view.focus()
        self.update_status()

    def action_tag(self, label: str) -> None:
        """Tag the selection with `label`, or retag the active annotation."""
        view = self.text_view()
        selection = view.selection
        if selection:
            start, end = _trimmed(self.article.text, *selection)
            if start >= end:
                self.notify("Only white space is selected; nothing tagged.", severity="warning")
                return
            annotation = self.store.tag(self.article, start, end, label, self.session.annotator)
            view.move_cursor(end)
            self.active_id = annotation.id
            self.changed()
        elif self.active is not None:
            if self.active.label == label:
                self.notify(f"Already tagged {label}.")
                return
            self.store.retag(self.active, label)
            self.changed()
        else:
            self.notify(
                "Select some text first (shift+arrows, s, / or the mouse), "
                "or put the cursor on an annotation to retag it.",
                severity="warning",
            )

    def action_select_sentence(self) -> None:
        """Select the sentence under the cursor."""
        view = self.text_view()
        layout = view.layout_lines
        if layout is None:
            return
        index = layout.block_index_at(view.cursor)
        if index is None:
            return
        block = layout.blocks[index]
        span = sentence_at(self.article.block_text(block), view.cursor - block.start)
        if span is not None:
            view.select(block.start + span[0], block.start + span[1])
            self.update_status()

    def action_note(self) -> None:
        """Add or edit the note on the active annotation."""
        annotation = self.active
        if annotation is None:
            self.notify("Put the cursor on an annotation (or pick one in the list) first.")
            return

        def save(note: str | None) -> None:
            if note is not None and note != annotation.note:
                self.store.set_note(annotation, note)
                self.changed()

        title = f"Note on {annotation.label}"
        from tui.screens.prompt import TextPrompt

        self.app.push_screen(TextPrompt(title, f"“{annotation.text}”", annotation.note), save)

    def action_reattach(self) -> None:
        """Move the current annotation to the selection (how an orphan finds a home)."""
        annotation = self.active
        view = self.text_view()
        selection = view.selection
        if annotation is None or selection is None:
            self.notify(
                "Choose an annotation (an orphan in the list, say), select where it belongs, "
                "then press r."
            )
            return
        start, end = _trimmed(self.article.text, *selection)
        if start >= end:
            self.notify("Only white space is selected.", severity="warning")
            return
        self.store.reattach(annotation, self.article, start, end)
        view.move_cursor(end)
        self.changed()
        self.notify(f"Re-attached {annotation.label} to “{visible(self.article.text[start:end])}”.")

    def action_delete(self) -> None:
        """Delete the active annotation."""
        annotation = self.active
        if annotation is None:
            self.notify("Put the cursor on an annotation (or pick one in the list) first.")
            return
        self.store.delete(annotation)
        self.active_id = None
        self.changed()
        self.notify(f"Deleted {annotation.label}: u undoes it.")

    def action_undo(self) -> None:
        """Undo the last change to this article's annotations."""
        change = self.store.undo(self.article.id)
        self._replayed(change, f"Undone: {_describe(change.inverse())}." if change else None)

    def action_redo(self) -> None:
        """Redo the last undone change."""
        change = self.store.redo(self.article.id)
        self._replayed(change, f"Redone: {_describe(change)}." if change else None)

    def _replayed(self, change: Change | None, message: str | None) -> None:
        if change is None or message is None:
            self.notify("Nothing to undo." if message is None else "Nothing to redo.")
            return
        self.active_id = change.after.id if change.after else None
        self.changed()
        shown = change.after or change.before
        if shown is not None and not shown.orphan:
            self.view_holding(shown.start).move_cursor(shown.start, center=True)
        self.notify(message)

    def action_search(self) -> None:
        """Ask for text and select its next match in the article."""

        def search(query: str | None) -> None:
            if query:
                self.last_search = query
                self._find(forward=True)

        from tui.screens.prompt import TextPrompt

        prompt = TextPrompt("Search the article", value=self.last_search, placeholder="text")
        self.app.push_screen(prompt, search)

    def action_search_next(self) -> None:
        """Select the next match of the last search."""
        self._find(forward=True)

    def action_search_previous(self) -> None:
        """Select the previous match of the last search."""
        self._find(forward=False)

    def _find(self, forward: bool) -> None:
        if not self.last_search:
            self.notify("Nothing to search for yet: press / first.")
            return
        text = self.article.text
        flags = 0 if any(c.isupper() for c in self.last_search) else re.IGNORECASE
        matches = [m.span() for m in re.finditer(re.escape(self.last_search), text, flags)]
        if not matches:
            self.notify(f"Not found: {visible(self.last_search)}", severity="warning")
            return
        view = self.text_view()
        here = view.selection or (view.cursor, view.cursor)
        if forward:
            later = [span for span in matches if span[0] >= here[1] and span != here]
            chosen = later[0] if later else matches[0]
        else:
            earlier = [span for span in matches if span[1] <= here[0]]
            chosen = earlier[-1] if earlier else matches[-1]
        if (forward and not later) or (not forward and not earlier):
            self.notify("Search wrapped around the article.")
        target = self.view_holding(chosen[0])
        target.focus()
        target.select(*chosen)
        self.last_view_id = target.id or "article"
        self.update_status()

    def action_next_article(self) -> None:
        """Go to the next article of the set."""
        self._go_to_article(self.index + 1)

    def action_previous_article(self) -> None:
        """Go to the previous article of the set."""
        self._go_to_article(self.index - 1)

    def _go_to_article(self, index: int) -> None:
        total = len(self.session.articles)
        if not 0 <= index < total:
            self.notify("That is the last article." if index >= total else "That is the first.")
            return
        self.show_article(index)
        self.query_one("#article", TextView).focus()

    def action_mark(self, status: str) -> None:
        """Mark the article done or skipped, then go to the next article not done."""
        self.store.set_status(self.article, status)
        self.save()
        word = "done" if status == DONE else "skipped"
        statuses = self.store.statuses()
        following = self.session.articles.next_unfinished(self.index, statuses)
        if following is None:
            self.update_header()
            self.notify(f"Marked {word}. Every article of the set is done or skipped.")
            return
        self.notify(f"Marked {word}.")
        self._go_to_article(following)

    def action_article_list(self) -> None:
        """Show the set's articles; jump to the one picked."""
        statuses = self.store.statuses()
        counts = self.store.annotation_counts()
        entries = self.session.articles.entries
        from tui.screens.articles import ArticleListScreen

        screen = ArticleListScreen(
            [entry.title for entry in entries],
            [statuses.get(entry.id, "new") for entry in entries],
            [counts.get(entry.id, 0) for entry in entries],
            self.index,
        )

        def jump(position: int | None) -> None:
            if position is not None and position != self.index:
                self._go_to_article(position)

        self.app.push_screen(screen, jump)

    def action_help(self) -> None:
        """Show every key."""
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[HelpSection]:
        """The keys by section, read from the bindings themselves."""
        labels = [
            (label.key, f"Tag the selection {label.name}; with nothing selected, retag the "
             f"annotation under the cursor. {label.description}")
            for label in self.session.labels
        ]
        own = [
            (binding.key_display or binding.key, binding.tooltip or binding.description)
            for binding in self.BINDINGS
            if isinstance(binding, Binding)
        ]
        moving = [
            (binding.key, binding.description)
            for binding in TextView.BINDINGS
            if isinstance(binding, Binding)
        ]
        mouse = [
            ("drag", "Select with the mouse (press, drag, release)"),
            ("click", "Move the cursor; on a highlight, make that annotation current"),
            ("shift+click", "Extend the selection to the click"),
        ]
        anywhere = [
            ("tab, shift+tab", "Move between the article, comments and annotation panes"),
            ("up, down, enter", "In the annotation list: show an annotation, enter goes to it"),
            ("ctrl+p", "Command palette: every action by name"),
            ("q", "Quit (every change is already saved)"),
        ]
        return [
            ("Labels", labels),
            ("Annotations, search and articles", own),
            ("Moving and selecting (article and comments panes)", moving + mouse),
            ("Anywhere", anywhere),
        ]

    def changed(self) -> None:
        """After a change: show it everywhere and save it in the background.

        The save starts once the screen shows the change, so that its work never delays the
        frame the user is waiting for.
        """
        self.refresh_annotations()
        self.call_after_refresh(self.save)

    @work(thread=True, group="save", exit_on_error=False)
    def save(self) -> None:
        """Write the store to disk off the UI thread (merging what others wrote meanwhile)."""
        self.store.flush()

    @work(thread=True, group="sync", exclusive=True, exit_on_error=False)
    def sync(self) -> bool:
        """Take in annotations another process saved to the same DB."""
        return self.store.sync()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "sync":
            if event.state == WorkerState.SUCCESS:
                self.sync_error = None
                if event.worker.result:
                    self.refresh_annotations()
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


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without white space at either edge."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _describe(change: Change) -> str:
    before, after = change.before, change.after
    if before is None and after is not None:
        return f"tag {after.label}"
    if after is None and before is not None:
        return f"delete {before.label}"
    assert before is not None and after is not None
    if before.label != after.label:
        return f"retag {before.label} → {after.label}"
    if (before.start, before.end, before.orphan) != (after.start, after.end, after.orphan):
        return f"re-attach {after.label}"
    return "note"
