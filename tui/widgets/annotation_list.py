"""The list of the current article's annotations: label, quoted text and note."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from annotations.model import Annotation
from tui.messages import AnnotationChosen
from tui.visible import visible

QUOTE_CHARS = 120
"""Longer quotes are cut to this many characters in the list."""


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) > QUOTE_CHARS:
        flat = flat[: QUOTE_CHARS - 1] + "…"
    return visible(flat)


def annotation_prompt(annotation: Annotation, colour: str) -> Content:
    """How one annotation reads in the list: the label on its colour, the quote, the note.

    An orphan (its article changed and its span was not found again) says so.
    """
    parts: list[Content | tuple[str, str]] = [
        (f" {visible(annotation.label)} ", f"bold #ffffff on {colour}"),
    ]
    if annotation.orphan:
        parts.append((" ⚠ orphan", "bold #ffaf00"))
    parts.append(Content(" “" + _quote(annotation.text) + "”"))
    if annotation.note:
        parts.append(("\n  ✎ " + visible(" ".join(annotation.note.split())), "italic dim"))
    return Content.assemble(*parts)


class AnnotationList(OptionList):
    """Lists annotations; highlighting one shows it in the text, enter goes to it."""

    DEFAULT_CSS = """
    AnnotationList { background: $surface; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._ids: list[str] = []

    def show(
        self,
        annotations: Sequence[Annotation],
        colours: Mapping[str, str],
        active_id: str | None,
    ) -> None:
        """Replace the list's contents (orphans last), keeping `active_id` highlighted."""
        annotations = sorted(annotations, key=lambda a: a.orphan)
        with self.prevent(OptionList.OptionHighlighted):
            self.clear_options()
            self._ids = [annotation.id for annotation in annotations]
            self.add_options(
                Option(annotation_prompt(a, colours.get(a.label, "#777777")), id=a.id)
                for a in annotations
            )
            self.highlighted = self._ids.index(active_id) if active_id in self._ids else None

    def mark(self, active_id: str | None) -> None:
        """Highlight `active_id` without announcing it."""
        index = self._ids.index(active_id) if active_id in self._ids else None
        if index != self.highlighted:
            with self.prevent(OptionList.OptionHighlighted):
                self.highlighted = index

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id is not None and self.has_focus:
            self.post_message(AnnotationChosen(event.option.id, go_to=False))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(AnnotationChosen(event.option.id, go_to=True))
