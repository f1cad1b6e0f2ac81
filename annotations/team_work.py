"""Each annotator's work, read to compare (`annotator agree`) or to merge (`annotator merge`):
from DB files or JSON exports, one per annotator, or one file split by the annotator recorded
on each annotation, relation and label."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from annotations.db_reader import DBReader
from annotations.model import Annotation, Article
from annotations.parsing import ArticleError
from annotations.relations import Links
from annotations.schema import ARTICLES, META, VERSION
from annotations.storage import StoreError

Work = dict[str, list[Annotation]]
"""One annotator's annotations, by article id."""

LinkWork = dict[str, Links]
"""One annotator's relations and article and comment labels, by article id."""


@dataclass(frozen=True)
class Team:
    """What every annotator did, by annotator name."""

    articles: dict[str, Article]
    """Every article read, by id."""
    works: dict[str, Work] = field(default_factory=dict)
    """Each annotator's annotations."""
    links: dict[str, LinkWork] = field(default_factory=dict)
    """Each annotator's relations and labels."""
    notices: list[str] = field(default_factory=list)
    """What reading the DB files found that the user should be told (a stale journal)."""


def load_works(
    paths: Sequence[str | Path], annotators: Sequence[str] = ()
) -> tuple[dict[str, Article], dict[str, Work]]:
    """The articles and each annotator's annotations (`load_team` without the links)."""
    team = load_team(paths, annotators)
    return team.articles, team.works


def load_team(paths: Sequence[str | Path], annotators: Sequence[str] = ()) -> Team:
    """The articles and each annotator's work, from DB files or JSON exports.

    Several files: each is one annotator, named after the file (or, if all its annotations
    carry one annotator name, after that). One file with `annotators`: split by the annotator
    recorded on each annotation, relation and label.

    Raises:
        ArticleError: a file cannot be read or is of neither kind.
        StoreError: a DB file cannot be read.
    """
    notices: list[str] = []
    loaded = [(Path(path), _read_contents(Path(path), notices)) for path in paths]
    team = Team({}, notices=notices)
    if annotators:
        if len(loaded) != 1:
            raise ArticleError(", ".join(map(str, paths)), "--annotators goes with one file")
        path, contents = loaded[0]
        for name in annotators:
            team.works[name], team.links[name] = {}, {}
        for article, annotations, links in contents:
            team.articles.setdefault(article.id, article)
            for name in annotators:
                team.works[name][article.id] = [a for a in annotations if a.annotator == name]
                team.links[name][article.id] = Links(
                    tuple(r for r in links.relations if r.annotator == name),
                    tuple(label for label in links.labels if label.annotator == name))
        return team
    for path, contents in loaded:
        recorded = {a.annotator for _, annotations, _ in contents for a in annotations}
        name = recorded.pop() if len(recorded) == 1 and "" not in recorded else path.stem
        while name in team.works:
            name = f"{name}'"
        team.works[name], team.links[name] = {}, {}
        for article, annotations, links in contents:
            team.articles.setdefault(article.id, article)
            team.works[name][article.id] = annotations
            team.links[name][article.id] = links
    return team


def _read_contents(
    path: Path, notices: list[str]
) -> list[tuple[Article, list[Annotation], Links]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ArticleError(path, error.strerror or str(error)) from None
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise ArticleError(path, f"not valid JSON ({error})") from None
    if isinstance(document, dict) and isinstance(document.get("articles"), list):
        from annotations.importers import read_import  # the export's own reader

        return [(item.article, list(item.annotations), item.links) for item in read_import(path)]
    try:
        reader = DBReader(path, newest_schema=VERSION)
    except StoreError as error:
        if isinstance(document, dict) and (META in document or ARTICLES in document):
            raise  # a DB, refused for what it holds
        raise ArticleError(path, f"neither an annotator export nor a DB ({error.cause})") from None
    notices.extend(reader.notices)
    return [(article, annotations, links)
            for article, _, annotations, links in reader.contents_with_links()]
