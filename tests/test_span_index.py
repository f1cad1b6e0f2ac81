"""The span index finds exactly what a scan of every span finds."""

from __future__ import annotations

import random

from annotations.span_index import SpanIndex
from annotations.suggestions import Suggestion


def test_overlapping_matches_a_full_scan() -> None:
    chance = random.Random(7)
    spans = []
    for _ in range(2000):
        start = chance.randrange(0, 10_000)
        length = chance.choice([1, 3, 12, 80, 400]) if chance.random() > 0.001 else 9_000
        spans.append(Suggestion("figure", start, start + length, "figures"))
    index = SpanIndex(spans)
    for _ in range(500):
        start = chance.randrange(0, 10_500)
        end = start + chance.randrange(1, 120)
        expected = sorted((s for s in spans if s.start < end and s.end > start),
                          key=lambda s: (s.start, s.end))
        assert index.overlapping(start, end) == expected


def test_edges_are_exclusive_and_empty_index_finds_nothing() -> None:
    span = Suggestion("figure", 10, 20, "figures")
    index = SpanIndex([span])
    assert index.covering(9) == [] and index.covering(20) == []
    assert index.covering(10) == [span] and index.covering(19) == [span]
    assert SpanIndex().overlapping(0, 100) == []
