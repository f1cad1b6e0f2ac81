"""Drawing one line of a text view: the block's style, the highlights, the selection, the cursor.

What to highlight comes from outside, through a `Highlights` provider (the annotation session):
the painter only asks it what overlaps the line it draws, so a line costs what it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol

from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import DEFAULT_TERMINAL_THEME, TerminalTheme
from textual.strip import Strip

from annotations.model import Annotation, Block
from tui.visible import Shown, visible
from tui.widgets.contrast import background_of, in_colour, made_legible, on_background
from tui.widgets.text_bidi import VisualLine, mirror, visual_string
from tui.widgets.text_layout import LineKind, TextLayout


class LabelledSpan(Protocol):
    """A span with a label (a suggestion, say)."""

    @property
    def label(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


class Highlights(Protocol):
    """What a text view draws over its text, asked for as lines are drawn."""

    @property
    def active_id(self) -> str | None:
        """The annotation drawn as the current one (underlined), if any."""
        ...

    def annotations_overlapping(self, start: int, end: int) -> Sequence[Annotation]:
        """The annotations to draw that share a character with `[start, end)`."""
        ...

    def suggestions_overlapping(self, start: int, end: int) -> Sequence[LabelledSpan]:
        """The suggestions to draw that share a character with `[start, end)`."""
        ...

    def colour(self, label: str) -> str:
        """The colour of a label, as "#rrggbb"."""
        ...

    def comment_labels(self, block: Block) -> str:
        """The labels of a comment in a line (its stance), drawn beside its author."""
        ...

    def search_matches_overlapping(self, start: int, end: int) -> Sequence[tuple[int, int]]:
        """The matches of the last search that share a character with `[start, end)`."""

    def label_index(self, label: str) -> int:
        """The label's place in the label set (its size for a label outside it): which of
        `NO_COLOR_MARKS` tells it apart where there is no colour."""
        ...


class NoHighlights:
    """Highlights nothing: what a view draws before it is given highlights."""

    active_id: str | None = None

    def annotations_overlapping(self, start: int, end: int) -> Sequence[Annotation]:
        return ()

    def suggestions_overlapping(self, start: int, end: int) -> Sequence[LabelledSpan]:
        return ()

    def colour(self, label: str) -> str:
        return "#000000"

    def comment_labels(self, block: Block) -> str:
        return ""

    def search_matches_overlapping(self, start: int, end: int) -> Sequence[tuple[int, int]]:
        return ()

    def label_index(self, label: str) -> int:
        return 0


@dataclass(frozen=True)
class Caret:
    """Where the cursor and the selection are, as a line is drawn."""

    cursor: int
    """The cursor's offset."""
    selection: tuple[int, int] | None
    """The selected span, if any."""
    focused: bool
    """Whether the view has the focus (the cursor is drawn only then)."""


NO_COLOR_MARKS = (
    Style(bold=True),
    Style(italic=True),
    Style(underline2=True),
    Style(bold=True, italic=True),
    Style(italic=True, underline2=True),
    Style(bold=True, italic=True, underline2=True),
    Style(bold=True, underline2=True),
    Style(reverse=True),
)
"""With NO_COLOR set, every colour is a grey and two labels may be the same one: each label's
spans also get one of these, by the label's place in the set (the ninth the first's again)."""


class TextPainter:
    """Draws the lines of a `TextLayout`, in the styles its view looks up by name."""

    HIGHLIGHTS = ("cursor", "selection", "match")
    """The component styles drawn over text that must stand out from the pane, in every
    theme (`contrast.made_legible`); a new one (search matches, say) is named here."""

    def __init__(self, style: Callable[[str], Style]) -> None:
        """Create a painter.

        Args:
            style: A component style by name (`title`, `cursor`...), memoised by the view.
        """
        self._style = style
        self._legible: dict[tuple[str, str], Style] = {}
        self.terminal: TerminalTheme = DEFAULT_TERMINAL_THEME
        """The terminal's colours as Textual assumes them (the pane's, in the ANSI themes)."""
        self.no_color = False
        """Whether the app is drawn without colour (NO_COLOR): labels are told apart by
        `NO_COLOR_MARKS` as well."""

    def forget_styles(self) -> None:
        """Look the styles up again (the theme changed)."""
        self._legible.clear()

    def highlight(self, kind: str, name: str, base: Style, highlights: Highlights) -> Style:
        """The style of a highlight made to stand out from the pane (`base`'s background).

        Args:
            kind: "label" (a span of label `name`), "suggestion" (a suggestion of label
                `name`) or "component" (one of `HIGHLIGHTS`, by name).
            name: The label or the component.
            base: The view's style.
            highlights: Where the labels' colours come from.
        """
        style = self._legible.get((kind, name))
        if style is None:
            pane = background_of(base, self.terminal)
            if kind == "component":
                style = made_legible(self._style(name), pane)
            elif kind == "label":
                style = on_background(highlights.colour(name), pane)
                if self.no_color:
                    index = highlights.label_index(name)
                    style += NO_COLOR_MARKS[index % len(NO_COLOR_MARKS)]
            else:  # drawn unlike annotations: its colour, underlined
                style = in_colour(highlights.colour(name), pane) + Style(underline=True)
            self._legible[(kind, name)] = style
        return style

    def line(
        self,
        layout: TextLayout | None,
        display: Shown,
        line: int,
        width: int,
        base: Style,
        notice: str,
        highlights: Highlights,
        caret: Caret,
    ) -> Strip:
        """Visual line `line` of `layout`, `width` cells wide.

        Args:
            layout: The layout (None before the view knows its width).
            display: The article's text as shown (one character for each of the text's).
            line: The visual line.
            width: The width in cells.
            base: The view's style.
            notice: What a view with no blocks says.
            highlights: What to draw over the text.
            caret: Where the cursor and selection are.
        """
        if layout is None or line >= layout.line_count:
            return Strip.blank(width, base)
        kind = layout.kind(line)
        if kind == LineKind.BLANK:
            return Strip.blank(width, base)
        if kind == LineKind.NOTICE:
            return _fit([Segment(visible(notice), self._style("notice"))], width, base)
        block = layout.block(line)
        assert block is not None
        if kind == LineKind.AUTHOR:
            name = visible(block.author) or "(anonymous)"
            drawn = visual_string(name) if layout.bidi is not None else None
            author = Segment(drawn[0] if drawn else name, self._style("author"))
            labels = highlights.comment_labels(block)
            if drawn and drawn[1]:  # flush right, above its right-to-left text
                shown = [Segment(f"{visible(labels)}  ", self._style("labels"))] if labels else []
                cells = author.cell_length + sum(s.cell_length for s in shown)
                return _fit([Segment(" " * max(0, width - cells), base), *shown, author],
                            width, base)
            shown = [Segment(f"  {visible(labels)}", self._style("labels"))] if labels else []
            return _fit([author, *shown], width, base)
        segments = self._text_segments(layout, display, line, block, base, highlights, caret)
        return _fit(segments, width, base)

    def _text_segments(
        self,
        layout: TextLayout,
        display: Shown,
        line: int,
        block: Block,
        base: Style,
        highlights: Highlights,
        caret: Caret,
    ) -> list[Segment]:
        """The segments of one TEXT line: prefix, then runs of equally styled characters, and
        the cursor after the text (all the other way round in a right-to-left line)."""
        start, end = layout.span(line)
        block_style = base
        if block.kind == "title":
            block_style = self._style("title")
        elif block.kind == "heading":
            block_style = self._style("heading")
        runs: list[tuple[int, int, Style]] = []
        here = highlights.annotations_overlapping(start, end)
        proposed = highlights.suggestions_overlapping(start, end)
        found = highlights.search_matches_overlapping(start, end)
        active_id = highlights.active_id
        cursor, selection, focused = caret.cursor, caret.selection, caret.focused
        cursor_end = layout.next_position(cursor) if focused else -1
        if cursor_end == cursor:
            cursor_end = cursor + 1
        breaks = {start, end}
        for annotation in here:
            breaks.update((max(start, annotation.start), min(end, annotation.end)))
        for suggestion in proposed:
            breaks.update((max(start, suggestion.start), min(end, suggestion.end)))
        for match in found:
            breaks.update((max(start, match[0]), min(end, match[1])))
        if selection:
            breaks.update(max(start, min(end, point)) for point in selection)
        if focused and start <= cursor <= end:
            breaks.update((cursor, min(end, cursor_end)))
        cursor_style = self.highlight("component", "cursor", base, highlights)
        selection_style = self.highlight("component", "selection", base, highlights)
        match_style = self.highlight("component", "match", base, highlights)
        for left, right in pairwise(sorted(breaks)):
            if left >= right:
                continue
            style = block_style
            covering = [a for a in here if a.start <= left < a.end]
            suggested = next((s for s in proposed if s.start <= left < s.end), None)
            if covering:
                inner = min(covering, key=lambda a: a.end - a.start)
                style = style + self.highlight("label", inner.label, base, highlights)
                if any(a.id == active_id for a in covering):
                    style = style + Style(underline=True, bold=True)
                if suggested is not None:  # inside another label's span: still shown
                    style = style + Style(underline=True, italic=True)
            elif suggested is not None:
                style = style + self.highlight("suggestion", suggested.label, base, highlights)
            if any(match[0] <= left < match[1] for match in found):
                style = style + match_style
            if selection and selection[0] <= left < selection[1]:
                style = style + selection_style
            if focused and cursor <= left < cursor_end:
                style = style + cursor_style
            runs.append((left, right, style))
        prefix = layout.prefix(line)
        after = Segment(" ", cursor_style if focused and cursor == end else base)
        visual = layout.visual(line)
        if visual is None:
            text = [Segment(display[left:right], style) for left, right, style in runs]
        else:
            text = _visual_segments(display, runs, visual)
        if visual is None or not visual.right_to_left:
            return [Segment(prefix, self._style("bullet")), *text, after]
        # Flush right, the prefix on the right and the place after the text on its left.
        pad = Segment(" " * (layout.text_left(line, visual) - 1), base)
        return [pad, after, *text, Segment(prefix[::-1], self._style("bullet"))]


def _visual_segments(
    display: Shown, runs: list[tuple[int, int, Style]], visual: VisualLine
) -> list[Segment]:
    """The styled runs of a line (in logical order) as segments in the order drawn: each
    character in the style of its run, brackets mirrored in right-to-left text."""
    style_at = {}
    for left, right, style in runs:
        for offset in range(left, right):
            style_at[offset] = style
    segments: list[Segment] = []
    for offset in visual.order:
        character = mirror(display[offset]) if offset in visual.mirrored else display[offset]
        style = style_at[offset]
        if segments and segments[-1].style is style:
            segments[-1] = Segment(segments[-1].text + character, style)
        else:
            segments.append(Segment(character, style))
    return segments


def _fit(segments: list[Segment], width: int, base: Style) -> Strip:
    return Strip(segments).extend_cell_length(width, base).crop(0, width)
