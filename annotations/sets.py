"""Opening a set of articles: files, folders, glob patterns, and JSON/JSONL datasets.

Formats by file ending: `.txt` (plain text, see `annotations.parsing`), `.md` (Markdown), `.json`
(one record or a list) and `.jsonl` (one record a line, see `annotations.records`), `.html`
(a saved web page, see `annotations.web_pages`).

A set of tens of thousands of records opens quickly: each record is only checked when the set
is opened, and becomes an `Article` when it is shown (`annotations.dataset_files`); the set
keeps the last few built, and a JSONL record is read again from its file after that. One bad
file, or one bad line of a JSONL file, never stops the set: it is reported in `errors` and the
rest open.
"""

from __future__ import annotations

import glob
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path

from annotations.dataset_files import (
    DATASET_MAX_BYTES,
    Entry,
    JsonlEntries,
    MadeWhenAsked,
    broken_link,
    json_entries,
    jsonl_entries,
    opened_file,
)
from annotations.markdown import markdown_title, parse_markdown
from annotations.model import Article
from annotations.parsing import (
    FILE_MAX_BYTES,
    ArticleError,
    article_id,
    article_lines,
    check_title,
    decode_article_bytes,
    first_line,
    parse_lines,
)
from annotations.schema import Status
from annotations.web_pages import parse_html

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".json", ".jsonl", ".html", ".htm")
"""File endings opened when a folder is given."""

_GLOB_CHARACTERS = set("*?[")


class ArticleSet(MadeWhenAsked[Article]):
    """The articles opened together, in order, and the files or records that were skipped."""

    KEPT = 16
    """Articles kept built at once: a set of 100,000 records is read again from its file as
    each is shown, so that memory stays near what the one on screen needs."""

    def __init__(self, entries: Sequence[Entry], errors: Sequence[ArticleError] = ()) -> None:
        self.entries: Sequence[Entry] = tuple(entries) if isinstance(entries, list) else entries
        """The entries, in order (a JSONL file's make each when asked: `JsonlEntries`)."""
        self.errors = tuple(errors)
        self._built: OrderedDict[int, Entry] = OrderedDict()
        """The entries holding a built article, by position, the least recently used first."""

    def item(self, position: int) -> Article:
        """The article at `position`, built if the set does not keep it built."""
        built = self._built
        entry = built.get(position)
        if entry is None:
            entry = self.entries[position]
        article = entry.article
        built[position] = entry
        built.move_to_end(position)
        while len(built) > self.KEPT:
            built.popitem(last=False)[1].forget()
        return article

    @property
    def articles(self) -> ArticleSet:
        """The set itself, as a sequence of articles (kept for readability at call sites)."""
        return self

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Article]:
        return (self.item(place) for place in range(len(self.entries)))

    @classmethod
    def of(cls, articles: Sequence[Article]) -> ArticleSet:
        """A set of articles already built."""
        return cls([_ready(article) for article in articles])

    def position_of(self, article_id: str | None) -> int | None:
        """Where the article with this id is in the set; None when it is not."""
        entries = self.entries
        # a JSONL file's entries are made when asked for: its list of ids is looked in instead
        ids = entries.ids if isinstance(entries, JsonlEntries) else [e.id for e in entries]
        try:
            return ids.index(article_id) if article_id is not None else None
        except ValueError:
            return None

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
) -> tuple[Sequence[Entry], list[ArticleError]]:
    """The articles of one file, and the records of it that could not be read (`lang`: their
    language when the user gave it).

    Raises:
        ArticleError: the whole file is unreadable (missing, empty, binary, not UTF-8...).
    """
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return jsonl_entries(path, lang)
    dataset = suffix == ".json"
    data = _read_bytes(path, DATASET_MAX_BYTES if dataset else FILE_MAX_BYTES,
                       "a dataset" if dataset else "an article")
    if suffix not in (".json", ".html", ".htm", ".md", ".markdown"):
        lines = article_lines(data, path)
        title = next((line for line in lines if line), "")
        check_title(title, str(path))
        build = _TextArticle(path, lines, False, lang)
        return [Entry(article_id(title), title, str(path), build)], []
    text = decode_article_bytes(data, path)
    if suffix == ".json":
        return json_entries(text, path, lang)
    if suffix in (".html", ".htm"):
        return [_ready(parse_html(text, str(path), lang))], []
    title = markdown_title(first_line(text))
    check_title(title, str(path))
    build = _TextArticle(path, text, True, lang)
    return [Entry(article_id(title), title, str(path), build)], []


class _TextArticle:
    """Builds a plain-text or Markdown article when it is shown: from what was read as the set
    opened (a plain article's lines, a Markdown article's text), the first time (then let go,
    so that a 20 MB article's text is kept once, in the article), and from the file again
    after that.

    Its title and id came from its first line (what the parser takes for the title), checked as
    the set opened, so a bad file is still reported then.
    """

    __slots__ = ("lang", "markdown", "path", "read")

    def __init__(
        self, path: Path, read: str | list[str], markdown: bool, lang: str | None
    ) -> None:
        self.path = path
        self.read: str | list[str] | None = read
        self.markdown = markdown
        self.lang = lang

    def __call__(self) -> Article:
        read, self.read = self.read, None
        if self.markdown:
            if not isinstance(read, str):
                read = decode_article_bytes(self._bytes(), self.path)
            return parse_markdown(read, str(self.path), self.lang)
        if not isinstance(read, list):
            read = article_lines(self._bytes(), self.path)
        return parse_lines(read, str(self.path), self.lang)

    def _bytes(self) -> bytes:
        return _read_bytes(self.path, FILE_MAX_BYTES, "an article")


def _read_bytes(path: Path, limit: int, what: str) -> bytes:
    with opened_file(path, limit, what) as file:
        return file.read()


def _ready(article: Article) -> Entry:
    return Entry(article.id, article.title, article.source, lambda: article, article)


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
                and (child.is_file() or broken_link(child) is not None)
                and not child.name.startswith(".")
            ),
            key=lambda child: child.name,
        )
        if not found:
            suffixes = ", ".join(ARTICLE_SUFFIXES)
            raise ArticleError(path, f"no article files ({suffixes}) in this directory")
        return found
    if path.exists() or broken_link(path) is not None:
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
    parts: list[Sequence[Entry]] = []
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
        _make_unique(found, taken)
        parts.append(found)
    # One file's entries stay as it made them (a JSONL file's are made when asked for).
    entries = parts[0] if len(parts) == 1 else [entry for part in parts for entry in part]
    if not entries:
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise ArticleError(", ".join(e.path for e in errors[:3]), "no article could be read")
        raise ArticleError(", ".join(str(p) for p in paths), "no article could be read")
    return ArticleSet(entries, errors)


def _make_unique(found: Sequence[Entry], taken: set[str]) -> None:
    """Give each entry of one file an id no entry before it has (see `_unique`)."""
    if isinstance(found, JsonlEntries):
        ids = found.ids
        for place, identifier in enumerate(ids):
            if identifier in taken:
                ids[place] = identifier = _unique(identifier, taken)
            taken.add(identifier)
        return
    for entry in found:
        entry.id = _unique(entry.id, taken)
        taken.add(entry.id)


def _unique(identifier: str, taken: set[str]) -> str:
    """Two different articles with one id in a set get `-2`, `-3`... in order."""
    if identifier not in taken:
        return identifier
    number = 2
    while f"{identifier}-{number}" in taken:
        number += 1
    return f"{identifier}-{number}"
