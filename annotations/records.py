"""Articles stored as JSON records, the way datasets of articles usually are.

    {"title": "...", "text": "paragraphs separated by blank lines",
     "comments": [{"author": "...", "text": "..."}], "id": "...", "url": "..."}

`paragraphs` (a list of strings) may stand in for `text`. A `lang` (or `language`) field such as
`"th"` or `"pt-BR"` gives the article's language. Other keys are kept as the article's
metadata. A `.json` file holds one record or a list of them; a `.jsonl` file one record a line.
"""

from __future__ import annotations

from typing import Any

from annotations.languages import language_code
from annotations.model import Article
from annotations.parsing import ArticleError, Draft, assemble, body_blocks, check_title, groups

KNOWN_KEYS = frozenset({"title", "text", "paragraphs", "comments", "id", "url"})


def record_id(record: dict[str, Any]) -> str | None:
    """The record's own id, as text, or None when it has none."""
    value = record.get("id")
    if value is None or value == "" or isinstance(value, (dict, list, bool)):
        return None
    return str(value)


def check_record(record: Any, source: str) -> dict[str, Any]:
    """Make sure a record can become an article, cheaply (before the article is built).

    Raises:
        ArticleError: it is not an object, or lacks a title or a body of the right type.
    """
    if not isinstance(record, dict):
        raise ArticleError(source, f"expected a JSON object, found {type(record).__name__}")
    title = record.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ArticleError(source, 'the record has no "title" (a non-empty string)')
    check_title(title.strip(), source)
    text, paragraphs = record.get("text"), record.get("paragraphs")
    if paragraphs is not None:
        if not isinstance(paragraphs, list) or not all(isinstance(p, str) for p in paragraphs):
            raise ArticleError(source, '"paragraphs" must be a list of strings')
    elif not isinstance(text, str):
        raise ArticleError(source, 'the record has no "text" (a string) or "paragraphs"')
    comments = record.get("comments")
    if comments is not None and (
        not isinstance(comments, list)
        or not all(isinstance(c, dict) and isinstance(c.get("text", ""), str) for c in comments)
    ):
        raise ArticleError(source, '"comments" must be a list of {"author", "text"} objects')
    return record


def article_from_record(record: Any, source: str, lang: str | None = None) -> Article:
    """Build the article a record describes (`lang`: its language when the user gave it, over
    the record's own `lang` or `language` field).

    Raises:
        ArticleError: see `check_record`.
    """
    record = check_record(record, source)
    title = record["title"].strip()
    drafts = [Draft("title", title)]
    if record.get("paragraphs") is not None:
        runs = [
            [line.strip() for line in p.splitlines() if line.strip()] for p in record["paragraphs"]
        ]
    else:
        runs = groups([line.strip() for line in record["text"].splitlines()])
    drafts.extend(body_blocks([run for run in runs if run]))
    for comment in record.get("comments") or ():
        text = " ".join(str(comment.get("text", "")).split())
        if text:
            drafts.append(Draft("comment", text, str(comment.get("author") or "")))
    url = record.get("url")
    return assemble(
        title,
        source,
        drafts,
        identifier=record_id(record),
        url=url if isinstance(url, str) else "",
        meta={key: value for key, value in record.items() if key not in KNOWN_KEYS},
        lang=lang,
        declared_lang=language_code(record.get("lang")) or record.get("language"),
    )
