"""The article screen's panes: the article's text, its comments and its annotation list."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical

from annotations.model import Article
from tui.visible import VisibleText
from tui.widgets.annotation_list import AnnotationsPane
from tui.widgets.text_painter import Highlights
from tui.widgets.text_view import TextView


class ArticlePanes(Horizontal):
    """The article pane beside the comments pane over the annotation list; keeps which text
    pane is in use (the focused one, or the one focused last)."""

    def __init__(self, highlights: Highlights, *, bidi: bool, id: str | None = None) -> None:
        """Create the panes.

        Args:
            highlights: What the text panes draw over the text (the session).
            bidi: Draw right-to-left lines reordered (False for a terminal that does it).
            id: The widget's id.
        """
        super().__init__(id=id)
        self.highlights = highlights
        self.bidi = bidi
        self.last_view_id = "article"
        """The id of the text pane in use when neither has the focus."""

    def compose(self) -> ComposeResult:
        yield TextView(highlights=self.highlights, bidi=self.bidi, id="article")
        with Vertical(id="side"):
            yield TextView(
                "No reader comments.", highlights=self.highlights, bidi=self.bidi, id="comments"
            )
            yield AnnotationsPane(bidi=self.bidi, id="annotations-pane")

    def on_mount(self) -> None:
        self.query_one("#article").border_title = "Article"

    def on_text_view_cursor_moved(self, message: TextView.CursorMoved) -> None:
        self.last_view_id = message.text_view.id or "article"  # and on to the screen

    @property
    def body(self) -> TextView:
        """The article pane."""
        return self.query_one("#article", TextView)

    @property
    def comments(self) -> TextView:
        """The comments pane."""
        return self.query_one("#comments", TextView)

    @property
    def annotations(self) -> AnnotationsPane:
        """The annotation list."""
        return self.query_one(AnnotationsPane)

    def in_use(self) -> TextView:
        """The text pane with the focus, or the one that had it last."""
        focused = self.screen.focused
        if isinstance(focused, TextView):
            self.last_view_id = focused.id or "article"
            return focused
        return self.query_one(f"#{self.last_view_id}", TextView)

    def cursor(self) -> int | None:
        """The cursor of the text pane in use; None when that pane shows no text."""
        view = self.in_use()
        return view.cursor if view.has_text else None

    def here(self) -> tuple[int, int]:
        """Where a search starts: the selection, or else the cursor, of the pane in use."""
        view = self.in_use()
        return view.selection or (view.cursor, view.cursor)

    def holding(self, offset: int) -> TextView:
        """The text pane that shows the character at `offset`."""
        comments = self.comments
        return comments if comments.has_text and comments.holds(offset) else self.body

    def show(self, article: Article) -> None:
        """Show `article`: its body, its comments, the cursor at the start of the body."""
        display = VisibleText(article.text)  # made visible as it is drawn
        body, comments = self.body, self.comments
        body.show(article, article.body, display)
        comments.show(article, article.comments, display)
        comments.border_title = f"Comments ({len(article.comments)})"
        body.focus()

    def take_language(self, article: Article) -> None:
        """Use the language of `article` (the one shown, its language detected after it was
        shown) for the words and sentences of the panes, and draw its suggestions again."""
        self.body.take_language(article)
        self.comments.take_language(article)
