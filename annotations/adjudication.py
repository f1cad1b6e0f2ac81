"""`annotator merge`: an adjudication set that keeps what annotators agree on and marks the rest
for review.

Its input is what `annotations.agreement.load_works` reads; its output goes through the native
JSON export, so `annotator import` reads it back for review in the app.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from annotations.agreement import Work
from annotations.model import Annotation, Article


def merge_for_adjudication(
    articles: Mapping[str, Article], works: Mapping[str, Work]
) -> list[tuple[Article, str, list[Annotation]]]:
    """An adjudication set: a span every annotator gave the same label and offsets is kept
    once (its annotator the names joined with `+`); every other span is kept as its annotator
    made it, marked for review."""
    names = list(works)
    merged = []
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
        merged.append((article, "in_progress", kept))
    return merged
