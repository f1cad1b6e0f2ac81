"""Jumping to any sentence on screen with one letter, the way Vimium follows links.

`f` puts a letter on the first character of every sentence on screen, in both text panes;
typing a letter selects that sentence, so any sentence in sight is tagged in three keys (`f`,
its letter, the label key). Any other key closes the hints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from string import ascii_uppercase, digits

from textual import events
from textual.app import ComposeResult
from textual.widgets import Static

from annotations.text_units import Unit
from tui.screens.dialog import Dialog
from tui.widgets.text_layout import LineKind
from tui.widgets.text_view import TextView

HINT_KEYS = "asdfghjklqwertyuiopzxcvbnm" + digits + ascii_uppercase
"""The letters given to the sentences, in reading order: the home row first."""

Span = tuple[int, int]


@dataclass(frozen=True)
class Hint:
    """A letter drawn on screen, and the span typing it selects."""

    key: str
    """The character to type."""
    x: int
    """The screen column it is drawn at."""
    y: int
    """The screen row."""
    span: Span
    """What typing it selects."""


def on_screen(view: TextView, unit: Unit) -> list[tuple[Span, int, int]]:
    """The units of `view` with a character on screen, each with the screen cell (x, y) of its
    first character there (a sentence begun above the pane: its first line in the pane)."""
    layout, units = view.layout_lines, view.units
    if layout is None or not view.has_text:
        return []
    region = view.scrollable_content_region
    top = int(view.scroll_y)
    lines = [line for line in range(top, min(top + region.height, layout.line_count))
             if layout.kind(line) == LineKind.TEXT]
    if not lines:
        return []
    first, last = layout.span(lines[0])[0], layout.span(lines[-1])[1]
    low, high = units.block_index(first), units.block_index(last)
    if low is None or high is None:
        return []
    found = []
    for index in range(low, high + 1):
        for start, end in units.spans(unit, index):
            if end <= first or start >= last:
                continue
            shown = max(start, first)
            line = layout.line_at(shown)
            if not top <= line < top + region.height:
                continue
            x = region.x + layout.col_of(shown) - int(view.scroll_x)
            found.append(((start, end), x, region.y + line - top))
    return found


def sentence_hints(views: Iterable[TextView]) -> list[Hint]:
    """A hint for each sentence on screen in `views`, in order, as many as there are letters."""
    places = [place for view in views for place in on_screen(view, Unit.SENTENCE)]
    return [Hint(key, x, y, span) for key, (span, x, y) in zip(HINT_KEYS, places, strict=False)]


class HintScreen(Dialog[None]):
    """Shows the hints over the screen; the letter of one chooses its span, any other key
    closes the hints.

    The span is handed over at once, not once the screen has gone: a label key typed right
    after the letter (both arrive together in a terminal) must find the sentence selected.
    Keys that still reach this screen after the choice are passed on to the screen below.
    """

    DEFAULT_CSS = """
    HintScreen { align: left top; background: transparent; }
    HintScreen > .hint {
        position: absolute; width: 1; height: 1;
        background: $warning; color: $text; text-style: bold;
    }
    """

    def __init__(self, hints: Iterable[Hint], choose: Callable[[Span], None]) -> None:
        """Create the screen.

        Args:
            hints: The letters and their spans.
            choose: Called with the span of the letter typed, before the screen closes.
        """
        super().__init__()
        self.hints = {hint.key: hint for hint in hints}
        self.choose = choose
        self._chosen = False

    def compose(self) -> ComposeResult:
        for hint in self.hints.values():
            letter = Static(hint.key, classes="hint")
            letter.styles.offset = (hint.x, hint.y)
            yield letter

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        below = self.app.screen
        if self._chosen and below is not self:  # typed with the letter: for the screen below
            (below.focused or below).post_message(events.Key(event.key, event.character))
            return
        self._chosen = True
        hint = self.hints.get(event.character or "")
        if hint is not None:
            self.choose(hint.span)
        self.close()
