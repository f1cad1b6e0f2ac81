"""The article screen's saves and syncs: the store written to disk and read again off the UI
thread, in workers of the screen, and what they tell the user when they end."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen
from textual.worker import Worker, WorkerState

from annotations.outcome import Outcome
from annotations.session import Session
from annotations.storage import StoreError
from tui.visible import visible

RETRY_SECONDS = 5.0
"""How long after a failed save the next one is tried."""


class Saving:
    """Saves the session's store and takes in what other processes saved, for a screen."""

    def __init__(
        self, screen: Screen[Any], session: Session, show: Callable[[Outcome], None],
        update_status: Callable[[], None],
    ) -> None:
        """Saving for `screen` (nothing runs until asked).

        Args:
            screen: The screen the workers belong to, which tells what they did.
            session: The session whose store is saved.
            show: Shows an outcome (what a save or a sync took in).
            update_status: Says in the status line whether everything is saved.
        """
        self.screen = screen
        self.session = session
        self.show = show
        self.update_status = update_status
        self.save_error: str | None = None
        """Why the last save failed, until one succeeds."""
        self.sync_error: str | None = None
        """Why the last sync failed (said once, not at every sync)."""

    def save(self) -> Worker[bool]:
        """Record the articles opened and write the store to disk off the UI thread, merging
        what others wrote meanwhile (`Session.save`); the worker's result is True when the
        annotations have to be read again."""
        return self.screen.run_worker(
            self.session.save, name="save", group="save", exclusive=False,
            thread=True, exit_on_error=False,
        )

    def sync(self) -> Worker[bool]:
        """Take in annotations another process saved to the same DB, off the UI thread; the
        worker's result is True when there were some."""
        return self.screen.run_worker(
            self.session.store.sync, name="sync", group="sync", exclusive=True,
            thread=True, exit_on_error=False,
        )

    def worker_changed(self, event: Worker.StateChanged) -> None:
        """Tell what a save or a sync that ended did: what it took in, or why it failed."""
        group, state, screen = event.worker.group, event.state, self.screen
        if group not in ("save", "sync"):
            return
        if state != WorkerState.RUNNING:
            for recovery in self.session.store.take_recoveries():  # a DB found damaged
                screen.notify(recovery.message(), severity="warning", timeout=120)
            for notice in self.session.store.take_notices():  # a stale journal set aside
                screen.notify(visible(notice), severity="warning", timeout=120)
        if group == "sync":
            self._synced(event.worker, state)
            return
        if state == WorkerState.ERROR:
            error = event.worker.error
            self.save_error = str(error.cause if isinstance(error, StoreError) else error)
            screen.notify(f"Not saved: {visible(str(error))}", severity="error", timeout=10)
            screen.set_timer(RETRY_SECONDS, self.save)
        elif state == WorkerState.SUCCESS:
            self.save_error = None
            if event.worker.result:  # the save took in another annotator's changes
                self.show(self.session.reload())
            notices = self.session.take_late_notices()
            if notices:  # recording the article opened found it changed
                self.show(Outcome(notices=notices))
        self.update_status()

    def _synced(self, worker: Worker[bool], state: WorkerState) -> None:
        if state == WorkerState.SUCCESS:
            self.sync_error = None
            if worker.result:
                self.show(self.session.reload())
        elif state == WorkerState.ERROR and str(worker.error) != self.sync_error:
            self.sync_error = str(worker.error)  # said once, not every few seconds
            self.screen.notify(f"Cannot read the DB: {visible(self.sync_error)}", severity="error")
