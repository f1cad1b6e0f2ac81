"""A modal screen that closes once, however many keys or messages ask it to."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A ModalScreen whose `close` is safe to call twice.

    A fast typist's enter and escape (or a double click and enter) can both reach a dialog
    before it has gone: the second `dismiss` would pop the screen underneath, which Textual
    refuses with an error that ends the app.

    A dialog composes one container (a `Vertical` or a `VerticalScroll`), drawn as a box in
    the middle of the screen; a dialog's own CSS changes only what differs (its size, say).
    """

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical, Dialog > VerticalScroll {
        width: 95%; height: 90%; border: round $accent; background: $panel; padding: 0 1;
    }
    """

    _dismissing = False
    """Set once `close` has dismissed this dialog (`_closing` is Textual's own)."""

    def close(self, result: ResultType | None = None) -> None:
        """Close with `result`, unless this dialog is already closed or closing."""
        if self.is_current and not self._dismissing:
            self._dismissing = True
            self.dismiss(result)

    def action_close(self) -> None:
        """Close without a result (escape, and each dialog's own closing keys)."""
        self.close(None)
