"""CoNLL-2003 NER, as spaCy's `conll_ner` converter reads it (`spacy convert FILE OUT -c ner`).

    -DOCSTART- -X- O O

    China -X- O B-claim
    has -X- O I-claim
    ...

Four columns split by spaces: the token, a part-of-speech placeholder (`-X-`), a chunk
placeholder (`O`) and the NER tag in BIO (IOB2); a blank line between sentences, and the
CoNLL-2003 line `-DOCSTART- -X- O O` before each article, so that each article is one document.

Tokens are words in scripts written with spaces (letters, digits and their combining marks,
keeping `5,500`, `1.4` and `don't` whole), and single grapheme clusters otherwise: each
punctuation mark, each emoji sequence (flags, ZWJ sequences and skin tones whole), and each
character of the scripts written without spaces (Chinese and Japanese, as spaCy's own Chinese
tokenizer does by default; Thai, Lao, Khmer, Myanmar), a combining mark staying with its letter.
A token never holds white space, and never crosses a span's edge: tokens are split there, so a
span's tokens hold exactly its text. An edge inside a grapheme cluster (between a letter and its
accent, inside a flag) is moved out to hold the whole cluster, and counted as moved. A sentence
that a span crosses is joined to the next, so that the span stays one entity.

Overlapping spans cannot all be written in BIO. The rule: spans are taken in order of start,
the longer first when two start together, and a span that overlaps one already taken is left
out of this export (it stays in the DB and in every other format), and counted as dropped, as is
a span of white space alone (it has no token). So a figure inside a claim is dropped here, and
the claim kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

import regex

from annotations.exporters import ExportItem, ExportOptions
from annotations.exporters.offsets import cluster_edge
from annotations.model import Annotation
from annotations.sentences import sentence_spans

DOCSTART = "-DOCSTART- -X- O O\n\n"
"""The CoNLL-2003 document separator, as spaCy's converter looks for it."""

# Scripts written without spaces between words: a token is one grapheme cluster of them.
_NO_SPACES = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Bopomofo}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
# Letters, digits and marks of a script written with spaces (regex's \w holds marks), and the
# emoji modifiers and tags that extend a cluster without being word characters: the clusters
# of a word, found without matching \X (which is twice as slow) for each.
_WORD = rf"[^\W{_NO_SPACES}]+[\U0001F3FB-\U0001F3FF\U000E0020-\U000E007F]*"
# str.split() also splits at the information separators, which regex's \s leaves out.
_SPACE = r"[\s\x1c-\x1f]"

TOKEN = regex.compile(rf"{_WORD}(?:[-'’.,]{_WORD})*|(?!{_SPACE})\X")
"""A token: a word of a script written with spaces, or any other grapheme cluster but space."""

_COMPLEX = re.compile(r"[^\x00-\x0c\x0e-\u02ff]")
_FRACTIONS = "\u00b2\u00b3\u00b9\u00bc-\u00be"
_SIMPLE_WORD = rf"[^\W{_FRACTIONS}]+"
SIMPLE_TOKEN = re.compile(rf"{_SIMPLE_WORD}(?:[-'’.,]{_SIMPLE_WORD})*|[^\w\s]|[{_FRACTIONS}]")
"""`TOKEN` for a text with no character from U+0300 on and no CR, where every character is a
cluster of its own: the same tokens, found three times as fast by the standard library's `re`
(whose word characters also take the superscript digits and fractions, which regex's leave
out)."""


def token_pattern(text: str) -> re.Pattern[str] | regex.Pattern[str]:
    """`SIMPLE_TOKEN` where it finds what `TOKEN` finds, else `TOKEN`."""
    return TOKEN if _COMPLEX.search(text) else SIMPLE_TOKEN


_SEPARATOR = re.compile(r"\s+")


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


def whole_clusters(text: str, spans: Iterable[Annotation]) -> tuple[list[Annotation], int]:
    """The spans with every edge moved out of the cluster it falls inside; how many moved."""
    placed, moved = [], 0
    for span in spans:
        start = cluster_edge(text, span.start, after=False)
        end = cluster_edge(text, span.end, after=True)
        if (start, end) != (span.start, span.end):
            moved += 1
            span = replace(span, start=start, end=end, text=text[start:end])
        placed.append(span)
    return placed, moved


def _sentences(item: ExportItem, spans: list[Annotation]) -> list[tuple[int, int]]:
    """The article's sentences as offsets, a sentence that a span crosses joined to the next."""
    article = item.article
    sentences: list[tuple[int, int]] = []
    for block in article.blocks:
        text = article.block_text(block)
        for start, end in sentence_spans(text, article.lang) or [(0, len(text))]:
            sentences.append((block.start + start, block.start + end))
    joined: list[tuple[int, int]] = []
    index = 0
    for start, end in sentences:
        while index < len(spans) and spans[index].end <= start:
            index += 1
        # a kept span that began in the sentence before and goes on into this one
        if joined and index < len(spans) and spans[index].start < joined[-1][1]:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _document(item: ExportItem, spans: list[Annotation]) -> tuple[str, int]:
    """The article's lines, and how many of the spans got a token (one of white space gets
    none)."""
    text = item.article.text
    pattern = token_pattern(text)
    begun = 0
    labels = [_SEPARATOR.sub("_", span.label) for span in spans]
    out: list[str] = [DOCSTART]
    index = 0  # the first span that does not end before the current piece
    for sentence_start, sentence_end in _sentences(item, spans):
        rows: list[str] = []
        position = sentence_start
        while position < sentence_end:
            while index < len(spans) and spans[index].end <= position:
                index += 1
            inside = index < len(spans) and spans[index].start <= position
            if inside:
                piece_end = min(spans[index].end, sentence_end)
            elif index < len(spans):
                piece_end = min(spans[index].start, sentence_end)
            else:
                piece_end = sentence_end
            tokens = pattern.findall(text, position, piece_end)
            if tokens and inside:
                begun += 1
                rows.append(f"{tokens[0]} -X- O B-{labels[index]}\n")
                if len(tokens) > 1:
                    tail = f" -X- O I-{labels[index]}\n"
                    rows.append(tail.join(tokens[1:]) + tail)
            elif tokens:
                rows.append(" -X- O O\n".join(tokens) + " -X- O O\n")
            position = piece_end
        if rows:
            out.append("".join(rows) + "\n")
    return "".join(out), begun


def export_conll(
    items: Iterable[ExportItem], options: ExportOptions | None = None
) -> Iterator[bytes]:
    """Every article's tokens with BIO tags, an article at a time; the spans left out or moved
    are counted in the options' report."""
    report = (options or ExportOptions()).report
    for item in items:
        text = item.article.text
        placed, moved = (
            whole_clusters(text, item.annotations) if _COMPLEX.search(text)
            else (list(item.annotations), 0)
        )
        spans = kept_spans(placed)
        document, begun = _document(item, spans)
        report.moved += moved
        report.dropped += len(placed) - begun
        yield document.encode("utf-8")
