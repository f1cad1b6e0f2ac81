"""Counts for the statistics screen and `annotator stats`: by label, article, annotator, and
where the set stands."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from annotations.model import Annotation, Article
from annotations.relations import NO_LINKS, Links
from annotations.schema import Status

STATUS_ORDER: tuple[str, ...] = tuple(status.value for status in Status)
"""The statuses as plain strings: they are keys of `to_json()`, and orjson takes no subclass of
`str` as a key."""


@dataclass(frozen=True)
class Statistics:
    """What a DB holds."""

    by_label: dict[str, int]
    """Annotations per label, most first."""
    by_article: dict[str, int]
    """Annotations per article title, in the order the articles were first opened."""
    by_annotator: dict[str, int]
    """Annotations per annotator, most first."""
    by_status: dict[str, int]
    """Articles per status."""
    orphans: int
    """Annotations whose place was lost."""
    suggested: int
    """Annotations that began as accepted suggestions."""
    by_relation: dict[str, int] = field(default_factory=dict)
    """Relations per type, most first."""
    by_choice: dict[str, int] = field(default_factory=dict)
    """Article and comment labels per choice (`stance: agrees`), most first; each annotator's
    choice counts."""

    @property
    def annotations(self) -> int:
        """How many annotations in all."""
        return sum(self.by_label.values())

    @property
    def articles(self) -> int:
        """How many articles in all."""
        return sum(self.by_status.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "annotations": self.annotations, "articles": self.articles,
            "by_label": self.by_label, "by_article": self.by_article,
            "by_annotator": self.by_annotator, "by_status": self.by_status,
            "orphans": self.orphans, "suggested": self.suggested,
            "relations": sum(self.by_relation.values()), "by_relation": self.by_relation,
            "by_choice": self.by_choice,
        }


def count(
    contents: Iterable[tuple[Article, str, list[Annotation]]
                       | tuple[Article, str, list[Annotation], Links]],
    set_size: int = 0,
) -> Statistics:
    """Tally a store's contents (`AnnotationStore.contents()` or `DBReader.contents()`), and
    the relations and labels where each article comes with its `Links` as well
    (`DBReader.contents_with_links()`).

    With `set_size`, the articles of a set of that size that the DB does not hold yet (never
    opened) are counted as new.
    """
    relations: Counter[str] = Counter()
    choices: Counter[str] = Counter()
    labels: Counter[str] = Counter()
    annotators: Counter[str] = Counter()
    statuses: Counter[str] = Counter({status: 0 for status in STATUS_ORDER})
    articles: dict[str, int] = {}
    orphans = suggested = 0
    for article, status, made, *more in contents:
        links = more[0] if more else NO_LINKS
        relations.update(relation.type for relation in links.relations)
        choices.update(f"{label.name}: {choice}" for label in links.labels if not label.orphan
                       for choice in label.choices)
        statuses[status] += 1
        title = article.title
        if title in articles:
            title = f"{title} ({article.id})"
        articles[title] = len(made)
        for annotation in made:
            labels[annotation.label] += 1
            annotators[annotation.annotator or "(unnamed)"] += 1
            orphans += annotation.orphan
            suggested += annotation.origin == "suggested"
    statuses[Status.NEW.value] += max(0, set_size - sum(statuses.values()))
    order = (*STATUS_ORDER, *sorted(set(statuses) - set(STATUS_ORDER)))
    return Statistics(
        dict(labels.most_common()), articles, dict(annotators.most_common()),
        {status: statuses[status] for status in order}, orphans, suggested,
        dict(relations.most_common()), dict(choices.most_common()),
    )


def bar(value: int, most: int, width: int = 30) -> str:
    """A bar of `width` cells at most, in proportion to `most` (eighths of a cell)."""
    if most <= 0 or value <= 0:
        return ""
    eighths = max(1, round(width * 8 * value / most))
    full, part = divmod(eighths, 8)
    return "█" * full + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[part]
