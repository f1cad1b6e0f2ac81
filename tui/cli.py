"""The `annotator` command: open articles in the app, or export what was annotated.

    annotator [PATH ...] [--db FILE] [--annotator NAME] [--config FILE | --labels A,B,...]
    annotator export [--db FILE] [--format FORMAT] [-o OUT] [filters]
    annotator import FILE [--db FILE]
    annotator agree FILE [FILE ...] [--annotators A,B] [--json]
    annotator merge FILE FILE [...] -o OUT
    annotator stats [--db FILE] [--json]

Bad input ends with a one-line message naming the file and the cause, and exit status 2.
Textual is imported only when the app starts, so `annotator export` stays quick.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from annotations import __version__
from annotations.labels import CONFIG_NAME, ConfigError, choose_config
from annotations.parsing import ArticleError
from annotations.samples import sample_articles_dir
from annotations.sets import ArticleSet, open_paths
from annotations.storage import StoreError
from annotations.store import AnnotationStore
from tui.visible import visible

DEFAULT_DB = "annotations.json"
EXIT_BAD_INPUT = 2


def fail(message: str) -> int:
    """Say what went wrong in one line on standard error; the exit status for bad input."""
    print(f"annotator: {visible(message)}", file=sys.stderr)
    return EXIT_BAD_INPUT


def default_annotator() -> str:
    """The login name, or "anonymous" where the system cannot say."""
    try:
        return getpass.getuser()
    except Exception:  # getuser raises whatever the platform's lookup raises
        return os.environ.get("USER") or "anonymous"


def _open_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Read news articles in the terminal and annotate spans of them "
        "(claim, figure, opinion). Every change is saved at once to the DB file.",
        epilog="Other commands (each with --help): export, import, agree, merge, stats",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="article files, or folders of them (opened in name order); "
        "without any, the bundled sample articles",
    )
    parser.add_argument(
        "--db", default=DEFAULT_DB, metavar="FILE", help=f"the TinyDB file (default: {DEFAULT_DB})"
    )
    parser.add_argument(
        "--annotator",
        default=default_annotator(),
        metavar="NAME",
        help="recorded on every annotation (default: your login name)",
    )
    labels = parser.add_mutually_exclusive_group()
    labels.add_argument(
        "--config",
        metavar="FILE",
        help=f"a label file (default: {CONFIG_NAME} in this folder, if there is one)",
    )
    labels.add_argument(
        "--labels",
        metavar="A,B,...",
        help="the labels to use, on keys 1, 2, 3... (default: claim,figure,opinion)",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    return parser


def open_session(
    paths: list[str], db: str
) -> tuple[ArticleSet, AnnotationStore, list[str]]:
    """Read the articles (the samples when `paths` is empty), open the DB and record them.

    The DB is read and checked before anything is written to it.

    Articles are recorded in the DB as they are first shown (a set of tens of thousands opens
    without writing them all); an article whose text changed is checked then, and the app says
    how many of its annotations moved or were orphaned.

    Returns:
        The articles, the store, and what the user should be told (the files skipped).

    Raises:
        ArticleError: no article could be read, or a path is missing.
        StoreError: the DB cannot be used.
    """
    opened = open_paths(list(paths) or [sample_articles_dir()])
    store = AnnotationStore.open(db, autoflush=False)
    notices = [f"skipped {error}" for error in opened.errors]
    return opened, store, notices


def run_app(argv: list[str]) -> int:
    """Open the articles and the DB, then run the app until the user quits."""
    options = _open_parser().parse_args(argv)
    try:
        config = choose_config(options.config, options.labels, Path.cwd())
        opened, store, notices = open_session(options.paths, options.db)
    except (ArticleError, StoreError, ConfigError) as error:
        return fail(str(error))
    for notice in notices:
        print(f"annotator: {visible(notice)}", file=sys.stderr)

    from tui.app import make_app  # Textual loads here, not for `annotator export`

    app = make_app(
        opened.articles, store, options.annotator, config.labels, notices, rules=config.rules
    )
    app.run()
    try:
        store.flush()
    except StoreError as error:
        return fail(str(error))
    return app.return_code or 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `annotator` command."""
    args = sys.argv[1:] if argv is None else argv
    # The commands are imported when used: the exporters, agreement figures and Rich's tables
    # would otherwise cost the app's start-up 40 ms and more.
    if args and args[0] in ("export", "import"):
        from tui.commands.transfer import run_export, run_import

        return (run_export if args[0] == "export" else run_import)(args[1:])
    if args and args[0] in ("agree", "merge", "stats"):
        from tui.commands.team import run_agree, run_merge, run_stats

        command = {"agree": run_agree, "merge": run_merge, "stats": run_stats}[args[0]]
        return command(args[1:])
    return run_app(args)
