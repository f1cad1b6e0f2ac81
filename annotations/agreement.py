"""How far annotators agree, and reading each annotator's work to compare (or to merge).

Measures, for each pair of annotators, per label and over all labels, per article and in total:

* exact-span F1: a span matches when both annotators gave the same label to the same offsets;
  F1 = 2·matches / (spans of A + spans of B);
* overlap F1: a span of one annotator counts as found by the other when the other has a span of
  the same label overlapping it; precision and recall are those fractions, F1 their harmonic
  mean;
* Cohen's kappa over tokens (as the CoNLL export cuts them). Per label L, each label is coded
  from its own spans: a token is "in" when a span of L by that annotator shares a character with
  it, else "out", and kappa is over in/out. So a figure inside a claim counts for the figure
  whatever else covers it: two annotators who marked the same figure agree on figures, even if
  only one of them also marked the sentence as a claim (that shows under claim).
  Overall, a token's code is the set of labels covering it (the empty set outside every span),
  and two annotators agree on a token when they gave it the same set. Without nested or
  overlapping spans this is the token's one label or none; with them, partial agreement (a
  figure marked by both, a claim around it by one) counts as disagreement here, and the
  per-label figures say on what.

With more than two annotators, Krippendorff's alpha (nominal) over the same codes: per label over
in/out, overall over the sets.

Spans whose place in the text was lost (orphans) count in no measure.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import astuple, dataclass, field
from itertools import combinations
from typing import Any

from annotations.exporters.conll import TOKEN
from annotations.model import Annotation
from annotations.team_work import Work as Work
from annotations.team_work import load_works as load_works  # where agree and merge read

OVERALL = "(all labels)"

NO_LABEL: frozenset[str] = frozenset()
"""The code of a token outside every span."""



@dataclass(frozen=True)
class Scores:
    """Agreement between two annotators on one label (or all) over some articles."""

    exact_f1: float
    """Exact-span F1 (1.0 when neither has a span)."""
    overlap_f1: float
    """Overlap F1."""
    kappa: float
    """Cohen's kappa over tokens (1.0 when both agree on every token, even outside every span)."""
    spans: tuple[int, int]
    """How many spans each annotator has."""

    def to_json(self) -> dict[str, Any]:
        return {
            "exact_f1": self.exact_f1, "overlap_f1": self.overlap_f1, "kappa": self.kappa,
            "spans": list(self.spans),
        }


@dataclass(frozen=True)
class PairReport:
    """Two annotators compared."""

    first: str
    second: str
    total: dict[str, Scores]
    """Scores by label (and `OVERALL`) over every shared article."""
    articles: dict[str, dict[str, Scores]] = field(default_factory=dict)
    """Scores by article id, then by label."""


@dataclass(frozen=True)
class AgreementReport:
    """Every pair, and for three or more annotators Krippendorff's alpha."""

    annotators: tuple[str, ...]
    articles: tuple[str, ...]
    """Ids of the articles every annotator has."""
    pairs: tuple[PairReport, ...]
    alpha: dict[str, float] = field(default_factory=dict)
    """Krippendorff's alpha by label (and `OVERALL`), with three or more annotators."""

    def to_json(self) -> dict[str, Any]:
        return {
            "annotators": list(self.annotators),
            "articles": list(self.articles),
            "pairs": [
                {
                    "annotators": [pair.first, pair.second],
                    "total": {label: s.to_json() for label, s in pair.total.items()},
                    "articles": {
                        article: {label: s.to_json() for label, s in scores.items()}
                        for article, scores in pair.articles.items()
                    },
                }
                for pair in self.pairs
            ],
            "alpha": self.alpha,
        }


def exact_f1(a: Iterable[tuple[str, int, int]], b: Iterable[tuple[str, int, int]]) -> float:
    """2·|A∩B| / (|A| + |B|) over (label, start, end) spans; 1.0 when both are empty."""
    first, second = Counter(a), Counter(b)
    return _SpanCounts(first.total(), second.total(), (first & second).total()).exact_f1()


def overlap_f1(a: Sequence[tuple[str, int, int]], b: Sequence[tuple[str, int, int]]) -> float:
    """The harmonic mean of the share of A's spans that B overlaps (with the same label) and
    the share of B's spans that A overlaps; 1.0 when both are empty, 0.0 when one is."""
    return _SpanCounts(len(a), len(b), 0, _found(a, b).total(), _found(b, a).total()).overlap_f1()


def _found(spans: Iterable[tuple[str, int, int]],
           others: Iterable[tuple[str, int, int]]) -> Counter[str]:
    """By label, how many of `spans` share a character with a span of `others` of that label.

    `others` are sorted by start with the furthest end reached so far, so one bisection says
    whether any of those starting before a span ends reaches past its start.
    """
    starts: defaultdict[str, list[int]] = defaultdict(list)
    reach: defaultdict[str, list[int]] = defaultdict(list)
    for label, start, end in sorted(others, key=lambda span: span[1]):
        starts[label].append(start)
        reach[label].append(max(end, reach[label][-1]) if reach[label] else end)
    found: Counter[str] = Counter()
    for label, start, end in spans:
        before = bisect_left(starts[label], end) if label in starts else 0
        if before and reach[label][before - 1] > start:
            found[label] += 1
    return found


@dataclass(frozen=True)
class _SpanCounts:
    """Two annotators' spans (of one label, or all) counted, for the F1s."""

    first: int = 0
    """The first annotator's spans."""
    second: int = 0
    """The second's."""
    matched: int = 0
    """Spans the two have alike (label and offsets), counted once."""
    found_first: int = 0
    """The first's spans that a span of the second overlaps."""
    found_second: int = 0
    """The second's spans that a span of the first overlaps."""

    def __add__(self, other: _SpanCounts) -> _SpanCounts:
        return _SpanCounts(*(x + y for x, y in zip(astuple(self), astuple(other), strict=True)))

    def exact_f1(self) -> float:
        total = self.first + self.second
        return 2 * self.matched / total if total else 1.0

    def overlap_f1(self) -> float:
        if not self.first or not self.second:
            return 1.0 if self.first == self.second else 0.0  # 1.0 when neither has a span
        recall, precision = self.found_first / self.first, self.found_second / self.second
        return 0.0 if recall + precision == 0 else 2 * precision * recall / (precision + recall)


@dataclass
class _Tally:
    """What two annotators' work adds up to over some articles: the counts every score of
    every label is computed from, so totals are sums of the articles' tallies."""

    spans: defaultdict[str, _SpanCounts] = field(default_factory=lambda: defaultdict(_SpanCounts))
    """Span counts by label."""
    tokens: Counter[tuple[frozenset[str], ...]] = field(default_factory=Counter)
    """How many tokens got each pair of codes."""

    def add(self, other: _Tally) -> None:
        for label, counts in other.spans.items():
            self.spans[label] += counts
        self.tokens.update(other.tokens)

    def scores(self, labels: Iterable[str]) -> dict[str, Scores]:
        """Scores by label, then over all labels (`OVERALL`)."""
        scores = {label: _scores(self.spans.get(label, _SpanCounts()), _in_out(self.tokens, label))
                  for label in labels}
        scores[OVERALL] = _scores(sum(self.spans.values(), _SpanCounts()), self.tokens)
        return scores


def _in_out(table: Counter[tuple[frozenset[str], ...]], label: str) -> Counter[tuple[bool, ...]]:
    """`table` (tokens by their tuple of codes) with each code taken as: is `label` in it."""
    binary: Counter[tuple[bool, ...]] = Counter()
    for codes, count in table.items():
        binary[tuple(label in code for code in codes)] += count
    return binary


def _tally(first: list[Annotation], second: list[Annotation],
           codes: tuple[list[frozenset[str]], list[frozenset[str]]]) -> _Tally:
    spans_a, spans_b = _spans(first), _spans(second)
    tally = _Tally(tokens=Counter(zip(*codes, strict=True)))
    count_a, count_b = Counter(label for label, _, _ in spans_a), Counter(s[0] for s in spans_b)
    matched = Counter(label for label, _, _ in (Counter(spans_a) & Counter(spans_b)).elements())
    found_a, found_b = _found(spans_a, spans_b), _found(spans_b, spans_a)
    for label in count_a | count_b:
        tally.spans[label] = _SpanCounts(count_a[label], count_b[label], matched[label],
                                         found_a[label], found_b[label])
    return tally


def _scores(spans: _SpanCounts, tokens: Counter[tuple[Any, ...]]) -> Scores:
    return Scores(spans.exact_f1(), spans.overlap_f1(), _kappa(tokens),
                  (spans.first, spans.second))


def cohen_kappa(first: Sequence[Any], second: Sequence[Any]) -> float:
    """Cohen's kappa between two codings of the same items; 1.0 when chance agreement is
    total and so is observed agreement."""
    if len(first) != len(second):
        raise ValueError("the two codings cover different items")
    return _kappa(Counter(zip(first, second, strict=True)))


def _kappa(table: Counter[tuple[Any, ...]]) -> float:
    """Cohen's kappa from how many items got each pair of codes."""
    count = table.total()
    if not count:
        return 1.0
    observed = sum(n for (x, y), n in table.items() if x == y) / count
    a: Counter[Any] = Counter()
    b: Counter[Any] = Counter()
    for (x, y), n in table.items():
        a[x] += n
        b[y] += n
    expected = sum(a[value] * b[value] for value in a) / count**2
    if expected == 1.0:
        return 1.0 if observed == 1.0 else 0.0
    return (observed - expected) / (1 - expected)


def krippendorff_alpha(units: Iterable[Sequence[Any]]) -> float:
    """Krippendorff's alpha for nominal data: `units` are the values the coders gave each
    item (None for a coder who gave none). 1.0 when there is no disagreement at all."""
    return _alpha(Counter(tuple(unit) for unit in units))


def _alpha(units: Counter[tuple[Any, ...]]) -> float:
    """Krippendorff's alpha from how many items got each tuple of values (most tokens get the
    same few, so this loops over those few)."""
    coincidences: defaultdict[tuple[Any, Any], float] = defaultdict(float)
    for unit, times in units.items():
        values = [value for value in unit if value is not None]
        pairable = len(values)
        if pairable < 2:
            continue
        for i, x in enumerate(values):
            for j, y in enumerate(values):
                if i != j:
                    coincidences[(x, y)] += times / (pairable - 1)
    totals: defaultdict[Any, float] = defaultdict(float)
    for (x, _), weight in coincidences.items():
        totals[x] += weight
    n = sum(totals.values())
    observed = sum(w for (x, y), w in coincidences.items() if x != y)
    expected = sum(totals[x] * totals[y] for x in totals for y in totals if x != y)
    if expected == 0:
        return 1.0
    return 1 - (n - 1) * observed / expected


def token_codes(
    text: str, annotations: Iterable[Annotation],
    bounds: tuple[list[int], list[int]] | None = None,
) -> list[frozenset[str]]:
    """Each token of `text` coded by the labels of the spans that share a character with it
    (`NO_LABEL` outside every span); orphans are left out. `bounds`: the text's
    `token_bounds`, when they were found already (each annotator's spans of an article are
    coded over the same tokens)."""
    starts, ends = bounds or token_bounds(text)
    covering: defaultdict[int, set[str]] = defaultdict(set)
    for annotation in annotations:
        if annotation.orphan:
            continue
        # tokens ending after the span starts, up to those starting before it ends
        for index in range(bisect_right(ends, annotation.start),
                           bisect_left(starts, annotation.end)):
            covering[index].add(annotation.label)
    return [frozenset(covering[i]) if i in covering else NO_LABEL for i in range(len(starts))]


def token_bounds(text: str) -> tuple[list[int], list[int]]:
    """Where each token of `text` starts, and where each ends."""
    starts, ends = [], []
    for match in TOKEN.finditer(text):
        starts.append(match.start())
        ends.append(match.end())
    return starts, ends


def _spans(annotations: Iterable[Annotation]) -> list[tuple[str, int, int]]:
    return [(a.label, a.start, a.end) for a in annotations if not a.orphan]


def compare(
    texts: Mapping[str, str], works: Mapping[str, Work], labels: Sequence[str] = ()
) -> AgreementReport:
    """Compare every pair of annotators over the articles all of them have.

    An article at a time: each annotator's tokens are coded once, each pair's counts tallied,
    and the totals are the sums of those tallies (spans never reach from one article into the
    next), so the time grows with the corpus, not with its square.
    """
    names = tuple(works)
    if len(names) < 2:
        raise ValueError("agreement needs at least two annotators")
    shared = tuple(a for a in texts if all(a in work for work in works.values()))
    found_labels = sorted({
        annotation.label for work in works.values() for article in shared
        for annotation in work[article]
    } | set(labels))
    pairs = list(combinations(names, 2))
    per_article: dict[tuple[str, str], dict[str, dict[str, Scores]]] = {p: {} for p in pairs}
    totals = {pair: _Tally() for pair in pairs}
    units: Counter[tuple[frozenset[str], ...]] = Counter()
    for article in shared:
        bounds = token_bounds(texts[article])
        codes = {name: token_codes(texts[article], works[name][article], bounds)
                 for name in names}
        for first, second in pairs:
            tally = _tally(works[first][article], works[second][article],
                           (codes[first], codes[second]))
            per_article[(first, second)][article] = tally.scores(found_labels)
            totals[(first, second)].add(tally)
        if len(names) > 2:
            units.update(zip(*codes.values(), strict=True))
    alpha: dict[str, float] = {}
    if len(names) > 2:
        alpha[OVERALL] = _alpha(units)
        for label in found_labels:
            alpha[label] = _alpha(_in_out(units, label))
    reports = tuple(PairReport(first, second, totals[(first, second)].scores(found_labels),
                               per_article[(first, second)]) for first, second in pairs)
    return AgreementReport(names, shared, reports, alpha)
