"""Review: the annotations of the DB one at a time, in context, each decided with one key.

For adjudication after `annotator merge` (only the disagreements), or to check one label.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from annotations.model import Annotation, Article, Label
from annotations.store import AnnotationStore
from tui.screens.dialog import Dialog
from tui.visible import visible

CONTEXT_CHARS = 300
"""How much of the paragraph around an annotation is shown on each side."""


@dataclass(frozen=True)
class ReviewFilter:
    """Which annotations to step through."""

    name: str
    """As shown: all, disagreements, or a label's name."""
    label: str | None = None
    """Only this label."""
    flagged: bool = False
    """Only those marked for review."""

    def keeps(self, annotation: Annotation) -> bool:
        return (not self.flagged or annotation.review) and (
            self.label is None or annotation.label == self.label
        )


class ReviewScreen(Dialog[None]):
    """Steps through annotations; enter accepts, a label key retags, e edits the note, x
    deletes; right and left move; f changes what is shown; escape closes."""

    DEFAULT_CSS = """
    ReviewScreen { align: center middle; }
    ReviewScreen > VerticalScroll {
        width: 95%; height: 90%; border: round $accent; background: $panel; padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("escape,q,v", "close", "Close"),
        Binding("right,j", "step(1)", "Next"),
        Binding("left,k", "step(-1)", "Previous"),
        Binding("enter", "accept", "Accept"),
        Binding("e", "edit_note", "Edit the note"),
        Binding("x", "delete", "Delete"),
        Binding("f", "next_filter", "Change what is shown"),
    ]

    def __init__(
        self,
        store: AnnotationStore,
        labels: Sequence[Label],
        changed: Callable[[], object],
    ) -> None:
        """Create the review.

        Args:
            store: Where the annotations are.
            labels: The label set (its keys retag).
            changed: Called after each change (to save it).

        It begins with the disagreements, when there are any.
        """
        super().__init__()
        self.store = store
        self.labels = tuple(labels)
        self.colours = {label.name: label.colour for label in labels}
        self.changed = changed
        self.filters = [ReviewFilter("all"), ReviewFilter("disagreements", flagged=True)] + [
            ReviewFilter(label.name, label=label.name) for label in labels
        ]
        self.items: list[tuple[Article, Annotation]] = []
        self.position = 0
        self.filter = self.filters[0]
        self._collect()
        if any(a.review for _, a in self.items):
            self.filter = self.filters[1]
        for label in self.labels:
            self._bindings.bind(label.key, f"retag('{label.name}')", f"retag {label.name}")

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_subtitle = (
                "enter accept · label key retag · e note · x delete · ←/→ move · f filter · "
                "escape close"
            )
            yield Static(id="review")

    def on_mount(self) -> None:
        self._show()

    def _collect(self) -> None:
        """Every annotation of the DB with a place in its text, in article then text order."""
        self.items = [
            (article, annotation)
            for article, _, annotations in self.store.contents()
            for annotation in annotations
            if not annotation.orphan
        ]

    @property
    def shown(self) -> list[tuple[Article, Annotation]]:
        """The items the filter keeps."""
        return [(article, a) for article, a in self.items if self.filter.keeps(a)]

    @property
    def current(self) -> tuple[Article, Annotation] | None:
        shown = self.shown
        if not shown:
            return None
        self.position = max(0, min(self.position, len(shown) - 1))
        return shown[self.position]

    def _show(self) -> None:
        box = self.query_one(VerticalScroll)
        shown = self.shown
        box.border_title = (
            f"Review · {self.filter.name} · "
            f"{min(self.position + 1, len(shown))} of {len(shown)}"
        )
        current = self.current
        if current is None:
            body: Group | Text = Text(f"Nothing to review under “{self.filter.name}”: f shows "
                                      "other annotations, escape closes.")
        else:
            body = self._describe(*current)
        self.query_one("#review", Static).update(body)

    def _describe(self, article: Article, annotation: Annotation) -> Group:
        colour = self.colours.get(annotation.label, "#777777")
        heading = Text.assemble(
            (f" {visible(annotation.label)} ", f"bold #ffffff on {colour}"),
            f"  by {visible(annotation.annotator or '(unnamed)')}",
            ("  ⚑ marked for review" if annotation.review else "", "bold yellow"),
            (f"  · {annotation.origin}" if annotation.origin != "manual" else "", "dim"),
        )
        block = next((b for b in article.blocks if b.start <= annotation.start < b.end + 1),
                     article.blocks[0])
        low = max(block.start, annotation.start - CONTEXT_CHARS)
        high = min(block.end, annotation.end + CONTEXT_CHARS)
        text = article.text
        context = Text.assemble(
            ("…" if low > block.start else ""),
            visible(text[low : annotation.start]),
            (visible(text[annotation.start : annotation.end]),
             f"bold underline #ffffff on {colour}"),
            visible(text[annotation.end : high]),
            ("…" if high < block.end else ""),
        )
        parts = [Text(visible(article.title), style="bold"), heading, Text(""), context]
        if annotation.note:
            parts += [Text(""), Text("✎ " + visible(annotation.note), style="italic")]
        others = self._overlapping(article, annotation)
        if others:
            parts += [Text(""), Text("Also on this text:", style="bold")]
            for other in others:
                parts.append(Text.assemble(
                    "  ",
                    (f" {visible(other.label)} ", f"bold #ffffff on "
                     f"{self.colours.get(other.label, '#777777')}"),
                    f" by {visible(other.annotator or '(unnamed)')}  “{visible(other.text)}”",
                    (" ⚑" if other.review else "", "bold yellow"),
                ))
        return Group(*parts)

    def _overlapping(self, article: Article, annotation: Annotation) -> list[Annotation]:
        """The other annotations of the article that share a character with `annotation`:
        what the other annotators made of the same text, to adjudicate between them."""
        return [
            other for other_article, other in self.items
            if other_article.id == article.id and other.id != annotation.id
            and other.start < annotation.end and other.end > annotation.start
        ]

    def action_step(self, step: int) -> None:
        """Show the next (or previous) annotation."""
        self.position = max(0, min(self.position + step, len(self.shown) - 1))
        self._show()

    def action_next_filter(self) -> None:
        """Show all, the disagreements, or one label, in turn."""
        index = self.filters.index(self.filter)
        self.filter = self.filters[(index + 1) % len(self.filters)]
        self.position = 0
        self._show()

    def _after(self, old: Annotation, new: Annotation | None, keep_position: bool = False) -> None:
        """Put `new` (None: deleted) in `old`'s place, save, and show what comes next.

        Only that item changes: reading the whole DB again would cost every key a second on a
        DB of 100,000 annotations.
        """
        self.changed()
        index = next(i for i, (_, annotation) in enumerate(self.items) if annotation.id == old.id)
        if new is None:
            del self.items[index]
        else:
            self.items[index] = (self.items[index][0], new)
        if not keep_position and not self.filter.flagged:
            self.position += 1  # a decided annotation under "disagreements" leaves the list
        self._show()

    def action_accept(self) -> None:
        """Keep the annotation as it is (clearing its review mark) and go on."""
        current = self.current
        if current is None:
            return
        annotation = current[1]
        decided = self.store.set_review(annotation, False) if annotation.review else annotation
        self._after(annotation, decided)

    def action_retag(self, label: str) -> None:
        """Give the annotation another label (deciding it) and go on."""
        current = self.current
        if current is None:
            return
        annotation = current[1]
        changed = self.store.retag(annotation, label) if annotation.label != label else annotation
        if changed.review:
            changed = self.store.set_review(changed, False)
        self._after(annotation, changed)

    def action_delete(self) -> None:
        """Delete the annotation."""
        current = self.current
        if current is None:
            return
        self.store.delete(current[1])
        self._after(current[1], None, keep_position=True)

    def action_edit_note(self) -> None:
        """Edit the annotation's note."""
        current = self.current
        if current is None:
            return
        annotation = current[1]
        from tui.screens.prompt import TextPrompt

        def save(note: str | None) -> None:
            if note is not None and note != annotation.note:
                self._after(annotation, self.store.set_note(annotation, note), keep_position=True)

        self.app.push_screen(
            TextPrompt(f"Note on {annotation.label}", f"“{annotation.text}”", annotation.note),
            save,
        )
