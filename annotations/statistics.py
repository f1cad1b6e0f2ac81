"""Counts for the statistics screen and `annotator stats`: by label, article, annotator, and
where the set stands."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotations.model import Annotation, Article
from annotations.relations import NO_LINKS, Links
from annotations.schema import (
    ARTICLES,
    LABELS_PREFIX,
    RELATIONS_PREFIX,
    Status,
    annotations_table,
    status_of,
)

if TYPE_CHECKING:
    from annotations.store import AnnotationStore

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


class _Tally:
    """The counts as they are made, an article at a time."""

    def __init__(self) -> None:
        self.relations: Counter[str] = Counter()
        self.choices: Counter[str] = Counter()
        self.labels: Counter[str] = Counter()
        self.annotators: Counter[str] = Counter()
        self.statuses: Counter[str] = Counter({status: 0 for status in STATUS_ORDER})
        self.articles: dict[str, int] = {}
        self.orphans = self.suggested = 0

    def article(self, article_id: str, title: str, status: str, spans: int) -> None:
        """An article, its status and how many annotations it has."""
        self.statuses[status] += 1
        if title in self.articles:
            title = f"{title} ({article_id})"
        self.articles[title] = spans

    def result(self, set_size: int) -> Statistics:
        """The counts; with `set_size`, the articles of a set that size the DB does not hold
        counted as new."""
        statuses = self.statuses
        statuses[Status.NEW.value] += max(0, set_size - sum(statuses.values()))
        order = (*STATUS_ORDER, *sorted(set(statuses) - set(STATUS_ORDER)))
        return Statistics(
            dict(self.labels.most_common()), self.articles,
            dict(self.annotators.most_common()), {status: statuses[status] for status in order},
            self.orphans, self.suggested, dict(self.relations.most_common()),
            dict(self.choices.most_common()),
        )


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
    tally = _Tally()
    for article, status, made, *more in contents:
        links = more[0] if more else NO_LINKS
        tally.relations.update(relation.type for relation in links.relations)
        tally.choices.update(f"{label.name}: {choice}" for label in links.labels
                             if not label.orphan for choice in label.choices)
        tally.article(article.id, article.title, status, len(made))
        tally.labels.update(annotation.label for annotation in made)
        tally.annotators.update(annotation.annotator or "(unnamed)" for annotation in made)
        tally.orphans += sum(annotation.orphan for annotation in made)
        tally.suggested += sum(annotation.origin == "suggested" for annotation in made)
    return tally.result(set_size)


def stored_articles(store: AnnotationStore) -> list[dict[str, Any]]:
    """The store's article records in the order first opened, for `count_stored`."""
    return sorted(store.records(ARTICLES), key=lambda record: record.get("order", 0))


def count_stored(
    store: AnnotationStore, articles: Iterable[dict[str, Any]], set_size: int = 0
) -> Statistics:
    """Tally the store's `articles` (`stored_articles`, as it is read), their annotations,
    relations and labels: what `count` makes of `store.contents()` with their links.

    Straight from the records the store holds: no `Annotation` is made of each (seven times
    its JSON, and two thirds of the time at a million), nor an `Article` (its text and blocks).
    """
    tally = _Tally()
    for record in articles:
        article_id = record["id"]
        spans = store.records(annotations_table(article_id))
        tally.relations.update([link["type"] for link in
                                store.records(RELATIONS_PREFIX + article_id)])
        tally.choices.update([f"{label['name']}: {choice}"
                              for label in store.records(LABELS_PREFIX + article_id)
                              if not label.get("orphan") for choice in label.get("choices", ())])
        tally.article(article_id, record["title"], status_of(record), len(spans))
        tally.labels.update([span["label"] for span in spans])
        tally.annotators.update([span.get("annotator") or "(unnamed)" for span in spans])
        tally.orphans += sum(1 for span in spans if span.get("orphan"))
        tally.suggested += sum(1 for span in spans if span.get("origin") == "suggested")
    return tally.result(set_size)


def bar(value: int, most: int, width: int = 30) -> str:
    """A bar of `width` cells at most, in proportion to `most` (eighths of a cell)."""
    if most <= 0 or value <= 0:
        return ""
    eighths = max(1, round(width * 8 * value / most))
    full, part = divmod(eighths, 8)
    return "█" * full + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[part]
