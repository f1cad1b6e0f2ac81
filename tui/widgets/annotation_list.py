"""The current article's annotations, one a row: label, quoted text and note; under each, the
relations it is the head of (`└─source→ source “Lin Jian”`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.message import Message
from textual.strip import Strip

from annotations.model import Annotation
from annotations.relations import Ends, Relation, ends, listing
from tui.visible import visible
from tui.widgets.row_list import RowList


def _flat(text: str) -> str:
    return visible(" ".join(text.split()))


def row_text(annotation: Annotation) -> str:
    """An annotation's row as plain text: label, orphan mark, quote and note."""
    orphan = " ⚠ orphan" if annotation.orphan else ""
    note = f"  ✎ {_flat(annotation.note)}" if annotation.note else ""
    return f" {visible(annotation.label)} {orphan} “{_flat(annotation.text)}”{note}"


def relation_text(relation: Relation, by_id: dict[str, Annotation]) -> str:
    """A relation's row as plain text: its type, then its tail (or why it has none)."""
    tail = by_id.get(relation.tail)
    shown = f"{visible(tail.label)} “{_flat(tail.text)}”" if tail else "(deleted)"
    warning = {Ends.ORPHANED: "  ⚠ orphaned end", Ends.MISSING: "  ⚠ an end was deleted"}
    review = "  ⚑ review" if relation.review else ""
    return f"   └─{visible(relation.type)}→ {shown}{warning.get(ends(relation, by_id), '')}{review}"


class AnnotationList(RowList):
    """Lists annotations (orphans last); highlighting one shows it in the text, enter goes to
    it. Rows are cut at the pane's width: the note and the whole quote are in the status line
    and the note dialog."""

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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
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

    def render_row(self, index: int, width: int) -> Strip:
        annotation = self.rows[index]
        if isinstance(annotation, Relation):
            return self._render_relation(annotation)
        base = self.rich_style
        colour = self._colour(annotation.label)
        segments = [Segment(f" {visible(annotation.label)} ",
                            Style(bold=True, color="#ffffff", bgcolor=colour))]
        if annotation.orphan:
            segments.append(Segment(" ⚠ orphan",
                                    self.get_component_rich_style("annotation-list--orphan")))
        segments.append(Segment(f" “{_flat(annotation.text)}”", base))
        if annotation.note:
            segments.append(Segment(f"  ✎ {_flat(annotation.note)}",
                                    self.get_component_rich_style("annotation-list--note")))
        return Strip(segments)

    def _render_relation(self, relation: Relation) -> Strip:
        muted = self.get_component_rich_style("annotation-list--relation")
        tail = self._by_id.get(relation.tail)
        segments = [Segment(f"   └─{visible(relation.type)}→ ", muted)]
        if tail is not None:
            segments += [Segment(f" {visible(tail.label)} ", Style(
                bold=True, color="#ffffff", bgcolor=self._colour(tail.label))),
                Segment(f" “{_flat(tail.text)}”", self.rich_style)]
        else:
            segments.append(Segment("(deleted)", muted))
        state = ends(relation, self._by_id)
        if state is not Ends.PLACED:
            warning = "orphaned end" if state is Ends.ORPHANED else "an end was deleted"
            segments.append(Segment(f"  ⚠ {warning}",
                                    self.get_component_rich_style("annotation-list--orphan")))
        if relation.review:
            segments.append(Segment("  ⚑ review",
                                    self.get_component_rich_style("annotation-list--orphan")))
        return Strip(segments)

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
