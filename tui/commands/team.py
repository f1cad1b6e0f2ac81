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
from annotations.agreement import OVERALL, AgreementReport, Work, compare, load_works
from annotations.db_reader import DBReader
from annotations.exporters import export_items
from annotations.exporters.native import export_json
from annotations.model import Article
from annotations.parsing import ArticleError
from annotations.statistics import count
from annotations.storage import StoreError
from annotations.store import AnnotationStore
from tui.commands.options import add_db_option, command_parser, fail
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


def _works(options: argparse.Namespace) -> tuple[dict[str, Article], dict[str, Work]]:
    """The articles and each annotator's work, from the files or the --annotators of one DB.

    Raises:
        ValueError: neither two files nor --annotators were given.
        ArticleError, StoreError: a file cannot be read.
    """
    names = [n.strip() for n in (options.annotators or "").split(",") if n.strip()]
    if not names and len(options.files) < 2:
        raise ValueError("give two or more files, or one DB and --annotators a,b")
    return load_works(options.files, names)


def run_agree(argv: list[str]) -> int:
    """Print agreement between annotators."""
    parser = command_parser(
        "agree",
        "How far annotators agree: exact-span F1, overlap F1 and Cohen's kappa "
        "over tokens for each pair, per label and overall, in total and per article "
        "(Krippendorff's alpha too, with three or more annotators).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="DB files or JSON exports, one per annotator (or one DB with "
                        "--annotators)")
    parser.add_argument("--annotators", metavar="A,B", help="compare these annotators of one DB")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    options = parser.parse_args(argv)
    try:
        articles, works = _works(options)
        report = compare({aid: a.text for aid, a in articles.items()}, works)
    except (ArticleError, StoreError, ValueError) as error:
        return fail(str(error))
    if not report.articles:
        return fail("the annotators have no article in common")
    if options.json:
        json = orjson.dumps(report.to_json(), option=orjson.OPT_INDENT_2)
        sys.stdout.buffer.write(visible_json(json) + b"\n")
        return 0
    titles = {aid: article.title for aid, article in articles.items()}
    _print_agreement(report, titles)
    return 0


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
        articles, works = _works(options)
        merged = merge_for_adjudication(articles, works)
    except (ArticleError, StoreError, ValueError) as error:
        return fail(str(error))
    try:
        Path(options.output).write_bytes(b"".join(export_json(export_items(merged))))
    except OSError as error:
        return fail(f"{options.output}: cannot write ({error.strerror or error})")
    review = sum(a.review for _, _, annotations in merged for a in annotations)
    agreed = sum(not a.review for _, _, annotations in merged for a in annotations)
    print(visible(f"{options.output}: {len(merged)} articles, {agreed} spans agreed, "
                  f"{review} to review"), file=sys.stderr)
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
        statistics = count(DBReader(options.db, AnnotationStore.VERSION).contents())
    except StoreError as error:
        return fail(str(error))
    if options.json:
        json = orjson.dumps(statistics.to_json(), option=orjson.OPT_INDENT_2)
        sys.stdout.buffer.write(visible_json(json) + b"\n")
        return 0
    for table in statistics_tables(statistics):
        _console().print(table)
    return 0
