"""Colours that stand out from the pane they are drawn on, in every theme.

A label's colour is chosen once (in a label file, or the defaults) but drawn on the panes of
whichever theme the user picks: dark blue that reads well on a light pane vanishes on Nord's
grey-blue, and the light grey selection vanished on the light themes. Each highlight's colour
is made lighter or darker, only as much as it takes, until its contrast with the pane is at
least `HIGHLIGHT_CONTRAST` (WCAG 2's ratio of relative luminances), and the text on it is
black or white, whichever reads better.
"""

from __future__ import annotations

from functools import lru_cache

from rich.style import Style
from rich.terminal_theme import TerminalTheme
from textual.color import Color

HIGHLIGHT_CONTRAST = 3.0
"""The least contrast of a highlight with its pane: WCAG 2's for graphical objects."""
TEXT_CONTRAST = 4.5
"""The least contrast of text drawn in a label's colour (a suggestion): WCAG 2's for text."""

BLACK = Color(0, 0, 0)
WHITE = Color(255, 255, 255)


def luminance(colour: Color) -> float:
    """WCAG 2's relative luminance of an opaque colour, from 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = colour.rgb
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: Color, second: Color) -> float:
    """WCAG 2's contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@lru_cache(maxsize=4096)
def legible(colour: Color, background: Color, ratio: float = HIGHLIGHT_CONTRAST) -> Color:
    """`colour`, blended towards white or black (whichever can stand out more from
    `background`) by the least step that gives it a contrast of `ratio` with `background`."""
    if contrast(colour, background) >= ratio:
        return colour
    target = WHITE if contrast(WHITE, background) >= contrast(BLACK, background) else BLACK
    for step in range(1, 41):
        blended = colour.blend(target, step / 40)
        if contrast(blended, background) >= ratio:
            return blended
    return target


def text_on(background: Color) -> Color:
    """Black or white, whichever reads better on `background` (at least 4.58:1 either way)."""
    return WHITE if contrast(WHITE, background) >= contrast(BLACK, background) else BLACK


def background_of(style: Style, terminal: TerminalTheme) -> Color:
    """The colour behind text drawn in `style`; the terminal's own background (as Textual
    assumes it, `terminal`) where a theme leaves it to the terminal (the ANSI themes)."""
    colour = style.bgcolor
    if colour is None:
        return Color(*terminal.background_color)
    return Color(*colour.get_truecolor(terminal, foreground=False))


def on_background(colour: str | Color, background: Color) -> Style:
    """A highlight of `colour` (a label's, say) that stands out from `background`, with text
    that reads on it."""
    fill = legible(Color.parse(colour), background)
    return Style(bgcolor=fill.rich_color, color=text_on(fill).rich_color)


def made_legible(style: Style, background: Color) -> Style:
    """`style` (a highlight from the CSS: the cursor, the selection) with its background made
    to stand out from `background`, and text that reads on it."""
    if style.bgcolor is None or style.bgcolor.triplet is None:
        return style
    return style + on_background(Color(*style.bgcolor.triplet), background)


def in_colour(colour: str | Color, background: Color) -> Style:
    """Text in `colour` (a suggestion's label), made to read on `background`."""
    return Style(color=legible(Color.parse(colour), background, TEXT_CONTRAST).rich_color)
