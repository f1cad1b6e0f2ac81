"""The base of the main screen: the article, its comments and annotations, and the state.

The screen is the mediator: its widgets post messages up, it calls the store, and it hands the
new state down to the widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from annotations.model import Annotation, Article, Label
from annotations.sets import ArticleSet
from annotations.storage import StoreError
from annotations.store import DONE, AnnotationStore
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
    rules: frozenset[str] = frozenset()
    """The suggestion rules switched on."""


SYNC_SECONDS = 2.0
"""How often the screen looks for annotations another process saved to the same DB."""


def _label_bindings(labels: Sequence[Label]) -> list[Binding]:
    return [Binding(label.key, f"tag('{label.name}')", label.name) for label in labels]


class ArticleScreen(Screen[None]):
    """One article of the set at a time: its panes, its state, and the store behind it.

    The actions live in mixins (`tui.screens.editing`, `reading` and `suggesting`), which
    `tui.screens.main.MainScreen` puts together with the key bindings.
    """

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
        # so that the key bar shows them first.
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

    def on_key(self, event: events.Key) -> None:
        """Note on the key that it went through this screen (see `AnnotatorApp.on_key`)."""
        event.through_screen = self  # type: ignore[attr-defined]

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
        self.article_shown()
        for warning in article.warnings:
            self.notify(visible(f"{article.source}: {warning}"), severity="warning")

    def article_shown(self) -> None:
        """Called once an article is on screen (the suggestion mixin proposes spans here)."""

    def refresh_annotations(self) -> None:
        """Reload the article's annotations from the store and hand them to every pane."""
        self.annotations = self.store.annotations(self.article.id)
        if self.active is None:
            self.active_id = None
        self._show_in_text()
        listing = self.query_one(AnnotationList)
        listing.show(self.annotations, self.colours, self.active_id)
        listing.border_title = f"Annotations ({len(self.annotations)})"
        listing.border_subtitle = " ".join(
            f"{label.key} {visible(label.name)}" for label in self.session.labels
        )
        self.update_header()
        self.update_status()

    def suggestion_hint(self) -> Content | None:
        """What to say about the suggestion under the cursor, if there is one."""
        return None

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
        elif not active and (suggested := self.suggestion_hint()) is not None:
            hint = suggested
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

    def on_text_view_cursor_moved(self, message: TextView.CursorMoved) -> None:
        self.last_view_id = message.text_view.id or "article"
        kept, self._keep_active_at = self._keep_active_at, None
        if message.selection is None and message.cursor != kept:
            covering = message.text_view.annotations_at(message.cursor)
            active = self.active
            # An orphan stays current until another annotation is, so that the user can go
            # and select the place to re-attach it.
            if covering or not (active and active.orphan):
                self.set_active(covering[0].id if covering else None)
        self.update_status()

    def on_annotation_list_chosen(self, message: AnnotationList.Chosen) -> None:
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
