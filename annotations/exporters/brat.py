"""brat standoff: for each article ARTICLE.txt (its text) and ARTICLE.ann (its spans).

    T1<TAB>claim 120 180<TAB>the quoted text
    #1<TAB>AnnotatorNotes T1<TAB>the note

Offsets are characters into the .txt, as ours are. brat's spans cannot cross a line break, so a
span over a block boundary is written as fragments (`0 5;7 12`). `annotation.conf` lists the
labels so that brat opens the folder as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from annotations.exporters import ExportItem, ExportOptions


def safe_name(identifier: str) -> str:
    """A file name made of the id (anything but letters, digits, `.`, `-`, `_` becomes `_`)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", identifier).lstrip(".") or "article"


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of `text[start:end]` between line breaks."""
    pieces = [
        (start + match.start(), start + match.end())
        for match in re.finditer(r"[^\n]+", text[start:end])
    ]
    return pieces or [(start, end)]


def _label(name: str) -> str:
    return re.sub(r"\s+", "_", name) or "label"


def export_brat(
    items: Iterable[ExportItem], options: ExportOptions | None = None
) -> Iterator[tuple[str, bytes]]:
    """The folder's files, as (name, content), an article at a time; annotation.conf last."""
    labels: set[str] = set()
    for item in items:
        article = item.article
        lines = []
        for number, annotation in enumerate(item.annotations, 1):
            pieces = fragments(article.text, annotation.start, annotation.end)
            offsets = ";".join(f"{start} {end}" for start, end in pieces)
            quoted = " ".join(article.text[start:end] for start, end in pieces)
            label = _label(annotation.label)
            labels.add(label)
            lines.append(f"T{number}\t{label} {offsets}\t{quoted}")
            if annotation.note:
                note = " ".join(annotation.note.split())
                lines.append(f"#{number}\tAnnotatorNotes T{number}\t{note}")
        name = safe_name(article.id)
        yield f"{name}.txt", article.text.encode("utf-8")
        yield f"{name}.ann", "".join(line + "\n" for line in lines).encode("utf-8")
    conf = "[entities]\n" + "".join(f"{label}\n" for label in sorted(labels))
    yield "annotation.conf", (conf + "[relations]\n[events]\n[attributes]\n").encode("utf-8")
