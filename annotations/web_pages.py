"""Articles saved as web pages: the main text by trafilatura, the reader comments by the page's
own structure (`annotations.page_comments`).

The comment sections are taken out of the page before trafilatura sees it, so that no comment,
time stamp or comment rule becomes a paragraph of the article. The page's language is its
`<html lang>` (or its `Content-Language`), when it declares one.

trafilatura and lxml are an optional extra (`pip install 'news-annotator[html]'`).
"""

from __future__ import annotations

from typing import Any

from annotations.model import Article
from annotations.parsing import ArticleError, Draft, assemble, body_blocks, check_title

INSTALL_HINT = "reading .html needs the html extra: pip install 'news-annotator[html]'"


def parse_html(html: str, source: str = "", lang: str | None = None) -> Article:
    """Extract the article (title, paragraphs, headings, list items) and comments of a page.

    Args:
        html: The page's markup.
        source: Where it came from, kept on the article and used in messages.
        lang: The article's language when the user gave it, over the page's own.

    Raises:
        ArticleError: trafilatura is not installed, or the page holds no article text.
    """
    try:
        import lxml.html
        import trafilatura

        from annotations.page_comments import take_comments
    except ImportError:
        raise ArticleError(source, INSTALL_HINT) from None
    try:
        tree = lxml.html.document_fromstring(html)
        declared = _declared_language(tree)
        comments, notice = take_comments(tree)
        document = trafilatura.bare_extraction(tree, include_comments=False, with_metadata=True)
    except Exception as error:  # lxml and trafilatura raise many kinds on broken markup
        raise ArticleError(source, f"not a readable web page ({error})") from None
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise ArticleError(source, "no article text found in this web page")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = (getattr(document, "title", None) or "").strip() or lines[0]
    if lines and lines[0] == title:
        lines = lines[1:]
    check_title(title, source)
    drafts = [Draft("title", title), *body_blocks([[line] for line in lines])]
    drafts.extend(Draft("comment", c.text, c.author) for c in comments if c.text)
    times = [c.time for c in comments if c.text]
    meta: dict[str, Any] = {"comment_times": times} if any(times) else {}
    url = getattr(document, "url", None) or ""
    return assemble(
        title,
        source,
        drafts,
        (notice,) if notice else (),
        url=url,
        meta=meta,
        lang=lang,
        declared_lang=declared,
    )


def _declared_language(tree: Any) -> str | None:
    """The language the page says it is in: `<html lang>`, `xml:lang`, or Content-Language."""
    root = tree.getroottree().getroot()
    for name in ("lang", "{http://www.w3.org/XML/1998/namespace}lang", "xml:lang"):
        if root.get(name):
            return str(root.get(name))
    for meta in tree.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "content-language" and meta.get("content"):
            return str(meta.get("content")).split(",")[0]
    return None
