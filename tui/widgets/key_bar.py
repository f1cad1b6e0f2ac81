"""A one-line bar of the main keys, like Textual's Footer but a single widget.

Textual's Footer makes a widget per key and rebuilds them whenever the focus moves; on this
screen that cost about 200 ms at start-up. This bar draws the same hints as one line of text,
and a click on a hint runs its action, as the Footer's do.
"""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.dom import DOMNode
from textual.strip import Strip
from textual.widget import Widget

from tui.visible import visible


class KeyBar(Widget):
    """Shows the keys of the focused widget's bindings that are marked `show`."""

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

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        segments: list[Segment] = []
        hints: list[tuple[int, int, DOMNode, Binding]] = []
        seen: set[str] = set()
        x = 0
        entries = list(self.screen.active_bindings.values())
        palette = [entry for entry in entries if entry.binding.action == "app.command_palette"]
        for entry in [e for e in entries if e.binding.show and e not in palette] + palette:
            binding = entry.binding
            if binding.action in seen:
                continue
            seen.add(binding.action)
            key = f" {visible(self.app.get_key_display(binding))} "
            label = f"{visible(binding.description)} "  # a label's name, say
            segments += [Segment(key, key_style), Segment(label, text_style)]
            hints.append((x, x + len(key) + len(label), entry.node, binding))
            x += len(key) + len(label)
        self._hints = hints
        return Strip(segments).extend_cell_length(self.size.width, base).crop(0, self.size.width)

    async def on_click(self, event: events.Click) -> None:
        for start, end, node, binding in self._hints:
            if start <= event.x < end:
                await self.app.run_action(binding.action, node)
                return

