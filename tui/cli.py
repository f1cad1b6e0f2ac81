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

import sys


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
    from tui.annotate import run_app

    return run_app(args)
