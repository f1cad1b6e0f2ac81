"""The choices for an article or a comment (its type, its stance), or for the type of a
relation: a key or a click picks, enter keeps, escape cancels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from annotations.doc_labels import ChoiceSet
from tui.screens.dialog import Dialog
from tui.visible import visible

KEYS = "123456789abcdefghijklmnopqrstuvwxyz"
"""The keys of the choices in the dialog, in order, across its sets."""

Chosen = dict[str, tuple[str, ...]]
"""Choices by set name."""


class ChoiceRow(Static):
    """One choice: its key, a mark when it is taken, and its name."""

    @dataclass
    class Picked(Message):
        """Posted by a ChoiceRow when it is clicked."""

        row: ChoiceRow
        """The row clicked."""

    def __init__(self, key: str, set_name: str, choice: str) -> None:
        super().__init__(classes="choice")
        self.key, self.set_name, self.choice = key, set_name, choice

    def show(self, taken: bool) -> None:
        """Draw the row, marked when its choice is taken."""
        self.set_class(taken, "taken")
        mark = "●" if taken else "○"
        self.update(Content.assemble((f" {self.key} ", "bold"), f"{mark} {visible(self.choice)}"))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Picked(self))


class ChoiceDialog(Dialog[Chosen | None]):
    """Choices in one or more sets, returned by set name (None when cancelled).

    With a single set of one choice at most, a key (or a click) picks and closes at once;
    otherwise keys and clicks take and drop choices, and enter keeps them.
    """

    DEFAULT_CSS = """
    ChoiceDialog > Vertical { width: 70%; max-width: 80; height: auto; max-height: 90%; }
    ChoiceDialog .context { color: $text-muted; margin-bottom: 1; }
    ChoiceDialog .heading { text-style: bold; }
    ChoiceDialog .choice.taken { color: $accent; text-style: bold; }
    ChoiceDialog .hint { color: $text-muted; margin-top: 1; }
    """

    BINDINGS = [
        Binding("escape", "close", "Cancel"),
        Binding("enter", "keep", "Keep the choices"),
    ]

    def __init__(
        self,
        title: str,
        context: str,
        sets: Sequence[ChoiceSet],
        chosen: Mapping[str, Sequence[str]],
    ) -> None:
        """Create the dialog.

        Args:
            title: Shown on its border (what is labelled).
            context: A line shown above the choices (the comment's opening words, say).
            sets: The sets of choices.
            chosen: What is chosen now, by set name.
        """
        super().__init__()
        self.prompt_title, self.context, self.sets = title, context, tuple(sets)
        self.chosen: Chosen = {s.name: tuple(chosen.get(s.name, ())) for s in self.sets}
        self.rows: list[ChoiceRow] = []
        for choice_set in self.sets:
            for choice in choice_set.choices:
                self.rows.append(ChoiceRow(KEYS[len(self.rows) % len(KEYS)], choice_set.name,
                                           choice))

    @property
    def at_once(self) -> bool:
        """Whether a pick closes the dialog (one set, one choice at most)."""
        return len(self.sets) == 1 and not self.sets[0].multiple

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = visible(self.prompt_title)
            if self.context:
                yield Static(Content(visible(self.context)), classes="context")
            rows = iter(self.rows)
            for choice_set in self.sets:
                many = "any number" if choice_set.multiple else "one"
                yield Static(Content(f"{visible(choice_set.name)} ({many})"), classes="heading")
                for _ in choice_set.choices:
                    yield next(rows)
            hint = "a key or a click picks · escape cancels" if self.at_once else \
                "keys or clicks pick · enter keeps · escape cancels"
            yield Static(hint, classes="hint")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        for row in self.rows:
            row.show(row.choice in self.chosen[row.set_name])

    def on_key(self, event: events.Key) -> None:
        row = next((row for row in self.rows if row.key == event.character), None)
        if row is not None:
            event.stop()
            self.pick(row)

    def on_choice_row_picked(self, message: ChoiceRow.Picked) -> None:
        self.pick(message.row)

    def pick(self, row: ChoiceRow) -> None:
        """Take (or drop) a row's choice; with `at_once`, close with it."""
        choice_set = next(s for s in self.sets if s.name == row.set_name)
        self.chosen[row.set_name] = choice_set.choose(self.chosen[row.set_name], row.choice)
        if self.at_once:
            self.close(self.chosen)
        else:
            self._show()

    def action_keep(self) -> None:
        """Close with the choices taken."""
        self.close(self.chosen)
