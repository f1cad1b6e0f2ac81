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

import difflib
import os
import sys

from tui.commands import COMMANDS
from tui.commands.options import fail

__all__ = ["COMMANDS", "main"]


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
        from tui.commands.transfer import run_export, run_import

        return (run_export if args[0] == "export" else run_import)(args[1:])
    if args and args[0] in ("agree", "merge", "stats"):
        from tui.commands.team import run_agree, run_merge, run_stats

        command = {"agree": run_agree, "merge": run_merge, "stats": run_stats}[args[0]]
        return command(args[1:])
    if args and (message := _unknown_command(args[0])):
        return fail(message)
    from tui.annotate import run_app

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
