"""brat standoff: for each article NAME.txt (its text) and NAME.ann (its spans).

    T1<TAB>claim 120 180<TAB>the quoted text
    #1<TAB>AnnotatorNotes T1<TAB>the note

Offsets are code points into the .txt, as ours are (brat is Python). brat's spans cannot cross
a line break, so a span over a block boundary is written as fragments (`0 5;7 12`).
`annotation.conf` lists the labels so that brat opens the folder as it is, and `manifest.json`
says which article each NAME is.

NAME is the article's id where that is a safe file name, and otherwise a safe form of it
followed by a hash of the id: so every article gets its own pair, whatever its id (`a/b` and
`a_b`, `新闻` and `报道`), and the same id always gets the same name.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator

import orjson
import regex

from annotations.exporters import ExportItem, ExportOptions

MANIFEST = "manifest.json"
CONFIG = "annotation.conf"
MAX_NAME = 200
"""UTF-8 bytes of an id kept in its file name (file systems allow 255; a hash and `.ann` come
on top)."""

_UNSAFE = regex.compile(r"[^\w.\-]")
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))]
)
"""Names Windows will not create a file under, whatever the extension."""
_LINE_BREAK = re.compile(r"[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")


def safe_name(identifier: str) -> str:
    """The file name (without extension) of the article with this id.

    Letters and digits of any script with their marks, `.`, `-` and `_` are kept (in NFC);
    anything else (a separator, a control, an emoji) becomes `_`, and leading and trailing dots
    go. When that changed the id, or cut it to `MAX_NAME` bytes, or left a name Windows
    reserves, eight hex digits of the id's SHA-1 follow, so that two ids never share a name.
    """
    normal = unicodedata.normalize("NFC", identifier)
    name = _UNSAFE.sub("_", normal).strip(".")
    name = name.encode("utf-8")[:MAX_NAME].decode("utf-8", "ignore").rstrip(".")
    if name == identifier and name.split(".")[0].casefold() not in _RESERVED and name:
        return name
    digest = hashlib.sha1(identifier.encode("utf-8")).hexdigest()[:8]
    return f"{name}-{digest}" if name else f"article-{digest}"


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of `text[start:end]` between line breaks (any that Python's file reading
    or `str.splitlines` would split a line at)."""
    pieces = [match.span() for match in _LINE_BREAK.finditer(text, start, end)]
    return pieces or [(start, end)]


def _label(name: str) -> str:
    return re.sub(r"\s+", "_", name) or "label"


def _ann(text: str, item: ExportItem, labels: set[str]) -> bytes:
    lines = []
    for number, annotation in enumerate(item.annotations, 1):
        pieces = fragments(text, annotation.start, annotation.end)
        offsets = ";".join(f"{start} {end}" for start, end in pieces)
        quoted = " ".join(text[start:end] for start, end in pieces)
        label = _label(annotation.label)
        labels.add(label)
        lines.append(f"T{number}\t{label} {offsets}\t{quoted}\n")
        if annotation.note:
            note = " ".join(annotation.note.split())
            lines.append(f"#{number}\tAnnotatorNotes T{number}\t{note}\n")
    return "".join(lines).encode("utf-8")


def export_brat(
    items: Iterable[ExportItem], options: ExportOptions | None = None
) -> Iterator[tuple[str, bytes]]:
    """The folder's files, as (name, content), an article at a time; then `annotation.conf` and
    `manifest.json` (a list of `{"article_id", "title", "txt", "ann"}` in export order)."""
    labels: set[str] = set()
    manifest = []
    taken: set[str] = set()
    for item in items:
        article = item.article
        name = safe_name(article.id)
        # Only on a case-insensitive clash (`Article` beside `article`) or a file name made
        # from another id that happens to end in this one's hash: number it, in export order.
        number = 1
        while name.casefold() in taken:
            number += 1
            name = f"{safe_name(article.id)}-{number}"
        taken.add(name.casefold())
        yield f"{name}.txt", article.text.encode("utf-8")
        yield f"{name}.ann", _ann(article.text, item, labels)
        manifest.append({"article_id": article.id, "title": article.title,
                         "txt": f"{name}.txt", "ann": f"{name}.ann"})
    conf = "[entities]\n" + "".join(f"{label}\n" for label in sorted(labels))
    yield CONFIG, (conf + "[relations]\n[events]\n[attributes]\n").encode("utf-8")
    yield MANIFEST, orjson.dumps(
        manifest, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
    )
