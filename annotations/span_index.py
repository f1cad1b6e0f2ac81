"""Find the spans that overlap a range without looking at every span.

A screen line asks which annotations and suggestions it shows; on a 5 MB article there are tens
of thousands of suggestions, and a scan of all of them per line made a key take 100 ms.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Generic, Protocol, TypeVar


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


SpanT = TypeVar("SpanT", bound=_Span)


class SpanIndex(Generic[SpanT]):
    """Spans sorted by start, searched by bisection.

    A span overlapping `[start, end)` starts before `end` and at most the longest span's
    length before `start`, so only that slice is looked at: a few spans when they are short
    (figures, sentences), all of them only when one span is as long as the text.
    """

    def __init__(self, spans: Iterable[SpanT] = ()) -> None:
        self.spans: list[SpanT] = sorted(spans, key=lambda s: (s.start, s.end))
        self._starts = [s.start for s in self.spans]
        self._longest = max((s.end - s.start for s in self.spans), default=0)

    def __len__(self) -> int:
        return len(self.spans)

    def overlapping(self, start: int, end: int) -> list[SpanT]:
        """The spans sharing at least one character with `[start, end)`, by start."""
        low = bisect_left(self._starts, start - self._longest)
        high = bisect_left(self._starts, end)
        return [s for s in self.spans[low:high] if s.end > start and s.start < end]

    def covering(self, offset: int) -> list[SpanT]:
        """The spans holding the character at `offset`."""
        return self.overlapping(offset, offset + 1)
