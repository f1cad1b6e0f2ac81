"""The current article's annotations, one a row (label, marks, quote and note), and under each
the relations it is the head of (`└─source→ source “Lin Jian”`); the whole of the highlighted
annotation below them, and which labels the list shows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from annotations.model import Annotation, Label
from annotations.relations import Ends, Relation, ends, listing
from tui.visible import visible
from tui.widgets.contrast import background_of, on_background
from tui.widgets.row_list import RowList
from tui.widgets.text_bidi import visual_string
from tui.widgets.title_bar import shorten

NOTE_MARK = "✎"
"""Stands before the quote of an annotation with a note."""
ORPHAN_MARK = "⚠ orphan"
"""Stands before the quote of an annotation whose place in the text was lost."""
END_MARKS = {Ends.ORPHANED: "⚠ orphaned end", Ends.MISSING: "⚠ an end was deleted"}
"""Stand after a relation one of whose annotations lost its place, or is gone."""
REVIEW_MARK = "⚑ review"
"""Stands after a relation `annotator merge` marked for review."""


def _flat(text: str) -> str:
    return visible(" ".join(text.split()))


def drawn_quote(text: str, cells: int, *, bidi: bool = True) -> str:
    """`“text”` in at most `cells` cells, cut at its end (as it reads) when it must be; with
    `bidi`, a right-to-left quote is given in the order it is drawn, as the text panes draw
    their lines, so that it reads right to left on a terminal that does not reorder."""
    shown = shorten(f"“{_flat(text)}”", cells)
    if not bidi or not shown.startswith("“"):
        return shown
    closed = shown.endswith("”")
    drawn = visual_string(shown[1:-1] if closed else shown[1:])
    return f"“{drawn[0]}{'”' if closed else ''}" if drawn else shown


def row_text(annotation: Annotation) -> str:
    """An annotation's row as plain text: label, orphan and note marks, quote and note."""
    marks = "".join(
        f" {mark}" for mark, shown in ((ORPHAN_MARK, annotation.orphan),
                                       (NOTE_MARK, bool(annotation.note))) if shown
    )
    note = f"  {_flat(annotation.note)}" if annotation.note else ""
    return f" {visible(annotation.label)} {marks} “{_flat(annotation.text)}”{note}"


def relation_text(relation: Relation, by_id: dict[str, Annotation]) -> str:
    """A relation's row as plain text: its type, then its tail (or why it has none)."""
    tail = by_id.get(relation.tail)
    shown = f"{visible(tail.label)} “{_flat(tail.text)}”" if tail else "(deleted)"
    marks = [END_MARKS.get(ends(relation, by_id), ""), REVIEW_MARK if relation.review else ""]
    return f"   └─{visible(relation.type)}→ {shown}" + "".join(f"  {m}" for m in marks if m)


def next_label_filter(current: str | None, labels: Sequence[str]) -> str | None:
    """The label the list shows after `current` (None: every label), in the order of
    `labels`, and every label again after the last."""
    order: list[str | None] = [None, *labels]
    position = order.index(current) if current in order else 0
    return order[(position + 1) % len(order)]


class AnnotationList(RowList):
    """Lists annotations (orphans last), each followed by the relations it is the head of;
    highlighting one shows it in the text, enter goes to it (for a relation, to its head). The
    marks come before the quote, so that a long quote never hides them; the quote and the note
    are cut at the pane's width (`AnnotationDetail` shows them whole)."""

    @dataclass
    class Chosen(Message):
        """Posted by an AnnotationList when the user highlights or picks an annotation."""

        annotation_list: AnnotationList
        """The list it was chosen in."""
        annotation_id: str
        """The chosen annotation (a relation's head, for a relation)."""
        go_to: bool
        """True when picked (enter or click): the view should take the focus and its cursor."""
        relation_id: str | None = None
        """The relation chosen, when the row is a relation's."""

        @property
        def control(self) -> AnnotationList:
            """The list it was chosen in."""
            return self.annotation_list

    # In the list `f` filters, as in review; in the text panes it puts letters on sentences.
    BINDINGS = [
        Binding("f", "screen.filter_annotations", "filter list", show=False,
                tooltip="Show one label in the annotation list, the next label, then all again"),
    ]

    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {
        "annotation-list--note",
        "annotation-list--orphan",
        "annotation-list--relation",
    }

    DEFAULT_CSS = """
    AnnotationList > .annotation-list--note { color: $text-muted; text-style: italic; }
    AnnotationList > .annotation-list--orphan { color: $warning; text-style: bold; }
    AnnotationList > .annotation-list--relation { color: $text-muted; }
    """

    def __init__(self, *, bidi: bool = True, id: str | None = None) -> None:
        """Create an empty list.

        Args:
            bidi: Draw right-to-left quotes reordered for the eye (see `drawn_quote`); False
                for a terminal that reorders them itself (`--no-bidi`).
            id: The widget's id.
        """
        super().__init__(id=id)
        self.bidi = bidi
        self.annotations: tuple[Annotation, ...] = ()
        self.rows: tuple[Annotation | Relation, ...] = ()
        """The rows: the annotations, each followed by the relations it is the head of."""
        self._by_id: dict[str, Annotation] = {}
        self._colour: Callable[[str], str] = lambda label: ""

    def show(
        self,
        annotations: Sequence[Annotation],
        colour: Callable[[str], str],
        active_id: str | None,
        relations: Sequence[Relation] = (),
        relation_id: str | None = None,
    ) -> None:
        """Replace the list's rows (orphans last), keeping `active_id` highlighted.

        Args:
            annotations: The annotations to list.
            colour: The colour of a label.
            active_id: The annotation to highlight, if any.
            relations: The relations between them, each listed under its head.
            relation_id: The relation to highlight instead, if any.
        """
        self.rows = tuple(listing(annotations, relations))
        self.annotations = tuple(row for row in self.rows if isinstance(row, Annotation))
        self._by_id = {annotation.id: annotation for annotation in self.annotations}
        self._colour = colour
        self.set_row_count(len(self.rows), self._index(relation_id or active_id))

    def mark(self, active_id: str | None, relation_id: str | None = None) -> None:
        """Highlight `relation_id`, else `active_id`, without announcing it."""
        self.set_row_count(len(self.rows), self._index(relation_id or active_id))

    def _index(self, row_id: str | None) -> int | None:
        return next((i for i, row in enumerate(self.rows) if row.id == row_id), None)

    def row_text(self, index: int) -> str:
        """Row `index` as plain text."""
        row = self.rows[index]
        return row_text(row) if isinstance(row, Annotation) else relation_text(row, self._by_id)

    def _chip(self, label: str) -> Style:
        pane = background_of(self.rich_style, self.app.ansi_theme)
        return on_background(self._colour(label), pane) + Style(bold=True)

    def render_row(self, index: int, width: int) -> Strip:
        annotation = self.rows[index]
        if isinstance(annotation, Relation):
            return self._render_relation(annotation, width)
        base = self.rich_style
        chip = self._chip(annotation.label)
        segments = [Segment(f" {visible(annotation.label)} ", chip)]
        if annotation.orphan:
            orphan = self.get_component_rich_style("annotation-list--orphan")
            segments.append(Segment(f" {ORPHAN_MARK}", orphan))
        note_style = self.get_component_rich_style("annotation-list--note")
        if annotation.note:
            segments.append(Segment(f" {NOTE_MARK}", note_style))
        room = width - sum(cell_len(segment.text) for segment in segments) - 1
        quote = drawn_quote(annotation.text, room, bidi=self.bidi)
        segments.append(Segment(f" {quote}", base))
        room -= cell_len(quote) + 2
        if annotation.note and room > 3:
            segments.append(Segment(f"  {shorten(_flat(annotation.note), room)}", note_style))
        return Strip(segments)

    def _render_relation(self, relation: Relation, width: int) -> Strip:
        """`└─type→`, the tail's label and quote, then the marks (an end lost, review)."""
        muted = self.get_component_rich_style("annotation-list--relation")
        warning = self.get_component_rich_style("annotation-list--orphan")
        marks = [END_MARKS.get(ends(relation, self._by_id), ""),
                 REVIEW_MARK if relation.review else ""]
        after = [Segment(f"  {mark}", warning) for mark in marks if mark]
        segments = [Segment(f"   └─{visible(relation.type)}→ ", muted)]
        tail = self._by_id.get(relation.tail)
        if tail is None:
            return Strip([*segments, Segment("(deleted)", muted), *after])
        segments.append(Segment(f" {visible(tail.label)} ", self._chip(tail.label)))
        room = width - sum(cell_len(s.text) for s in (*segments, *after)) - 1
        quote = drawn_quote(tail.text, room, bidi=self.bidi)
        segments.append(Segment(f" {quote}", self.rich_style))
        return Strip([*segments, *after])

    def _chosen(self, index: int, go_to: bool) -> AnnotationList.Chosen:
        row = self.rows[index]
        if isinstance(row, Relation):
            return self.Chosen(self, row.head, go_to, relation_id=row.id)
        return self.Chosen(self, row.id, go_to)

    def on_row_list_highlighted(self, message: RowList.Highlighted) -> None:
        message.stop()
        if self.has_focus:
            self.post_message(self._chosen(message.index, go_to=False))

    def on_row_list_picked(self, message: RowList.Picked) -> None:
        message.stop()
        self.post_message(self._chosen(message.index, go_to=True))


def detail(annotation: Annotation, width: int, lines: int) -> Content:
    """An annotation's quote and note in at most `lines` lines of `width` cells: the note
    whole if it fits in all but one line, and as much of the quote's start and end as the
    rest holds."""
    note = Content("")
    if annotation.note:
        note = Content.styled(f"\n{NOTE_MARK} {_flat(annotation.note)}", "italic $text-muted")
        while len(note.wrap(width)) > lines and len(note) > 4:  # the line break counts one
            note = note[: len(note) - max(1, (len(note) - 4) // 4)]
            note = Content.assemble(note, Content.styled("…", "italic $text-muted"))
    mark = Content.styled(f"{ORPHAN_MARK} ", "bold $text-warning") if annotation.orphan else ""
    quote = _flat(annotation.text)

    def fits(kept: int) -> Content | None:
        shown = quote
        if kept < len(quote):  # cut between words where the quote has spaces
            head, tail = quote[: (kept + 1) // 2], quote[len(quote) - kept // 2 :]
            head = head.rsplit(" ", 1)[0] if " " in head[1:] else head
            tail = tail.split(" ", 1)[-1] if " " in tail[:-1] else tail
            shown = f"{head.rstrip()} … {tail.lstrip()}"
        made = Content.assemble(mark, f"“{shown}”", note)
        return made if len(made.wrap(width)) <= lines else None

    low, high = 0, len(quote)
    while low < high:  # the most characters of the quote that fit
        middle = (low + high + 1) // 2
        low, high = (middle, high) if fits(middle) is not None else (low, middle - 1)
    return fits(low) or Content.assemble(mark, "“…”", note)


class AnnotationDetail(Static):
    """The whole quote and note of one annotation, under the list, in up to half the pane
    (a long quote loses its middle there); hidden when there is none."""

    DEFAULT_CSS = """
    AnnotationDetail { height: auto; padding: 0 1; display: none;
                       border-top: solid $panel-lighten-2; }
    AnnotationDetail.-shown { display: block; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.annotation: Annotation | None = None
        """The annotation shown."""

    def show(self, annotation: Annotation | None) -> None:
        """Show `annotation` (None hides the detail)."""
        self.annotation = annotation
        self.set_class(annotation is not None, "-shown")
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        pane = self.parent
        if self.annotation is None or not isinstance(pane, Widget):
            return
        width = max(8, self.size.width - 2)
        lines = max(2, pane.size.height // 2 - 1)
        self.update(detail(self.annotation, width, lines))


class AnnotationsPane(Vertical):
    """The annotation list with the detail of its highlighted row, in one box whose title
    says how many annotations there are and which label is shown (`label_filter`)."""

    def __init__(self, *, bidi: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self._bidi = bidi
        self.label_filter: str | None = None
        """The one label the list shows (None: all)."""
        self._every: tuple[Annotation, ...] = ()
        self._labels: tuple[Label, ...] = ()
        self._colour: Callable[[str], str] = lambda label: ""
        self._active: Annotation | None = None
        self._relations: tuple[Relation, ...] = ()
        self._relation_id: str | None = None

    def compose(self) -> ComposeResult:
        yield AnnotationList(bidi=self._bidi, id="annotations")
        yield AnnotationDetail(id="annotation-detail")

    def show(
        self,
        annotations: Sequence[Annotation],
        labels: Sequence[Label],
        colour: Callable[[str], str],
        active: Annotation | None,
        relations: Sequence[Relation] = (),
        relation_id: str | None = None,
    ) -> None:
        """Show the article's annotations (those of `label_filter`), `active` highlighted.

        Args:
            annotations: Every annotation of the article.
            labels: The label set, in order (shown under the box, and what `f` steps through).
            colour: The colour of a label.
            active: The annotation the keys act on, if any.
            relations: The article's relations, each listed under its head.
            relation_id: The relation picked in the list, highlighted instead, if any.
        """
        self._every, self._labels, self._colour = tuple(annotations), tuple(labels), colour
        self._relations = tuple(relations)
        shown = [a for a in self._every if self.label_filter in (None, a.label)]
        heads = {a.id for a in shown}
        listed = [r for r in relations if self.label_filter is None or r.head in heads]
        self.query_one(AnnotationList).show(shown, colour, active.id if active else None, listed)
        self.mark(active, relation_id)
        # label names are text, never markup
        if self.label_filter is None:
            self.border_title = f"Annotations ({len(self._every)})"
        else:
            self.border_title = Content(
                f"{visible(self.label_filter)} only: {len(shown)} of {len(self._every)}"
            )
        self.border_subtitle = Content(
            " ".join(f"{label.key} {visible(label.name)}" for label in labels)
        )

    def mark(self, active: Annotation | None, relation_id: str | None = None) -> None:
        """Highlight `relation_id`, else `active`, in the list and show `active` whole below."""
        self._active, self._relation_id = active, relation_id
        self.query_one(AnnotationList).mark(active.id if active else None, relation_id)
        self.query_one(AnnotationDetail).show(active)

    def next_filter(self) -> None:
        """Show only the next label (the label set's order, then any other label the article's
        annotations have); after the last, every label again."""
        names = [label.name for label in self._labels]
        names += sorted({a.label for a in self._every} - set(names))
        self.label_filter = next_label_filter(self.label_filter, names)
        self.show(self._every, self._labels, self._colour, self._active, self._relations,
                  self._relation_id)
