"""`annotator agree`, `annotator merge` and `annotator stats`: a team's work side by side.

Tables are Rich's, on standard output; `--json` gives the same figures for machines.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson
from rich.console import Console
from rich.table import Table
from rich.text import Text

from annotations.adjudication import merge_for_adjudication
from annotations.agreement import OVERALL, AgreementReport, compare, load_works
from annotations.db_reader import DBReader
from annotations.exporters import export_items
from annotations.exporters.native import export_json
from annotations.parsing import ArticleError
from annotations.statistics import Statistics, bar, count
from annotations.storage import StoreError
from annotations.store import AnnotationStore
from tui.cli import DEFAULT_DB, fail
from tui.visible import visible


class _Console(Console):
    """Rich's console, but a closed pipe is `BrokenPipeError` for `main` to end quietly.

    Rich's own handling exits with status 1, which reads as a failure in `stats | head -1`.
    """

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def _console() -> Console:
    return _Console(highlight=False, soft_wrap=False)


def run_agree(argv: list[str]) -> int:
    """Print agreement between annotators."""
    parser = argparse.ArgumentParser(
        prog="annotator agree",
        description="How far annotators agree: exact-span F1, overlap F1 and Cohen's kappa "
        "over tokens for each pair, per label and overall, in total and per article "
        "(Krippendorff's alpha too, with three or more annotators).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="DB files or JSON exports, one per annotator (or one DB with "
                        "--annotators)")
    parser.add_argument("--annotators", metavar="A,B", help="compare these annotators of one DB")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    options = parser.parse_args(argv)
    names = [n.strip() for n in (options.annotators or "").split(",") if n.strip()]
    if not names and len(options.files) < 2:
        return fail("give two or more files, or one DB and --annotators a,b")
    try:
        articles, works = load_works(options.files, names)
        report = compare({aid: a.text for aid, a in articles.items()}, works)
    except (ArticleError, StoreError, ValueError) as error:
        return fail(str(error))
    if not report.articles:
        return fail("the annotators have no article in common")
    if options.json:
        sys.stdout.buffer.write(orjson.dumps(report.to_json(), option=orjson.OPT_INDENT_2) + b"\n")
        return 0
    titles = {aid: article.title for aid, article in articles.items()}
    _print_agreement(report, titles)
    return 0


def _print_agreement(report: AgreementReport, titles: dict[str, str]) -> None:
    console = _console()
    console.print(Text(
        f"{len(report.annotators)} annotators ({', '.join(report.annotators)}) over "
        f"{len(report.articles)} shared articles"
    ))
    for pair in report.pairs:
        table = Table(title=Text(f"{pair.first} vs {pair.second}"), title_justify="left")
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
    parser = argparse.ArgumentParser(
        prog="annotator merge",
        description="Make an adjudication set: spans every annotator gave the same label and "
        "offsets are kept once; the others are kept as made, marked for review. The output is "
        "an annotator JSON export: import it into a DB and review it with v in the app.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="DB files or JSON exports")
    parser.add_argument("--annotators", metavar="A,B", help="merge these annotators of one DB")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="the JSON to write")
    options = parser.parse_args(argv)
    names = [n.strip() for n in (options.annotators or "").split(",") if n.strip()]
    if not names and len(options.files) < 2:
        return fail("give two or more files, or one DB and --annotators a,b")
    try:
        articles, works = load_works(options.files, names)
        merged = merge_for_adjudication(articles, works)
    except (ArticleError, StoreError) as error:
        return fail(str(error))
    try:
        Path(options.output).write_bytes(b"".join(export_json(export_items(merged))))
    except OSError as error:
        return fail(f"{options.output}: cannot write ({error.strerror or error})")
    review = sum(a.review for _, _, annotations in merged for a in annotations)
    agreed = sum(not a.review for _, _, annotations in merged for a in annotations)
    print(f"{options.output}: {len(merged)} articles, {agreed} spans agreed, "
          f"{review} to review", file=sys.stderr)
    out = Path(options.output)
    db = out.with_name(f"{out.stem}-db{out.suffix or '.json'}")
    print(f"to adjudicate: annotator import {out} --db {db}, then annotator ARTICLES --db {db} "
          "and press v", file=sys.stderr)
    return 0


def run_stats(argv: list[str]) -> int:
    """Print what a DB holds."""
    parser = argparse.ArgumentParser(
        prog="annotator stats",
        description="Annotations per label, per article and per annotator, and progress.",
    )
    parser.add_argument("--db", default=DEFAULT_DB, metavar="FILE",
                        help=f"the TinyDB file (default: {DEFAULT_DB})")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    options = parser.parse_args(argv)
    try:
        statistics = count(DBReader(options.db, AnnotationStore.VERSION).contents())
    except StoreError as error:
        return fail(str(error))
    if options.json:
        sys.stdout.buffer.write(
            orjson.dumps(statistics.to_json(), option=orjson.OPT_INDENT_2) + b"\n"
        )
        return 0
    for table in statistics_tables(statistics):
        _console().print(table)
    return 0


def statistics_tables(statistics: Statistics) -> list[Table]:
    """The statistics as Rich tables with bars (for the command and the app's screen)."""
    tables = []
    done = statistics.by_status.get("done", 0)
    summary = Table.grid(padding=(0, 2))
    summary.add_row(Text(f"{statistics.annotations} annotations on {statistics.articles} "
                         f"articles · {done}/{statistics.articles} done · "
                         f"{statistics.suggested} from suggestions · "
                         f"{statistics.orphans} orphaned", style="bold"))
    tables.append(summary)
    for title, counts, limit in (
        ("progress", {k.replace("_", " "): v for k, v in statistics.by_status.items()}, None),
        ("by label", statistics.by_label, None),
        ("by annotator", statistics.by_annotator, None),
        ("by article", statistics.by_article, 40),
    ):
        table = Table(title=Text(title), title_justify="left", show_header=False, box=None,
                      padding=(0, 1))
        table.add_column("name", max_width=50, no_wrap=True)
        table.add_column("count", justify="right")
        table.add_column("bar")
        most = max(counts.values(), default=0)
        items = list(counts.items())
        for name, value in items[:limit] if limit else items:
            table.add_row(Text(visible(name)), str(value), Text(bar(value, most), style="cyan"))
        if limit and len(items) > limit:
            table.add_row(Text(f"… and {len(items) - limit} more"), "", "")
        tables.append(table)
    return tables
