"""Moving through the set in a session: what the article keys of the article screen do
(`Session.navigating`).

The session opens where the user was last, else the first article neither done nor skipped;
the keys go to the next or previous article, to a chosen one, or to the first not done, and
marking an article done or skipped goes on to the next one not done (`Session.open` takes an
article in).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotations.outcome import Changed, Notice, Outcome, say

if TYPE_CHECKING:
    from annotations.session import Session


class Navigating:
    """Which article of the set the session opens next."""

    def __init__(self, session: Session) -> None:
        """Args:
        session: The session moving through its set.
        """
        self.session = session

    def resume(self, last_id: str | None = None) -> Outcome:
        """Open article `last_id` if the set has it (where the user was last: see
        `annotations.places`), else the first article neither done nor skipped (else the
        first)."""
        session = self.session
        first = session.articles.resume_position(session.store.statuses())
        last = session.articles.position_of(last_id)
        if last is None or last == first:
            return session.open(first)
        outcome = session.open(last)
        return outcome.saying("Back where you were; ctrl+g goes to the first article not done.")

    def first_unfinished(self) -> Outcome:
        """Open the first article of the set neither done nor skipped."""
        session = self.session
        position = session.articles.next_unfinished(-1, session.store.statuses())
        if position is None:
            return say("Every article of the set is done or skipped.")
        if position == session.index:
            return say("This is the first article not done.")
        return session.open(position)

    def go_to(self, index: int) -> Outcome:
        """Open article `index`, if the set has one there."""
        total = len(self.session.articles)
        if not 0 <= index < total:
            return say("That is the last article." if index >= total else "That is the first.")
        return self.session.open(index)

    def next_article(self) -> Outcome:
        """Open the next article of the set."""
        return self.go_to(self.session.index + 1)

    def previous_article(self) -> Outcome:
        """Open the previous article of the set."""
        return self.go_to(self.session.index - 1)

    def mark(self, status: str) -> Outcome:
        """Give the article a status (`done`, `skipped`, `in_progress`), then open the next
        article neither done nor skipped."""
        session = self.session
        session.record_opened()
        session.store.set_status(session.article, status)
        word = status.replace("_", " ")
        following = session.articles.next_unfinished(session.index, session.store.statuses())
        if following is None:
            every = Notice(f"Marked {word}. Every article of the set is done or skipped.")
            return Outcome(notices=(every,), changed=Changed.STATUS, to_save=True)
        opened = session.open(following)
        return Outcome(
            notices=(Notice(f"Marked {word}."), *opened.notices),
            changed=opened.changed | Changed.STATUS,
            to_save=True,
        )
