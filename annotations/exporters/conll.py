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
from collections.abc import Iterable, Iterator

from annotations.exporters import ExportItem
from annotations.model import Annotation
from annotations.sentences import sentence_spans

TOKEN = re.compile(r"\w+(?:[-'’.,]\w+)*|[^\w\s]")


def kept_spans(annotations: Iterable[Annotation]) -> list[Annotation]:
    """The spans BIO can hold: by start, longer first, skipping any that overlaps a kept one.

    Taken in order of start, a span overlaps a kept one exactly when it starts before the last
    kept span ends, so one comparison each suffices.
    """
    kept: list[Annotation] = []
    for annotation in sorted(annotations, key=lambda a: (a.start, -(a.end - a.start), a.id)):
        if not kept or annotation.start >= kept[-1].end:
            kept.append(annotation)
    return kept


def export_conll(items: Iterable[ExportItem]) -> Iterator[bytes]:
    """Every article's tokens with BIO tags, an article at a time."""
    for item in items:
        article = item.article
        spans = kept_spans(item.annotations)
        bounds = [(span.start, span.end) for span in spans]
        labels = [re.sub(r"\s+", "_", span.label) for span in spans]
        count = len(spans)
        index, begun = 0, -1  # the next span that can hold a token; the span begun last
        out: list[str] = ["-DOCSTART- O\n\n"]
        for block in article.blocks:
            text = article.block_text(block)
            offset = block.start
            for sentence_start, sentence_end in sentence_spans(text) or [(0, len(text))]:
                rows = []
                for match in TOKEN.finditer(text, sentence_start, sentence_end):
                    start, end = offset + match.start(), offset + match.end()
                    # spans do not overlap and tokens come in order: one pointer walks them
                    while index < count and bounds[index][1] <= start:
                        index += 1
                    if index < count and bounds[index][0] < end:
                        tag = ("I-" if begun == index else "B-") + labels[index]
                        begun = index
                    else:
                        tag = "O"
                    rows.append(f"{match.group()} {tag}\n")
                if rows:
                    out.append("".join(rows) + "\n")
        yield "".join(out).encode("utf-8")
