"""A question answered with a label key: which label to tag with (every search match, say)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from annotations.model import Label
from tui.screens.dialog import Dialog
from tui.screens.label_keys import label_bindings, with_bindings
from tui.visible import visible


def label_choice(labels: Sequence[Label], title: str, question: str) -> LabelChoice:
    """A `LabelChoice` whose label keys answer it."""
    keys = tuple(label_bindings(labels, "choose", "tag"))
    return with_bindings(LabelChoice, keys)(labels, title, question)


class LabelChoice(Dialog[str | None]):
    """Asks which label: a label key returns its name, escape returns None."""

    DEFAULT_CSS = """
    LabelChoice > Vertical { width: 80%; max-width: 100; height: auto; }
    LabelChoice .hint { color: $text-muted; }
    """

    BINDINGS = [Binding("escape", "close", "Cancel")]

    def __init__(self, labels: Sequence[Label], title: str, question: str) -> None:
        """Create the dialog (see `label_choice`, which binds the label keys).

        Args:
            labels: The label set, whose keys answer.
            title: Shown on the dialog's border.
            question: What is asked, as plain text.
        """
        super().__init__()
        self.labels = tuple(labels)
        self.title_text = title
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = visible(self.title_text)
            yield Static(Content(visible(self.question)))
            keys = " · ".join(f"{label.key} {label.name}" for label in self.labels)
            yield Static(Content(visible(keys)))
            yield Static("a label key to tag · escape to cancel", classes="hint")

    def action_choose(self, label: str) -> None:
        """Answer with `label`."""
        self.close(label)
