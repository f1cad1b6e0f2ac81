"""Reader comments in a saved web page, found by the page's own structure, and taken out of it.

Pages mark their comments in three ways, all read here:

* markup: a section whose class or id names comments (`#comments`, `ol.commentlist`,
  `#disqus_thread`, `.c-comments`, `.kommentare`...), holding one element a comment with an
  author part (`.comment-author .fn`, `.author`, `.c-comment__username`) and a text part
  (`.comment-content`, `.post-message`, `.c-comment__body`), and often a `<time>`
  (`annotations.comment_markup` reads them);
* schema.org microdata: `itemtype=".../Comment"` with `itemprop` `author`, `text` and
  `dateCreated`, read as markup whose names are the item properties;
* schema.org JSON-LD: `Comment` objects in `<script type="application/ld+json">`, used when the
  markup holds no comment.

(extruct would read microdata and JSON-LD too, but brings rdflib, pyRdfa, mf2py, html5lib,
BeautifulSoup and requests, about 11 MB, for two syntaxes that take lxml a few lines.)

The sections are removed from the tree, so that the article extractor never takes a comment,
its time stamp, the comment rules or the reply form for part of the article.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
from lxml.html import HtmlElement

from annotations.comment_markup import PageComment, Roles, comments_in, plain_text

SECTION_SPARE_CHARS = 600
"""A section grows to take in its parent's heading and rules while the parent holds no more
text than this besides the comments (an article's body is longer, and has the h1)."""

EMBEDS = {
    "disqus": "Disqus", "commento": "Commento", "giscus": "giscus", "utteranc": "utterances",
    "coral": "Coral", "hyvor": "Hyvor Talk", "remark42": "Remark42", "isso": "Isso",
    "cusdis": "Cusdis", "vuukle": "Vuukle", "viafoura": "Viafoura", "spot.im": "OpenWeb",
    "openweb": "OpenWeb", "livefyre": "Livefyre", "fb-comments": "Facebook comments",
    "talkyard": "Talkyard",
}
"""Comment services that load the comments with a script, by a word in their markup."""

_PAGE_TAGS = frozenset({"html", "body", "main", "head"})
_CONTAINERS = frozenset({"div", "section", "aside", "ol", "ul"})

__all__ = ["PageComment", "take_comments"]


def take_comments(tree: HtmlElement) -> tuple[list[PageComment], str | None]:
    """The page's reader comments, in page order, and a notice when it has none to give.

    The comment sections are removed from `tree`.

    Returns:
        The comments, and a one-line notice when the page's comments are loaded by a script
        (an empty `#disqus_thread`, an embed script) and so are not in the saved page.
    """
    roles = Roles()
    roots = _section_roots(tree, roles)
    comments: list[PageComment] = []
    holding: set[HtmlElement] = set()
    for root in roots:
        found = comments_in(root, roles)
        if found:
            comments.extend(found)
            holding.add(root)
    if not comments:
        comments = list(_json_ld_comments(tree))
    notice = None if comments else _script_notice(tree, roles)
    for node in _to_remove(roots, holding):
        node.drop_tree()
    return comments, notice


def _section_roots(tree: HtmlElement, roles: Roles) -> list[HtmlElement]:
    """The outermost elements that name comments and do not hold the article's title."""
    roots: list[HtmlElement] = []
    stack = [tree]
    while stack:
        element = stack.pop()
        if not isinstance(element.tag, str):
            continue
        if (
            element.tag not in _PAGE_TAGS
            and roles.names_comment(element)
            and not element.xpath(".//h1|.//*[@itemprop='articleBody']")
        ):
            roots.append(element)
            continue
        stack.extend(reversed(element))
    return roots


def _to_remove(roots: list[HtmlElement], holding: set[HtmlElement]) -> list[HtmlElement]:
    """The sections to take out: each root that holds comments, grown to take in the heading,
    rules and form its parent holds beside them (see `SECTION_SPARE_CHARS`), and the other
    roots when they are as small (a "12 comments" link, an empty `#disqus_thread`)."""
    every = set(roots)
    grown: list[HtmlElement] = []
    for root in roots:
        if any(g is root or g in root.iterancestors() for g in grown):
            continue
        node = root
        if root not in holding:
            if len(plain_text(root, lambda e: False)) > SECTION_SPARE_CHARS:
                continue
        else:
            while (parent := node.getparent()) is not None and parent.tag not in _PAGE_TAGS:
                if _holds_article(parent, every) or len(
                    plain_text(parent, lambda e: e in every)
                ) > SECTION_SPARE_CHARS:
                    break
                node = parent
        grown = [g for g in grown if node not in g.iterancestors()] + [node]
    return grown


def _holds_article(element: HtmlElement, sections: set[HtmlElement]) -> bool:
    """Whether the element holds the article: its h1, its body, an `<article>` outside the
    comment sections."""
    if element.xpath(".//*[@itemprop='articleBody']"):
        return True
    return any(
        found not in sections and not any(a in sections for a in found.iterancestors())
        for found in element.iter("h1", "article")
    )


def _json_ld_comments(tree: HtmlElement) -> Iterator[PageComment]:
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = orjson.loads(script.text or "")
        except orjson.JSONDecodeError:
            continue
        yield from _walk_json_ld(data)


def _walk_json_ld(data: Any) -> Iterator[PageComment]:
    if isinstance(data, list):
        for value in data:
            yield from _walk_json_ld(value)
        return
    if not isinstance(data, dict):
        return
    kinds = data.get("@type")
    if "Comment" in (kinds if isinstance(kinds, list) else [kinds]):
        text = data.get("text") or data.get("commentText") or ""
        if isinstance(text, str) and text.strip():
            when = data.get("dateCreated") or data.get("datePublished") or ""
            yield PageComment(
                _json_ld_name(data.get("author")),
                " ".join(text.split()),
                when if isinstance(when, str) else "",
            )
    for key, value in data.items():
        if key != "author":
            yield from _walk_json_ld(value)


def _json_ld_name(author: Any) -> str:
    if isinstance(author, list):
        author = author[0] if author else ""
    if isinstance(author, dict):
        author = author.get("name") or author.get("alternateName") or ""
    return " ".join(author.split()) if isinstance(author, str) else ""


def _script_notice(tree: HtmlElement, roles: Roles) -> str | None:
    """What to say when the comments are not in the page because a script loads them: an
    embed script, a container of a known service, or an empty comment container."""
    named = [e for e in tree.iter() if isinstance(e.tag, str) and roles.names_comment(e)]
    marks = " ".join(
        [
            *(script.get("src") or "" for script in tree.iter("script")),
            *("disqus" for s in tree.iter("script") if "disqus_" in (s.text or "")),
            *(f"{e.get('id') or ''} {e.get('class') or ''}" for e in named),
        ]
    ).lower()
    service = next((name for word, name in EMBEDS.items() if word in marks), None)
    empty = any(e.tag in _CONTAINERS and not e.text_content().strip() for e in named)
    if service is None and not empty:
        return None
    loader = f"a script ({service})" if service else "a script"
    return (
        f"the reader comments are not in the saved page: {loader} loads them when the page "
        "is viewed; only the article was read"
    )
