"""The article the session's tests work on, and what they share: a session over it, where a
quote is in it, what an outcome said."""

from __future__ import annotations

from annotations.labels import RULES
from annotations.model import DEFAULT_LABELS, Article
from annotations.outcome import Outcome
from annotations.parsing import parse_text
from annotations.session import Session
from annotations.sets import ArticleSet
from annotations.storage import MemoryStorage
from annotations.store import AnnotationStore

TEXT = (
    "Prices Rise\n"
    "The minister said prices rose 28 percent in 2025.  Critics disagree.\n"
    "China arrested 149 suspects. china is large.\n"
    "1 Comment\nAna\n"
    "I think this is excellent news."
)
ARTICLE = parse_text(TEXT, "prices.txt")


def session_over(*articles: Article, rules=RULES) -> Session:
    """A session over `articles` (by default `ARTICLE`) in a new store, resumed."""
    store = AnnotationStore(MemoryStorage(), autoflush=False)
    session = Session(ArticleSet.of(articles or [ARTICLE]), store, "tester", DEFAULT_LABELS,
                      frozenset(rules))
    session.navigating.resume()
    return session


def span(quote: str, nth: int = 0) -> tuple[int, int]:
    """Where the `nth` copy of `quote` is in the article's text."""
    start = -1
    for _ in range(nth + 1):
        start = ARTICLE.text.index(quote, start + 1)
    return start, start + len(quote)


def said(outcome: Outcome) -> list[str]:
    """The messages of an outcome, in order."""
    return [notice.text for notice in outcome.notices]
