"""The suggestions of the article being annotated: proposed block by block, and which are open.

The rules are asked for a block only when something needs it (a line of it is drawn, the cursor
is in it), so a 5 MB article pays for the part on screen; `all_open` alone runs them over the
whole article. A suggestion is open until it is rejected or an annotation of its label
overlaps it (see `annotations.suggestions.is_open`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from annotations.model import Annotation, Article, Block
from annotations.span_index import SpanIndex
from annotations.suggestions import Suggestion, is_open, open_suggestions, suggest, suggest_in_block


def innermost_first(spans: Iterable[Suggestion]) -> list[Suggestion]:
    """`spans` ordered shortest first (then by start): the innermost of nested ones first."""
    return sorted(spans, key=lambda s: (s.end - s.start, s.start))


class ArticleSuggestions:
    """What the switched-on rules propose for one article, and what was rejected on it."""

    def __init__(
        self,
        article: Article,
        rules: Iterable[str],
        labels: Iterable[str],
        rejected: Iterable[tuple[str, str]] = (),
    ) -> None:
        """Prepare the suggestions of `article` (none is proposed yet).

        Args:
            article: The article.
            rules: The rules switched on (none: nothing is ever proposed).
            labels: The label set's names (a rule proposes only labels of the set).
            rejected: The (label, quote) pairs rejected on this article so far.
        """
        self.article = article
        self.rules = frozenset(rules)
        self.labels = frozenset(labels)
        self.rejected = set(rejected)
        self._starts = [block.start for block in article.blocks]
        self._proposed: dict[int, SpanIndex[Suggestion]] = {}
        """The suggestions of each block asked for so far, by the block's start."""

    def block_at(self, offset: int) -> Block | None:
        """The block holding `offset` (or ending just before it), if any."""
        index = bisect_right(self._starts, offset) - 1
        if index < 0:
            return None
        block = self.article.blocks[index]
        return block if offset <= block.end else None

    def in_block(self, block: Block) -> SpanIndex[Suggestion]:
        """Every suggestion of `block`, open or not (the rules run on its first use)."""
        found = self._proposed.get(block.start)
        if found is None:
            proposed = (
                suggest_in_block(self.article, block, self.rules, self.labels)
                if self.rules
                else []
            )
            found = self._proposed[block.start] = SpanIndex(proposed)
        return found

    def near(self, low: int, high: int) -> list[Suggestion]:
        """The suggestions, open or not, of the blocks holding `low` and `high` that overlap
        the span between them."""
        found: list[Suggestion] = []
        for offset in sorted({low, high}):
            block = self.block_at(offset)
            if block is not None:
                found += self.in_block(block).overlapping(low, high + 1)
        return found

    def is_open(self, suggestion: Suggestion, annotations: SpanIndex[Annotation]) -> bool:
        """Whether `suggestion` is still to decide, given the article's placed annotations."""
        overlapping = annotations.overlapping(suggestion.start, suggestion.end)
        return is_open(suggestion, self.article.text, self.rejected, overlapping)

    def open_overlapping(
        self, start: int, end: int, annotations: SpanIndex[Annotation]
    ) -> list[Suggestion]:
        """The open suggestions sharing a character with `[start, end)`, in one block."""
        block = self.block_at(start)
        if block is None:
            return []
        found = self.in_block(block).overlapping(start, end)
        return [s for s in found if self.is_open(s, annotations)]

    def open_at(self, offset: int, annotations: SpanIndex[Annotation]) -> list[Suggestion]:
        """The open suggestions covering the character at `offset`, innermost first."""
        return innermost_first(self.open_overlapping(offset, offset + 1, annotations))

    def all_open(self, annotations: Iterable[Annotation]) -> list[Suggestion]:
        """Every open suggestion of the article (the rules over all of it), by start."""
        if not self.rules:
            return []
        proposed = suggest(self.article, self.rules, self.labels)
        return open_suggestions(proposed, annotations, self.rejected, self.article.text)

    def reject(self, suggestion: Suggestion) -> tuple[str, str]:
        """Stop proposing `suggestion`, and any other with its label and quote.

        Returns:
            The (label, quote) pair rejected.
        """
        pair = (suggestion.label, self.article.text[suggestion.start : suggestion.end])
        self.rejected.add(pair)
        return pair

    def proposed_like(self, label: str, quote: str) -> list[Suggestion]:
        """The suggestions proposed so far with this label and quote."""
        text = self.article.text
        return [
            s
            for index in self._proposed.values()
            for s in index.spans
            if s.label == label and text[s.start : s.end] == quote
        ]
