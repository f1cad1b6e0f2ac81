"""The screen's title line: the article's place in the set and title, then its state and its
language (the language whose sentence rules `s`, the suggestions and CoNLL use).

One widget that repaints itself when the screen's title or sub-title changes. Textual's Header
re-lays out the whole screen on each change (its title is a Static updated with a layout pass),
which cost 10-20 ms on every tag here.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget

from tui.visible import visible


class TitleBar(Widget):
    """Shows `screen.title` and, dimmer, `screen.sub_title` and the language of the screen's
    `article` (when it has one), centred on one line.

    The language is read with the title, which the screen sets for each article it shows.
    """

    DEFAULT_CSS = """
    TitleBar { height: 1; background: $panel; color: $foreground; }
    TitleBar > .title-bar--sub-title { color: $text-muted; }
    """

    COMPONENT_CLASSES = {"title-bar--sub-title"}

    def on_mount(self) -> None:
        self.watch(self.screen, "title", self._changed, init=False)
        self.watch(self.screen, "sub_title", self._changed, init=False)

    def _changed(self) -> None:
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        title = visible(self.screen.title or "")
        sub_title = visible(self.screen.sub_title or "")
        language = getattr(getattr(self.screen, "article", None), "lang", "")
        if language:
            sub_title = f"{sub_title} · {visible(language)}" if sub_title else visible(language)
        parts = [Segment(" ✎ ", self.rich_style), Segment(title, self.rich_style)]
        if sub_title:
            sub_style = self.get_component_rich_style("title-bar--sub-title")
            parts.append(Segment(f" — {sub_title}", sub_style))
        strip = Strip(parts)
        if strip.cell_length < width:
            left = (width - strip.cell_length) // 2
            strip = Strip([Segment(" " * left, self.rich_style), *parts])
        else:
            strip = strip.crop(0, max(0, width - 1)).extend_cell_length(width - 1)
            strip = Strip([*strip, Segment("…", self.rich_style)])
        return strip.extend_cell_length(width, self.rich_style).crop(0, width)
