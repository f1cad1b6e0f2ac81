"""Articles' ids: stable and readable, derived from the title."""

from __future__ import annotations

import hashlib
import re
import unicodedata

SLUG_MAX_CHARS = 48
"""The readable part of an article's id is cut to about this many characters."""


def article_id(title: str) -> str:
    """A stable, readable identifier derived from an article's title.

    The title survives the edits an article usually gets (a typo fixed, a paragraph added), so
    the same article keeps its id, and with it its annotations, when its text changes. A title
    with Latin letters gives an ASCII slug (`cafe-creme-0717deab`); one without (Thai, Chinese,
    Arabic...) keeps its own letters (`ข่าวเศรษฐกิจไทย-b0bac33e`), since ids become file
    names in exports and a bare hash names nothing.
    """
    digest = hashlib.sha256(title.strip().encode("utf-8")).hexdigest()[:8]
    slug = _ascii_slug(title)
    if not re.search("[a-z]", slug):
        slug = _unicode_slug(title)
    return f"{slug}-{digest}" if slug else digest


def legacy_article_id(title: str) -> str:
    """The id that `article_id` gave before titles without Latin letters kept their own letters
    (a bare hash, or the title's digits and a hash), for finding annotations made then."""
    digest = hashlib.sha256(title.strip().encode("utf-8")).hexdigest()[:8]
    slug = _ascii_slug(title)
    return f"{slug}-{digest}" if slug else digest


def _ascii_slug(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if len(slug) > SLUG_MAX_CHARS:
        slug = slug[: SLUG_MAX_CHARS + 1].rsplit("-", 1)[0]
    return slug


def _unicode_slug(title: str) -> str:
    """Letters, marks and digits of any script, in runs joined by `-`, cut between words (or,
    in scripts written without spaces, between characters but never before a combining mark)."""
    words = "".join(
        character if unicodedata.category(character)[0] in "LMN" else " "
        for character in unicodedata.normalize("NFC", title).lower()
    ).split()
    slug = "-".join(words)
    if len(slug) > SLUG_MAX_CHARS:
        cut = slug[: SLUG_MAX_CHARS + 1].rfind("-")
        if cut <= 0:
            cut = SLUG_MAX_CHARS
            while cut > 1 and unicodedata.category(slug[cut])[0] == "M":
                cut -= 1
        slug = slug[:cut]
    return slug
