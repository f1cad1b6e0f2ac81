"""Finding text in an article as a reader sees it, and the next match from a place.

A reader does not see the difference between a straight and a curly quote, a hyphen and a dash,
a space and a non-breaking one, a full-width letter and its ordinary form, or (searching for
`cafe`) whether `café` has its accent. Search folds the text and the query the same way
(`fold`), matches literally in the folded text, and maps each match back to the text as
written, so that the selection is the text itself. Folding changes few characters and some of
them change length (`ﬁ` becomes `fi`, `e` with a combining accent becomes `é`), so a `Folded`
text records only the stretches whose length changed and maps offsets through them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from annotations.outcome import Outcome, Span, say

SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u00b4\u2039\u203a"
"""Shown as, or typed as, an apostrophe: ‘ ’ ‚ ‛ ′ ‵ ʼ ´ ‹ ›."""
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb"
"""Shown as, or typed as, a straight double quote: “ ” „ ‟ ″ ‶ « »."""
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
"""Hyphens, dashes and the minus sign: all typed as `-`."""

_LOOK_ALIKE = str.maketrans(
    {**dict.fromkeys(SINGLE_QUOTES, "'"), **dict.fromkeys(DOUBLE_QUOTES, '"'),
     **dict.fromkeys(DASHES, "-")}
)
# Marks a reader takes as optional accents on a letter: Latin, Greek and Cyrillic diacritics,
# Hebrew points and Arabic vowel marks. Not the marks that make another letter in Japanese
# (the voicing marks of が) or the vowels of Thai and Indic scripts.
_ACCENT = (
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\ufe20-\ufe2f"
    "\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
    "\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed]"
)
# Drawn as nothing: format characters (soft hyphen, zero-width space and joiners, bidi marks),
# the Arabic tatweel that only stretches a word, and the variation selectors of emoji.
_INVISIBLE = r"[\p{Cf}\u0640\ufe00-\ufe0f]"
_SPACES = r"[^\S\n]{2,}|[^\S \n]"
"""Runs of spaces, and a single space that is not the plain one (never newlines, which
separate blocks)."""
_CLUSTER = r"\X"


@functools.cache
def _compiled(pattern: str) -> Any:
    """`pattern` compiled by `regex`, which is imported at the first search rather than as the
    app starts: with these Unicode classes, 25 ms that the first frame does not need."""
    import regex

    return regex.compile(pattern)


def has_accents(query: str) -> bool:
    """Whether `query` has an accent (then search tells accented letters apart)."""
    decomposed = unicodedata.normalize("NFKD", query.translate(_LOOK_ALIKE))
    return _compiled(_ACCENT).search(decomposed) is not None


def _fold_piece(piece: str, strip_accents: bool) -> str:
    """A piece of text (one grapheme cluster, or a run of them) as search compares it."""
    folded = unicodedata.normalize("NFKC", piece.translate(_LOOK_ALIKE))
    if strip_accents:
        decomposed = unicodedata.normalize("NFD", folded)
        stripped = _compiled(_ACCENT).sub("", decomposed)
        if stripped != decomposed:
            folded = unicodedata.normalize("NFC", stripped)
    return _compiled(_INVISIBLE).sub("", folded)


@dataclass(frozen=True)
class Folded:
    """A text as search compares it, and the way back to the text as written.

    Each changed stretch whose length differs from its folding is recorded as the folded
    offsets `[fold_starts[i], fold_ends[i])` it became and the original offsets
    `[starts[i], ends[i])` it came from; between them the two texts go in step.
    """

    text: str
    """The folded text."""
    fold_starts: array[int]
    """Where each recorded stretch starts in the folded text, in order."""
    fold_ends: array[int]
    """Where each recorded stretch ends in the folded text."""
    starts: array[int]
    """Where each recorded stretch starts in the original text."""
    ends: array[int]
    """Where each recorded stretch ends in the original text."""

    def original(self, start: int, end: int) -> Span:
        """The span of the original text that folded span `[start, end)` came from: whole
        characters (and an accent with its letter), never part of one."""
        index = bisect_right(self.fold_starts, start) - 1
        if index >= 0:
            if start < self.fold_ends[index]:
                start = self.starts[index]
            else:
                start = self.ends[index] + start - self.fold_ends[index]
        index = bisect_left(self.fold_starts, end) - 1
        if index >= 0:
            if end <= self.fold_ends[index]:
                end = self.ends[index]
            else:
                end = self.ends[index] + end - self.fold_ends[index]
        return start, end


def fold(text: str, strip_accents: bool) -> Folded:
    """`text` as search compares it: quotes, dashes and spaces as typed on a keyboard (a run
    of spaces as one), full-width and other compatibility forms in their plain form (NFKC),
    invisible characters dropped, and with `strip_accents`, letters without their accents.

    A character that folds to one character alone is replaced wherever it is; only those
    whose folding changes the length, and the marks that fold with the letter before them,
    are looked at in a loop, so that a long article in any script folds in well under a
    second.

    Args:
        text: Any text (an article's, or a query).
        strip_accents: Drop accents (the query has none).
    """
    table: dict[str, str] = {}
    looked_at = []
    for character in set(text):
        how = _folding(character, strip_accents)
        if isinstance(how, str):
            table[character] = how
        elif how:
            looked_at.append(character)
    if table:  # a substitution is quicker than `str.translate` where few characters change
        text = re.sub(_any_of(table), lambda one: table[one.group()], text)
    pattern = _SPACES + (f"|{_any_of(looked_at)}" if looked_at else "")
    parts: list[str] = []
    fold_starts, fold_ends, starts, ends = (array("q") for _ in range(4))
    copied = 0  # the text is in `parts` up to here
    length = 0  # the folded text's length so far
    for hit in re.finditer(pattern, text):
        start, end = hit.span()
        if start < copied:
            continue  # folded with the cluster before it
        if text[start].isspace():
            folded = " "
        else:
            while start > copied and _joins_previous(text[start]) and text[start - 1] != "\n":
                start -= 1
            cluster = _compiled(_CLUSTER).match(text, start)
            end = max(end, cluster.end()) if cluster else end
            folded = _fold_piece(text[start:end], strip_accents)
            if folded == text[start:end]:
                continue
        parts.append(text[copied:start])
        length += start - copied
        if len(folded) != end - start:
            fold_starts.append(length)
            fold_ends.append(length + len(folded))
            starts.append(start)
            ends.append(end)
        parts.append(folded)
        length += len(folded)
        copied = end
    parts.append(text[copied:])
    return Folded("".join(parts), fold_starts, fold_ends, starts, ends)


def _any_of(characters: Iterable[str]) -> str:
    """A pattern matching any one of `characters`."""
    return f"[{re.escape(''.join(sorted(characters)))}]"


def _joins_previous(character: str) -> bool:
    """Whether a character belongs with the one before it: a combining mark, a joiner, the
    vowel or final of a Hangul syllable written in parts, a half-width voicing mark."""
    return (
        unicodedata.category(character)[0] == "M"
        or character in "\u200c\u200d\uff9e\uff9f"
        or "\u1160" <= character <= "\u11ff"
        or "\ud7b0" <= character <= "\ud7ff"
    )


@functools.lru_cache(maxsize=65536)
def _folding(character: str, strip_accents: bool) -> str | bool:
    """How folding treats a character: False when it stays as it is, the character it becomes
    when that does not depend on its neighbours, True when it must be folded with its cluster
    (it changes length, or it is a mark that may combine with its letter or be dropped)."""
    if character.isascii() or character.isspace():
        return False  # white space is found by `_SPACES`
    folded = _fold_piece(character, strip_accents)
    if _joins_previous(character):
        # A mark may merge with its letter, a Hangul vowel or final with its initial.
        return (
            folded != character
            or character in _composing_marks()
            or unicodedata.category(character)[0] != "M"
        )
    if folded == character:
        return False
    return folded if len(folded) == 1 else True


@functools.cache
def _composing_marks() -> frozenset[str]:
    """The marks that some letter decomposes into (so a letter and that mark fold into one
    character): computed once from the Unicode data, in a fifth of a second."""
    marks: set[str] = set()
    for code in range(0x110000):
        decomposition = unicodedata.decomposition(chr(code))
        if decomposition and not decomposition.startswith("<"):
            marks.update(chr(int(part, 16)) for part in decomposition.split()[1:])
    return frozenset(marks)


def matches(text: str, query: str) -> list[Span]:
    """Every match of `query` in `text`, by start, as spans of `text` as written.

    The query is taken literally, and matches what a reader would take for it (see `fold`).
    Smart case and smart accents, as in editors: a query in lower case matches any case, one
    with a capital letter only that case; a query without accents matches letters with or
    without them, one with an accent only that accent.
    """
    strip = not has_accents(query)
    wanted = fold(query, strip).text
    if not wanted:
        return []
    flags = 0 if any(c.isupper() for c in wanted) else re.IGNORECASE
    folded = fold(text, strip)
    pattern = re.compile(re.escape(wanted), flags)
    found: list[Span] = []
    for match in pattern.finditer(folded.text):
        span = folded.original(*match.span())
        if not found or span[0] >= found[-1][1]:  # two matches in one `ﬀ` are one selection
            found.append(span)
    return found


class Search:
    """The last search, and its matches in the text it last looked at (kept until either
    changes, so that drawing a line or going to the next match costs no search)."""

    def __init__(self) -> None:
        self.query = ""
        """What was searched for last ("" before the first search, or once cleared)."""
        self._searched: tuple[str, str] | None = None
        self._found: list[Span] = []
        self._starts: list[int] = []

    def matches(self, text: str) -> list[Span]:
        """The matches of the query in `text`, by start."""
        searched = self._searched
        if searched is None or searched[0] is not text or searched[1] != self.query:
            self._found = matches(text, self.query) if self.query else []
            self._starts = [start for start, _ in self._found]
            self._searched = (text, self.query)
        return self._found

    def find(self, text: str, here: Span, *, forward: bool = True, query: str | None = None
             ) -> Outcome:
        """Select the next (or previous) match of `query`, or of the last search, from `here`.

        Args:
            text: The article's text.
            here: Where the reader is: the selection, or the cursor as an empty span.
            forward: Look after `here` rather than before it.
            query: A new search (see `matches`).
        """
        redraw = None
        if query and query != self.query:
            self.query = query
            redraw = (0, len(text))  # the matches of the last search, and of this one
        if not self.query:
            return say("Nothing to search for yet: press / first.")
        found = self.matches(text)
        if not found:
            return Outcome(redraw=redraw).saying(f"Not found: {self.query}", warning=True)
        chosen, wrapped = next_match(found, here, forward)
        outcome = Outcome(select=chosen, redraw=redraw)
        return outcome.saying("Search wrapped around the article.") if wrapped else outcome

    def clear(self, text: str) -> Outcome:
        """Forget the query, and so stop highlighting its matches in `text`."""
        self.query = ""
        return Outcome(redraw=(0, len(text)))

    def overlapping(self, text: str, start: int, end: int) -> list[Span]:
        """The matches in `text` that share a character with `[start, end)`."""
        found = self.matches(text)
        first = max(0, bisect_right(self._starts, start) - 1)
        last = bisect_left(self._starts, end)
        return [span for span in found[first:last] if span[1] > start]

    def position(self, text: str, span: Span | None) -> tuple[int, int] | None:
        """Which match `span` is (counting from 1) and how many there are, or None when it is
        not a match."""
        found = self.matches(text)
        if span is None:
            return None
        index = bisect_left(self._starts, span[0])
        if index < len(found) and found[index] == span:
            return index + 1, len(found)
        return None


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
