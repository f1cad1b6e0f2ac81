"""CoNLL-style BIO: one token a line with its tag, a blank line between sentences, and
`-DOCSTART-` before each article.

    -DOCSTART- O

    China B-claim
    has I-claim
    ...

Tokens are words (letters and digits, keeping `5,500`, `1.4` and `don't` whole) and single
punctuation marks; sentences come from sentencex, within each block.

Overlapping spans cannot all be written in BIO. The rule: spans are taken in order of start,
the longer first when two start together, and a span that overlaps one already taken is left
out of this export (it stays in the DB and in every other format). So a figure inside a claim
is dropped here, and the claim kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from annotations.exporters import ExportItem
from annotations.model import Annotation
from annotations.sentences import sentence_spans

TOKEN = re.compile(r"\w+(?:[-'’.,]\w+)*|[^\w\s]")


def kept_spans(annotations: Iterable[Annotation]) -> list[Annotation]:
    """The spans BIO can hold: by start, longer first, skipping any that overlaps a kept one."""
    kept: list[Annotation] = []
    for annotation in sorted(annotations, key=lambda a: (a.start, -(a.end - a.start), a.id)):
        if all(annotation.start >= k.end or annotation.end <= k.start for k in kept):
            kept.append(annotation)
    return kept


def export_conll(items: Iterable[ExportItem]) -> bytes:
    """Every article's tokens with BIO tags."""
    out: list[str] = []
    for item in items:
        article = item.article
        spans = kept_spans(item.annotations)
        begun: set[str] = set()
        out.append("-DOCSTART- O\n\n")
        for block in article.blocks:
            text = article.block_text(block)
            for sentence_start, sentence_end in sentence_spans(text) or [(0, len(text))]:
                rows = []
                for match in TOKEN.finditer(text, sentence_start, sentence_end):
                    start, end = block.start + match.start(), block.start + match.end()
                    rows.append(f"{match.group()} {_tag(spans, start, end, begun)}\n")
                if rows:
                    out.append("".join(rows) + "\n")
    return "".join(out).encode("utf-8")


def _tag(spans: list[Annotation], start: int, end: int, begun: set[str]) -> str:
    """B- on a span's first token, I- on the rest, O outside every kept span."""
    for span in spans:
        if start < span.end and end > span.start:
            prefix = "I-" if span.id in begun else "B-"
            begun.add(span.id)
            return prefix + re.sub(r"\s+", "_", span.label)
    return "O"
