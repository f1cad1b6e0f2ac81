"""Words as a reader of each script counts them: for moving, selecting and snapping by word.

* Scripts written with spaces (Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, Korean...):
  a word is a run of letters, marks and digits, taken by whole grapheme clusters (a letter and
  its combining accents, or a conjunct, are never split). An apostrophe or a hyphen between two
  letters stays inside the word (`don't`, `cross-border`), so do the separators of a number
  (`5,500`, `1.4`, `10:30`), a currency sign before a number and a percent sign after it
  (`$20`, `28%`): what a reader reads as one thing.
* An emoji (with its skin tone, flag pair or ZWJ sequence) is a word of its own.
* Chinese, Japanese and Thai are written without spaces, so a run of them goes to a segmenter.
  Chinese (Han in a block without kana): jieba's dictionary and model, through rjieba (the
  maintained Rust port, 3.6 MB). Japanese (a block with kana) and Thai: BudouX (Google's
  segmenter, 300 KB of pure Python and small models) with its Japanese word model and its
  Thai model. BudouX's Chinese model was tried and cut words in half too often (中文字|符测试).
* Lao, Khmer and Myanmar (no model in BudouX, and the segmenters that have one are heavy) go
  by grapheme cluster: one syllable's letters and marks stay together.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from functools import cache, lru_cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    import budoux

Span = tuple[int, int]
"""A (start, end) pair of offsets, end exclusive."""

_GRAPHEME = r"(?:(?=\w)\X)"
"""A grapheme cluster that starts with a word character (a letter, mark, digit or joiner)."""

WORD = regex.compile(
    rf"(?:\p{{Sc}}(?=\p{{Nd}}))?"
    rf"{_GRAPHEME}+"
    rf"(?:(?:(?<=\w)['’\u2011-]|(?<=\p{{Nd}})[.,:](?=\p{{Nd}})){_GRAPHEME}+)*"
    rf"(?:(?<=\p{{Nd}})[%٪％‰])?"
    rf"|(?=[\p{{Extended_Pictographic}}\p{{Regional_Indicator}}])\X"
)
"""One word of a script written with spaces, or an emoji (see the module's docstring)."""

_CJK = regex.compile(r"[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]")
_THAI = regex.compile(r"\p{scx=Thai}")
_NO_MODEL = regex.compile(r"[\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]")

_KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")
_GRAPHEMES = regex.compile(r"\X")


@cache
def _jieba() -> ModuleType:
    """rjieba, imported when Chinese is first split: it loads jieba's dictionary as it is
    imported (0.1 s), which the app's start-up, and any set without Chinese, need not pay."""
    import rjieba

    return rjieba


@cache
def _parser(model: str) -> budoux.Parser:
    """A BudouX parser with one of the models the package ships, read once (BudouX imported
    then, not at start-up).

    The Japanese *word* model has no loader of its own in BudouX's API, so every model is read
    from the package's model folder by name.
    """
    import budoux

    path = Path(budoux.__file__).parent / "models" / f"{model}.json"
    return budoux.Parser(json.loads(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=512)
def word_spans(text: str, language: str = "") -> tuple[Span, ...]:
    """The words of `text` (a block of an article, say) as offsets, in order.

    Args:
        text: The text.
        language: Its language code, if known: Han is Japanese in `ja` text, Chinese in `zh`
            text, and otherwise Japanese only in a text with kana.
    """
    japanese = language.startswith("ja") or (
        not language.startswith("zh") and bool(_KANA.search(text))
    )
    spans: list[Span] = []
    for match in WORD.finditer(text):
        spans += _split(text, match.start(), match.end(), japanese)
    return tuple(spans)


def _split(text: str, start: int, end: int, japanese: bool) -> list[Span]:
    """The words of `text[start:end]`, a run without spaces, split where its script needs."""
    word = text[start:end]
    if word.isascii():
        return [(start, end)]
    spans: list[Span] = []
    offset = start
    for kind, run in _script_runs(word):
        if kind == "other":
            pieces = [run]
        elif kind == "graphemes":
            pieces = _GRAPHEMES.findall(run)
        elif kind == "thai" or japanese:
            model = "th" if kind == "thai" else "ja_word"
            pieces = _whole_graphemes(run, _parser(model).parse(run))
        else:
            pieces = _whole_graphemes(run, _jieba().cut(run))
        for piece in pieces:
            spans.append((offset, offset + len(piece)))
            offset += len(piece)
    return spans


def _script_runs(word: str) -> list[tuple[str, str]]:
    """`word` cut into runs of whole grapheme clusters of one kind: `cjk`, `thai`, `graphemes`
    (the scripts without a model) or `other`, each cluster by its first character."""
    runs: list[tuple[str, str]] = []
    for grapheme in _GRAPHEMES.findall(word):
        kind = (
            "cjk" if _CJK.match(grapheme)
            else "thai" if _THAI.match(grapheme)
            else "graphemes" if _NO_MODEL.match(grapheme)
            else "other"
        )
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + grapheme)
        else:
            runs.append((kind, grapheme))
    return runs


def _whole_graphemes(run: str, pieces: list[str]) -> list[str]:
    """`pieces` of `run` joined again wherever a cut would fall inside a grapheme cluster."""
    boundaries = set()
    offset = 0
    for grapheme in _GRAPHEMES.findall(run):
        offset += len(grapheme)
        boundaries.add(offset)
    joined: list[str] = []
    offset = 0
    pending = ""
    for piece in pieces:
        pending += piece
        offset += len(piece)
        if offset in boundaries:
            joined.append(pending)
            pending = ""
    if pending:
        joined.append(pending)
    return joined


def word_at(text: str, offset: int, language: str = "") -> Span | None:
    """The word holding the character at `offset`, or None (a space or punctuation there)."""
    spans = word_spans(text, language)
    index = bisect_right(spans, (offset, len(text) + 1)) - 1
    if index >= 0 and spans[index][0] <= offset < spans[index][1]:
        return spans[index]
    return None


def snap_to_words(text: str, start: int, end: int, language: str = "") -> Span:
    """`[start, end)` grown outward to whole words where either end falls inside one."""
    first = word_at(text, start, language)
    if first is not None and first[0] < start:
        start = first[0]
    last = word_at(text, end - 1, language) if end > start else None
    if last is not None and last[1] > end:
        end = last[1]
    return start, end
