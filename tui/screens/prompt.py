"""A one-line text prompt that returns what was typed (or None when cancelled)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from tui.screens.dialog import Dialog
from tui.visible import visible
from tui.widgets.visible_input import VisibleInput


class TextPrompt(Dialog[str | None]):
    """Asks for one line of text: enter returns it, escape returns None.

    Used for the note on an annotation and for the search.
    """

    DEFAULT_CSS = """
    TextPrompt > Vertical { width: 80%; max-width: 100; height: auto; }
    TextPrompt .context { color: $text-muted; margin-bottom: 1; }
    TextPrompt .hint { color: $text-muted; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        context: str = "",
        value: str = "",
        placeholder: str = "",
        *,
        replace: bool = False,
    ) -> None:
        """Create the prompt.

        Args:
            title: Shown on the dialog's border.
            context: A line of text shown above the input (the annotation's quote, say).
            value: What the input starts with.
            placeholder: Shown in the empty input.
            replace: Start with `value` selected, so that typing replaces it and enter
                keeps it (the search: `/` then enter repeats the last one).
        """
        super().__init__()
        self.prompt_title = title
        self.context = context
        self.value = value
        self.placeholder = placeholder
        self.replace = replace

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Content(visible(self.prompt_title))  # text, never markup
            if self.context:
                yield Static(Content(visible(self.context)), classes="context")
            yield VisibleInput(
                self.value, placeholder=self.placeholder, select_on_focus=self.replace
            )
            yield Static("enter to confirm · escape to cancel", classes="hint")

    def on_key(self, event: events.Key) -> None:
        """Keys typed before the input has the focus (a fast `/` then a word, in a terminal,
        arrive while the prompt is still being put up) go into the input, not nowhere."""
        field = next(iter(self.query(Input)), None)
        if field is None or self.focused is field:
            return
        if event.key == "enter":
            event.stop()
            self.close(field.value)
        elif event.is_printable and event.character:
            event.stop()
            if self.replace and field.value == self.value:
                field.value = ""
            field.insert_text_at_cursor(event.character)
            field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.close(event.value)

    def action_cancel(self) -> None:
        """Close without a value."""
        self.close(None)
