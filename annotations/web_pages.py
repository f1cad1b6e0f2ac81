"""Articles saved as web pages: the main text and reader comments, extracted by trafilatura.

trafilatura is an optional extra (`pip install 'news-annotator[html]'`): a maintained extractor
that finds an article's body and its comments in a page full of navigation and advertising.
"""

from __future__ import annotations

from annotations.model import Article
from annotations.parsing import ArticleError, Draft, assemble, body_blocks, check_title

INSTALL_HINT = "reading .html needs the html extra: pip install 'news-annotator[html]'"


def parse_html(html: str, source: str = "", lang: str | None = None) -> Article:
    """Extract the article (title, paragraphs, headings, list items) and comments of a page
    (`lang`: its language when the user gave it; else detected).

    Raises:
        ArticleError: trafilatura is not installed, or the page holds no article text.
    """
    try:
        import trafilatura
    except ImportError:
        raise ArticleError(source, INSTALL_HINT) from None
    try:
        document = trafilatura.bare_extraction(html, include_comments=True, with_metadata=True)
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
    comment_lines = [
        line.strip() for line in (getattr(document, "comments", None) or "").splitlines()
    ]
    if comment_lines and comment_lines[0].lower().rstrip(":") in ("comments", "reader comments"):
        comment_lines = comment_lines[1:]
    drafts.extend(Draft("comment", line, "") for line in comment_lines if line)
    url = getattr(document, "url", None) or ""
    return assemble(title, source, drafts, url=url, lang=lang)
