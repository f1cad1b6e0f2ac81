"""The help screen: every key, generated from the bindings so it cannot drift from them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from annotations.model import Label
from tui.screens.dialog import Dialog
from tui.visible import visible

HelpSection = tuple[str, Sequence[tuple[str, str]]]
"""A heading and its rows of (keys, what they do)."""


def key_sections(
    labels: Iterable[Label], screen_keys: Iterable[Binding], view_keys: Iterable[Binding]
) -> list[HelpSection]:
    """Every key of the article screen by section, read from its bindings and label set."""
    tags = [
        (label.key, f"Tag the selection {label.name}; with nothing selected, retag the "
         f"annotation under the cursor. {label.description}".rstrip())
        for label in labels
    ]
    own = [(b.key_display or b.key, b.tooltip or b.description) for b in screen_keys]
    moving = [(b.key_display or b.key, b.description) for b in view_keys]
    mouse = [
        ("drag", "Select with the mouse (press, drag, release); it grows to whole words"),
        ("click", "Move the cursor; on a highlight, make that annotation current"),
        ("shift+click", "Extend the selection to the click"),
        ("double click", "Select the word"),
        ("triple click", "Select the sentence"),
    ]
    anywhere = [
        ("tab, shift+tab", "Move between the article, comments and annotation panes"),
        ("up, down, enter", "In the annotation list: show an annotation, enter goes to it"),
        ("ctrl+c", "Copy the selection (else the current annotation's text) to the clipboard"),
        ("ctrl+p", "Command palette: every action by name"),
        ("q", "Quit (every change is already saved)"),
    ]
    return [
        ("Labels", tags),
        ("Annotations, suggestions, search and articles", own),
        ("Moving and selecting (article and comments panes)", moving + mouse),
        ("Anywhere", anywhere),
    ]


class HelpScreen(Dialog[None]):
    """Lists every key by section; escape, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen > VerticalScroll { width: 90%; max-width: 90; }
    """

    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close help"),
    ]

    def __init__(self, sections: Sequence[HelpSection]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "escape to close"
            yield Static(self._content())

    def _content(self) -> Group:
        key_width = max(len(keys) for _, rows in self.sections for keys, _ in rows)
        parts: list[Text | Table] = []
        for heading, rows in self.sections:
            parts.append(Text(("\n" if parts else "") + heading, style="bold underline"))
            table = Table.grid(padding=(0, 2))
            table.add_column(width=key_width, style="bold")
            table.add_column(ratio=1)
            for keys, description in rows:
                table.add_row(Text(visible(keys)), Text(visible(description)))
            parts.append(table)
        return Group(*parts)
