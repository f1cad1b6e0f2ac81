"""`annotator merge`: an adjudication set that keeps what annotators agree on and marks the rest
for review.

Its input is what `annotations.team_work.load_team` reads; its output goes through the native
JSON export, so `annotator import` reads it back for review in the app.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from annotations.doc_labels import DocLabel
from annotations.model import Annotation, Article
from annotations.relations import NO_LINKS, Links, Relation
from annotations.team_work import LinkWork, Work


def merge_for_adjudication(
    articles: Mapping[str, Article],
    works: Mapping[str, Work],
    links: Mapping[str, LinkWork] | None = None,
) -> list[Any]:
    """An adjudication set: a span every annotator gave the same label and offsets is kept
    once (its annotator the names joined with `+`); every other span is kept as its annotator
    made it, marked for review.

    With `links`, relations and article and comment labels are merged the same way: a
    relation every annotator made between the same spans, or a set's choices every annotator
    made alike for an article or comment, is kept once; the others as made, marked for
    review. Each article then comes with its `Links`.
    """
    names = list(works)
    merged: list[Any] = []
    for article_id, article in articles.items():
        if not all(article_id in work for work in works.values()):
            continue
        keyed = {name: {(a.label, a.start, a.end): a for a in works[name][article_id]
                        if not a.orphan} for name in names}
        agreed = set.intersection(*(set(spans) for spans in keyed.values()))
        kept: list[Annotation] = []
        for key in sorted(agreed, key=lambda k: (k[1], k[2], k[0])):
            first = keyed[names[0]][key]
            notes = " | ".join(
                dict.fromkeys(keyed[n][key].note for n in names if keyed[n][key].note)
            )
            kept.append(replace(first, annotator="+".join(names), note=notes, review=False))
        for name in names:
            for key, annotation in keyed[name].items():
                if key not in agreed:
                    kept.append(replace(annotation, review=True))
        kept.sort(key=Annotation.sort_key)
        if links is None:
            merged.append((article, "in_progress", kept))
            continue
        # every annotator's span id, as the id of the span kept for it
        ids = {a.id: keyed[names[0]][key].id for name in names
               for key, a in keyed[name].items() if key in agreed}
        held = {name: links.get(name, {}).get(article_id, NO_LINKS) for name in names}
        places = {a.id: (a.label, a.start, a.end) for name in names for a in keyed[name].values()}
        relations = _agreed(names, {
            name: {(r.type, places[r.head], places[r.tail]): replace(
                r, head=ids.get(r.head, r.head), tail=ids.get(r.tail, r.tail))
                for r in held[name].relations if r.head in places and r.tail in places}
            for name in names})
        labels = _agreed(names, {
            name: {(label.name, label.comment, label.choices): label
                   for label in held[name].labels if not label.orphan}
            for name in names})
        merged.append((article, "in_progress", kept,
                       Links(tuple(relations), tuple(labels))))
    return merged


def _agreed(names: list[str], keyed: Mapping[str, Mapping[Any, Any]]) -> list[Any]:
    """What every annotator made alike, kept once (annotators joined with `+`); the rest as
    made, marked for review."""
    agreed = set.intersection(*(set(items) for items in keyed.values()))
    kept: list[Relation | DocLabel] = [
        replace(keyed[names[0]][key], annotator="+".join(names), review=False)
        for key in sorted(agreed, key=repr)]
    kept += [replace(item, review=True) for name in names
             for key, item in keyed[name].items() if key not in agreed]
    return kept
