"""brat standoff: for each article NAME.txt (its text) and NAME.ann (its spans).

    T1<TAB>claim 120 180<TAB>the quoted text
    #1<TAB>AnnotatorNotes T1<TAB>the note
    R1<TAB>source Arg1:T1 Arg2:T2
    T3<TAB>article 0 55<TAB>the title
    A1<TAB>type T3 news

A relation is an `R` line from its head (`Arg1`) to its tail (`Arg2`). brat has attributes,
not labels for documents: the article's labels are attributes of an `article` annotation over
its title, and a comment's of a `comment` annotation over the comment; a value is written with
`_` for each run of white space (`opinion_piece`). An attribute holds one value, so a second
value of one set (another annotator's, or a second choice) is on a second annotation over the
same text.

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
from functools import lru_cache

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


@lru_cache(maxsize=1024)
def _label(name: str) -> str:
    """A label or relation type as brat names it (no blanks); a DB has a few, used over and
    over (a regular expression's substitution for each of 100k spans was a tenth of the
    export)."""
    return re.sub(r"\s+", "_", name) or "label"


class _Conf:
    """What annotation.conf declares, gathered from what the .ann files use."""

    def __init__(self) -> None:
        self.entities: set[str] = set()
        self.relations: dict[str, tuple[set[str], set[str]]] = {}
        self.attributes: dict[str, tuple[set[str], set[str]]] = {}

    def text(self) -> str:
        relations = "".join(
            f"{kind}\tArg1:{'|'.join(sorted(heads))}, Arg2:{'|'.join(sorted(tails))}\n"
            for kind, (heads, tails) in sorted(self.relations.items()))
        attributes = "".join(
            f"{name}\tArg:{'|'.join(sorted(targets))}, Value:{'|'.join(sorted(values))}\n"
            for name, (targets, values) in sorted(self.attributes.items()))
        entities = "".join(f"{label}\n" for label in sorted(self.entities))
        return f"[entities]\n{entities}[relations]\n{relations}[events]\n[attributes]\n" \
            f"{attributes}"


def _text_bound(text: str, number: int, label: str, start: int, end: int) -> str:
    pieces = fragments(text, start, end)
    offsets = ";".join(f"{a} {b}" for a, b in pieces)
    quoted = " ".join(text[a:b] for a, b in pieces)
    return f"T{number}\t{label} {offsets}\t{quoted}\n"


def _ann(text: str, item: ExportItem, conf: _Conf) -> bytes:
    lines = []
    numbers: dict[str, int] = {}
    for number, annotation in enumerate(item.annotations, 1):
        numbers[annotation.id] = number
        label = _label(annotation.label)
        conf.entities.add(label)
        lines.append(_text_bound(text, number, label, annotation.start, annotation.end))
        if annotation.note:
            note = " ".join(annotation.note.split())
            lines.append(f"#{number}\tAnnotatorNotes T{number}\t{note}\n")
    by_id = {annotation.id: annotation for annotation in item.annotations}
    for number, relation in enumerate(item.placed_relations(), 1):
        kind = _label(relation.type)
        heads, tails = conf.relations.setdefault(kind, (set(), set()))
        heads.add(_label(by_id[relation.head].label))
        tails.add(_label(by_id[relation.tail].label))
        lines.append(f"R{number}\t{kind} Arg1:T{numbers[relation.head]} "
                     f"Arg2:T{numbers[relation.tail]}\n")
    lines += _labelled(text, item, conf, len(item.annotations))
    return "".join(lines).encode("utf-8")


def _labelled(text: str, item: ExportItem, conf: _Conf, spans: int) -> list[str]:
    """The `article` and `comment` annotations of the article's labels, and the attributes
    that hold them."""
    article = item.article
    targets = [("article", article.blocks[0], item.article_labels())] + [
        ("comment", block, item.comment_labels(place))
        for place, block in enumerate(article.comments)
    ]
    lines: list[str] = []
    number, attribute = spans, 0
    for kind, block, labels in targets:
        values: dict[str, list[str]] = {}
        for label in labels:
            taken = values.setdefault(_label(label.name), [])
            taken += [v for v in map(_label, label.choices) if v not in taken]
        # An attribute holds one value: a second one (another annotator's, or a second choice
        # of a set that allows several) goes on a second annotation over the same text.
        for layer in range(max((len(v) for v in values.values()), default=0)):
            number += 1
            conf.entities.add(kind)
            lines.append(_text_bound(text, number, kind, block.start, block.end))
            for name, taken in values.items():
                if layer < len(taken):
                    attribute += 1
                    kinds, allowed = conf.attributes.setdefault(name, (set(), set()))
                    kinds.add(kind)
                    allowed.add(taken[layer])
                    lines.append(f"A{attribute}\t{name} T{number} {taken[layer]}\n")
    return lines


def export_brat(
    items: Iterable[ExportItem], options: ExportOptions | None = None
) -> Iterator[tuple[str, bytes]]:
    """The folder's files, as (name, content), an article at a time; then `annotation.conf` and
    `manifest.json` (a list of `{"article_id", "title", "txt", "ann"}` in export order)."""
    conf = _Conf()
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
        yield f"{name}.ann", _ann(article.text, item, conf)
        manifest.append({"article_id": article.id, "title": article.title,
                         "txt": f"{name}.txt", "ann": f"{name}.ann"})
    yield CONFIG, conf.text().encode("utf-8")
    yield MANIFEST, orjson.dumps(
        manifest, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
    )
