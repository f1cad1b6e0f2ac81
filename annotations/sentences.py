"""Sentence boundaries in an article's own language: the unit of `s`, of the suggestions and of
the CoNLL export.

The segmentation is sentencex's (Wikimedia's rule-based segmenter for ~300 languages, each with
its own abbreviations and punctuation: `。`, `؟`, `¿...?`), given the article's language. Two
rules are added on top:

* a full stop directly followed by a letter or digit ends no sentence (`U.S.A`, `3.5`,
  `อ.สุรชัย`): a sentence ends where the text has room for the next to begin;
* scripts that do not end sentences with punctuation (Thai, Lao) are cut where their writers
  cut them, at the spaces between clauses, an abbreviation such as `ดร.` staying with the
  word after it.
"""

from __future__ import annotations

import re

import sentencex

from annotations.languages import DEFAULT_LANGUAGE, language_code

SPACE_SEGMENTED = frozenset({"th", "lo"})
"""Languages whose sentences and clauses are separated by a space, not ended by punctuation."""

_SEGMENT = re.compile(r"\S+")
_ABBREVIATION_CHARS = 4
"""A segment this short ending in `.` is an abbreviation (`ดร.`, `พ.ศ.`), not a clause."""


def sentence_spans(text: str, language: str = DEFAULT_LANGUAGE) -> list[tuple[int, int]]:
    """The sentences of `text` as (start, end) offsets, without surrounding white space.

    Args:
        text: The text of one block.
        language: The article's language (a code such as `en` or `th-TH`; unknown: English).
    """
    code = language_code(language) or DEFAULT_LANGUAGE
    if code in SPACE_SEGMENTED:
        return _space_segments(text)
    spans: list[tuple[int, int]] = []
    for boundary in sentencex.get_sentence_boundaries(code, text):
        start, end = boundary["start_index"], boundary["end_index"]
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        if spans and _joined(text, spans[-1][1], start):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _joined(text: str, previous_end: int, start: int) -> bool:
    """Whether a cut between `previous_end` and `start` falls inside `U.S.A`, `3.5` and the like:
    a full stop with a letter or digit straight after it."""
    return previous_end == start and text[start - 1] == "." and text[start].isalnum()


def _space_segments(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pending: int | None = None  # where an abbreviation waiting for its next word starts
    for match in _SEGMENT.finditer(text):
        start, end = match.span()
        if pending is not None:
            start, pending = pending, None
        if text[end - 1] == "." and match.end() - match.start() <= _ABBREVIATION_CHARS:
            pending = start
            continue
        spans.append((start, end))
    if pending is not None:
        spans.append((pending, len(text.rstrip())))
    return spans


def sentence_at(
    text: str, offset: int, language: str = DEFAULT_LANGUAGE
) -> tuple[int, int] | None:
    """The sentence of `text` that holds `offset`, or the nearest one before it; None if no text.

    An offset in the white space between two sentences belongs to the sentence before it.
    """
    spans = sentence_spans(text, language)
    if not spans:
        return None
    chosen = spans[0]
    for span in spans:
        if span[0] <= offset:
            chosen = span
        else:
            break
    return chosen
