"""A scrolling view of some of an article's blocks, with a cursor, a selection and highlights.

It renders with Textual's line API: only the lines on screen are drawn, whatever the article's
length. The article pane and the comments pane are both `TextView`s over different blocks.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.color import Color
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from annotations.model import Annotation, Article, Block
from annotations.span_index import SpanIndex
from annotations.suggestions import Suggestion, is_open
from tui.visible import visible
from tui.widgets.scrolling import set_virtual_size
from tui.widgets.text_layout import LineKind, TextLayout

WRAP_INTERVAL = 0.02
"""Seconds between slices of background wrapping."""
WRAP_SLICE = 0.008
"""Seconds of wrapping per slice: short enough that a key pressed meanwhile is not delayed."""


class TextView(ScrollView, can_focus=True):
    """Shows blocks of an article and lets the user move a cursor and select spans."""

    ALLOW_SELECT = False  # selection is ours, in article offsets, not Textual's screen text

    class CursorMoved(Message):
        """Posted by a TextView when the user moves its cursor or changes its selection."""

        def __init__(
            self, text_view: TextView, cursor: int, selection: tuple[int, int] | None
        ) -> None:
            super().__init__()
            self.text_view = text_view
            """The view whose cursor moved."""
            self.cursor = cursor
            """The cursor's offset in the article's text."""
            self.selection = selection
            """The selected span (start, end), or None."""

        @property
        def control(self) -> TextView:
            """The view whose cursor moved (what `@on(..., selector)` matches)."""
            return self.text_view

        def can_replace(self, message: Message) -> bool:
            return (
                isinstance(message, TextView.CursorMoved)
                and message.text_view is self.text_view
            )

    BINDINGS = [
        Binding(key, action, description, show=False)
        for key, action, description in (
            ("left", "move('left')", "Move the cursor left"),
            ("right", "move('right')", "Move the cursor right"),
            ("up", "move('up')", "Move the cursor up a line"),
            ("down", "move('down')", "Move the cursor down a line"),
            ("home", "move('line_start')", "Go to the start of the line"),
            ("end", "move('line_end')", "Go to the end of the line"),
            ("pageup", "move('page_up')", "Go up a page"),
            ("pagedown", "move('page_down')", "Go down a page"),
            ("ctrl+home", "move('top')", "Go to the start of the pane"),
            ("ctrl+end", "move('bottom')", "Go to the end of the pane"),
            ("shift+left", "move('left', True)", "Extend the selection one character left"),
            ("shift+right", "move('right', True)", "Extend the selection one character right"),
            ("shift+up", "move('up', True)", "Extend the selection up a line"),
            ("shift+down", "move('down', True)", "Extend the selection down a line"),
            ("shift+home", "move('line_start', True)", "Extend the selection to the line start"),
            ("shift+end", "move('line_end', True)", "Extend the selection to the line end"),
            ("escape", "clear_selection", "Clear the selection"),
        )
    ]

    COMPONENT_CLASSES = {
        "text-view--title",
        "text-view--heading",
        "text-view--author",
        "text-view--bullet",
        "text-view--notice",
        "text-view--cursor",
        "text-view--selection",
    }

    DEFAULT_CSS = """
    TextView {
        background: $surface;
        overflow-y: scroll;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        padding: 0 1;
    }
    TextView > .text-view--title { text-style: bold; color: $accent; }
    TextView > .text-view--heading { text-style: bold underline; color: $text; }
    TextView > .text-view--author { text-style: bold; color: $accent; }
    TextView > .text-view--bullet { color: $accent; }
    TextView > .text-view--notice { color: $text-muted; text-style: italic; }
    TextView > .text-view--cursor { background: #ffd75f; color: #000000; }
    TextView > .text-view--selection { background: #d0d0d0; color: #000000; }
    """

    def __init__(
        self, notice: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        """Create an empty view.

        Args:
            notice: What to show when the view has no blocks.
            id: The widget's id.
            classes: CSS classes.
        """
        super().__init__(id=id, classes=classes)
        self.notice = notice
        self._article: Article | None = None
        self._display = ""
        self._blocks: tuple[Block, ...] = ()
        self._block_starts: list[int] = []
        self._layout: TextLayout | None = None
        self._annotations: tuple[Annotation, ...] = ()
        self._annotation_index: SpanIndex[Annotation] = SpanIndex()
        self._suggester: Callable[[Block], list[Suggestion]] | None = None
        self._suggestions: dict[int, SpanIndex[Suggestion]] = {}
        """The suggestions of each block drawn so far, by the block's start."""
        self._rejected: set[tuple[str, str]] = set()
        self._colours: Mapping[str, str] = {}
        self._active_id: str | None = None
        self._cursor = 0
        self._anchor: int | None = None
        self._drawn = (0, 1)
        """The offsets the cursor and selection covered when last drawn."""
        self._goal_col: int | None = None
        self._dragging = False
        self._wrapping: Timer | None = None
        self._style_memo: dict[str, Style] = {}
        self._strips: LRUCache[tuple[int, int], Strip] = LRUCache(1024)

    def show(self, article: Article, blocks: Sequence[Block], display: str | None = None) -> None:
        """Show `blocks` of `article`, with the cursor at the start and nothing selected.

        Args:
            article: The article.
            blocks: The blocks this view shows.
            display: The article's text as shown (computed here when not given).
        """
        self._article = article
        if display is None:
            display = visible(article.text, keep_newlines=True)
        self._display = display
        self._blocks = tuple(blocks)
        self._block_starts = [block.start for block in self._blocks]
        self._annotations = ()
        self._annotation_index = SpanIndex()
        self._suggester = None
        self._suggestions = {}
        self._rejected = set()
        self._active_id = None
        self._anchor = None
        self._goal_col = None
        self._layout = None
        self._cursor = blocks[0].start if blocks else 0
        self._relayout()
        self.scroll_to(0, 0, animate=False, immediate=True)

    def set_annotations(
        self,
        annotations: Sequence[Annotation],
        colours: Mapping[str, str],
        active_id: str | None,
    ) -> None:
        """Highlight `annotations` (those in this view's blocks) and mark the active one.

        Only the lines of the annotations that changed (or became or stopped being active) are
        redrawn.
        """
        if self._blocks:
            low, high = self._blocks[0].start, self._blocks[-1].end
            kept = tuple(a for a in annotations if a.start < high and a.end > low)
        else:
            kept = ()
        before, active_before = self._annotations, self._active_id
        recolour = colours != self._colours
        self._annotations, self._colours, self._active_id = kept, colours, active_id
        self._annotation_index = SpanIndex(kept)
        if recolour:
            self._style_memo.clear()
            self._invalidate()
            return
        changed = set(before) ^ set(kept)
        if active_id != active_before:
            changed.update(a for a in (*before, *kept) if a.id in (active_id, active_before))
        if changed:
            low, high = min(a.start for a in changed), max(a.end for a in changed)
            # A suggestion an annotation now covers (or no longer covers) is redrawn whole.
            for suggestion in self._suggestions_near(low, high):
                low, high = min(low, suggestion.start), max(high, suggestion.end)
            self._redraw_offsets(low, high)

    @property
    def article(self) -> Article | None:
        """The article shown."""
        return self._article

    @property
    def layout_lines(self) -> TextLayout | None:
        """The current layout (None before the first show at a known width)."""
        return self._layout

    @property
    def cursor(self) -> int:
        """The cursor's offset in the article's text."""
        return self._cursor

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected span as (start, end), or None when nothing is selected."""
        if self._anchor is None or self._anchor == self._cursor:
            return None
        return (min(self._anchor, self._cursor), max(self._anchor, self._cursor))

    @property
    def has_text(self) -> bool:
        """Whether the view shows any block."""
        return bool(self._blocks)

    def holds(self, offset: int) -> bool:
        """Whether `offset` is inside one of this view's blocks."""
        if self._layout is not None:
            return self._layout.holds(offset)
        return any(block.start <= offset <= block.end for block in self._blocks)

    def annotations_at(self, offset: int) -> list[Annotation]:
        """The annotations covering the character at `offset`, innermost first."""
        covering = self._annotation_index.covering(offset)
        return sorted(covering, key=lambda a: (a.end - a.start, a.start))

    def select(self, start: int, end: int) -> None:
        """Select `text[start:end]` and move the cursor to its end, scrolled into view."""
        self._anchor = start
        self._set_cursor(end)

    def move_cursor(self, offset: int, *, center: bool = False) -> None:
        """Put the cursor at `offset` with nothing selected, scrolled into view."""
        self._anchor = None
        self._set_cursor(offset, center=center)

    def clear_selection(self) -> None:
        """Drop the selection, keeping the cursor where it is."""
        if self._anchor is not None:
            self._anchor = None
            self._invalidate()

    def _extent(self) -> tuple[int, int]:
        """The offsets the cursor and the selection cover (the cursor's cell included)."""
        low = high = self._cursor
        if self._anchor is not None:
            low, high = min(low, self._anchor), max(high, self._anchor)
        return low, high + 1

    def _set_cursor(self, offset: int, *, center: bool = False) -> None:
        """Move the cursor, redrawing only the lines the cursor and selection left or reached
        (a key on a long article redraws two lines, not the pane)."""
        self._cursor = offset
        before, after = self._drawn, self._extent()
        self._drawn = after
        self.scroll_to_cursor(center=center)
        self._redraw_offsets(min(before[0], after[0]), max(before[1], after[1]))

    def _redraw_offsets(self, low: int, high: int) -> None:
        """Redraw the lines showing offsets `low` to `high` (the pane, if that is more)."""
        layout = self._layout
        if layout is None:
            return
        first, last = layout.line_at(low), layout.line_at(high)
        if last - first > self.scrollable_content_region.height:  # a jump: redraw the pane
            self._strips.clear()
            self.refresh()
            return
        width = self.scrollable_content_region.width
        for line in range(first, last + 1):
            self._strips.discard((line, width))
        self.refresh_lines(first, last - first + 1)

    def scroll_to_cursor(self, *, center: bool = False) -> None:
        """Scroll so that the cursor's line is on screen."""
        if self._layout is None:
            return
        line = self._layout.line_at(self._cursor)
        self.scroll_to_region(
            Region(0, line, 1, 1),
            animate=False,
            center=center,
            spacing=Spacing(1, 0, 1, 0) if not center else None,
            immediate=True,
        )

    def action_move(self, where: str, extend: bool = False) -> None:
        """Move the cursor; with `extend`, grow the selection from where the cursor was."""
        layout = self._layout
        if layout is None or not self._blocks:
            return
        if extend and self._anchor is None:
            self._anchor = self._cursor
        elif not extend:
            self._anchor = None
        cursor = self._cursor
        if where in ("up", "down", "page_up", "page_down"):
            if self._goal_col is None:
                self._goal_col = layout.col_of(cursor)
            page = max(1, self.scrollable_content_region.height - 1)
            step = {"up": -1, "down": 1, "page_up": -page, "page_down": page}[where]
            target = self._line_by_steps(layout.line_at(cursor), step)
            cursor = layout.offset_at(target, self._goal_col)
            if where.startswith("page"):
                self.scroll_relative(y=step, animate=False, immediate=True)
        else:
            self._goal_col = None
            line = layout.line_at(cursor)
            if where == "left":
                cursor = layout.previous_position(cursor)
            elif where == "right":
                cursor = layout.next_position(cursor)
            elif where == "line_start":
                cursor = layout.span(line)[0]
            elif where == "line_end":
                cursor = layout.span(line)[1]
            elif where == "top":
                cursor = layout.first_offset or 0
            elif where == "bottom":
                cursor = layout.last_offset or 0
        self._set_cursor(cursor)
        self._post_cursor()

    def _line_by_steps(self, line: int, step: int) -> int:
        """The TEXT line `step` text lines away, stopping at the first or last one."""
        assert self._layout is not None
        return self._layout.text_line_after(line, step)

    def action_clear_selection(self) -> None:
        """Drop the selection."""
        if self.selection is not None:
            self.clear_selection()
            self._post_cursor()

    def _post_cursor(self) -> None:
        self.post_message(self.CursorMoved(self, self._cursor, self.selection))

    def _offset_at_event(self, event: events.MouseEvent) -> int | None:
        """The offset under the mouse (the nearest text when it is between blocks)."""
        layout = self._layout
        if layout is None or not self._blocks:
            return None
        where = event.get_content_offset_capture(self)
        line = where.y + int(self.scroll_y)
        if line >= layout.line_count:
            return layout.last_offset
        if line < 0:
            return layout.first_offset
        text_line = layout.nearest_text_line(line)
        if text_line is None:
            return None
        if text_line != line:
            return layout.span(text_line)[1]
        return layout.offset_at(line, where.x + int(self.scroll_x))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        offset = self._offset_at_event(event)
        self.focus()
        if offset is None:
            return
        event.stop()
        self._dragging = True
        self.capture_mouse()
        if not (event.shift and self._anchor is not None):
            self._anchor = offset if not event.shift else self._cursor
        self._goal_col = None
        self._set_cursor(offset)
        self._post_cursor()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if not self._dragging:
            return
        offset = self._offset_at_event(event)
        if offset is not None and offset != self._cursor:
            self._set_cursor(offset)
            self._post_cursor()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if not self._dragging:
            return
        self._dragging = False
        self.release_mouse()
        if self._anchor == self._cursor:
            self._anchor = None
        self._post_cursor()

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def on_focus(self, event: events.Focus) -> None:
        self._invalidate()
        self._post_cursor()  # the screen's current annotation follows the focused cursor

    def on_blur(self, event: events.Blur) -> None:
        self._invalidate()

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width
        if self._article is None or width <= 0:
            return
        if self._layout is not None and self._layout.width == width:
            return
        self._layout = TextLayout(self._display, self._blocks, width, self.notice)
        set_virtual_size(self, Size(width, self._layout.line_count))
        self._invalidate()
        if self._blocks and self._cursor != self._blocks[0].start:
            self.call_after_refresh(self.scroll_to_cursor)
        if self._wrapping is not None:
            self._wrapping.stop()
            self._wrapping = None
        if not self._layout.complete:
            self._wrapping = self.set_interval(WRAP_INTERVAL, self._wrap_more)

    def _wrap_more(self) -> None:
        """Wrap a slice of the blocks not yet wrapped, keeping the top line where it is."""
        layout = self._layout
        if layout is None:
            return
        top = int(self.scroll_y)
        index, local = layout.locate(top)
        done = layout.wrap_some(WRAP_SLICE)
        moved_top = layout.first_line_of(index) + local
        set_virtual_size(self, Size(self.virtual_size.width, layout.line_count))
        if moved_top != top:
            self.scroll_to(y=moved_top, animate=False, immediate=True, force=True)
        self._invalidate()
        if done and self._wrapping is not None:
            self._wrapping.stop()
            self._wrapping = None

    def set_suggester(
        self, suggester: Callable[[Block], list[Suggestion]] | None, rejected: set[tuple[str, str]]
    ) -> None:
        """Draw what `suggester` proposes for each block as proposals, not annotations.

        A block is asked for when one of its lines is first drawn, so a 5 MB article costs
        what its visible part costs. A suggestion `rejected` (by label and quote), or that an
        annotation of its label overlaps, is not drawn: that too is decided as lines are drawn,
        so a tag costs nothing more however many suggestions the article has.
        """
        self._suggester = suggester
        self._suggestions = {}
        self._rejected = set(rejected)
        self._invalidate()

    def _block_suggestions(self, block: Block) -> SpanIndex[Suggestion]:
        found = self._suggestions.get(block.start)
        if found is None:
            proposed = self._suggester(block) if self._suggester is not None else []
            found = self._suggestions[block.start] = SpanIndex(proposed)
        return found

    def _suggestions_near(self, low: int, high: int) -> list[Suggestion]:
        """The suggestions (open or not) of the blocks holding offsets `low` and `high`."""
        found: list[Suggestion] = []
        for offset in {low, high}:
            block = self._block_at(offset)
            if block is not None:
                found += self._block_suggestions(block).overlapping(low, high + 1)
        return found

    def _block_at(self, offset: int) -> Block | None:
        """The block of this view holding `offset` (or ending just before it)."""
        index = bisect_right(self._block_starts, offset) - 1
        if index < 0:
            return None
        block = self._blocks[index]
        return block if offset <= block.end else None

    def reject(self, suggestion: Suggestion) -> None:
        """Stop drawing `suggestion` (and any other with its label and quote)."""
        if self._article is None:
            return
        quote = self._article.text[suggestion.start : suggestion.end]
        self._rejected.add((suggestion.label, quote))
        self._redraw_offsets(suggestion.start, suggestion.end)

    def _is_open(self, suggestion: Suggestion) -> bool:
        if self._article is None:
            return False
        overlapping = self._annotation_index.overlapping(suggestion.start, suggestion.end)
        return is_open(suggestion, self._article.text, self._rejected, overlapping)

    def suggestions_at(self, offset: int) -> list[Suggestion]:
        """The open suggestions covering the character at `offset`, innermost first."""
        block = self._block_at(offset)
        if block is None:
            return []
        found = self._block_suggestions(block).covering(offset)
        covering = [s for s in found if self._is_open(s)]
        return sorted(covering, key=lambda s: (s.end - s.start, s.start))

    def _suggestion_style(self, label: str) -> Style:
        style = self._style_memo.get(f"suggestion:{label}")
        if style is None:
            colour = Color.parse(self._colours.get(label, "#777777")).lighten(0.3)
            style = Style(color=colour.hex, underline=True)
            self._style_memo[f"suggestion:{label}"] = style
        return style

    def _style(self, name: str) -> Style:
        """A component style (`text-view--NAME`), looked up once per theme."""
        style = self._style_memo.get(name)
        if style is None:
            style = self.get_component_rich_style(f"text-view--{name}")
            self._style_memo[name] = style
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_memo.clear()
        self._strips.clear()

    def _invalidate(self) -> None:
        self._strips.clear()
        self._drawn = self._extent()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = y + int(self.scroll_y)
        key = (line, width)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_visual_line(line, width)
            self._strips[key] = strip
        return strip

    def _render_visual_line(self, line: int, width: int) -> Strip:
        base = self.rich_style
        layout = self._layout
        if layout is None or line >= layout.line_count:
            return Strip.blank(width, base)
        kind = layout.kind(line)
        if kind == LineKind.BLANK:
            return Strip.blank(width, base)
        if kind == LineKind.NOTICE:
            style = self._style("notice")
            return self._fit([Segment(visible(self.notice), style)], width, base)
        block = layout.block(line)
        assert block is not None
        if kind == LineKind.AUTHOR:
            style = self._style("author")
            return self._fit([Segment(visible(block.author) or "(anonymous)", style)], width, base)
        return self._fit(self._text_segments(layout, line, block, base), width, base)

    def _text_segments(
        self, layout: TextLayout, line: int, block: Block, base: Style
    ) -> list[Segment]:
        """The segments of one TEXT line: prefix, then runs of equally styled characters."""
        start, end = layout.span(line)
        block_style = base
        if block.kind == "title":
            block_style = self._style("title")
        elif block.kind == "heading":
            block_style = self._style("heading")
        segments = []
        prefix = layout.prefix(line)
        if prefix:
            segments.append(Segment(prefix, self._style("bullet")))
        here = self._annotation_index.overlapping(start, end)
        proposed = [
            s for s in self._block_suggestions(block).overlapping(start, end) if self._is_open(s)
        ]
        selection = self.selection
        focused = self.has_focus
        cursor_end = layout.next_position(self._cursor) if focused else -1
        if cursor_end == self._cursor:
            cursor_end = self._cursor + 1
        breaks = {start, end}
        for annotation in here:
            breaks.update((max(start, annotation.start), min(end, annotation.end)))
        for suggestion in proposed:
            breaks.update((max(start, suggestion.start), min(end, suggestion.end)))
        if selection:
            breaks.update(max(start, min(end, point)) for point in selection)
        if focused and start <= self._cursor <= end:
            breaks.update((self._cursor, min(end, cursor_end)))
        points = sorted(breaks)
        cursor_style = self._style("cursor")
        selection_style = self._style("selection")
        for left, right in pairwise(points):
            if left >= right:
                continue
            style = block_style
            covering = [a for a in here if a.start <= left < a.end]
            if covering:
                inner = min(covering, key=lambda a: a.end - a.start)
                colour = self._colours.get(inner.label, "#777777")
                style = style + Style(bgcolor=colour, color="#ffffff")
                if any(a.id == self._active_id for a in covering):
                    style = style + Style(underline=True, bold=True)
            else:
                suggested = next((s for s in proposed if s.start <= left < s.end), None)
                if suggested is not None:  # drawn unlike annotations: its colour, underlined
                    style = style + self._suggestion_style(suggested.label)
            if selection and selection[0] <= left < selection[1]:
                style = style + selection_style
            if focused and self._cursor <= left < cursor_end:
                style = style + cursor_style
            segments.append(Segment(self._display[left:right], style))
        if focused and self._cursor == end:
            segments.append(Segment(" ", cursor_style))
        return segments

    @staticmethod
    def _fit(segments: list[Segment], width: int, base: Style) -> Strip:
        return Strip(segments).extend_cell_length(width, base).crop(0, width)
