"""Suggestions in a session: what the suggestion keys of the article screen do
(`Session.suggesting`).

The switched-on rules propose spans for the article on screen (`annotations.article_suggestions`,
block by block as they are needed). A suggestion is open until it is decided: `accept` makes the
one under the cursor an annotation, `accept_all` every open one of its label, and `reject` stops
proposing it, and any other with its label and quote, on this article for good.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from annotations.article_suggestions import ArticleSuggestions
from annotations.batches import fresh_spans
from annotations.model import Annotation
from annotations.outcome import Changed, Outcome, Span, say
from annotations.suggestions import Suggestion

if TYPE_CHECKING:
    from annotations.session import Session

NO_SUGGESTION = say("Put the cursor on a suggestion (underlined in its label's colour).")
"""What a suggestion key says away from any suggestion."""


class Suggesting:
    """The suggestions of the session's article, and the keys that decide them."""

    def __init__(self, session: Session) -> None:
        """Args:
        session: The session whose article the suggestions are proposed on.
        """
        self.session = session
        self._proposed: ArticleSuggestions | None = None
        """The current article's suggestions (None until an article is opened)."""

    def take(self) -> None:
        """Start over on the session's article (another one was opened): nothing proposed yet,
        and what was rejected on it read from the store."""
        session = self.session
        article = session.article
        labels = [label.name for label in session.labels]
        rejected = session.store.rejected(article.id)
        self._proposed = ArticleSuggestions(article, session.rules, labels, rejected)

    def at(self, offset: int | None) -> list[Suggestion]:
        """The open suggestions covering the character at `offset`, innermost first (none
        when `offset` is None: the cursor is in a pane without text)."""
        if self._proposed is None or offset is None:
            return []
        return self._proposed.open_at(offset, self.session.placed)

    def overlapping(self, start: int, end: int) -> list[Suggestion]:
        """The open suggestions sharing a character with `[start, end)` (within one block)."""
        if self._proposed is None:
            return []
        return self._proposed.open_overlapping(start, end, self.session.placed)

    def redraw_for(self, touched: Collection[Annotation]) -> Span | None:
        """The offsets to redraw for these annotations (None for none), with the suggestions
        they overlap, which an annotation hides or shows again."""
        span = _span_of(touched)
        if span is None or self._proposed is None:
            return span
        return _span_of([*self._proposed.near(*span), *touched])

    def accept(self, offset: int | None) -> Outcome:
        """Make the suggestion at `offset` an annotation (of origin "suggested")."""
        suggestion = next(iter(self.at(offset)), None)
        if suggestion is None:
            return NO_SUGGESTION
        session = self.session
        before = session.active_id
        session.record_opened()
        made = session.store.tag(session.article, suggestion.start, suggestion.end,
                                 suggestion.label, session.annotator, origin="suggested")
        session.active_id = made.id
        return session.reread(before)

    def accept_all(self, offset: int | None) -> Outcome:
        """Accept every open suggestion of the article with the label of the one at `offset`
        (one step to undo; never the same span twice)."""
        suggestion = next(iter(self.at(offset)), None)
        if suggestion is None or self._proposed is None:
            return NO_SUGGESTION
        session, label = self.session, suggestion.label
        proposed = self._proposed.all_open(session.annotations)
        spans = fresh_spans([(s.start, s.end) for s in proposed if s.label == label], label,
                            session.annotations)
        session.editing.tag_all(spans, label, "suggested")
        return session.reread(session.active_id).saying(
            f"Accepted {len(spans)} suggested {label} (u undoes them together)."
        )

    def reject(self, offset: int | None) -> Outcome:
        """Reject the suggestion at `offset`: it (and any other with its label and quote) is
        not proposed on this article again."""
        suggestion = next(iter(self.at(offset)), None)
        if suggestion is None or self._proposed is None:
            return NO_SUGGESTION
        label, quote = self._proposed.reject(suggestion)
        self.session.record_opened()
        self.session.store.reject(self.session.article, label, quote)
        alike = self._proposed.proposed_like(label, quote)
        redraw = _span_of([suggestion, *alike])
        return Outcome(changed=Changed.SUGGESTIONS, redraw=redraw, to_save=True)


def _span_of(spans: Collection[Annotation | Suggestion]) -> Span | None:
    """The smallest span holding every one of `spans` (None for none)."""
    if not spans:
        return None
    return min(s.start for s in spans), max(s.end for s in spans)
