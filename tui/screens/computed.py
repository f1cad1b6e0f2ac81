"""A dialog whose content is computed from the whole DB off the UI thread.

Reading every annotation of a large DB takes seconds; a dialog that did it before its first
frame froze the screen meanwhile (the review, 4 s at 100,000 annotations). This one shows a
progress line at once, computes in a worker thread, and shows the content when the worker
reports back with a message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from rich.text import Text
from textual import work
from textual.message import Message
from textual.worker import Worker, WorkerState

from tui.screens.dialog import Dialog
from tui.visible import visible

T = TypeVar("T")
E = TypeVar("E")
"""An entry of a DB's contents: an article, its status and annotations (and its links)."""
PROGRESS_EVERY = 100
"""Articles read between two progress messages."""


def with_progress(
    contents: Iterable[E], total: int, progress: Callable[[int, int], object]
) -> Iterator[E]:
    """`contents` as it is read, calling `progress(articles read, total)` now and then."""
    for number, entry in enumerate(contents, 1):
        if number % PROGRESS_EVERY == 0:
            progress(number, total)
        yield entry


class ComputedDialog(Dialog[None], Generic[T]):
    """A dialog that shows `computing` until `compute` (run in a worker thread) is done, then
    `show_result` of what it computed. Its actions check `result` is not None: a key pressed
    before then does nothing (nothing is shown to act on yet), and escape closes at any time."""

    WHAT = "Reading the annotations"
    """The progress line, before the counts."""

    @dataclass
    class Computed(Message):
        """Posted by the dialog's worker: what it computed (the dialog's type of result)."""

        result: object

    @dataclass
    class Progress(Message):
        """Posted by the dialog's worker as it reads the DB."""

        done: int
        """Articles read."""
        total: int
        """Articles in the DB."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ComputedDialog.Progress)

    result: T | None = None
    """What `compute` returned, once it has."""

    def compute(self, progress: Callable[[int, int], object]) -> T:
        """Read the DB and compute the content (in a worker thread: no widget access here)."""
        raise NotImplementedError

    def show_result(self, result: T) -> None:
        """Show what `compute` returned (on the UI thread)."""
        raise NotImplementedError

    def show_line(self, line: Text) -> None:
        """Show one line in place of the content: progress, or why there is none."""
        raise NotImplementedError

    def on_mount(self) -> None:
        self.show_line(Text(f"{self.WHAT}…", style="italic"))
        # Started once the line is on screen: the worker holds the GIL most of the time, and
        # would otherwise delay the first frame by as long as it runs.
        self.call_after_refresh(self._compute)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _compute(self) -> None:
        result = self.compute(lambda done, total: self.post_message(self.Progress(done, total)))
        self.post_message(self.Computed(result))

    def on_computed_dialog_progress(self, message: ComputedDialog.Progress) -> None:
        if self.result is None:
            self.show_line(Text(f"{self.WHAT}… {message.done:,} of {message.total:,} articles",
                                style="italic"))

    def on_computed_dialog_computed(self, message: ComputedDialog.Computed) -> None:
        self.result = message.result  # type: ignore[assignment]  # what compute returned
        self.show_result(self.result)  # type: ignore[arg-type]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.show_line(Text(f"Could not read the DB: {visible(str(event.worker.error))}",
                                style="bold red"))
