"""The Textual app: wiring, app-wide keys and the command palette. The work is in the screens."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.markup import escape
from textual.notifications import Notify, SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from annotations.doc_labels import DEFAULT_CHOICE_SETS, ChoiceSet
from annotations.labels import RULES
from annotations.model import DEFAULT_LABELS, Article, Label
from annotations.places import Places
from annotations.relations import DEFAULT_RELATION_TYPES, RelationType
from annotations.session import Session
from annotations.sets import ArticleSet
from annotations.settings import save_theme
from annotations.storage import LOCK_TIMEOUT, StoreError
from annotations.store import AnnotationStore
from annotations.user_files import UserFileError
from tui.screens.article import ArticleScreen, article_screen
from tui.screens.key_order import KeyOrder
from tui.visible import visible

QUIT_PATIENCE = 0.5
"""Seconds a save on quitting may take before the screen says what it is waiting for."""


class AnnotatorApp(App[None]):
    """Read articles and annotate them; every change is saved as it is made."""

    TITLE = "annotator"
    BINDINGS = [Binding("q", "quit", "quit")]
    CSS_PATH = "screens/article.tcss"
    """The article screen's own CSS_PATH, read with Textual's CSS before anything is styled:
    as the default screen (`get_default_screen`), the article screen's is not read."""

    def __init__(
        self,
        session: Session,
        notices: Sequence[str] = (),
        places: Places | None = None,
        resume_at: str | None = None,
        theme: str | None = None,
        settings: Path | None = None,
        *,
        bidi: bool = True,
    ) -> None:
        super().__init__()
        self.session = session
        self.notices = tuple(notices)
        self.bidi = bidi
        self.places = places
        """Where the article on screen is kept for the next run (None: nowhere)."""
        self.settings = settings
        """The settings file the theme chosen in the palette is kept in (None: nowhere)."""
        if theme is not None:
            self.theme = theme
        self._quit_unsaved = False
        self.key_order = KeyOrder(self, super().on_event)
        """Gives out the keys read one at a time, each once the one before has taken effect."""
        self._quitting: str | None = None
        """What quitting is doing, while it saves (None when not quitting)."""
        self._resume_at = resume_at

    def get_default_screen(self) -> Screen:
        """The article screen, at the article to resume at.

        As the default screen it is composed once the app's start-up batch ends, and its
        first frame is rendered once. As the base of a mode (before), Textual mounted it
        inside that batch, styled every node again for it (`App._init_mode` → `refresh_css`)
        and rendered a frame there that `App._display` threw away: 14 ms of CPU to the first
        frame. The app is ready before this screen is composed (a Pilot test pauses once
        first), so the notices are told once it shows its article
        (`on_article_screen_article_shown`).
        """
        return article_screen(self.session, self._resume_at, bidi=self.bidi)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notification; literally, since messages carry article text and file names.

        `markup` is ignored: a widget's `notify` (the screens') passes True by default.
        """
        super().notify(
            visible(message), title=visible(title), severity=severity, timeout=timeout,
            markup=False,
        )

    def on_notify(self, event: Notify) -> None:
        """Tell the article screen, which shows notices in its status line."""
        screen = self.screen
        if isinstance(screen, ArticleScreen):
            screen.show_notice(event.notification)

    def on_article_screen_article_shown(self, message: ArticleScreen.ArticleShown) -> None:
        notices, self.notices = self.notices, ()  # the first time: the status line is there
        for notice in notices:
            self.notify(visible(notice[0].upper() + notice[1:]), severity="warning", timeout=15)
        if self.places is not None:
            self.remember_place(self.places, message.article_id)

    @work(thread=True, group="places", exclusive=True, exit_on_error=False)
    def remember_place(self, places: Places, article_id: str) -> None:
        """Keep the article on screen as the place to reopen the set at (off the UI thread)."""
        try:
            places.remember(article_id)
        except UserFileError as error:
            self.places = None  # said once; the work itself is unharmed
            self.notify(f"{error}; where you are in the set is not kept.", severity="warning")

    @work(thread=True, group="check", exit_on_error=False)
    def check_db(self) -> None:
        """Read and check the DB's tables the first screen did not need (off the UI thread,
        after the first frame). A bad one ends the app; the store's close then says why in
        one line, and writes nothing (`AnnotationStorage.check_rest`)."""
        try:
            self.session.store.storage.check_rest()
        except StoreError:
            self.call_from_thread(self.exit, None, 1)

    def _handle_exception(self, error: Exception) -> None:
        """A DB table found bad as an action first read it (before `check_db` reached it)
        ends the app as `check_db` does: the store's close then says why in one line and
        writes nothing. Anything else is Textual's to show.

        Textual has no public hook for an exception raised in a handler (an action, a
        message); this private method is the one place that meets them all, so the override
        stays here alone."""
        if isinstance(error, StoreError):
            self.exit(None, 1)
            return
        super()._handle_exception(error)

    def _theme_chosen(self, theme: Theme) -> None:
        if self.settings is not None:
            self.keep_theme(self.settings, theme.name)

    @work(thread=True, group="settings", exclusive=True, exit_on_error=False)
    def keep_theme(self, settings: Path, theme: str) -> None:
        """Keep the theme chosen in the settings file, for the next start (off the UI
        thread)."""
        try:
            save_theme(settings, theme)
        except UserFileError as error:
            self.settings = None  # said once
            self.notify(f"{error}; the theme is not kept.", severity="warning")

    async def on_event(self, event: events.Event) -> None:
        """Keys from the terminal go out one at a time, each once the one before it has taken
        effect (see `KeyOrder`); every other event as Textual sends it."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.key_order.key(event)
        else:
            await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        """Give a key to the screen on top when it was typed for the one underneath.

        In a terminal a fast `/` and a word arrive together: the word's keys are already on
        their way through the article screen when `/` opens the search prompt on top of it.
        They belong to the prompt (or to whatever dialog `l`, `v`, `?` opened), so they are
        sent there instead of being checked against that dialog's bindings and lost. Since
        `key_order` gives keys out one at a time, this is left for a key held past its
        patience.
        """
        through = getattr(event, "through_screen", None)
        if through is None or through is self.screen:
            return
        event.prevent_default()  # no binding check: it would be against the wrong screen
        event.stop()
        top = self.screen
        (top.focused or top).post_message(events.Key(event.key, event.character))

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_chosen)
        self.call_after_refresh(self.check_db)

    def action_help_quit(self) -> None:
        """ctrl+c where nothing is to be copied: say how to quit.

        Textual's own message is markup, which this app's notices show literally.
        """
        self.notify("To quit, press q (ctrl+q in a text field).")

    async def action_quit(self) -> None:
        """Save what is not saved yet, then quit; if saving fails, say so and stay.

        The save runs in a worker: another annotator holding the DB's lock can keep it waiting
        for seconds, and the screen says so and goes on answering keys meanwhile.
        """
        if self._quitting is not None:
            self.notify(self._quitting, timeout=5)
            return
        self._quitting = "Saving before quitting…"
        self._save_and_quit()

    @work(group="quit", exit_on_error=False)
    async def _save_and_quit(self) -> None:
        """Save in a thread until nothing is left unsaved (keys pressed meanwhile may have
        made changes), then exit; if saving fails, say so and stay."""
        store = self.session.store
        waiting = self.set_timer(QUIT_PATIENCE, self._say_waiting)
        try:
            while True:
                await asyncio.to_thread(self.session.save)
                if not store.dirty:
                    break
        except StoreError as error:
            if not self._quit_unsaved:
                self._quit_unsaved = True
                self.notify(
                    f"Could not save: {visible(error.cause)}. Fix it and press q again, "
                    "or press q again to quit and lose the unsaved change.",
                    severity="error",
                    timeout=30,
                )
                return
        finally:
            waiting.stop()
            self._quitting = None
        self.exit()

    def _say_waiting(self) -> None:
        """Tell why quitting takes a while (another process holds the DB's lock)."""
        self._quitting = (
            f"Saving before quitting: waiting for {self.session.store.storage.location} "
            "(another annotator is saving to it). Keys still work meanwhile."
        )
        self.notify(self._quitting, timeout=LOCK_TIMEOUT + 5)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, ArticleScreen):
            return
        seen: set[tuple[str, int]] = set()
        for binding in screen.active_bindings.values():
            node, spec = binding.node, binding.binding
            if not spec.description or node is self or (spec.action, id(node)) in seen:
                continue
            seen.add((spec.action, id(node)))  # once, though bound to two keys (ctrl+c, super+c)
            key = spec.key_display or self.get_key_display(spec)
            title = spec.description[0].upper() + spec.description[1:]
            # Textual's palette reads a command's title and help as markup; a label's name
            # in them is text.
            yield SystemCommand(
                escape(visible(title)),
                escape(visible(f"key: {key}")),
                partial(self.run_action, spec.action, node),
            )


def make_app(
    articles: Sequence[Article],
    store: AnnotationStore,
    annotator: str,
    labels: Sequence[Label] = DEFAULT_LABELS,
    notices: Sequence[str] = (),
    *,
    rules: Iterable[str] = RULES,
    relation_types: Sequence[RelationType] = DEFAULT_RELATION_TYPES,
    choice_sets: Sequence[ChoiceSet] = DEFAULT_CHOICE_SETS,
    bidi: bool = True,
    snap_words: bool = True,
    places: Places | None = None,
    resume_at: str | None = None,
    theme: str | None = None,
    settings: Path | None = None,
    detect_later: bool = False,
) -> AnnotatorApp:
    """Build the app a user gets; the console script and the tests both come through here.

    Args:
        articles: The set, in order.
        store: Where annotations are kept.
        annotator: Recorded on every annotation made.
        labels: The label set.
        notices: Told to the user once the app is up (skipped files, orphaned annotations).
        rules: The suggestion rules switched on (see `annotations.suggestions`).
        relation_types: The relation types between annotations.
        choice_sets: The choices for the article and for each comment.
        bidi: Draw right-to-left lines reordered for the eye; False for a terminal that
            reorders them itself (`--no-bidi`).
        snap_words: Selections grow to whole words (the label file's `[selection]`).
        places: Where to keep the article on screen for the next run (nowhere, if None).
        resume_at: The article to open first (where the user was last), if the set has it.
        theme: The Textual theme to start with (a built-in one; None: Textual's default).
        settings: The settings file to keep the theme chosen in the palette in (None: none).
        detect_later: The articles may come without their language, detected after the first
            frame (`open_session`'s `detect_later`).
    """
    article_set = articles if isinstance(articles, ArticleSet) else ArticleSet.of(articles)
    session = Session(article_set, store, annotator, labels, frozenset(rules), snap_words,
                      relation_types, choice_sets, detect_later=detect_later)
    return AnnotatorApp(session, notices, places, resume_at, theme, settings, bidi=bidi)
