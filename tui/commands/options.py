"""What every command shares: the `--db` option, the exit statuses, and `fail`."""

from __future__ import annotations

import argparse
import sys

from tui.visible import visible

DEFAULT_DB = "annotations.json"
"""The DB file a command uses when it is not given `--db`."""

EXIT_BAD_INPUT = 2
"""The exit status after bad input (a missing file, a DB that cannot be read...)."""


def command_parser(command: str, description: str) -> argparse.ArgumentParser:
    """The parser of `annotator COMMAND`, whose `--help` begins with `description`."""
    return argparse.ArgumentParser(prog=f"annotator {command}", description=description)


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """Give `parser` the `--db FILE` option (`options.db`)."""
    parser.add_argument(
        "--db", default=DEFAULT_DB, metavar="FILE", help=f"the TinyDB file (default: {DEFAULT_DB})"
    )


def fail(message: str) -> int:
    """Say what went wrong in one line on standard error; the exit status for bad input."""
    print(f"annotator: {visible(message)}", file=sys.stderr)
    return EXIT_BAD_INPUT
