"""What every command shares: the `--db` option, the exit statuses, and `fail`."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from tui.visible import visible

DEFAULT_DB = "annotations.json"
"""The DB file a command uses when it is not given `--db`."""

EXIT_BAD_INPUT = 2
"""The exit status after bad input (a missing file, a DB that cannot be read...)."""


class CommandParser(argparse.ArgumentParser):
    """argparse's parser, whose errors show what was typed through `visible()` (an unknown
    option is repeated as given, escape sequences and all)."""

    def error(self, message: str) -> NoReturn:
        """Print the usage and the error on standard error; exit with status 2."""
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {visible(message)}\n")


def command_parser(command: str, description: str) -> argparse.ArgumentParser:
    """The parser of `annotator COMMAND`, whose `--help` begins with `description`."""
    return CommandParser(prog=f"annotator {command}", description=description)


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """Give `parser` the `--db FILE` option (`options.db`)."""
    parser.add_argument(
        "--db", default=DEFAULT_DB, metavar="FILE", help=f"the TinyDB file (default: {DEFAULT_DB})"
    )


def tell(notices: list[str]) -> None:
    """Say on standard error, a line each, what reading the DB found that the user should know
    (a journal set aside), before the command's own output."""
    for notice in notices:
        print(f"annotator: {visible(notice)}", file=sys.stderr)


def fail(message: str) -> int:
    """Say what went wrong in one line on standard error; the exit status for bad input."""
    print(f"annotator: {visible(message)}", file=sys.stderr)
    return EXIT_BAD_INPUT
