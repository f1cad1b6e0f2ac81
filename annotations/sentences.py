"""Sentence boundaries, for selecting the sentence under the cursor.

The segmentation is sentencex's (Wikimedia's rule-based segmenter for ~300 languages), which
knows abbreviations, decimals and quotes; this module only turns its answer into offsets.
"""

from __future__ import annotations

import sentencex


def sentence_spans(text: str, language: str = "en") -> list[tuple[int, int]]:
    """The sentences of `text` as (start, end) offsets, without surrounding white space."""
    spans: list[tuple[int, int]] = []
    for boundary in sentencex.get_sentence_boundaries(language, text):
        start, end = boundary["start_index"], boundary["end_index"]
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def sentence_at(text: str, offset: int, language: str = "en") -> tuple[int, int] | None:
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
