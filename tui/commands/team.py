"""`annotator agree`, `annotator merge` and `annotator stats`: a team's work side by side.

Tables are Rich's, on standard output; `--json` gives the same figures for machines.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

import orjson
from rich.console import Console
from rich.table import Table
from rich.text import Text

from annotations.adjudication import merge_for_adjudication
from annotations.agreement import OVERALL, AgreementReport, compare
from annotations.db_reader import DBReader
from annotations.exporters import export_items
from annotations.exporters.native import export_json
from annotations.link_agreement import ALL_TYPES, LinkPairReport, compare_links
from annotations.parsing import ArticleError
from annotations.statistics import count
from annotations.storage import StoreError
from annotations.store import AnnotationStore
from annotations.team_work import Team, load_team
from tui.commands.options import add_db_option, command_parser, fail, tell
from tui.statistics_tables import statistics_tables
from tui.visible import visible, visible_json


class _Console(Console):
    """Rich's console, but a closed pipe is `BrokenPipeError` for `main` to end quietly.

    Rich's own handling exits with status 1, which reads as a failure in `stats | head -1`.
    """

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def _console() -> Console:
    return _Console(highlight=False, soft_wrap=False)


def _works(options: argparse.Namespace) -> Team:
    """The articles and each annotator's work, from the files or the --annotators of one DB.

    Raises:
        ValueError: neither two files nor --annotators were given.
        ArticleError, StoreError: a file cannot be read.
    """
    names = [n.strip() for n in (options.annotators or "").split(",") if n.strip()]
    if not names and len(options.files) < 2:
        raise ValueError("give two or more files, or one DB and --annotators a,b")
    team = load_team(options.files, names)
    tell(team.notices)
    return team


def run_agree(argv: list[str]) -> int:
    """Print agreement between annotators."""
    parser = command_parser(
        "agree",
        "How far annotators agree: exact-span F1, overlap F1 and Cohen's kappa "
        "over tokens for each pair, per label and overall, in total and per article "
        "(Krippendorff's alpha too, with three or more annotators); relation F1, and Cohen's "
        "kappa for article and comment labels.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="DB files or JSON exports, one per annotator (or one DB with "
                        "--annotators)")
    parser.add_argument("--annotators", metavar="A,B", help="compare these annotators of one DB")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    options = parser.parse_args(argv)
    try:
        team = _works(options)
        report = compare({aid: a.text for aid, a in team.articles.items()}, team.works)
    except (ArticleError, StoreError, ValueError) as error:
        return fail(str(error))
    if not report.articles:
        return fail("the annotators have no article in common")
    links = compare_links(report.articles, team.works, team.links)
    if options.json:
        data = {**report.to_json(), "links": [pair.to_json() for pair in links]}
        json = orjson.dumps(data, option=orjson.OPT_INDENT_2)
        sys.stdout.buffer.write(visible_json(json) + b"\n")
        return 0
    titles = {aid: article.title for aid, article in team.articles.items()}
    _print_agreement(report, titles)
    _print_link_agreement(links)
    return 0


def _print_link_agreement(pairs: tuple[LinkPairReport, ...]) -> None:
    """Relation F1 and label kappa, for each pair; nothing for what no one made."""
    console = _console()
    for pair in pairs:
        if any(pair.relations[ALL_TYPES].relations):
            table = Table(title=Text(f"{visible(pair.first)} vs {visible(pair.second)}: "
                                     "relations"), title_justify="left")
            for column in ("type", "relations", "matched", "F1"):
                table.add_column(column, justify="left" if column == "type" else "right")
            for kind, score in pair.relations.items():
                table.add_row(Text(visible(kind), style="bold" if kind == ALL_TYPES else ""),
                              f"{score.relations[0]}/{score.relations[1]}", str(score.matched),
                              f"{score.f1:.3f}")
            console.print(table)
        if pair.labels:
            table = Table(title=Text(f"{visible(pair.first)} vs {visible(pair.second)}: "
                                     "article and comment labels"), title_justify="left")
            for column in ("set", "items", "agreed", "kappa"):
                table.add_column(column, justify="left" if column == "set" else "right")
            for name, label in pair.labels.items():
                table.add_row(Text(visible(name)), str(label.items), str(label.agreed),
                              f"{label.kappa:.3f}")
            console.print(table)


def _print_agreement(report: AgreementReport, titles: dict[str, str]) -> None:
    console = _console()
    console.print(Text(
        f"{len(report.annotators)} annotators ({visible(', '.join(report.annotators))}) over "
        f"{len(report.articles)} shared articles"
    ))
    for pair in report.pairs:
        table = Table(title=Text(visible(f"{pair.first} vs {pair.second}")),
                      title_justify="left")
        for column in ("label", "spans", "exact F1", "overlap F1", "kappa"):
            table.add_column(column, justify="left" if column == "label" else "right")
        for label, scores in pair.total.items():
            table.add_row(Text(visible(label), style="bold" if label == OVERALL else ""),
                          f"{scores.spans[0]}/{scores.spans[1]}", f"{scores.exact_f1:.3f}",
                          f"{scores.overlap_f1:.3f}", f"{scores.kappa:.3f}")
        console.print(table)
        per_article = Table(title=Text("per article (all labels)"), title_justify="left")
        for column in ("article", "spans", "exact F1", "overlap F1", "kappa"):
            per_article.add_column(column, justify="left" if column == "article" else "right")
        for article, by_label in pair.articles.items():
            overall = by_label[OVERALL]
            per_article.add_row(Text(visible(titles.get(article, article))[:60]),
                                f"{overall.spans[0]}/{overall.spans[1]}",
                                f"{overall.exact_f1:.3f}", f"{overall.overlap_f1:.3f}",
                                f"{overall.kappa:.3f}")
        console.print(per_article)
    if report.alpha:
        table = Table(title=Text("Krippendorff's alpha (tokens, nominal)"), title_justify="left")
        table.add_column("label")
        table.add_column("alpha", justify="right")
        for label, value in report.alpha.items():
            table.add_row(Text(visible(label)), f"{value:.3f}")
        console.print(table)


def run_merge(argv: list[str]) -> int:
    """Write an adjudication set from two or more annotators' work."""
    parser = command_parser(
        "merge",
        "Make an adjudication set: spans every annotator gave the same label and "
        "offsets are kept once; the others are kept as made, marked for review. The output is "
        "an annotator JSON export: import it into a DB and review it with v in the app.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="DB files or JSON exports")
    parser.add_argument("--annotators", metavar="A,B", help="merge these annotators of one DB")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="the JSON to write")
    options = parser.parse_args(argv)
    try:
        team = _works(options)
        merged = merge_for_adjudication(team.articles, team.works, team.links)
    except (ArticleError, StoreError, ValueError) as error:
        return fail(str(error))
    try:
        Path(options.output).write_bytes(b"".join(export_json(export_items(merged))))
    except OSError as error:
        return fail(f"{options.output}: cannot write ({error.strerror or error})")
    review = sum(a.review for _, _, annotations, _ in merged for a in annotations)
    agreed = sum(not a.review for _, _, annotations, _ in merged for a in annotations)
    linked = [item for *_, links in merged for item in (*links.relations, *links.labels)]
    print(visible(f"{options.output}: {len(merged)} articles, {agreed} spans agreed, "
                  f"{review} to review"
                  + (f"; {sum(not i.review for i in linked)} relations and labels agreed, "
                     f"{sum(i.review for i in linked)} to review" if linked else "")),
          file=sys.stderr)
    out = Path(options.output)
    db = shlex.quote(str(out.with_name(f"{out.stem}-db{out.suffix or '.json'}")))
    print(visible(f"to adjudicate: annotator import {shlex.quote(str(out))} --db {db}, then "
                  f"annotator ARTICLES --db {db} and press v"), file=sys.stderr)
    return 0


def run_stats(argv: list[str]) -> int:
    """Print what a DB holds."""
    parser = command_parser(
        "stats",
        "Annotations per label, per article and per annotator, and progress.",
    )
    add_db_option(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    options = parser.parse_args(argv)
    try:
        reader = DBReader(options.db, AnnotationStore.VERSION)
        tell(reader.notices)
        statistics = count(reader.contents_with_links())
    except StoreError as error:
        return fail(str(error))
    if options.json:
        json = orjson.dumps(statistics.to_json(), option=orjson.OPT_INDENT_2)
        sys.stdout.buffer.write(visible_json(json) + b"\n")
        return 0
    for table in statistics_tables(statistics):
        _console().print(table)
    return 0
