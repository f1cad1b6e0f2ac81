"""Reading articles written in Markdown.

    # Title
    A paragraph, which may wrap
    over several lines.

    ## A heading

    - a list item

    ## Comments

    **Author**
    The comment's text.

Text is kept as written: `**bold**` and `[links](...)` inside a paragraph stay as typed.
"""

from __future__ import annotations

import re

from annotations.model import Article
from annotations.parsing import ArticleError, Draft, assemble, body_blocks, check_title, groups

_HEADING = re.compile(r"^#{2,6}\s+(.*?)\s*#*$")
_COMMENTS = re.compile(r"^#{2,6}\s+(?:(\d[\d,]*)\s+)?(?:reader\s+)?comments?\s*#*$", re.IGNORECASE)
_AUTHOR = re.compile(r"^\*\*(.+?)\*\*:?\s*(.*)$")


def parse_markdown(raw: str, source: str = "", lang: str | None = None) -> Article:
    """Parse a Markdown article (`lang`: its language when the user gave it; else detected).

    Raises:
        ArticleError: there is no title.
    """
    lines = [line.strip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    if not lines:
        raise ArticleError(source, "the file is empty")
    title = markdown_title(lines[0])
    check_title(title, source)
    rest = lines[1:]
    marker = next((i for i, line in enumerate(rest) if _COMMENTS.match(line)), None)
    body = rest if marker is None else rest[:marker]
    drafts = [Draft("title", title), *_body(body)]
    warnings: list[str] = []
    if marker is not None:
        comments = _comments(rest[marker + 1 :])
        match = _COMMENTS.match(rest[marker])
        if match and match.group(1):
            expected = int(match.group(1).replace(",", ""))
            if expected != len(comments):
                warnings.append(
                    f"the article says {expected} comments but {len(comments)} were read"
                )
        drafts.extend(comments)
    return assemble(title, source, drafts, tuple(warnings), lang=lang)


def markdown_title(first_line: str) -> str:
    """The title a Markdown article's first line gives (without its `#`)."""
    return re.sub(r"^#\s+", "", first_line.strip()).strip()


def _body(lines: list[str]) -> list[Draft]:
    drafts: list[Draft] = []
    run: list[str] = []
    for line in [*lines, ""]:
        heading = _HEADING.match(line)
        if heading or not line:
            if run:
                drafts.extend(body_blocks([run], find_headings=False))
                run = []
            if heading and heading.group(1):
                drafts.append(Draft("heading", heading.group(1)))
        else:
            run.append(line)
    return drafts


def _comments(lines: list[str]) -> list[Draft]:
    comments: list[Draft] = []
    for run in groups(lines):
        for line in run:
            author = _AUTHOR.match(line)
            if author:
                comments.append(Draft("comment", author.group(2), author.group(1).strip()))
            elif comments:
                joined = f"{comments[-1].text} {line}".strip()
                comments[-1].text = joined
            else:
                comments.append(Draft("comment", line, ""))
    return [comment for comment in comments if comment.text]
