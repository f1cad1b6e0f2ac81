"""How good the suggestion rules are: precision and recall per label on the sample articles.

    python benchmarks/suggestions.py [--per-article]   (or: make bench-suggestions)

The reference is `benchmarks/reference/sample-articles.json`, annotated by hand by reading the
articles (its `_about` gives the conventions). A suggestion is an exact hit when its span is a
reference span of the same label, an overlap hit when it shares a character with one.
Precision is the share of suggestions that hit; recall the share of reference spans hit.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotations.labels import RULES  # noqa: E402
from annotations.model import Article  # noqa: E402
from annotations.sets import open_paths  # noqa: E402
from annotations.suggestions import suggest  # noqa: E402

REFERENCE = ROOT / "benchmarks" / "reference" / "sample-articles.json"
SAMPLES = ROOT / "sample_articles"
LABELS = ("claim", "figure", "opinion")

Span = tuple[str, int, int]


@dataclass
class Tally:
    """Counts for one label (or all of them)."""

    suggested: int = 0
    reference: int = 0
    exact: int = 0
    suggested_overlapping: int = 0
    reference_overlapped: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.suggested += other.suggested
        self.reference += other.reference
        self.exact += other.exact
        self.suggested_overlapping += other.suggested_overlapping
        self.reference_overlapped += other.reference_overlapped
        self.misses += other.misses

    def figures(self) -> dict[str, float | int | None]:
        return {
            "suggested": self.suggested,
            "reference": self.reference,
            "exact_precision": _share(self.exact, self.suggested),
            "exact_recall": _share(self.exact, self.reference),
            "overlap_precision": _share(self.suggested_overlapping, self.suggested),
            "overlap_recall": _share(self.reference_overlapped, self.reference),
        }


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def locate(article: Article, quote: str) -> tuple[int, int]:
    """Where `quote` first is in the article's text, whatever the whitespace between words."""
    pattern = r"\s+".join(re.escape(word) for word in quote.split())
    match = re.search(pattern, article.text)
    if match is None:
        raise SystemExit(f"{REFERENCE}: “{quote}” is not in {article.source}")
    return match.start(), match.end()


def tally(suggested: Iterable[Span], reference: Iterable[Span], text: str, label: str) -> Tally:
    """Compare the spans of `label`."""
    ours = [s for s in suggested if s[0] == label]
    theirs = [s for s in reference if s[0] == label]

    def overlaps(span: Span, others: list[Span]) -> bool:
        return any(span[1] < end and span[2] > start for _, start, end in others)

    result = Tally(
        suggested=len(ours),
        reference=len(theirs),
        exact=len(set(ours) & set(theirs)),
        suggested_overlapping=sum(overlaps(s, theirs) for s in ours),
        reference_overlapped=sum(overlaps(s, ours) for s in theirs),
    )
    result.misses = [f"{label}: {text[start:end]!r}" for _, start, end in theirs
                     if not overlaps((label, start, end), ours)]
    return result


def measure() -> tuple[dict[str, dict[str, Tally]], dict[str, Tally]]:
    """Tallies per article and label, and per label over every article."""
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    articles = {Path(a.source).name: a for a in open_paths([SAMPLES]).articles}
    per_article: dict[str, dict[str, Tally]] = {}
    total = {label: Tally() for label in (*LABELS, "all")}
    for name, entries in reference.items():
        if name.startswith("_"):
            continue
        article = articles[name]
        theirs = [(label, *locate(article, quote)) for label, quote in entries]
        ours = [(s.label, s.start, s.end) for s in suggest(article, RULES, LABELS)]
        per_article[name] = {}
        for label in LABELS:
            counted = tally(ours, theirs, article.text, label)
            per_article[name][label] = counted
            total[label].add(counted)
            total["all"].add(counted)
    return per_article, total


def _cell(value: float | int | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def print_table(rows: dict[str, Tally], heading: str) -> None:
    columns = ("suggested", "reference", "exact_precision", "exact_recall",
               "overlap_precision", "overlap_recall")
    print(heading)
    print(f"  {'label':<8}" + "".join(f"{c.replace('_', ' '):>19}" for c in columns))
    for label, counted in rows.items():
        figures = counted.figures()
        print(f"  {label:<8}" + "".join(f"{_cell(figures[c]):>19}" for c in columns))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-article", action="store_true", help="a table for each article")
    parser.add_argument("--misses", action="store_true", help="list reference spans missed")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    options = parser.parse_args(argv)
    per_article, total = measure()
    if options.json:
        print(json.dumps({
            "total": {label: t.figures() for label, t in total.items()},
            "articles": {name: {label: t.figures() for label, t in rows.items()}
                         for name, rows in per_article.items()},
        }, indent=2))
        return 0
    if options.per_article:
        for name, rows in per_article.items():
            print_table(dict(rows), name)
            print()
    print_table(total, f"All {len(per_article)} sample articles (rules: {', '.join(RULES)})")
    if options.misses:
        print("\nMissed (no suggestion overlaps them):")
        for miss in total["all"].misses:
            print("  " + miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
