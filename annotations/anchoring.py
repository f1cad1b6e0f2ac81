"""Finding an annotation again after its article's text changed.

Every annotation keeps, beside its offsets, its quote and some text before and after it (as the
W3C TextQuoteSelector does). When the article changes, each annotation is looked for in turn:

1. at its offsets, if the text there is still its quote;
2. as an exact copy of its quote, the copy whose surroundings best match the old ones (and then
   the nearest to where it was);
3. approximately: the best fuzzy alignment of the quote (rapidfuzz), near where it was first, then
   anywhere, if it scores at least `APPROXIMATE_SCORE`.

What is not found is never dropped: `relocated` makes it an orphan, which the store keeps for
the user to re-attach.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from annotations.model import Annotation

CONTEXT_CHARS = 32
"""How much text before and after a span is kept to find it again."""

APPROXIMATE_SCORE = 85.0
"""The least rapidfuzz partial-ratio score (0-100) at which an edited quote counts as found."""

APPROXIMATE_MIN_CHARS = 4
"""Quotes shorter than this are only found exactly: a fuzzy match of two letters means nothing."""

_NEAR = 4000
"""How far around the old position the approximate search looks first."""

_WHOLE_TEXT_LIMIT = 2_000_000
"""Longer texts are not searched end to end for an approximate match (it would take seconds)."""


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """The text just before and just after `text[start:end]`."""
    return text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]


@dataclass(frozen=True)
class Anchor:
    """What is known of where an annotation was."""

    start: int
    """Its old start offset."""
    end: int
    """Its old end offset."""
    quote: str
    """The text it covered."""
    prefix: str = ""
    """Text just before it."""
    suffix: str = ""
    """Text just after it."""


@dataclass(frozen=True)
class AnchorReport:
    """What happened to annotations of articles whose text changed since they were made."""

    moved: int = 0
    """Found again at other offsets, or quoting other text (the text before them changed, or
    they were edited)."""
    orphaned: int = 0
    """Not found: kept as orphans for the user to re-attach or delete."""
    found: int = 0
    """Orphans found again: their text came back (an older version of the file reopened)."""

    def __add__(self, other: AnchorReport) -> AnchorReport:
        return AnchorReport(
            self.moved + other.moved, self.orphaned + other.orphaned, self.found + other.found
        )

    def __bool__(self) -> bool:
        return bool(self.moved or self.orphaned or self.found)

    def __str__(self) -> str:
        said = f"{self.moved} annotations moved, {self.orphaned} orphaned"
        return said + (f", {self.found} orphans found again" if self.found else "")


def relocated(annotation: Annotation, text: str) -> Annotation | None:
    """An annotation of an article whose text is now `text`, moved to where its quote is (and
    quoting it as it is now, with the text around it as it is now), or made an orphan where it
    was when it cannot be found. An orphan is looked for the same way, where it last was: one
    found is an orphan no more.

    Returns:
        The changed annotation, or None when nothing about it changed (it is still where it
        was, quoting the same text; or it is an orphan still not found).
    """
    anchor = Anchor(
        annotation.start, annotation.end, annotation.text, annotation.prefix, annotation.suffix
    )
    found = find_again(anchor, text)
    if found is None:
        return None if annotation.orphan else replace(annotation, orphan=True)
    start, end = found
    prefix, suffix = context(text, start, end)
    moved = replace(
        annotation, start=start, end=end, text=text[start:end], prefix=prefix, suffix=suffix,
        orphan=False,
    )
    return None if moved == annotation else moved


def reanchored(
    annotations: Iterable[Annotation], text: str
) -> tuple[list[tuple[Annotation, Annotation]], AnchorReport]:
    """Annotations of an article whose text is now `text`, each `relocated`, orphans included
    (one whose text came back is found again).

    Returns:
        Each annotation that changed, before and after, and what happened to them.
    """
    changes = []
    moved = orphaned = found = 0
    for annotation in annotations:
        changed = relocated(annotation, text)
        if changed is None:
            continue
        if changed.orphan:
            orphaned += 1
        elif annotation.orphan:
            found += 1
        elif (changed.start, changed.end, changed.text) != (
            annotation.start, annotation.end, annotation.text
        ):
            moved += 1
        changes.append((annotation, changed))
    return changes, AnchorReport(moved, orphaned, found)


def stale(annotation: Annotation, text: str) -> bool:
    """Whether an annotation (not an orphan) no longer quotes the text at its offsets: a DB
    written by a version that left the quote behind when a same-length edit was made inside
    it ("5,500" to "5,600")."""
    return not annotation.orphan and text[annotation.start : annotation.end] != annotation.text


def find_again(anchor: Anchor, text: str) -> tuple[int, int] | None:
    """Where `anchor` is in `text` now, as (start, end), or None when it cannot be found."""
    quote = anchor.quote
    if not quote:
        return None
    start, end = anchor.start, anchor.end
    if (
        text[start:end] == quote
        and text[max(0, start - len(anchor.prefix)) : start] == anchor.prefix
        and text[end : end + len(anchor.suffix)] == anchor.suffix
    ):
        return start, end
    exact = _exact(anchor, text)
    if exact is not None:
        return exact
    if len(quote) < APPROXIMATE_MIN_CHARS:
        return None
    return _approximate(anchor, text)


def _exact(anchor: Anchor, text: str) -> tuple[int, int] | None:
    quote = anchor.quote
    best: tuple[int, int, int] | None = None  # (-context score, distance, start)
    position = text.find(quote)
    while position != -1:
        preceding = text[max(0, position - len(anchor.prefix)) : position]
        before = _common_suffix(anchor.prefix, preceding)
        after_start = position + len(quote)
        after = _common_prefix(anchor.suffix, text[after_start : after_start + len(anchor.suffix)])
        key = (-(before + after), abs(position - anchor.start), position)
        if best is None or key < best:
            best = key
        position = text.find(quote, position + 1)
    if best is None:
        return None
    return best[2], best[2] + len(quote)


def _approximate(anchor: Anchor, text: str) -> tuple[int, int] | None:
    from rapidfuzz import fuzz  # here: needed only when an article changed

    quote = anchor.quote
    low = max(0, min(anchor.start, len(text)) - _NEAR)
    high = min(len(text), anchor.end + _NEAR)
    windows = [(low, high)]
    if (low, high) != (0, len(text)) and len(text) <= _WHOLE_TEXT_LIMIT:
        windows.append((0, len(text)))
    for window_start, window_end in windows:
        window = text[window_start:window_end]
        if len(window) < len(quote) // 2:
            continue
        found = fuzz.partial_ratio_alignment(quote, window, score_cutoff=APPROXIMATE_SCORE)
        if found is None:
            continue
        start, end = _refine(quote, text, window_start + found.dest_start,
                             window_start + found.dest_end)
        start, end = trim(text, start, end)
        if start < end:
            return start, end
    return None


def _refine(quote: str, text: str, start: int, end: int) -> tuple[int, int]:
    """Nudge the edges of an approximate match to where the quote fits best.

    partial_ratio aligns a window as long as the quote; an edit that made the text longer or
    shorter leaves that window a few characters off at one end.
    """
    from rapidfuzz import fuzz

    reach = max(3, len(quote) // 10)
    best = (fuzz.ratio(quote, text[start:end]), start, end)
    for new_start in range(max(0, start - reach), min(len(text), start + reach) + 1):
        for new_end in range(max(new_start + 1, end - reach), min(len(text), end + reach) + 1):
            score = fuzz.ratio(quote, text[new_start:new_end], score_cutoff=best[0])
            if score > best[0]:
                best = (score, new_start, new_end)
    return best[1], best[2]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span `text[start:end]` without the white space at either edge.

    What counts as white space is what `str.isspace` says, in any script (an ideographic space,
    a no-break space, a line break). A span of white space only comes back empty
    (`start == end`): nothing is left to annotate.

    Returns:
        The trimmed span's start and end.
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _common_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])
