"""`annotator export` and `annotator import`: annotations out to files, and back in.

Neither imports Textual; the progress bar is Rich's, on standard error, and only when standard
error is a terminal.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from itertools import tee, zip_longest
from pathlib import Path
from typing import BinaryIO, TypeVar

from rich.console import Console
from rich.progress import track

from annotations.db_reader import DBReader
from annotations.exporters import (
    FILE_FORMATS,
    FOLDER_FORMATS,
    FORMATS,
    OFFSET_UNITS,
    Exporter,
    ExportFilter,
    ExportOptions,
    export_items,
)
from annotations.exporters.spans import CSV_BESIDE, beside
from annotations.importers import import_into, read_import
from annotations.labels import CONFIG_NAME, ConfigError, choose_config
from annotations.leftovers import remove_leftovers, temporary_path
from annotations.parsing import ArticleError
from annotations.storage import StoreError
from annotations.store import STATUSES, AnnotationStore
from tui.commands.options import add_db_option, command_parser, fail, tell
from tui.visible import visible

T = TypeVar("T")


def _progress(items: Iterable[T], total: int, description: str) -> Iterator[T]:
    console = Console(stderr=True)
    shown = console.is_terminal and total > 1
    yield from track(items, description, total=total, console=console, disable=not shown,
                     transient=True)


def export_parser() -> argparse.ArgumentParser:
    """The options of `annotator export`."""
    parser = command_parser(
        "export",
        "Write the articles in the DB with their annotations, in the format a tool "
        "reads. Filters combine: --status done --label figure writes the figures of articles "
        "marked done.",
    )
    add_db_option(parser)
    parser.add_argument("--format", default="json", choices=FORMATS,
                        help="output format (docs/formats.md describes each)")
    parser.add_argument(
        "-o", "--output", metavar="OUT",
        help="write here instead of stdout (a folder, for brat)",
    )
    parser.add_argument("--status", action="append", choices=STATUSES, default=[],
                        help="only articles with this status (repeatable)")
    parser.add_argument("--label", action="append", default=[], metavar="LABEL",
                        help="only annotations with this label (repeatable)")
    parser.add_argument("--annotator", action="append", default=[], metavar="NAME",
                        help="only annotations by this annotator (repeatable)")
    parser.add_argument("--article", action="append", default=[], metavar="ID",
                        help="only this article (repeatable)")
    parser.add_argument(
        "--offsets", choices=OFFSET_UNITS,
        help="doccano only: what offsets count (default: utf16, doccano's default; graphemes "
        "for a doccano project set to count grapheme clusters); every other format counts "
        "code points, as its tool does",
    )
    parser.add_argument("--no-bom", action="store_true",
                        help="csv only: leave out the UTF-8 byte order mark Excel needs")
    parser.epilog = ("csv with -o OUT.csv also writes OUT.relations.csv and OUT.labels.csv "
                     "beside it")
    return parser


def run_export(argv: list[str]) -> int:
    """Export the DB in the chosen format to a file, a folder, or stdout.

    The DB is read a table at a time and the output written an article at a time, so memory
    stays near the DB file's size however many annotations it holds. A file or folder is
    written beside its destination and renamed into place at the end, so a failed export
    leaves nothing half written.
    """
    options = export_parser().parse_args(argv)
    # A one-off batch that makes millions of short-lived objects and no reference cycles: the
    # cyclic collector would only slow it down (by about a third on a large DB).
    gc.disable()
    if options.format in FOLDER_FORMATS and not options.output:
        return fail(f"{options.format} writes a folder of files: give one with -o FOLDER")
    if options.offsets and options.format != "doccano":
        return fail(f"--offsets is for doccano; {options.format} counts code points")
    if options.no_bom and options.format != "csv":
        return fail(f"--no-bom is for csv; {options.format} has no byte order mark")
    settings = ExportOptions(offsets=options.offsets, bom=not options.no_bom)
    keep = ExportFilter(
        frozenset(options.status), frozenset(options.label),
        frozenset(options.annotator), frozenset(options.article),
    )
    # The files written, each with its exporter; csv also writes OUT.relations.csv and
    # OUT.labels.csv, from the same pass over the DB (a pass each took three times as long).
    output = None if options.output is None else Path(options.output)
    files: list[tuple[Path, Exporter]] = []
    if output is not None and options.format in FILE_FORMATS:
        files = [(output, FILE_FORMATS[options.format])] + [
            (Path(beside(str(output), word)), exporter)
            for word, exporter in CSV_BESIDE.items() if options.format == "csv"]
    for path in [path for path, _ in files] or ([output] if output else []):
        remove_leftovers(path, "partial")  # left by an export that was killed
    try:
        reader = DBReader(options.db, AnnotationStore.VERSION)
        tell(reader.notices)
        contents = reader.contents_with_links()
        items = export_items(_progress(contents, len(reader), "exporting"), keep)
        if output is None:  # (a folder format was refused without -o above)
            status = _write_stdout(FILE_FORMATS[options.format](items, settings))
        elif options.format in FOLDER_FORMATS:
            status = _write_folder(output, FOLDER_FORMATS[options.format](items, settings))
        else:
            # a chunk (an article) of each file in turn: what `tee` holds for the others is
            # an article
            streams = tee(items, len(files))
            status = _write_files([(path, write(stream, settings))
                                   for (path, write), stream in zip(files, streams, strict=True)])
    except StoreError as error:
        return fail(str(error))
    for line in settings.report.lines(options.format):
        print(line, file=sys.stderr)
    return status


def _write_stdout(chunks: Iterable[bytes]) -> int:
    try:
        for chunk in chunks:
            sys.stdout.buffer.write(chunk)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _write_files(outputs: list[tuple[Path, Iterable[bytes]]]) -> int:
    """Write each file beside its destination, a chunk of each in turn, and rename them all
    into place at the end."""
    for path, _ in outputs:  # found before any is written, so that none is half done
        if path.is_dir():
            return fail(f"{path}: cannot write (Is a directory)")
    temporaries = [temporary_path(path, "partial") for path, _ in outputs]
    at = 0  # the file being written, for the message
    try:
        with ExitStack() as stack:
            files: list[BinaryIO] = []
            for temporary in temporaries:
                at = len(files)
                files.append(stack.enter_context(open(temporary, "wb", buffering=1 << 20)))
            for chunks in zip_longest(*(chunks for _, chunks in outputs)):
                for place, chunk in enumerate(chunks):
                    if chunk is not None:
                        at = place
                        files[place].write(chunk)
        for place, (path, _) in enumerate(outputs):
            at = place
            os.replace(temporaries[place], path)
    except OSError as error:
        _remove(temporaries)
        return fail(f"{outputs[at][0]}: cannot write ({error.strerror or error})")
    except BaseException:
        _remove(temporaries)
        raise
    return 0


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _write_folder(folder: Path, files: Iterable[tuple[str, bytes]]) -> int:
    partial = temporary_path(folder, "partial")
    try:
        partial.mkdir(parents=True)
        for name, content in files:
            (partial / name).write_bytes(content)
        if folder.exists():
            for old in partial.iterdir():
                os.replace(old, folder / old.name)
            partial.rmdir()
        else:
            os.replace(partial, folder)
    except OSError as error:
        shutil.rmtree(partial, ignore_errors=True)
        return fail(f"{folder}: cannot write ({error.strerror or error})")
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return 0


def import_parser() -> argparse.ArgumentParser:
    """The options of `annotator import`."""
    parser = command_parser(
        "import",
        "Add annotations from a file to the DB: an annotator JSON export, or JSONL in the "
        "Prodigy/spaCy or doccano shape (spans, their relations and article labels: "
        "pre-annotated data). Articles the DB does not have are added; annotations, relations "
        "and labels it has already are not added twice.",
    )
    parser.add_argument("file", metavar="FILE", help="a .json export or a .jsonl of spans")
    add_db_option(parser)
    parser.add_argument(
        "--offsets", choices=OFFSET_UNITS, default="utf16",
        help="doccano lines only: what their offsets count (default: utf16, as doccano "
        "writes them; graphemes for a project set to count grapheme clusters)",
    )
    parser.add_argument(
        "--config", metavar="FILE",
        help=f"JSONL only: the label file whose article label sets the lines' choices go in "
        f"(default: {CONFIG_NAME} in this folder, if there is one, else the default sets)",
    )
    return parser


def run_import(argv: list[str]) -> int:
    """Import a file into the DB and say what was added."""
    options = import_parser().parse_args(argv)
    gc.disable()  # as for export: a batch of short-lived objects without cycles
    try:
        # the label file only for JSONL lines (their choices): a JSON export needs none
        jsonl = Path(options.file).suffix.lower() == ".jsonl"
        sets = choose_config(options.config, None, Path.cwd()).choice_sets if jsonl else ()
        items = list(read_import(options.file, options.offsets, sets))
        store = AnnotationStore.open(options.db, autoflush=False)
        tell(store.take_notices())
        report = import_into(store, _progress(items, len(items), "importing"))
        store.close()  # the whole file written once, not a journal of the whole import
        tell(store.take_notices())
    except (ArticleError, StoreError, ConfigError) as error:
        return fail(str(error))
    print(visible(f"{options.file}: {report}"), file=sys.stderr)
    return 0
