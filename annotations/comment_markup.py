"""How a comment section marks up its comments: which element is a comment's author, its text,
its time, or a button beside it, told by class and id names and schema.org item properties.

A name counts by its words (`c-comment__body` is c, comment, body), and a part by the last word
of a name: `comment-text` is a text part, `text-muted` is not. Each comment's text part is the
innermost one that holds no author; the comment is the largest element around it that holds no
other comment's text, and its author and time are found there. Sections whose comments have no
text part (`div.comment > span.author + p`) give each comment-named element with an author
of its own, its paragraphs as text.

Every element is classified once and each search walks the section a bounded number of times,
so a page with a thousand comments takes about a quarter of a second.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml.html import HtmlElement

COMMENT_WORDS = frozenset({
    "comment", "comments", "commentlist", "disqus", "kommentar", "kommentare", "kommentarer",
    "commentaire", "commentaires", "comentario", "comentarios", "comentário", "comentários",
    "commento", "commenti", "komentarz", "komentarze", "reactie", "reacties", "yorum", "yorumlar",
})
"""Words that, in a class or id, name a comment or a section of them."""

AUTHOR_WORDS = frozenset({
    "author", "fn", "username", "user", "nickname", "nick", "commenter", "byline", "poster",
    "autor", "auteur", "autore",
})
TEXT_WORDS = frozenset({
    "content", "body", "text", "message", "msg", "texto", "texte", "testo", "inhalt",
})
TIME_WORDS = frozenset({
    "date", "time", "timestamp", "stamp", "datetime", "published", "ago", "posted", "zeit",
    "datum", "fecha", "heure",
})
NOISE_WORDS = frozenset({
    "meta", "metadata", "commentmetadata", "reply", "actions", "action", "vote", "votes", "like",
    "likes", "share", "report", "flag", "avatar", "permalink", "edit", "says", "tools",
    "toolbar", "button", "buttons", "menu", "count", "badge", "respond", "form", "antworten",
    "responder", "repondre", "rispondi", "odpowiedz", "melden", "teilen",
})
"""Words naming the parts of a comment that are not its text: links, buttons, counters."""

NOISE_TAGS = frozenset({
    "script", "style", "noscript", "template", "button", "form", "input", "textarea", "select",
    "label", "img", "svg", "picture", "nav", "iframe",
})
BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "blockquote", "pre", "section", "article", "header",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "tr", "td", "table", "figure",
})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
AUTHOR_PROPS = frozenset({"author", "creator"})
TEXT_PROPS = frozenset({"text", "commenttext"})
TIME_PROPS = frozenset({"datecreated", "datepublished"})

_SPLIT_WORDS = re.compile(r"[\W_]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_COMMENT_TYPE = re.compile(r"schema\.org/Comment$", re.IGNORECASE)

COMMENT, AUTHOR, TEXT, TIME, NOISE = "comment", "author", "text", "time", "noise"


@dataclass(frozen=True)
class PageComment:
    """One reader comment as the page gives it."""

    author: str
    """Who wrote it; empty when the page does not say."""
    text: str
    """What they wrote, as plain text on one line."""
    time: str = ""
    """When, as the page gives it (an ISO 8601 `datetime` where it has one); may be empty."""


class Roles:
    """What each element of a page is to a comment, worked out once per element."""

    def __init__(self) -> None:
        self._known: dict[HtmlElement, frozenset[str]] = {}

    def of(self, element: HtmlElement) -> frozenset[str]:
        """The roles of an element: comment (it names one), author, text, time, noise."""
        known = self._known.get(element)
        if known is None:
            known = self._known[element] = _roles(element)
        return known

    def names_comment(self, element: HtmlElement) -> bool:
        """Whether the element's class, id or item type names a comment."""
        return COMMENT in self.of(element)


def _roles(element: HtmlElement) -> frozenset[str]:
    tokens = f"{element.get('class') or ''} {element.get('id') or ''}".split()
    words = [[w for w in _SPLIT_WORDS.split(_CAMEL.sub(" ", t).lower()) if w] for t in tokens]
    last = {token[-1] for token in words if token}
    every = {word for token in words for word in token}
    props = set((element.get("itemprop") or "").lower().split())
    roles = set()
    if every & COMMENT_WORDS or "comment" in props or _COMMENT_TYPE.search(
        element.get("itemtype") or ""
    ):
        roles.add(COMMENT)
    if (
        props & AUTHOR_PROPS
        or element.get("rel") == "author"
        or last & AUTHOR_WORDS
        or any(len(token) > 1 and token[-1] == "name" for token in words)
    ):
        roles.add(AUTHOR)
    if element.tag == "time" or props & TIME_PROPS or last & TIME_WORDS:
        roles.add(TIME)
    if element.tag in NOISE_TAGS or every & NOISE_WORDS:
        roles.add(NOISE)
    if props & TEXT_PROPS or (last & TEXT_WORDS and not roles & {AUTHOR, TIME, NOISE}):
        roles.add(TEXT)
    return frozenset(roles)


def elements(
    root: HtmlElement, prune: Callable[[HtmlElement], bool] = lambda element: False
) -> Iterator[HtmlElement]:
    """The elements under `root` (itself first) in page order, outside forms (a reply form's
    "Name" field is no author) and outside the elements `prune` picks."""
    stack = [root]
    while stack:
        element = stack.pop()
        if not isinstance(element.tag, str) or element.tag == "form":
            continue
        if element is not root and prune(element):
            continue
        yield element
        stack.extend(reversed(element))


def _up_to(element: HtmlElement, root: HtmlElement) -> Iterator[HtmlElement]:
    """The element's ancestors, nearest first, up to `root` (included)."""
    for ancestor in element.iterancestors():
        yield ancestor
        if ancestor is root:
            return


def comments_in(root: HtmlElement, roles: Roles) -> list[PageComment]:
    """The comments of one comment section, in page order."""
    noisy: set[HtmlElement] = set()
    for element in elements(root):
        if element is not root and (element.getparent() in noisy or NOISE in roles.of(element)):
            noisy.add(element)
    holds_author = {
        ancestor
        for element in elements(root)
        if AUTHOR in roles.of(element) and value(element)
        for ancestor in _up_to(element, root)
    }
    texts = [
        e for e in elements(root)
        if TEXT in roles.of(e) and e not in noisy and e not in holds_author
    ]
    holds_text = Counter(ancestor for text in texts for ancestor in _up_to(text, root))
    texts = [text for text in texts if text not in holds_text]  # the innermost only
    if texts:
        holds_text = Counter(ancestor for text in texts for ancestor in _up_to(text, root))
        items = [_item_of(text, root, holds_text) for text in texts]
        return [
            _comment_around(text, item, items, root, roles)
            for text, item in zip(texts, items, strict=True)
        ]
    return _comments_without_text_parts(root, roles)


def _item_of(text: HtmlElement, root: HtmlElement, holds_text: Counter[HtmlElement]) -> HtmlElement:
    """The largest element around a comment's text that holds no other comment's text."""
    item = text
    while item is not root and holds_text[item.getparent()] == 1:
        item = item.getparent()
    return item


def _comment_around(
    text: HtmlElement,
    item: HtmlElement,
    items: list[HtmlElement],
    root: HtmlElement,
    roles: Roles,
) -> PageComment:
    """The comment whose text is `text`. When its author is not in `item` (a reply nested in
    the element that holds its parent's author and text), the element around it that has
    it, leaving out the other comments."""
    is_author = _has_role(roles, AUTHOR)
    if _first(item, is_author, {text}) is not None:
        return _comment_of(item, text, {text}, roles)
    node = item
    while node is not root and (node := node.getparent()) is not None:
        inside = {other for other in items if other is not item and node in other.iterancestors()}
        skipped = {text, *inside}
        if _first(node, is_author, skipped) is not None:
            return _comment_of(node, text, skipped, roles)
    return _comment_of(item, text, {text}, roles)


def _comments_without_text_parts(root: HtmlElement, roles: Roles) -> list[PageComment]:
    candidates = {
        e for e in elements(root)
        if roles.names_comment(e) and not roles.of(e) & {AUTHOR, TIME, NOISE}
    }
    owners = set()
    for element in elements(root):
        if AUTHOR in roles.of(element) and value(element):
            owner = next((a for a in element.iterancestors() if a in candidates), None)
            if owner is not None:
                owners.add(owner)
    found = []
    for item in (e for e in elements(root) if e in owners):
        comment = _comment_of(item, None, candidates - {item}, roles)
        if comment.text:
            found.append(comment)
    return found


def _has_role(roles: Roles, role: str) -> Callable[[HtmlElement], bool]:
    return lambda element: role in roles.of(element)


def _comment_of(
    item: HtmlElement, text: HtmlElement | None, skipped: set[HtmlElement], roles: Roles
) -> PageComment:
    """The author, text and time of the comment `item`, outside the `skipped` elements; its
    text is `text`, or (None) the item's paragraphs besides its author, time and buttons."""
    author = _first(item, _has_role(roles, AUTHOR), skipped)
    when = _first(item, _has_role(roles, TIME), skipped)
    if text is not None:
        body = plain_text(text, lambda e: e.tag in NOISE_TAGS)
    else:
        def aside(element: HtmlElement) -> bool:
            return (
                bool(roles.of(element) & {AUTHOR, TIME, NOISE})
                or element.tag in HEADINGS
                or element in skipped
            )

        kept = list(elements(item, aside))
        paragraphs = [e for e in kept if e.tag in ("p", "blockquote")]
        outer = [p for p in paragraphs if not any(a in paragraphs for a in p.iterancestors())]
        body = (
            " ".join(plain_text(p, aside) for p in outer) if outer else plain_text(item, aside)
        )
    return PageComment(value(author, name=True), body, value(when, time=True))


def _first(
    item: HtmlElement, test: Callable[[HtmlElement], bool], skipped: set[HtmlElement]
) -> HtmlElement | None:
    """The first element in `item` that passes `test` and says something, outside the
    `skipped` elements; the innermost such inside it (`.comment-author` → its `.fn`)."""
    for element in elements(item, lambda e: e in skipped):
        if element is item or not test(element) or not value(element, name=True, time=True):
            continue
        inner = [e for e in elements(element) if e is not element and test(e) and value(e)]
        return inner[0] if inner else element
    return None


def value(element: HtmlElement | None, *, name: bool = False, time: bool = False) -> str:
    """What an element says: a microdata `content`, a time's `datetime` (or the full date a
    "2 days ago" link has in its title), a person's `name`, else its text."""
    if element is None:
        return ""
    if name and element.get("itemscope") is not None:
        named = element.xpath(".//*[@itemprop='name']")
        if named:
            element = named[0]
    for attribute in ("content", *(("datetime", "title") if time else ())):
        if element.get(attribute):
            return " ".join(element.get(attribute).split())
    if time:
        inner = element.xpath(".//time[@datetime]")
        if inner:
            return " ".join(inner[0].get("datetime").split())
    return " ".join(element.text_content().split())


def plain_text(element: HtmlElement, skip: Callable[[HtmlElement], bool]) -> str:
    """The element's text on one line, blocks separated by a space, skipping some elements."""
    pieces: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node.text:
            pieces.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and not skip(child):
                block = child.tag in BLOCK_TAGS
                pieces.append(" " if block else "")
                walk(child)
                pieces.append(" " if block else "")
            if child.tail:
                pieces.append(child.tail)

    walk(element)
    return " ".join("".join(pieces).split())
