"""Reading plain-text articles, and the pieces every reader shares.

Two plain-text layouts are read by the same parser:

* one block a line (the layout of `sample_articles/seed-article.txt`): the first line is the
  title and every further line is a heading, a paragraph or a list item;
* blank-line separated: the title, then paragraphs separated by blank lines, each of which may be
  hard-wrapped over several lines.

In both, a line such as `6 Comments` begins the reader comments: then each comment is its
author's name on one line and its text on the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from annotations.article_ids import article_id
from annotations.languages import DETECTION_CHARS, choose_language
from annotations.model import BLOCK_SEPARATOR, Article, Block, BlockKind, new_block

HEADING_MAX_CHARS = 100
"""A heading is a short line: at most this many characters."""

TITLE_MAX_CHARS = 1000
"""A first line longer than this is not a title: the file is not an article (minified data, say)."""

FILE_MAX_BYTES = 100 * 1024 * 1024
"""Larger files are refused before they are read: no article is that long."""

_FIRST_TEXT_LINE = re.compile(r"[^\r\n]*?\S[^\r\n]*")
_COMMENTS_MARKER = re.compile(r"^(\d[\d,]*)\s+comments?$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^(?:-|\*|•)\s+")
_LIST_MARKS = frozenset("-*•")
_CLOSING_PUNCTUATION = ".!?:;,…"
_TRAILING_CLOSERS = "\"'”’»)]"


class ArticleError(Exception):
    """An article file that cannot be read; `str()` is a one-line message naming the file."""

    def __init__(self, path: str | Path, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = str(path)
        self.cause = cause


def decode_article_bytes(data: bytes, path: str | Path) -> str:
    """Decode a file's bytes as UTF-8 text, or raise `ArticleError` saying why it is not text."""
    if not data or data.isspace():  # not `strip()`: a copy of the file (20 MB) to test it
        raise ArticleError(path, "the file is empty")
    if b"\x00" in data:
        raise ArticleError(path, "this is a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start]
        raise ArticleError(
            path, f"not UTF-8 text (byte 0x{bad:02x} at offset {error.start})"
        ) from None


def article_lines(data: bytes, path: str | Path) -> list[str]:
    """`text_lines(decode_article_bytes(data, path))`, decoded a line at a time.

    Each line comes out in the narrowest form Python keeps: an article of ASCII lines with one
    Chinese character is not first decoded whole into two bytes a character (a 20 MB
    article: 0.023 s of CPU instead of 0.049, and 13 MB less at the peak as it opens).

    Raises:
        ArticleError: as `decode_article_bytes`.
    """
    whole = data
    if not data or data.isspace() or b"\x00" in data:
        decode_article_bytes(data, path)  # raises: empty, or binary
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    try:
        lines: list[Any] = data.split(b"\n")
        for index, line in enumerate(lines):  # in place: each line's bytes go as it is read
            lines[index] = line.decode("utf-8").strip()
    except UnicodeDecodeError:
        decode_article_bytes(whole, path)  # raises, naming the byte's offset in the file
        raise
    if data.startswith(b"\xef\xbb\xbf"):  # a BOM, which "utf-8-sig" leaves out
        lines[0] = lines[0][1:].strip()
    return lines


def check_title(title: str, source: str) -> None:
    """Refuse a title that is not one: empty, or a whole minified file on one line.

    Raises:
        ArticleError: the title is empty or longer than `TITLE_MAX_CHARS`.
    """
    if not title.strip():
        raise ArticleError(source, "the article has no title")
    if len(title) > TITLE_MAX_CHARS:
        raise ArticleError(
            source,
            f"the first line is {len(title):,} characters long; an article starts with a title "
            f"line of at most {TITLE_MAX_CHARS:,}",
        )


@dataclass
class Draft:
    """A block before the canonical text is assembled (readers of every format build these)."""

    kind: BlockKind
    text: str
    author: str = ""


@dataclass
class Columns:
    """Blocks before the canonical text is assembled, as three lists in reading order: no
    object a block before the `Block`s (the plain-text reader of a long article)."""

    kinds: list[BlockKind]
    """Each block's kind."""
    texts: list[str]
    """Each block's text."""
    authors: list[str]
    """Each block's author (a comment's), else empty."""

    @classmethod
    def of(cls, drafts: list[Draft]) -> Columns:
        """The columns of `drafts`."""
        return cls([d.kind for d in drafts], [d.text for d in drafts], [d.author for d in drafts])

    def extend(self, drafts: list[Draft]) -> None:
        """Add `drafts` after the blocks held."""
        more = Columns.of(drafts)
        self.kinds += more.kinds
        self.texts += more.texts
        self.authors += more.authors


def parse_text(raw: str, source: str = "", lang: str | None = None) -> Article:
    """Parse an article's text in either plain-text layout.

    Args:
        raw: The file's text.
        source: Where it came from, kept on the article and used in messages.
        lang: The article's language when the user gave it; else detected.

    Raises:
        ArticleError: the text holds no title.
    """
    return parse_lines(text_lines(raw), source, lang)


def text_lines(raw: str) -> list[str]:
    """The lines of a plain-text article (any line ending), stripped."""
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    return [line.strip() for line in raw.split("\n")]


def first_line(raw: str) -> str:
    """The first line of `raw` with text, stripped: what `parse_text` takes for the title,
    found without splitting the whole text."""
    found = _FIRST_TEXT_LINE.search(raw)
    return found.group().strip() if found else ""


def parse_lines(lines: list[str], source: str = "", lang: str | None = None) -> Article:
    """`parse_text` of the text whose `text_lines` these are.

    A caller that lets go of the text once it has its lines holds two copies of a long article
    at most as it is parsed (the lines, then the canonical text), not three.

    Raises:
        ArticleError: the text holds no title.
    """
    first = next((place for place, line in enumerate(lines) if line), None)
    if first is None:
        raise ArticleError(source, "the file is empty")
    title, rest = lines[first], lines[first + 1 :]
    check_title(title, source)
    # (a digit first, tested before the pattern: `\d` is a digit to `isdigit` too)
    marker = next((i for i, line in enumerate(rest)
                   if line[:1].isdigit() and _COMMENTS_MARKER.match(line)), None)
    body_lines = rest if marker is None else rest[:marker]
    comment_lines = [] if marker is None else rest[marker + 1 :]
    blank_separated = _has_inner_blank_line(body_lines)
    if blank_separated:
        columns = Columns.of([Draft("title", title), *body_blocks(groups(body_lines))])
    else:
        columns = line_blocks(title, body_lines)
    warnings: list[str] = []
    if marker is not None:
        comments = _comment_blocks(comment_lines, blank_separated, warnings)
        count = _COMMENTS_MARKER.match(rest[marker])
        assert count is not None
        expected = int(count.group(1).replace(",", ""))
        if expected != len(comments):
            warnings.append(f"the article says {expected} comments but {len(comments)} were read")
        columns.extend(comments)
    return assemble(title, source, columns, tuple(warnings), lang=lang)


def line_blocks(title: str, lines: list[str]) -> Columns:
    """The title and the blocks of an article laid out a block a line: what `body_blocks`
    makes of one-line runs, without a `Draft` or a run a line (a 20 MB article has 34,000
    blocks: 8 ms instead of 27)."""
    texts = [line for line in lines if line]
    kinds: list[BlockKind] = ["paragraph"] * len(texts)
    for index, line in enumerate(texts):
        if item := _list_item(line):
            texts[index] = line[item.end() :]
            kinds[index] = "list_item"
    for index in range(len(texts) - 1):
        # (the first test alone, inline: a 20 MB article has 34,000 paragraphs)
        if len(texts[index]) <= HEADING_MAX_CHARS and _is_heading(
            kinds[index], texts[index], kinds[index + 1], texts[index + 1]
        ):
            kinds[index] = "heading"
    return Columns(["title", *kinds], [title, *texts], [""] * (len(texts) + 1))


def _has_inner_blank_line(lines: list[str]) -> bool:
    """Whether a blank line stands between two non-blank lines."""
    seen_text = False
    pending_blank = False
    for line in lines:
        if not line:
            pending_blank = seen_text
        elif pending_blank:
            return True
        else:
            seen_text = True
    return False


def groups(lines: list[str]) -> list[list[str]]:
    """Runs of consecutive non-blank lines."""
    groups: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def body_blocks(runs: list[list[str]], *, find_headings: bool = True) -> list[Draft]:
    """Blocks from runs of lines: list items start their own block, other lines join.

    With `find_headings`, a short paragraph without closing punctuation, followed by a
    paragraph, becomes a heading (formats that mark headings pass False).
    """
    drafts: list[Draft] = []
    for group in runs:
        if len(group) == 1:  # a block a line (a 20 MB article has 34,000): no joining
            line = group[0]
            item = _list_item(line)
            drafts.append(Draft("list_item", line[item.end() :]) if item
                          else Draft("paragraph", line))
            continue
        lines: list[str] = []  # of the block being read: joined once it ends, not line by line
        for line in group:
            item = _list_item(line)
            if item or not lines:
                _join_lines(drafts, lines)
                drafts.append(Draft("list_item" if item else "paragraph", ""))
                lines = [line[item.end() :] if item else line]
            else:
                lines.append(line)
        _join_lines(drafts, lines)
    if find_headings:
        for draft, following in pairwise(drafts):
            # (the first test alone, inline: a 20 MB article has 34,000 paragraphs)
            if len(draft.text) <= HEADING_MAX_CHARS and _is_heading(
                draft.kind, draft.text, following.kind, following.text
            ):
                draft.kind = "heading"
    return drafts


def _join_lines(drafts: list[Draft], lines: list[str]) -> None:
    """Give the last draft its text: its lines joined by spaces."""
    if lines:
        drafts[-1].text = lines[0] if len(lines) == 1 else " ".join(lines)


def _is_heading(kind: str, text: str, following_kind: str, following: str) -> bool:
    """Whether a block (its kind and text) is a heading: a short paragraph without closing
    punctuation, followed by a paragraph."""
    return (
        kind == "paragraph"
        and following_kind == "paragraph"
        and len(text) <= HEADING_MAX_CHARS
        and not _ends_sentence(text)
        and (_ends_sentence(following) or len(following) > HEADING_MAX_CHARS)
    )


def _list_item(line: str) -> re.Match[str] | None:
    """The list mark (`- `, `* `, `1. `...) a line begins with, if any."""
    return _LIST_ITEM.match(line) if line[:1] in _LIST_MARKS else None


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_TRAILING_CLOSERS)
    return bool(stripped) and stripped[-1] in _CLOSING_PUNCTUATION


def _comment_blocks(
    lines: list[str], blank_separated: bool, warnings: list[str]
) -> list[Draft]:
    """Comments as (author, text) pairs of lines; in the blank-line layout text may wrap."""
    pairs: list[tuple[str, str]] = []
    if blank_separated:
        pending_author: str | None = None
        for group in groups(lines):
            if pending_author is not None:
                pairs.append((pending_author, " ".join(group)))
                pending_author = None
            elif len(group) == 1:
                pending_author = group[0]
            else:
                pairs.append((group[0], " ".join(group[1:])))
        leftover = pending_author
    else:
        present = [line for line in lines if line]
        pairs = list(zip(present[::2], present[1::2], strict=False))
        leftover = present[-1] if len(present) % 2 else None
    if leftover is not None:
        warnings.append(f"the last comment line {leftover!r} has no text after it")
    return [Draft("comment", text, author) for author, text in pairs]


def assemble(
    title: str,
    source: str,
    drafts: list[Draft] | Columns,
    warnings: tuple[str, ...] = (),
    *,
    identifier: str | None = None,
    url: str = "",
    meta: dict[str, Any] | None = None,
    lang: str | None = None,
    declared_lang: Any = None,
) -> Article:
    """Join the blocks into the canonical text and record each block's offsets.

    Args:
        title: The title, also the first draft.
        source: Where the article came from.
        drafts: Every block in reading order, the title first (or their `Columns`).
        warnings: What the reader noticed but worked around.
        identifier: The article's id when the source gives one; else derived from the title.
        url: Where it was published.
        meta: Other fields of the source record.
        lang: The language the user gave (`--lang`), over any other.
        declared_lang: The language the source declares (a record's field, `<html lang>`);
            without either, the language is detected from the title and body.
    """
    blocks: list[Block] = []
    offset = 0
    gap = len(BLOCK_SEPARATOR)
    add_block = blocks.append  # (34,000 blocks in a 20 MB article)
    columns = drafts if isinstance(drafts, Columns) else Columns.of(drafts)
    for kind, part, author in zip(columns.kinds, columns.texts, columns.authors, strict=True):
        end = offset + len(part)
        add_block(new_block(kind, offset, end, author))
        offset = end + gap
    text = BLOCK_SEPARATOR.join(columns.texts)
    body_end = next((b.start for b in blocks if b.kind == "comment"), len(text))
    # Detection reads the start of the body only: a slice of that, not a copy of the body.
    body_start = text[: min(body_end, DETECTION_CHARS)]
    return Article(
        id=identifier or article_id(title),
        title=title,
        source=source,
        text=text,
        blocks=tuple(blocks),
        warnings=warnings,
        url=url,
        meta=meta or {},
        lang=choose_language(lang, declared_lang, body_start),
    )
