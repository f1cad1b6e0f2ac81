"""How far annotators agree beyond spans: on relations, and on article and comment labels.

* Relation F1, for each pair of annotators, per relation type and over all types: a relation
  of one matches one of the other when both have its type, and their heads have the same label
  and offsets, and so do their tails. F1 = 2·matches / (relations of A + relations of B); 1.0
  when neither has any. A relation with an orphaned or deleted end counts in no measure.
* Cohen's kappa, for each pair and each set of labels (article `type`, comment `stance`): the
  items are the articles (for an article set) or the comments (for a comment set) of the
  articles both have that at least one of the two labelled in that set; each annotator's code
  for an item is the choices taken, or none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from annotations.agreement import cohen_kappa
from annotations.model import Annotation
from annotations.relations import Links
from annotations.team_work import LinkWork, Work

ALL_TYPES = "(all types)"

Place = tuple[str, int, int]
"""An annotation as a relation's end is compared: its label and offsets."""


@dataclass(frozen=True)
class RelationScore:
    """Two annotators' relations of one type (or all) compared."""

    f1: float
    """2·matches / (relations of A + relations of B); 1.0 when neither has any."""
    relations: tuple[int, int]
    """How many relations each made."""
    matched: int
    """How many they made alike."""

    def to_json(self) -> dict[str, Any]:
        return {"f1": self.f1, "relations": list(self.relations), "matched": self.matched}


@dataclass(frozen=True)
class LabelScore:
    """Two annotators' labels in one set compared."""

    kappa: float
    """Cohen's kappa over the items either labelled."""
    items: int
    """How many articles or comments either labelled."""
    agreed: int
    """On how many they chose alike."""

    def to_json(self) -> dict[str, Any]:
        return {"kappa": self.kappa, "items": self.items, "agreed": self.agreed}


@dataclass(frozen=True)
class LinkPairReport:
    """Two annotators compared on relations and labels."""

    first: str
    second: str
    relations: dict[str, RelationScore]
    """By relation type, then `ALL_TYPES`."""
    labels: dict[str, LabelScore]
    """By set name (`type`, `stance`)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "annotators": [self.first, self.second],
            "relations": {kind: s.to_json() for kind, s in self.relations.items()},
            "labels": {name: s.to_json() for name, s in self.labels.items()},
        }


def relation_keys(links: Links, annotations: Iterable[Annotation]) -> Counter[
        tuple[str, Place, Place]]:
    """Each relation as (type, head, tail), its ends by label and offsets; those with an
    orphaned or deleted end are left out."""
    placed = {a.id: (a.label, a.start, a.end) for a in annotations if not a.orphan}
    return Counter((r.type, placed[r.head], placed[r.tail]) for r in links.relations
                   if r.head in placed and r.tail in placed)


def label_codes(links: Links) -> dict[str, dict[int | None, tuple[str, ...]]]:
    """By set, each labelled item's (the article: None; a comment: its place) choices."""
    codes: dict[str, dict[int | None, tuple[str, ...]]] = {}
    for label in links.labels:
        if not label.orphan and label.choices:
            chosen = codes.setdefault(label.name, {}).get(label.comment, ())
            codes[label.name][label.comment] = tuple(sorted({*chosen, *label.choices}))
    return codes


def compare_links(
    shared: Iterable[str], works: Mapping[str, Work], links: Mapping[str, LinkWork]
) -> tuple[LinkPairReport, ...]:
    """Compare every pair of annotators on the relations and labels of the `shared` articles
    (those every annotator has)."""
    shared = tuple(shared)
    reports = []
    for first, second in combinations(tuple(works), 2):
        keys: list[Counter[tuple[str, Place, Place]]] = [Counter(), Counter()]
        codes: dict[str, tuple[list[Any], list[Any]]] = {}
        for article in shared:
            pair = []
            for side, name in enumerate((first, second)):
                held = links.get(name, {}).get(article, Links())
                keys[side] += relation_keys(held, works[name][article])
                pair.append(label_codes(held))
            for name in sorted(set(pair[0]) | set(pair[1])):
                a, b = pair[0].get(name, {}), pair[1].get(name, {})
                items = sorted(set(a) | set(b), key=lambda item: -1 if item is None else item)
                coded = codes.setdefault(name, ([], []))
                coded[0].extend(a.get(item, ()) for item in items)
                coded[1].extend(b.get(item, ()) for item in items)
        reports.append(LinkPairReport(first, second, _relation_scores(*keys), {
            name: LabelScore(cohen_kappa(a, b), len(a), sum(x == y for x, y in zip(a, b,
                                                                                    strict=True)))
            for name, (a, b) in sorted(codes.items())
        }))
    return tuple(reports)


def _relation_scores(a: Counter[tuple[str, Place, Place]],
                     b: Counter[tuple[str, Place, Place]]) -> dict[str, RelationScore]:
    matched = a & b
    scores = {}
    for kind in sorted({key[0] for key in a | b}) + [ALL_TYPES]:
        def total(counts: Counter[tuple[str, Place, Place]], kind: str = kind) -> int:
            return sum(n for key, n in counts.items() if kind in (ALL_TYPES, key[0]))

        made, alike = (total(a), total(b)), total(matched)
        f1 = 2 * alike / sum(made) if sum(made) else 1.0
        scores[kind] = RelationScore(f1, made, alike)
    return scores
