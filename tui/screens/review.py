"""Review: the annotations, relations and labels of the DB one at a time, in context, each
decided with one key.

For adjudication after `annotator merge` (only the disagreements), or to check one label. What
is reviewed and how each decision changes it is `annotations.review.Review`; this screen draws
it and binds the keys: enter keeps and x deletes a span, a relation or a label alike.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from annotations.doc_labels import DocLabel
from annotations.model import Annotation, Article
from annotations.relations import Relation
from annotations.review import LinkGone, Review, describe
from annotations.session import Session, deleted_meanwhile
from annotations.statistics import stored_articles
from annotations.store import AnnotationGone
from tui.screens.computed import ComputedDialog, with_progress
from tui.screens.label_keys import label_bindings, with_bindings
from tui.visible import visible

CONTEXT_CHARS = 300
"""How much of the paragraph around an annotation is shown on each side."""


def review_screen(session: Session, changed: Callable[[], object]) -> ReviewScreen:
    """The review of the session's DB, each label's key retagging.

    Args:
        session: The session (its store, labels and colours).
        changed: Called after each change (to save it).
    """
    keys = tuple(label_bindings(session.labels, "retag", "retag"))
    return with_bindings(ReviewScreen, keys)(session, changed)


class ReviewScreen(ComputedDialog[Review]):
    """Steps through annotations, relations and labels; enter accepts, a label key retags (a
    span), e edits the note (of a span), x deletes; right and left move; f changes what is
    shown; escape closes.

    The DB is read in a worker (`ComputedDialog`): a progress line shows at once, and the keys
    act once the first annotation is shown.
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

    def __init__(self, session: Session, changed: Callable[[], object]) -> None:
        """Create the review (see `review_screen`, which binds the label keys).

        Args:
            session: The session (its store, labels and colours).
            changed: Called after each change (to save it).

        It begins with the disagreements, when there are any.
        """
        super().__init__()
        self.session = session
        self.changed = changed

    @property
    def review(self) -> Review | None:
        """The review, once the DB is read (None before)."""
        return self.result

    def compute(self, progress: Callable[[int, int], object]) -> Review:
        store = self.session.store
        articles = stored_articles(store)
        return Review(store, self.session.labels,
                      with_progress(articles, len(articles), progress))

    def show_result(self, result: Review) -> None:
        self._show()

    def show_line(self, line: Text) -> None:
        self.query_one(VerticalScroll).border_title = "Review"
        self.query_one("#review", Static).update(line)

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_subtitle = (
                "enter accept · label key retag · e note · x delete · ←/→ move · f filter · "
                "escape close"
            )
            yield Static(id="review")

    def _show(self) -> None:
        review = self.review
        if review is None:
            return
        box = self.query_one(VerticalScroll)
        count = review.count
        box.border_title = Content(  # a filter is named after a label: text, never markup
            f"Review · {visible(review.filter.name)} · "
            f"{min(review.position + 1, count)} of {count}"
        )
        current = review.current
        if current is None:
            body: Group | Text = Text(f"Nothing to review under “{visible(review.filter.name)}”: "
                                      "f shows other annotations, escape closes.")
        elif isinstance(current[1], Relation):
            body = self._describe_relation(current[0], current[1])
        elif isinstance(current[1], DocLabel):
            body = self._describe_label(current[0], current[1])
        else:
            body = self._describe(current[0], current[1])
        self.query_one("#review", Static).update(body)

    def _describe(self, article: Article, annotation: Annotation) -> Group:
        colour = self.session.colour(annotation.label)
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
        assert self.review is not None
        relations = self.review.relations(article, annotation)
        if relations:
            parts += [Text(""), Text("Relations (each reviewed on its own):", style="bold")]
            parts += [self._relation_line(relation) for relation in relations]
        others = self.review.overlapping(article, annotation)
        if others:
            parts += [Text(""), Text("Also on this text:", style="bold")]
            for other in others:
                parts.append(Text.assemble(
                    "  ",
                    (f" {visible(other.label)} ",
                     f"bold #ffffff on {self.session.colour(other.label)}"),
                    f" by {visible(other.annotator or '(unnamed)')}  “{visible(other.text)}”",
                    (" ⚑" if other.review else "", "bold yellow"),
                ))
        return Group(*parts)

    def _heading(self, item: Relation | DocLabel) -> Text:
        """A relation's or label's kind, who made it, and its review mark."""
        return Text.assemble(
            (f" {visible(describe(item))} ", "bold #ffffff on #555555"),
            f"  by {visible(item.annotator or '(unnamed)')}",
            ("  ⚑ marked for review" if item.review else "", "bold yellow"),
        )

    def _relation_line(self, relation: Relation) -> Text:
        """`  figure “over 5,500” ─supports→ claim “…”  by bo ⚑`."""
        assert self.review is not None
        ends = [self.review.annotation(relation.article_id, end)
                for end in (relation.head, relation.tail)]
        head, tail = (f"{visible(a.label)} “{visible(a.text)}”" if a else "(deleted)"
                      for a in ends)
        return Text.assemble(
            f"  {head} ─{visible(relation.type)}→ {tail}  by "
            f"{visible(relation.annotator or '(unnamed)')}",
            (" ⚑" if relation.review else "", "bold yellow"),
        )

    def _describe_relation(self, article: Article, relation: Relation) -> Group:
        """A relation: its two ends, and the other relations to and from them (where another
        annotator linked the same span elsewhere)."""
        assert self.review is not None
        parts = [Text(visible(article.title), style="bold"), self._heading(relation),
                 Text(""), self._relation_line(relation)]
        others = [r for r in self.review.store.links.relations(article.id)
                  if r.id != relation.id and (r.touches(relation.head) or r.touches(relation.tail))]
        if others:
            parts += [Text(""), Text("Other relations of these spans:", style="bold")]
            parts += [self._relation_line(other) for other in others]
        return Group(*parts)

    def _describe_label(self, article: Article, label: DocLabel) -> Group:
        """A label of the article or of a comment: the comment's author and opening words,
        the choices, and the other annotators' choices in the same set."""
        assert self.review is not None
        if label.comment is None:
            target = Text("On the article", style="dim")
        else:
            comment = article.comments[label.comment]
            words = article.block_text(comment)
            more = "…" if len(words) > 2 * CONTEXT_CHARS else ""
            target = Text.assemble(
                (f"On comment {label.comment + 1} by {visible(comment.author or '(unnamed)')}: ",
                 "dim"),
                visible(words[: 2 * CONTEXT_CHARS]) + more,
            )
        parts = [Text(visible(article.title), style="bold"), self._heading(label),
                 Text(""), target, Text(""),
                 Text("  " + visible(", ".join(label.choices) or "(none)"), style="bold")]
        others = self.review.alongside(label)
        if others:
            parts += [Text(""), Text("Also chosen here:", style="bold")]
            parts += [Text.assemble(
                f"  {visible(', '.join(other.choices))}  by "
                f"{visible(other.annotator or '(unnamed)')}",
                (" ⚑" if other.review else "", "bold yellow")) for other in others]
        return Group(*parts)

    def action_step(self, step: int) -> None:
        """Show the next (or previous) annotation."""
        if self.review is None:
            return
        self.review.step(step)
        self._show()

    def action_next_filter(self) -> None:
        """Show all, the disagreements, or one label, in turn."""
        if self.review is None:
            return
        self.review.next_filter()
        self._show()

    def action_accept(self) -> None:
        """Keep the annotation as it is (clearing its review mark) and go on."""
        self._decide(lambda review: review.accept())

    def action_retag(self, label: str) -> None:
        """Give the annotation another label (deciding it) and go on; a relation or label has
        none to change, which is said."""
        current = self.review.current if self.review is not None else None
        if current is not None and not isinstance(current[1], Annotation):
            self.notify(f"A label key retags a span; enter keeps this {describe(current[1])}, "
                        "x deletes it.")
            return
        self._decide(lambda review: review.retag(label))

    def action_delete(self) -> None:
        """Delete the annotation."""
        self._decide(lambda review: review.delete())

    def action_edit_note(self) -> None:
        """Edit the annotation's note."""
        review = self.review
        current = review.current if review is not None else None
        if review is None or current is None:
            return
        annotation = current[1]
        if not isinstance(annotation, Annotation):
            self.notify(f"Only a span has a note; enter keeps this {describe(annotation)}, "
                        "x deletes it.")
            return
        from tui.screens.prompt import TextPrompt

        def save(note: str | None) -> None:
            if note is not None:
                self._decide(lambda review: review.set_note(annotation, note))

        self.app.push_screen(
            TextPrompt(f"Note on {annotation.label}", f"“{annotation.text}”", annotation.note),
            save,
        )

    def _decide(self, decision: Callable[[Review], bool]) -> None:
        """Make a decision, save it and show what comes next; an annotation another
        annotator deleted meanwhile is said to be gone, and no longer shown. Before the
        review is read there is nothing shown to decide on."""
        review = self.review
        if review is None:
            return
        try:
            changed = decision(review)
        except AnnotationGone as gone:
            review.forget(gone.annotation)
            self.notify(deleted_meanwhile(gone.annotation), severity="warning")
            changed = False
            self._show()
        except LinkGone as gone:
            review.forget(gone.item)
            self.notify(gone.message, severity="warning")
            changed = False
            self._show()
        if changed:
            self.changed()
            self._show()
