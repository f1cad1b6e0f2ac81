"""Changing how much a line-API view has to scroll through, without a layout pass.

Textual declares `Widget.virtual_size` with `layout=True`: every change re-lays out and repaints
the whole screen (about 40 ms here). Our views have sizes fixed by CSS, so a longer or shorter
content only moves their scrollbars: this sets the size and updates the scrollbars the way
Textual itself does on resize.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget


def set_virtual_size(widget: Widget, size: Size) -> None:
    """Give `widget` a new virtual size, updating its scrollbars but not the screen's layout."""
    if size == widget.virtual_size:
        return
    widget.set_reactive(Widget.virtual_size, size)
    widget._scroll_update(size)  # Textual's own scrollbar update for a new virtual size
    widget.refresh()
