"""The `annotator` command: open articles in the app, or export what was annotated.

    annotator [PATH ...] [--db FILE] [--annotator NAME] [--config FILE | --labels A,B,...]
              [--lang CODE]
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
import difflib
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from annotations import __version__
from annotations.labels import CONFIG_NAME, ConfigError, choose_config
from annotations.languages import language_code
from annotations.parsing import ArticleError
from annotations.samples import sample_articles_dir
from annotations.sets import ArticleSet, open_paths
from annotations.storage import StoreError
from annotations.store import AnnotationStore
from tui.visible import visible

if TYPE_CHECKING:
    from tui.app import AnnotatorApp

DEFAULT_DB = "annotations.json"
EXIT_BAD_INPUT = 2

COMMANDS = {
    "export": "write the annotations in a format another tool reads (json, jsonl, doccano, ...)",
    "import": "read annotations made here or in Prodigy, spaCy or doccano into a DB",
    "agree": "how far annotators agree: F1 and kappa per pair, label and article",
    "merge": "one adjudication DB from several annotators' work",
    "stats": "annotations per label, article and annotator, and progress",
}
"""The subcommands, each with the line `annotator --help` shows for it."""


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
        epilog="commands (each with --help):\n"
        + "\n".join(f"  annotator {name:<8}{line}" for name, line in COMMANDS.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    parser.add_argument(
        "--lang",
        type=_language_option,
        metavar="CODE",
        help="the language of every article (en, th, zh...), over what each file declares or "
        "its text suggests; it sets the rules of sentences",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    return parser


def _language_option(value: str) -> str:
    code = language_code(value)
    if code is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not a language code (en, th, zh-Hant...)")
    return code


def open_session(
    paths: list[str], db: str, lang: str | None = None
) -> tuple[ArticleSet, AnnotationStore, list[str]]:
    """Read the articles (the samples when `paths` is empty), open the DB and record them.

    `lang`, when given, is every article's language (`--lang`).

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
    opened = open_paths(list(paths) or [sample_articles_dir()], lang)
    store = AnnotationStore.open(db, autoflush=False)
    notices = [f"skipped {error}" for error in opened.errors]
    return opened, store, notices


def build_app(argv: list[str]) -> tuple[AnnotatorApp, AnnotationStore]:
    """The app `annotator ARGV` runs, and its store; the smoke test of the wheel uses it too.

    Raises:
        ArticleError, StoreError, ConfigError: bad input, to be told in one line.
    """
    options = _open_parser().parse_args(argv)
    config = choose_config(options.config, options.labels, Path.cwd())
    opened, store, notices = open_session(options.paths, options.db, options.lang)
    for notice in notices:
        print(f"annotator: {visible(notice)}", file=sys.stderr)

    from tui.app import make_app  # Textual loads here, not for `annotator export`

    app = make_app(
        opened.articles, store, options.annotator, config.labels, notices, rules=config.rules
    )
    return app, store


def run_app(argv: list[str]) -> int:
    """Open the articles and the DB, then run the app until the user quits."""
    try:
        app, store = build_app(argv)
    except (ArticleError, StoreError, ConfigError) as error:
        return fail(str(error))
    app.run()
    try:
        store.flush()
    except StoreError as error:
        return fail(str(error))
    return app.return_code or 0


def _unknown_command(word: str) -> str | None:
    """What to say when `word` reads as a mistyped subcommand rather than an article's path."""
    if os.path.exists(word) or word.startswith("-") or any(c in word for c in "./\\*?["):
        return None
    nearest = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.6)
    hint = f"did you mean '{nearest[0]}'? " if nearest else ""
    return (
        f"'{word}' is not a command or an article file; {hint}"
        f"the commands are {', '.join(COMMANDS)} (or give article files to open)"
    )


def _dispatch(args: list[str]) -> int:
    # The commands are imported when used: the exporters, agreement figures and Rich's tables
    # would otherwise cost the app's start-up 40 ms and more.
    if args and args[0] in ("export", "import"):
        from tui.transfer import run_export, run_import

        return (run_export if args[0] == "export" else run_import)(args[1:])
    if args and args[0] in ("agree", "merge", "stats"):
        from tui.team import run_agree, run_merge, run_stats

        command = {"agree": run_agree, "merge": run_merge, "stats": run_stats}[args[0]]
        return command(args[1:])
    if args and (message := _unknown_command(args[0])):
        return fail(message)
    return run_app(args)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `annotator` command.

    Output cut short by a closed pipe (`annotator stats | head -1`) ends quietly with status 0;
    output that cannot be written (a full disk) is one line on standard error and status 2.
    """
    args = sys.argv[1:] if argv is None else argv
    try:
        code = _dispatch(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader has gone: what is left of the output goes nowhere, and Python's own flush
        # at exit must not complain about the pipe either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as error:
        where = error.filename or "standard output"
        # The buffer still holds what could not be written; drop it so exit does not retry.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return fail(f"could not write to {where}: {error.strerror or error}")
    return code
