"""Tagging many spans with one command (every suggestion of a label, every search match):
which spans it makes.

A command of this kind never makes the same span twice, nor one on top of an annotation of
the same label: a suggestion is closed by an overlapping annotation of its label (see
`annotations.suggestions.is_open`), and the same holds for the spans made in one go. The
first of two overlapping spans (by start, the longer first) is the one kept.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotations.model import Annotation
from annotations.span_index import SpanIndex

Span = tuple[int, int]
"""A (start, end) pair of offsets, end exclusive."""


def fresh_spans(spans: Iterable[Span], label: str, annotations: Iterable[Annotation]) -> list[Span]:
    """The spans to tag with `label`, by start: each once, and none sharing a character with
    a placed annotation of `label` or with a span kept before it."""
    taken = SpanIndex(a for a in annotations if a.label == label and not a.orphan)
    kept: list[Span] = []
    for start, end in sorted(set(spans), key=lambda span: (span[0], -span[1])):
        if start >= end or taken.overlapping(start, end):
            continue
        if kept and kept[-1][1] > start:
            continue
        kept.append((start, end))
    return kept
