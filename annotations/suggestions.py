"""Spans the app proposes before anyone tags them: figures, attributed claims, opinion cues.

Three rules, each switchable in the label file (`[suggestions]`):

* `figures`: amounts with a currency or a unit (`10 billion yuan (approximately $1.4 billion)`,
  `$20 billion`, `4.2 gigawatt-hours`), percentages (`28 percent`), counts with a qualifier or
  a noun (`over 5,500`, `2,141 suspects`) and dates (`Monday, February 2, 2026`, `2021`);
* `claims`: sentences of the body that attribute a statement (`said`, `announced`,
  `estimates`, `according to`...);
* `opinions`: sentences of reader comments with an opinion cue (`should`, `need to`,
  `excellent`, `barbaric`, `I think`...).

A rule only proposes its label when the label set has it. What a rule proposes is a
`Suggestion`, never an annotation, until the user accepts it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from annotations.model import Annotation, Article, Block
from annotations.sentences import sentence_spans
from annotations.span_index import SpanIndex

_QUALIFIER = (
    r"(?:(?i:over|more than|less than|fewer than|at least|at most|nearly|almost|about|around|"
    r"roughly|approximately|up to|some|only)\s+)"
)
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SCALE = r"(?:\s+(?:thousand|million|billion|trillion))"
_CURRENCY = r"(?:US\$|\$|£|€|¥)"
_NOUNS = (
    r"(?:yuan|dollars?|euros?|pounds?|yen|rupees?|"
    r"gigawatt-hours?|megawatt-hours?|megawatts?|kilowatts?|kilometres?|kilometers?|metres?|"
    r"meters?|miles?|tonnes?|tons?|kilograms?|people|persons|suspects|individuals|victims|"
    r"deaths|jobs|residents|workers|students|cases|votes|seats|turbines|houses|homes|"
    r"leaders|members|countries|companies|firms|cities|towns|officers|soldiers|children|"
    r"families|years|months|weeks|days|hours)"
)
"""What a count counts, or an amount is measured in."""
_UNIT = rf"(?:\s*(?:%|percent\b|per cent\b)|\s+{_NOUNS}\b)"
_SPELLED_COUNT = (
    rf"{_QUALIFIER}?(?i:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen|"
    rf"dozens of|hundreds of|thousands of|millions of)\s+{_NOUNS}\b"
)
"""A count in words with what it counts: `six turbines`, `two weeks`."""
_TALLY = r"\d{1,5}\s+to\s+\d{1,5}"
"""A vote or a score: `31 to 19`."""
_AMOUNT = rf"{_QUALIFIER}?{_CURRENCY}?{_NUMBER}{_SCALE}?{_UNIT}?"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DATE = (
    rf"(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{_MONTH}"
    rf"(?:\s+\d{{4}})?)|{_MONTH}(?:\s+\d{{4}})?|{_WEEKDAY}"
)
FIGURE = re.compile(
    rf"(?<![\w.,$£€¥])(?:{_DATE}|{_TALLY}|{_SPELLED_COUNT}|"
    rf"{_AMOUNT}(?:\s*\((?:{_QUALIFIER})?{_CURRENCY}?{_NUMBER}{_SCALE}?{_UNIT}?\))?)(?![\w$£€¥])"
)
"""A figure: a date, a tally, or an amount or count with what qualifies it."""

_BARE_NUMBER = re.compile(rf"{_NUMBER}")

ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|announced|announces|estimates?|estimated|according to|reported|"
    r"reports|stated|states|claimed|claims|warned|warns|argued|argues|told|declared|"
    r"confirmed|denied|insisted|noted|added|emphasi[sz]ing|forecast|reportedly|cautioned|"
    r"described as|(?<!-)called|points? out|pointed out)\b",
    re.IGNORECASE,
)
"""Words that attribute a statement to someone: the mark of a claim."""

OPINION_CUES = re.compile(
    r"\b(?:I think|I believe|I feel|in my (?:view|opinion)|should|must|needs? to|"
    r"excellent|great|good news|terrible|awful|barbaric|shameful|disgrace|waste|"
    r"not so sure|unbelievable|ridiculous|crucial|important|urgent|concerning|worrying|"
    r"delicate|exactly what|clear message|strong leadership|certainly|clearly|"
    r"obviously|best|worst|doesn't pay|too (?:cautious|much|little|high|low))\b",
    re.IGNORECASE,
)
"""Words that mark a judgement in a reader comment."""


@dataclass(frozen=True)
class Suggestion:
    """A span a rule proposes for a label."""

    label: str
    """The label proposed."""
    start: int
    """Offset of the span's first character."""
    end: int
    """Offset just past its last character."""
    rule: str
    """The rule that proposed it (figures, claims or opinions)."""


def suggest(article: Article, rules: Iterable[str], labels: Iterable[str]) -> list[Suggestion]:
    """What the switched-on `rules` propose for `article`, for the labels in `labels`, by start."""
    rules, labels = set(rules), set(labels)
    found: list[Suggestion] = []
    for block in article.blocks:
        found += suggest_in_block(article, block, rules, labels)
    return found


def suggest_in_block(
    article: Article, block: Block, rules: Iterable[str], labels: Iterable[str]
) -> list[Suggestion]:
    """What the rules propose inside one block, by start.

    The rules never look past a block, so the app asks block by block as blocks come on
    screen: a 5 MB article costs what its visible part costs (all of it takes seconds).
    """
    rules, labels = set(rules), set(labels)
    text = article.block_text(block)
    found: list[Suggestion] = []
    if "figures" in rules and "figure" in labels:
        found += _figures(text, block.start)
    if "claims" in rules and "claim" in labels and block.kind in ("paragraph", "list_item"):
        found += _sentences(text, block.start, ATTRIBUTION, "claim", "claims", article.lang)
    if "opinions" in rules and "opinion" in labels and block.kind == "comment":
        found += _sentences(text, block.start, OPINION_CUES, "opinion", "opinions", article.lang)
    return sorted(found, key=lambda s: (s.start, s.end, s.label))


def _figures(text: str, offset: int) -> list[Suggestion]:
    found = []
    for match in FIGURE.finditer(text):
        span = match.group()
        if _BARE_NUMBER.fullmatch(span) and not _is_year(span) and not re.search("[,.]", span):
            continue  # a small lone number, with nothing to say what it counts
        found.append(Suggestion("figure", offset + match.start(), offset + match.end(), "figures"))
    return found


def _is_year(text: str) -> bool:
    return len(text) == 4 and text[:2] in ("19", "20")


def _sentences(
    text: str, offset: int, cue: re.Pattern[str], label: str, rule: str, language: str
) -> list[Suggestion]:
    if not cue.search(text):
        return []
    return [
        Suggestion(label, offset + start, offset + end, rule)
        for start, end in sentence_spans(text, language)
        if cue.search(text, start, end)
    ]


def is_open(
    suggestion: Suggestion,
    text: str,
    rejected: set[tuple[str, str]],
    overlapping: Iterable[Annotation],
) -> bool:
    """Whether `suggestion` is still to decide: not rejected (by label and quote), and no
    annotation of its label among those `overlapping` it (accepted or tagged by hand, it is
    done)."""
    if (suggestion.label, text[suggestion.start : suggestion.end]) in rejected:
        return False
    return not any(a.label == suggestion.label and not a.orphan for a in overlapping)


def open_suggestions(
    suggestions: Iterable[Suggestion],
    annotations: Iterable[Annotation],
    rejected: set[tuple[str, str]],
    text: str,
) -> list[Suggestion]:
    """The suggestions still to decide (see `is_open`)."""
    index = SpanIndex(annotations)
    return [s for s in suggestions if is_open(s, text, rejected, index.overlapping(s.start, s.end))]
