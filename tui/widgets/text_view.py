"""A scrolling view of some of an article's blocks, with a cursor, a selection and highlights.

It renders with Textual's line API: only the lines on screen are drawn, whatever the article's
length. The article pane and the comments pane are both `TextView`s over different blocks. The
view draws what it is given: the layout wraps the text (`text_layout`), the cursor moves over it
(`text_cursor`, and `text_mouse` for the mouse), and the painter draws a line with the
highlights a `Highlights` provider (the annotation session) says are there (`text_painter`),
kept until they change (`drawn_lines`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import events
from textual.actions import SkipAction
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from annotations.model import Article, Block
from annotations.text_units import TextUnits
from tui.visible import Shown, VisibleText
from tui.widgets.drawn_lines import DrawnLines
from tui.widgets.scrolling import set_virtual_size
from tui.widgets.text_cursor import TextCursor, offset_at_point
from tui.widgets.text_keys import VIEW_BINDINGS
from tui.widgets.text_layout import TextLayout
from tui.widgets.text_mouse import TextMouse
from tui.widgets.text_painter import Caret, Highlights, NoHighlights

WRAP_INTERVAL = 0.02
"""Seconds between slices of background wrapping."""
WRAP_SLICE = 0.008
"""Seconds of wrapping per slice: short enough that a key pressed meanwhile is not delayed."""


class TextView(ScrollView, can_focus=True):
    """Shows blocks of an article and lets the user move a cursor and select spans."""

    ALLOW_SELECT = False  # selection is ours, in article offsets, not Textual's screen text

    @dataclass
    class CursorMoved(Message):
        """Posted by a TextView when the user moves its cursor or changes its selection."""

        text_view: TextView
        """The view whose cursor moved."""
        cursor: int
        """The cursor's offset in the article's text."""
        selection: tuple[int, int] | None
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

    @dataclass
    class RightClicked(Message):
        """Posted by a TextView when the user right-clicks its text (after moving the cursor
        there): the screen links annotations, or labels the comment or article, there."""

        text_view: TextView
        """The view clicked."""
        offset: int
        """The offset clicked, in the article's text."""

    BINDINGS = VIEW_BINDINGS

    COMPONENT_CLASSES = {
        f"text-view--{name}"
        for name in (
            "title", "heading", "author", "labels", "bullet", "notice", "cursor", "selection",
            "match",
        )
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
    TextView > .text-view--labels { text-style: italic; color: $text-muted; }
    TextView > .text-view--bullet { color: $accent; }
    TextView > .text-view--notice { color: $text-muted; text-style: italic; }
    TextView > .text-view--cursor { background: #ffd75f; color: #000000; }
    TextView > .text-view--selection { background: #d0d0d0; color: #000000; }
    TextView > .text-view--match { background: #875faf; color: #ffffff; }
    """

    def __init__(
        self,
        notice: str = "",
        *,
        highlights: Highlights | None = None,
        bidi: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create an empty view.

        Args:
            notice: What to show when the view has no blocks.
            highlights: What to draw over the text (nothing, when not given).
            bidi: Draw right-to-left lines reordered for the eye (see `text_bidi`); False for
                a terminal that reorders them itself.
            id: The widget's id.
            classes: CSS classes.
        """
        super().__init__(id=id, classes=classes)
        self.notice = notice
        self.highlights: Highlights = highlights or NoHighlights()
        self.bidi = bidi
        self._article: Article | None = None
        self._display: Shown = ""
        self._blocks: tuple[Block, ...] = ()
        self._layout: TextLayout | None = None
        self._caret = TextCursor()
        self._mouse = TextMouse(self, self._caret)
        self.units = TextUnits("", ())
        """The words, sentences and paragraphs of the blocks shown."""
        self.snap_words = True
        """Whether a selection made with the mouse grows to whole words when released."""
        self._drawn = (0, 1)
        """The offsets the cursor and selection covered when last drawn."""
        self._wrapping: Timer | None = None
        self._early_moves: list[tuple[str, bool]] = []
        """Moves asked for before the view had a width to lay the text out at."""
        self._lines = DrawnLines(lambda name: self.get_component_rich_style(f"text-view--{name}"))

    def show(
        self, article: Article, blocks: Sequence[Block], display: Shown | None = None
    ) -> None:
        """Show `blocks` of `article`, with the cursor at the start and nothing selected.

        Args:
            article: The article.
            blocks: The blocks this view shows.
            display: The article's text as shown (computed here when not given).
        """
        self._article = article
        if display is None:
            display = VisibleText(article.text)
        self._display = display
        self._blocks = tuple(blocks)
        self.units = TextUnits(article.text, self._blocks, article.lang)
        self._layout = None
        self._early_moves = []
        self._caret.reset(blocks[0].start if blocks else 0)
        self._relayout()
        self.scroll_to(0, 0, animate=False, immediate=True)

    def take_language(self, article: Article) -> None:
        """Take `article`, the one shown with its language detected since it was shown
        (`Session.settle_languages`): words and sentences follow that language, and what
        the highlights show is drawn again (its suggestions may differ)."""
        self._article = article
        self.units = TextUnits(article.text, self._blocks, article.lang)
        self.redraw()

    def redraw(self, span: tuple[int, int] | None = None) -> None:
        """Draw again what the highlights show at the offsets of `span` (all, if None)."""
        if span is None:
            self._invalidate()
        elif self._blocks:
            low, high = max(span[0], self._blocks[0].start), min(span[1], self._blocks[-1].end)
            if low <= high:
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
        return self._caret.offset

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected span as (start, end), or None when nothing is selected."""
        return self._caret.selection

    @property
    def has_text(self) -> bool:
        """Whether the view shows any block."""
        return bool(self._blocks)

    def holds(self, offset: int) -> bool:
        """Whether `offset` is inside one of this view's blocks."""
        if self._layout is not None:
            return self._layout.holds(offset)
        return any(block.start <= offset <= block.end for block in self._blocks)

    def select(self, start: int, end: int) -> None:
        """Select `text[start:end]` and move the cursor to its end, scrolled into view."""
        self._caret.anchor = start
        self.set_cursor(end)

    def move_cursor(self, offset: int, *, center: bool = False) -> None:
        """Put the cursor at `offset` with nothing selected, scrolled into view."""
        self._caret.anchor = None
        self.set_cursor(offset, center=center)

    def clear_selection(self) -> None:
        """Drop the selection, keeping the cursor where it is."""
        if self._caret.anchor is not None:
            self._caret.anchor = None
            self._invalidate()

    def set_cursor(self, offset: int, *, center: bool = False) -> None:
        """Move the cursor, keeping the selection's anchor, redrawing only the lines the cursor
        and selection left or reached (a key on a long article redraws two lines, not the
        pane)."""
        self._caret.offset = offset
        before, after = self._drawn, self._caret.extent()
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
            self._lines.clear()
            self.refresh()
            return
        self._lines.forget(first, last, self.scrollable_content_region.width)
        self.refresh_lines(first, last - first + 1)

    def scroll_to_cursor(self, *, center: bool = False) -> None:
        """Scroll so that the cursor's line is on screen."""
        if self._layout is None:
            return
        layout = self._layout
        layout.wrap_around(self._caret.offset, self.scrollable_content_region.height)
        line = layout.line_at(self._caret.offset)
        # Wrapping made some counts exact: scroll within the new size, not the one before.
        set_virtual_size(self, Size(self.virtual_size.width, layout.line_count))
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
        if layout is None and self._blocks:
            self._early_moves.append((where, extend))  # a key typed as the article opened
            return
        if layout is None or not self._blocks:
            return
        page = max(1, self.scrollable_content_region.height - 1)
        cursor = self._caret.move(layout, where, extend, page, self.units)
        if where in ("page_up", "page_down"):
            self.scroll_relative(
                y=page if where == "page_down" else -page, animate=False, immediate=True
            )
        self.set_cursor(cursor)
        self.report_cursor()

    def action_clear_selection(self) -> None:
        """Drop the selection; with none, escape goes on to the screen (to cancel a link)."""
        if self.selection is None:
            raise SkipAction()
        self.clear_selection()
        self.report_cursor()

    def report_cursor(self) -> None:
        """Tell the screen where the cursor and the selection are now."""
        self.post_message(self.CursorMoved(self, self._caret.offset, self.selection))

    def report_right_click(self, offset: int) -> None:
        """Tell the screen the text at `offset` was right-clicked."""
        self.post_message(self.RightClicked(self, offset))

    def offset_at_event(self, event: events.MouseEvent) -> int | None:
        """The offset under the mouse (the nearest text when it is between blocks)."""
        if self._layout is None or not self._blocks:
            return None
        where = event.get_content_offset_capture(self)
        return offset_at_point(
            self._layout, where.y + int(self.scroll_y), where.x + int(self.scroll_x)
        )

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._mouse.down(event)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._mouse.move(event)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self._mouse.up(event)

    def on_click(self, event: events.Click) -> None:
        self._mouse.click(event)

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def on_focus(self, event: events.Focus) -> None:
        self._redraw_offsets(*self._caret.extent())  # the cursor shows: its lines only
        self.report_cursor()  # the screen's current annotation follows the focused cursor

    def on_blur(self, event: events.Blur) -> None:
        self._redraw_offsets(*self._caret.extent())

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width
        if self._article is None or width <= 0:
            return
        if self._layout is not None and self._layout.width == width:
            return
        self._layout = TextLayout(self._display, self._blocks, width, self.notice, bidi=self.bidi)
        set_virtual_size(self, Size(width, self._layout.line_count))
        self._invalidate()
        if self._blocks and self._caret.offset != self._blocks[0].start:
            self.call_after_refresh(self.scroll_to_cursor)
        if self._wrapping is not None:
            self._wrapping.stop()
            self._wrapping = None
        if not self._layout.complete:
            self._wrapping = self.set_interval(WRAP_INTERVAL, self._wrap_more)
        early, self._early_moves = self._early_moves, []
        for where, extend in early:
            self.action_move(where, extend)

    def _wrap_more(self) -> None:
        """Wrap a slice of the blocks not yet wrapped, keeping the top line where it is."""
        layout = self._layout
        if layout is None:
            return
        top = int(self.scroll_y)
        index, local = layout.locate(top)
        last = layout.block_index(top + self.scrollable_content_region.height)
        below = layout.first_line_of(last + 1)  # the line after the blocks on screen
        done = layout.wrap_some(WRAP_SLICE)
        moved_top = layout.first_line_of(index) + local
        set_virtual_size(self, Size(self.virtual_size.width, layout.line_count))
        if moved_top != top:
            self.scroll_to(y=moved_top, animate=False, immediate=True, force=True)
        # Lines are drawn and kept by number: redrawn only when those on screen moved (a slice
        # that wraps blocks below the screen, as on opening, changes nothing there).
        if moved_top != top or layout.first_line_of(last + 1) != below:
            self._invalidate()
        if done and self._wrapping is not None:
            self._wrapping.stop()
            self._wrapping = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.restyle(self.app.ansi_theme, self.app.no_color)

    def _invalidate(self) -> None:
        self._lines.clear()
        self._drawn = self._caret.extent()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self._layout is None or self._layout.width != width:
            # Textual draws a new view before it tells it its size (the Resize event comes
            # after): laid out now, the first frame shows the text rather than an empty pane
            # drawn again a moment later.
            self._relayout()
        return self._lines.line(y + int(self.scroll_y), width, self._render_visual_line)

    def _render_visual_line(self, line: int, width: int) -> Strip:
        """Draw visual line `line` afresh (`render_line` keeps what it draws)."""
        caret = Caret(self._caret.offset, self.selection, self.has_focus)
        return self._lines.painter.line(
            self._layout, self._display, line, width, self.rich_style, self.notice,
            self.highlights, caret,
        )
