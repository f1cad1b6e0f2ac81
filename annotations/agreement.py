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
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path
from typing import Any

import orjson

from annotations.db_reader import DBReader
from annotations.exporters.conll import TOKEN
from annotations.model import Annotation, Article
from annotations.parsing import ArticleError
from annotations.storage import StoreError

OVERALL = "(all labels)"

NO_LABEL: frozenset[str] = frozenset()
"""The code of a token outside every span."""

Work = dict[str, list[Annotation]]
"""One annotator's annotations, by article id."""


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
    total = sum(first.values()) + sum(second.values())
    if not total:
        return 1.0
    return 2 * sum((first & second).values()) / total


def overlap_f1(a: Sequence[tuple[str, int, int]], b: Sequence[tuple[str, int, int]]) -> float:
    """The harmonic mean of the share of A's spans that B overlaps (with the same label) and
    the share of B's spans that A overlaps; 1.0 when both are empty, 0.0 when one is."""
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    recall = _share_overlapped(a, b)
    precision = _share_overlapped(b, a)
    return 0.0 if recall + precision == 0 else 2 * precision * recall / (precision + recall)


def _share_overlapped(spans: Sequence[tuple[str, int, int]],
                      others: Sequence[tuple[str, int, int]]) -> float:
    found = sum(
        any(label == other and start < end2 and end > start2 for other, start2, end2 in others)
        for label, start, end in spans
    )
    return found / len(spans)


def cohen_kappa(first: Sequence[Any], second: Sequence[Any]) -> float:
    """Cohen's kappa between two codings of the same items; 1.0 when chance agreement is
    total and so is observed agreement."""
    if len(first) != len(second):
        raise ValueError("the two codings cover different items")
    count = len(first)
    if not count:
        return 1.0
    observed = sum(x == y for x, y in zip(first, second, strict=True)) / count
    a, b = Counter(first), Counter(second)
    expected = sum(a[value] * b[value] for value in a) / count**2
    if expected == 1.0:
        return 1.0 if observed == 1.0 else 0.0
    return (observed - expected) / (1 - expected)


def krippendorff_alpha(units: Iterable[Sequence[Any]]) -> float:
    """Krippendorff's alpha for nominal data: `units` are the values the coders gave each
    item (None for a coder who gave none). 1.0 when there is no disagreement at all."""
    coincidences: defaultdict[tuple[Any, Any], float] = defaultdict(float)
    for unit in units:
        values = [value for value in unit if value is not None]
        pairable = len(values)
        if pairable < 2:
            continue
        for i, x in enumerate(values):
            for j, y in enumerate(values):
                if i != j:
                    coincidences[(x, y)] += 1 / (pairable - 1)
    totals: defaultdict[Any, float] = defaultdict(float)
    for (x, _), weight in coincidences.items():
        totals[x] += weight
    n = sum(totals.values())
    observed = sum(w for (x, y), w in coincidences.items() if x != y)
    expected = sum(totals[x] * totals[y] for x in totals for y in totals if x != y)
    if expected == 0:
        return 1.0
    return 1 - (n - 1) * observed / expected


def token_codes(text: str, annotations: Iterable[Annotation]) -> list[frozenset[str]]:
    """Each token of `text` coded by the labels of the spans that share a character with it
    (`NO_LABEL` outside every span); orphans are left out."""
    starts, ends = [], []
    for match in TOKEN.finditer(text):
        starts.append(match.start())
        ends.append(match.end())
    covering: defaultdict[int, set[str]] = defaultdict(set)
    for annotation in annotations:
        if annotation.orphan:
            continue
        # tokens ending after the span starts, up to those starting before it ends
        for index in range(bisect_right(ends, annotation.start),
                           bisect_left(starts, annotation.end)):
            covering[index].add(annotation.label)
    return [frozenset(covering[i]) if i in covering else NO_LABEL for i in range(len(starts))]


def _spans(
    annotations: Iterable[Annotation], label: str | None = None
) -> list[tuple[str, int, int]]:
    return [(a.label, a.start, a.end) for a in annotations
            if not a.orphan and (label is None or a.label == label)]


def _scores(text: str, a: list[Annotation], b: list[Annotation], label: str | None) -> Scores:
    first, second = _spans(a, label), _spans(b, label)
    codes_a, codes_b = token_codes(text, a), token_codes(text, b)
    if label is None:
        kappa = cohen_kappa(codes_a, codes_b)
    else:
        kappa = cohen_kappa([label in c for c in codes_a], [label in c for c in codes_b])
    return Scores(exact_f1(first, second), overlap_f1(first, second), kappa,
                  (len(first), len(second)))


def compare(
    texts: Mapping[str, str], works: Mapping[str, Work], labels: Sequence[str] = ()
) -> AgreementReport:
    """Compare every pair of annotators over the articles all of them have."""
    names = tuple(works)
    if len(names) < 2:
        raise ValueError("agreement needs at least two annotators")
    shared = tuple(a for a in texts if all(a in work for work in works.values()))
    found_labels = sorted({
        annotation.label for work in works.values() for article in shared
        for annotation in work[article]
    } | set(labels))
    pairs = []
    for first, second in combinations(names, 2):
        per_article: dict[str, dict[str, Scores]] = {}
        for article in shared:
            a, b = works[first][article], works[second][article]
            per_article[article] = {
                label: _scores(texts[article], a, b, label) for label in found_labels
            }
            per_article[article][OVERALL] = _scores(texts[article], a, b, None)
        joined_text = "\n\n".join(texts[article] for article in shared)
        a_all, b_all = _joined(texts, works[first], shared), _joined(texts, works[second], shared)
        total = {label: _scores(joined_text, a_all, b_all, label) for label in found_labels}
        total[OVERALL] = _scores(joined_text, a_all, b_all, None)
        pairs.append(PairReport(first, second, total, per_article))
    alpha: dict[str, float] = {}
    if len(names) > 2:
        joined_text = "\n\n".join(texts[article] for article in shared)
        codings = [token_codes(joined_text, _joined(texts, works[name], shared))
                   for name in names]
        alpha[OVERALL] = krippendorff_alpha(zip(*codings, strict=True))
        for label in found_labels:
            alpha[label] = krippendorff_alpha(
                zip(*[[label in c for c in coding] for coding in codings], strict=True)
            )
    return AgreementReport(names, shared, tuple(pairs), alpha)


def _joined(texts: Mapping[str, str], work: Work, articles: Sequence[str]) -> list[Annotation]:
    """One annotator's spans moved onto the articles' texts joined end to end."""
    moved = []
    offset = 0
    for article in articles:
        for annotation in work[article]:
            moved.append(replace(annotation, start=annotation.start + offset,
                                 end=annotation.end + offset))
        offset += len(texts[article]) + 2
    return moved


def load_works(
    paths: Sequence[str | Path], annotators: Sequence[str] = ()
) -> tuple[dict[str, Article], dict[str, Work]]:
    """The articles and each annotator's work, from DB files or JSON exports.

    Several files: each is one annotator, named after the file (or, if all its annotations
    carry one annotator name, after that). One file with `annotators`: split by the annotator
    recorded on each annotation.

    Raises:
        ArticleError: a file cannot be read or is of neither kind.
        StoreError: a DB file cannot be read.
    """
    loaded = [(Path(path), _read_contents(Path(path))) for path in paths]
    articles: dict[str, Article] = {}
    works: dict[str, Work] = {}
    if annotators:
        if len(loaded) != 1:
            raise ArticleError(", ".join(map(str, paths)), "--annotators goes with one file")
        path, contents = loaded[0]
        for name in annotators:
            works[name] = {}
        for article, annotations in contents:
            articles.setdefault(article.id, article)
            for name in annotators:
                works[name][article.id] = [a for a in annotations if a.annotator == name]
        return articles, works
    for path, contents in loaded:
        recorded = {a.annotator for _, annotations in contents for a in annotations}
        name = recorded.pop() if len(recorded) == 1 and "" not in recorded else path.stem
        while name in works:
            name = f"{name}'"
        works[name] = {}
        for article, annotations in contents:
            articles.setdefault(article.id, article)
            works[name][article.id] = annotations
    return articles, works


def _read_contents(path: Path) -> list[tuple[Article, list[Annotation]]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ArticleError(path, error.strerror or str(error)) from None
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise ArticleError(path, f"not valid JSON ({error})") from None
    if isinstance(document, dict) and isinstance(document.get("articles"), list):
        from annotations.importers import read_import  # the export's own reader

        return [(item.article, list(item.annotations)) for item in read_import(path)]
    try:
        reader = DBReader(path, newest_schema=10**6)
    except StoreError as error:
        raise ArticleError(path, f"neither an annotator export nor a DB ({error.cause})") from None
    return [(article, annotations) for article, _, annotations in reader.contents()]

