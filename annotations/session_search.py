"""Search in a session: what the search keys of the article screen do (`Session.searching`).

`/` finds a query in the article as a reader sees it (`annotations.search`), `n` and `N` find
the last one again forward and back, and its matches stay highlighted until the search is
cleared; one key tags every match with a label, as one step to undo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotations.batches import fresh_spans
from annotations.outcome import Outcome, Span, say
from annotations.search import Search

if TYPE_CHECKING:
    from annotations.session import Session


class Searching:
    """The last search in the session's article, and the keys that use it."""

    def __init__(self, session: Session) -> None:
        """Args:
        session: The session whose article is searched.
        """
        self.session = session
        self.search = Search()
        """The last search (what `find` looks for when given nothing new) and its matches."""

    def find(self, here: Span, *, forward: bool = True, query: str | None = None) -> Outcome:
        """Select the next (or previous) match of `query`, or of the last search, from `here`
        (see `Search.find`)."""
        text = self.session.article.text
        return self.search.find(text, here, forward=forward, query=query)

    def clear(self) -> Outcome:
        """Forget the last search, and so stop highlighting its matches."""
        return self.search.clear(self.session.article.text)

    def overlapping(self, start: int, end: int) -> list[Span]:
        """The matches of the last search sharing a character with `[start, end)`."""
        return self.search.overlapping(self.session.article.text, start, end)

    def position(self, selection: Span | None) -> tuple[int, int] | None:
        """Which match of the last search the selection is, and of how many (or None)."""
        return self.search.position(self.session.article.text, selection)

    def match_count(self) -> int:
        """How many matches the last search has in the article."""
        return len(self.search.matches(self.session.article.text))

    def tag_matches(self, label: str) -> Outcome:
        """Tag every match of the last search with `label` (grown to whole words when
        snapping) as one step to undo, but those an annotation of `label` already covers."""
        session = self.session
        found = self.search.matches(session.article.text)
        spans = fresh_spans([session.to_tag(span) for span in found], label, session.annotations)
        if not spans:
            return say(f"No match of “{self.search.query}” is left to tag {label}.")
        session.editing.tag_all(spans, label, "manual")
        left = f"; {len(found) - len(spans)} already were" if len(spans) < len(found) else ""
        return session.reread(session.active_id).saying(
            f"Tagged {len(spans)} matches as {label}{left} (u undoes them together)."
        )
