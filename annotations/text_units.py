"""Words, sentences and paragraphs of an article's blocks, and where moving by them goes.

Everything is an offset into the article's text. A pane shows some of the blocks (the body, or
the comments); a `TextUnits` over those blocks never moves the cursor out of them. A paragraph
is a block (a title, heading, paragraph, list item or comment); sentences and words never run
across two blocks.

Words are found by `annotations.words`, imported when the cursor first moves by one: it loads
the `regex` module and compiles its Unicode classes (20 ms), which the first frame of an
article does not need.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from enum import Enum

from annotations.anchoring import trim
from annotations.languages import DEFAULT_LANGUAGE
from annotations.model import Block
from annotations.sentences import sentence_spans

Span = tuple[int, int]
"""A (start, end) pair of offsets, end exclusive."""


class Unit(str, Enum):
    """What the cursor moves by."""

    WORD = "word"
    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"


class TextUnits:
    """The words, sentences and paragraphs of some blocks of an article."""

    def __init__(self, text: str, blocks: Sequence[Block], language: str = "") -> None:
        """Read nothing yet: each block is segmented when the cursor first needs it.

        Args:
            text: The article's text.
            blocks: The blocks moved over, in order (a pane's).
            language: The article's language, whose sentence rules apply and which tells
                Japanese from Chinese (empty: unknown; English rules, Han by its kana).
        """
        self.text = text
        self.blocks = tuple(blocks)
        self.language = language
        self._starts = [block.start for block in self.blocks]
        self._sentences: dict[int, tuple[Span, ...]] = {}

    def block_index(self, offset: int) -> int | None:
        """The position of the block holding `offset` (or ending at it), if any."""
        index = bisect_right(self._starts, offset) - 1
        if index < 0 or offset > self.blocks[index].end:
            return None
        return index

    def spans(self, unit: Unit, index: int) -> tuple[Span, ...]:
        """The units of block `index`, as offsets into the article's text, in order."""
        block = self.blocks[index]
        if unit is Unit.PARAGRAPH:
            return ((block.start, block.end),)
        text = self.text[block.start : block.end]
        if unit is Unit.WORD:
            from annotations.words import word_spans

            local = word_spans(text, self.language)
        elif index in self._sentences:
            local = self._sentences[index]
        else:
            local = self._sentences[index] = tuple(
                sentence_spans(text, self.language or DEFAULT_LANGUAGE)
            )
        return tuple((block.start + start, block.start + end) for start, end in local)

    def forward(self, offset: int, unit: Unit, *, to_end: bool) -> int:
        """Where moving forward by `unit` from `offset` goes: the end of the unit the cursor is
        in (or of the next one) with `to_end`, else the start of the next unit. Stays at
        `offset` past the last unit."""
        index = self.block_index(offset)
        if index is None:
            return offset
        for position in range(index, len(self.blocks)):
            for start, end in self.spans(unit, position):
                if to_end and end > offset:
                    return end
                if not to_end and start > offset:
                    return start
        return offset

    def backward(self, offset: int, unit: Unit) -> int:
        """Where moving back by `unit` from `offset` goes: the start of the unit the cursor is
        in, or of the one before it when the cursor is at its start."""
        index = self.block_index(offset)
        if index is None:
            return offset
        for position in range(index, -1, -1):
            for start, _ in reversed(self.spans(unit, position)):
                if start < offset:
                    return start
        return offset

    def around(self, offset: int, unit: Unit) -> Span | None:
        """The unit holding the character at `offset` (a double or triple click's); for a
        sentence, the one before the space between two."""
        index = self.block_index(offset)
        if index is None:
            return None
        block = self.blocks[index]
        if unit is Unit.WORD:
            from annotations.words import word_at

            found = word_at(self.text[block.start : block.end], offset - block.start,
                            self.language)
            return None if found is None else (block.start + found[0], block.start + found[1])
        spans = self.spans(unit, index)
        before = [span for span in spans if span[0] <= offset]
        return before[-1] if before else (spans[0] if spans else None)

    def snap(self, start: int, end: int) -> Span:
        """`[start, end)` grown outward to whole words where an end falls inside one."""
        from annotations.words import snap_to_words

        first, last = self.block_index(start), self.block_index(max(start, end - 1))
        if first is not None:
            block = self.blocks[first]
            start = block.start + snap_to_words(self.text[block.start : block.end],
                                                start - block.start, start - block.start + 1,
                                                self.language)[0]
        if last is not None:
            block = self.blocks[last]
            local = end - block.start
            end = block.start + snap_to_words(self.text[block.start : block.end],
                                              max(0, local - 1), local, self.language)[1]
        return start, end

    def to_tag(self, start: int, end: int, *, snap: bool) -> Span:
        """What tagging the selection `[start, end)` takes: without white space at its edges,
        and with `snap` grown to whole words (a tag never cuts a word in half by accident);
        empty when only white space is selected."""
        start, end = trim(self.text, start, end)
        return self.snap(start, end) if snap and start < end else (start, end)

    def sentence_selection(self, selection: Span | None, cursor: int) -> Span | None:
        """What selecting a sentence selects: the sentence at the cursor, or the selection grown
        by `grow_sentences`."""
        if selection is None:
            return self.around(cursor, Unit.SENTENCE)
        return self.grow_sentences(*selection)

    def grow_sentences(self, start: int, end: int) -> Span | None:
        """The selection `[start, end)` grown to whole sentences, or when it already is, to the
        next sentence of its block; None when there is no next sentence to take."""
        index = self.block_index(start)
        if index is None:
            return None
        spans = [span for span in self.spans(Unit.SENTENCE, index) if span[1] > start]
        if not spans:
            return None
        grown_start = min(start, spans[0][0])
        covering = [span for span in spans if span[0] < end]
        grown_end = max(end, covering[-1][1]) if covering else spans[0][1]
        if (grown_start, grown_end) != (start, end):
            return grown_start, grown_end
        later = [span for span in spans if span[0] >= end]
        return (start, later[0][1]) if later else None
