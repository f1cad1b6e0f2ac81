"""Finding text in an article: literal matches in smart case, and the next one from a place."""

from __future__ import annotations

import re
from collections.abc import Sequence

Span = tuple[int, int]
"""A (start, end) pair of offsets, end exclusive."""


def matches(text: str, query: str) -> list[Span]:
    """Every match of `query` in `text`, taken literally, by start.

    Smart case, as in editors: a query in lower case matches any case; one with a capital
    letter matches only that case.
    """
    if not query:
        return []
    flags = 0 if any(c.isupper() for c in query) else re.IGNORECASE
    return [match.span() for match in re.finditer(re.escape(query), text, flags)]


def next_match(found: Sequence[Span], here: Span, forward: bool) -> tuple[Span, bool]:
    """The match after `here` (or before it), and whether the search wrapped round to find it.

    Args:
        found: The matches, by start (not empty).
        here: Where the reader is: the selection, or the cursor as an empty span.
        forward: Look after `here` rather than before it.
    """
    if forward:
        later = [span for span in found if span[0] >= here[1] and span != here]
        return (later[0], False) if later else (found[0], True)
    earlier = [span for span in found if span[1] <= here[0]]
    return (earlier[-1], False) if earlier else (found[-1], True)
