"""Relations and article labels in the shape Prodigy's recipes write and spaCy reads.

Prodigy's relation recipes (`rel.manual`) write each example with its `tokens` (`text`, `start`,
`end`, `id`, `ws`: whether a space follows), its `spans` with the tokens they cover
(`token_start`, `token_end`, both inclusive), and `relations`:

    {"head": 12, "child": 3, "label": "source",
     "head_span": {"start", "end", "token_start", "token_end": 12, "label"},
     "child_span": {...}}

where `head` and `child` are the index of the last token of each span (spaCy's relation
component tutorial maps them back with `token_end`). Article labels are spaCy's `cats`, each
choice taken scored 1.0.

Tokens are the CoNLL export's (words; a grapheme cluster in scripts written without spaces),
split wherever a span begins or ends, so every span starts and ends on a token's edge; white
space other than the single space after a token is a token of its own, as spaCy makes it, so
that the words and their spaces give back the text exactly.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from annotations.exporters import ExportItem
from annotations.exporters.conll import token_pattern


def tokens(text: str, edges: set[int]) -> list[dict[str, Any]]:
    """The tokens of `text`, none crossing an offset of `edges`, as Prodigy writes them."""
    pattern = token_pattern(text)
    found: list[tuple[int, int]] = []
    for start, end in pairwise(sorted({0, len(text), *edges})):
        found += [match.span() for match in pattern.finditer(text, start, end)]
    made: list[dict[str, Any]] = []
    position = 0
    for start, end in [*found, (len(text), len(text))]:
        gap = text[position:start]
        if gap.startswith(" ") and made:
            made[-1]["ws"] = True
            gap, position = gap[1:], position + 1
        if gap:  # other white space is a token, as spaCy makes it
            made.append({"text": gap, "start": position, "end": start, "id": len(made),
                         "ws": False})
        if end > start:
            made.append({"text": text[start:end], "start": start, "end": end, "id": len(made),
                         "ws": False})
        position = end
    return made


def relation_fields(item: ExportItem) -> tuple[dict[str, Any], dict[str, dict[str, int]], int]:
    """What a JSONL line adds for an article's relations: `tokens` and `relations` (nothing
    when it has none); the `token_start` and `token_end` of each span that has tokens, by
    annotation id; and how many relations were left out (an end of white space alone has no
    token)."""
    relations = item.placed_relations()
    if not relations:
        return {}, {}, 0
    text = item.article.text
    made = tokens(text, {edge for a in item.annotations for edge in (a.start, a.end)})
    first = {token["start"]: token["id"] for token in made if not token["text"].isspace()}
    last = {token["end"]: token["id"] for token in made if not token["text"].isspace()}
    covered = {a.id: {"token_start": first[a.start], "token_end": last[a.end]}
               for a in item.annotations if a.start in first and a.end in last}
    by_id = {a.id: a for a in item.annotations}
    written = []
    for relation in relations:
        if relation.head not in covered or relation.tail not in covered:
            continue
        head, child = by_id[relation.head], by_id[relation.tail]
        head_span = {"start": head.start, "end": head.end, "label": head.label,
                     **covered[head.id]}
        child_span = {"start": child.start, "end": child.end, "label": child.label,
                      **covered[child.id]}
        written.append({"head": head_span["token_end"], "child": child_span["token_end"],
                        "head_span": head_span, "child_span": child_span,
                        "label": relation.type})
    return {"tokens": made, "relations": written}, covered, len(relations) - len(written)


def cats(item: ExportItem) -> dict[str, float]:
    """The article's labels as spaCy's `cats`: each choice taken (by any annotator) 1.0."""
    return {choice: 1.0 for label in item.article_labels() if not label.orphan
            for choice in label.choices}
