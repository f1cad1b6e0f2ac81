"""The current article's annotations, one a row: label, quoted text and note."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.message import Message
from textual.strip import Strip

from annotations.model import Annotation
from tui.visible import visible
from tui.widgets.row_list import RowList


def _flat(text: str) -> str:
    return visible(" ".join(text.split()))


def row_text(annotation: Annotation) -> str:
    """An annotation's row as plain text: label, orphan mark, quote and note."""
    orphan = " ⚠ orphan" if annotation.orphan else ""
    note = f"  ✎ {_flat(annotation.note)}" if annotation.note else ""
    return f" {visible(annotation.label)} {orphan} “{_flat(annotation.text)}”{note}"


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
        """The chosen annotation."""
        go_to: bool
        """True when picked (enter or click): the view should take the focus and its cursor."""

        @property
        def control(self) -> AnnotationList:
            """The list it was chosen in."""
            return self.annotation_list

    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {
        "annotation-list--note",
        "annotation-list--orphan",
    }

    DEFAULT_CSS = """
    AnnotationList > .annotation-list--note { color: $text-muted; text-style: italic; }
    AnnotationList > .annotation-list--orphan { color: $warning; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.annotations: tuple[Annotation, ...] = ()
        self._colour: Callable[[str], str] = lambda label: ""

    def show(
        self,
        annotations: Sequence[Annotation],
        colour: Callable[[str], str],
        active_id: str | None,
    ) -> None:
        """Replace the list's rows (orphans last), keeping `active_id` highlighted.

        Args:
            annotations: The annotations to list.
            colour: The colour of a label.
            active_id: The annotation to highlight, if any.
        """
        self.annotations = tuple(sorted(annotations, key=lambda a: a.orphan))
        self._colour = colour
        self.set_row_count(len(self.annotations), self._index(active_id))

    def mark(self, active_id: str | None) -> None:
        """Highlight `active_id` without announcing it."""
        self.set_row_count(len(self.annotations), self._index(active_id))

    def _index(self, annotation_id: str | None) -> int | None:
        return next(
            (i for i, a in enumerate(self.annotations) if a.id == annotation_id), None
        )

    def row_text(self, index: int) -> str:
        """Row `index` as plain text."""
        return row_text(self.annotations[index])

    def render_row(self, index: int, width: int) -> Strip:
        annotation = self.annotations[index]
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

    def on_row_list_highlighted(self, message: RowList.Highlighted) -> None:
        message.stop()
        if self.has_focus:
            self.post_message(self.Chosen(self, self.annotations[message.index].id, go_to=False))

    def on_row_list_picked(self, message: RowList.Picked) -> None:
        message.stop()
        self.post_message(self.Chosen(self, self.annotations[message.index].id, go_to=True))
