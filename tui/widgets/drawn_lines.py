"""The lines a text view has drawn, kept until what they show changes, and the styles they are
drawn with: a key on a long article redraws two lines, not the pane."""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.terminal_theme import TerminalTheme
from textual.cache import LRUCache
from textual.strip import Strip

from tui.widgets.text_painter import TextPainter

KEPT_LINES = 1024
"""Drawn lines kept (a few screens' worth, at two widths)."""


class DrawnLines:
    """A text view's drawn lines by (visual line, width), and the painter that draws them with
    the view's component styles, each looked up once per theme."""

    def __init__(self, component_style: Callable[[str], Style]) -> None:
        """Lines drawn with `component_style(NAME)` (the view's `text-view--NAME` style)."""
        self._component_style = component_style
        self._styles: dict[str, Style] = {}
        self.painter = TextPainter(self.style)
        """Draws a line afresh."""
        self._strips: LRUCache[tuple[int, int], Strip] = LRUCache(KEPT_LINES)

    def style(self, name: str) -> Style:
        """A component style, looked up once per theme."""
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self._component_style(name)
        return style

    def restyle(self, terminal: TerminalTheme, no_color: bool) -> None:
        """Forget the styles and the lines drawn with them: the theme changed."""
        self._styles.clear()
        self.painter.forget_styles()
        self.painter.terminal = terminal  # the pane's colours in the ANSI themes
        self.painter.no_color = no_color
        self._strips.clear()

    def clear(self) -> None:
        """Forget every line drawn."""
        self._strips.clear()

    def forget(self, first: int, last: int, width: int) -> None:
        """Forget visual lines `first` to `last` drawn at `width`."""
        for line in range(first, last + 1):
            self._strips.discard((line, width))

    def line(self, line: int, width: int, draw: Callable[[int, int], Strip]) -> Strip:
        """Visual line `line` at `width`: as drawn last, or drawn now by `draw(line, width)`."""
        key = (line, width)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = draw(line, width)
        return strip
