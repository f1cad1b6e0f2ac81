"""Opening a set of articles: files, folders, glob patterns, and JSON/JSONL datasets.

Formats by file ending: `.txt` (plain text, see `annotations.parsing`), `.md` (Markdown), `.json`
(one record or a list) and `.jsonl` (one record a line, see `annotations.records`), `.html`
(a saved web page, see `annotations.web_pages`).

A set of tens of thousands of records opens quickly: each record is only checked when the set
is opened, and becomes an `Article` when it is first shown. One bad file, or one bad line of a
JSONL file, never stops the set: it is reported in `errors` and the rest open.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, overload

import orjson

from annotations.markdown import markdown_title, parse_markdown
from annotations.model import Article
from annotations.parsing import (
    FILE_MAX_BYTES,
    ArticleError,
    article_id,
    check_title,
    decode_article_bytes,
    parse_text,
)
from annotations.records import article_from_record, check_record, record_id
from annotations.schema import Status
from annotations.web_pages import parse_html

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".json", ".jsonl", ".html", ".htm")
"""File endings opened when a folder is given."""

DATASET_MAX_BYTES = 2 * 1024**3
"""`.json` and `.jsonl` datasets may be larger than one article (`FILE_MAX_BYTES`)."""

_GLOB_CHARACTERS = set("*?[")


@dataclass
class Entry:
    """One article of a set, built when first needed."""

    id: str
    """The article's id, known before it is built."""
    title: str
    """Its title, for lists."""
    source: str
    """Where it comes from (a path, or `path:line` for a JSONL record)."""
    build: Callable[[], Article] = field(repr=False)
    """Makes the article."""
    _article: Article | None = field(default=None, repr=False)

    @property
    def article(self) -> Article:
        """The article (built on first use, then kept)."""
        built = self._article if self._article is not None else self.build()
        if built.id != self.id:  # renamed to be unique in the set
            built = replace(built, id=self.id)
        self._article = built
        return built


class ArticleSet(Sequence[Article]):
    """The articles opened together, in order, and the files or records that were skipped."""

    def __init__(self, entries: Sequence[Entry], errors: Sequence[ArticleError] = ()) -> None:
        self.entries = tuple(entries)
        self.errors = tuple(errors)

    @property
    def articles(self) -> ArticleSet:
        """The set itself, as a sequence of articles (kept for readability at call sites)."""
        return self

    def __len__(self) -> int:
        return len(self.entries)

    @overload
    def __getitem__(self, index: int) -> Article: ...

    @overload
    def __getitem__(self, index: slice) -> list[Article]: ...

    def __getitem__(self, index: int | slice) -> Article | list[Article]:
        if isinstance(index, slice):
            return [entry.article for entry in self.entries[index]]
        return self.entries[index].article

    def __iter__(self) -> Iterator[Article]:
        return (entry.article for entry in self.entries)

    @classmethod
    def of(cls, articles: Sequence[Article]) -> ArticleSet:
        """A set of articles already built."""
        return cls([_ready(article) for article in articles])

    def resume_position(self, statuses: dict[str, str]) -> int:
        """Where to start: the first article neither done nor skipped (else the first)."""
        return self.next_unfinished(-1, statuses) or 0

    def next_unfinished(self, after: int, statuses: dict[str, str]) -> int | None:
        """The next article after position `after` that is neither done nor skipped, wrapping
        round to the start; None when every article is done or skipped."""
        count = len(self.entries)
        for step in range(1, count + 1):
            position = (after + step) % count
            status = statuses.get(self.entries[position].id, Status.NEW)
            if status not in (Status.DONE, Status.SKIPPED):
                return position
        return None


def read_article(path: str | Path, lang: str | None = None) -> Article:
    """Read a file holding one article (for a dataset file, its first record).

    `lang` is the article's language when the user gave it (see `annotations.languages`).

    Raises:
        ArticleError: the file cannot be read or holds no article.
    """
    entries, errors = read_file(Path(path), lang)
    if not entries:
        raise errors[0] if errors else ArticleError(path, "no article in this file")
    return entries[0].article


def read_file(
    path: Path, lang: str | None = None
) -> tuple[list[Entry], list[ArticleError]]:
    """The articles of one file, and the records of it that could not be read (`lang`: their
    language when the user gave it).

    Raises:
        ArticleError: the whole file is unreadable (missing, empty, binary, not UTF-8...).
    """
    suffix = path.suffix.lower()
    dataset = suffix in (".json", ".jsonl")
    data = _read_bytes(path, DATASET_MAX_BYTES if dataset else FILE_MAX_BYTES,
                       "a dataset" if dataset else "an article")
    if suffix == ".jsonl":
        return _jsonl_entries(data, path, lang)
    text = decode_article_bytes(data, path)
    if suffix == ".json":
        return _json_entries(text, path, lang)
    if suffix in (".html", ".htm"):
        return [_ready(parse_html(text, str(path), lang))], []
    reader = parse_markdown if suffix in (".md", ".markdown") else parse_text
    return [_text_entry(text, str(path), reader, lang)], []


def _text_entry(
    text: str, source: str, reader: Callable[[str, str, str | None], Article], lang: str | None
) -> Entry:
    """An entry for a plain-text or Markdown article, parsed when first shown.

    Its title and id come from its first line (what the parser takes for the title), checked
    now, so a bad file is still reported when the set opens.
    """
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    title = markdown_title(first) if reader is parse_markdown else first
    check_title(title, source)
    return Entry(article_id(title), title, source, lambda: reader(text, source, lang))


def _read_bytes(path: Path, limit: int, what: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise ArticleError(
                path,
                f"too large for {what} ({size / 2**20:.0f} MB; the limit is "
                f"{limit // 2**20} MB)",
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(path, _broken_link(path) or "no such file") from None
    except IsADirectoryError:
        raise ArticleError(path, "is a directory, not an article file") from None
    except OSError as error:
        raise ArticleError(path, _broken_link(path) or error.strerror or str(error)) from None


def _broken_link(path: Path) -> str | None:
    """`a broken link (to TARGET)` when `path` is a symbolic link to nothing (or to itself, in
    a loop), else None."""
    try:
        target = os.readlink(path)
    except OSError:  # not a link at all
        return None
    return None if path.exists() else f"a broken link (to {target})"


def _ready(article: Article) -> Entry:
    return Entry(article.id, article.title, article.source, lambda: article, article)


def _record_entry(record: Any, source: str, lang: str | None) -> Entry:
    record = check_record(record, source)
    identifier = record_id(record) or article_id(record["title"].strip())
    return Entry(
        identifier,
        record["title"].strip(),
        source,
        lambda: article_from_record(record, source, lang),
    )


def _json_entries(
    text: str, path: Path, lang: str | None
) -> tuple[list[Entry], list[ArticleError]]:
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise ArticleError(path, f"not valid JSON ({error})") from None
    records = document if isinstance(document, list) else [document]
    entries: list[Entry] = []
    errors: list[ArticleError] = []
    for number, record in enumerate(records, 1):
        source = f"{path}#{number}" if isinstance(document, list) else str(path)
        try:
            entries.append(_record_entry(record, source, lang))
        except ArticleError as error:
            errors.append(error)
    if not entries and not errors:
        raise ArticleError(path, "the JSON list is empty")
    return entries, errors


def _jsonl_entries(
    data: bytes, path: Path, lang: str | None
) -> tuple[list[Entry], list[ArticleError]]:
    if not data.strip():
        raise ArticleError(path, "the file is empty")
    if b"\x00" in data:
        raise ArticleError(path, "this is a binary file, not JSON lines")
    entries: list[Entry] = []
    errors: list[ArticleError] = []
    for number, line in enumerate(data.split(b"\n"), 1):
        if not line.strip():
            continue
        source = f"{path}:{number}"
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            errors.append(ArticleError(source, f"not valid JSON ({error})"))
            continue
        try:
            entries.append(_record_entry(record, source, lang))
        except ArticleError as error:
            errors.append(error)
    if not entries and errors and all("not valid JSON" in e.cause for e in errors):
        raise ArticleError(path, f"not JSON lines: {errors[0].cause}")
    return entries, errors


def _expand(given: str | Path) -> list[Path]:
    """The files a command-line path names: itself, a folder's articles, or a glob's matches.

    Raises:
        ArticleError: nothing exists there, nothing matches, or the folder has no articles.
    """
    path = Path(given)
    if path.is_dir():
        found = sorted(
            (
                child
                for child in path.iterdir()
                if child.suffix.lower() in ARTICLE_SUFFIXES
                # a broken link is kept, to be named when it is skipped, not passed over in silence
                and (child.is_file() or _broken_link(child) is not None)
                and not child.name.startswith(".")
            ),
            key=lambda child: child.name,
        )
        if not found:
            suffixes = ", ".join(ARTICLE_SUFFIXES)
            raise ArticleError(path, f"no article files ({suffixes}) in this directory")
        return found
    if path.exists() or _broken_link(path) is not None:
        return [path]
    if _GLOB_CHARACTERS & set(str(given)):
        matches = sorted(Path(match) for match in glob.glob(str(given)))
        files = [match for match in matches if match.is_file()]
        if not files:
            raise ArticleError(given, "no files match this pattern")
        return files
    raise ArticleError(path, "no such file or directory")


def open_paths(paths: Sequence[str | Path], lang: str | None = None) -> ArticleSet:
    """Open every article named by `paths` (files, folders, glob patterns, datasets).

    `lang`, when given (`--lang`), is every article's language, over what each declares.

    Raises:
        ArticleError: a path names nothing, a folder holds no articles, or no article could be
            read at all.
    """
    files: list[Path] = []
    for given in paths:
        files.extend(_expand(given))
    entries: list[Entry] = []
    errors: list[ArticleError] = []
    seen_files: set[tuple[int, int]] = set()
    taken: set[str] = set()
    for file in files:
        try:
            status = file.stat()
        except OSError:
            status = None
        if status is not None:  # the same file named twice (a folder and a file in it)
            identity = (status.st_dev, status.st_ino)
            if identity in seen_files:
                continue
            seen_files.add(identity)
        try:
            found, bad = read_file(file, lang)
        except ArticleError as error:
            errors.append(error)
            continue
        errors.extend(bad)
        for entry in found:
            entry.id = _unique(entry.id, taken)
            taken.add(entry.id)
            entries.append(entry)
    if not entries:
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise ArticleError(", ".join(e.path for e in errors[:3]), "no article could be read")
        raise ArticleError(", ".join(str(p) for p in paths), "no article could be read")
    return ArticleSet(entries, errors)


def _unique(identifier: str, taken: set[str]) -> str:
    """Two different articles with one id in a set get `-2`, `-3`... in order."""
    if identifier not in taken:
        return identifier
    number = 2
    while f"{identifier}-{number}" in taken:
        number += 1
    return f"{identifier}-{number}"
