"""A one-line bar of the main keys, like Textual's Footer but a single widget.

Textual's Footer makes a widget per key and rebuilds them whenever the focus moves; on this
screen that cost about 200 ms at start-up. This bar draws the same hints as one line of text,
and a click on a hint runs its action, as the Footer's do.

The bar never loses the keys a user is lost without (`? help`, `q quit`): they stand at its
right end, and when the terminal is too narrow for every hint the others are dropped whole,
the last bound first (the screens bind their keys in order of importance).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.dom import DOMNode
from textual.strip import Strip
from textual.widget import Widget

from tui.visible import visible

ESSENTIAL_ACTIONS = frozenset({"help", "quit", "app.quit"})
"""The actions whose hints always show."""


def fit_hints(widths: Sequence[int], essential: Sequence[bool], room: int) -> list[int]:
    """The hints to show in `room` cells, by index: every essential one, then as many of the
    others as fit, dropping the last first.

    Args:
        widths: Each hint's width in cells.
        essential: Whether each hint must show.
        room: The cells there are.
    """
    shown = list(range(len(widths)))
    optional = [index for index in shown if not essential[index]]
    total = sum(widths)
    while total > room and optional:
        dropped = optional.pop()
        shown.remove(dropped)
        total -= widths[dropped]
    return shown


class KeyBar(Widget):
    """Shows the keys of the focused widget's bindings that are marked `show`, the essential
    ones at the right end."""

    DEFAULT_CSS = """
    KeyBar { height: 1; background: $footer-background; }
    KeyBar > .key-bar--key { color: $footer-key-foreground; background: $footer-key-background;
                             text-style: bold; }
    KeyBar > .key-bar--description { color: $footer-description-foreground; }
    """

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hints: list[tuple[int, int, DOMNode, Binding]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: object) -> None:
        self.refresh()

    def _entries(self) -> list[tuple[DOMNode, Binding]]:
        """The bindings to hint at, in order, one per action, the essential ones last."""
        entries = list(self.screen.active_bindings.values())
        palette = [entry for entry in entries if entry.binding.action == "app.command_palette"]
        chosen: list[tuple[DOMNode, Binding]] = []
        seen: set[str] = set()
        for entry in [e for e in entries if e.binding.show and e not in palette] + palette:
            if entry.binding.action not in seen:
                seen.add(entry.binding.action)
                chosen.append((entry.node, entry.binding))
        chosen.sort(key=lambda pair: pair[1].action in ESSENTIAL_ACTIONS)
        return chosen

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        width = self.size.width
        entries = self._entries()
        texts = [
            # a label's name, say, is text: control characters are shown as symbols
            (f" {visible(self.app.get_key_display(binding))} ", f"{visible(binding.description)} ")
            for _, binding in entries
        ]
        essential = [binding.action in ESSENTIAL_ACTIONS for _, binding in entries]
        shown = fit_hints([cell_len(k) + cell_len(d) for k, d in texts], essential, width)
        left = [index for index in shown if not essential[index]]
        right = [index for index in shown if essential[index]]
        gap = width - sum(cell_len(texts[i][0]) + cell_len(texts[i][1]) for i in shown)
        segments: list[Segment] = []
        hints: list[tuple[int, int, DOMNode, Binding]] = []
        x = 0
        for index in left + right:
            if right and index == right[0] and gap > 0:  # the essential keys stand at the end
                segments.append(Segment(" " * gap, base))
                x += gap
            key, description = texts[index]
            segments += [Segment(key, key_style), Segment(description, text_style)]
            end = x + cell_len(key) + cell_len(description)
            hints.append((x, end, *entries[index]))
            x = end
        self._hints = hints
        return Strip(segments).extend_cell_length(width, base).crop(0, width)

    async def on_click(self, event: events.Click) -> None:
        for start, end, node, binding in self._hints:
            if start <= event.x < end:
                await self.app.run_action(binding.action, node)
                return
