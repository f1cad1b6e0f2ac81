"""`annotator [PATH ...]`: open articles and the DB, then run the app until the user quits.

Textual is imported only once the options, the articles and the DB have been read, so a mistake
on the command line is reported at once.
"""

from __future__ import annotations

import argparse
import gc
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from annotations import __version__
from annotations.labels import CONFIG_NAME, ConfigError, choose_config
from annotations.languages import DETECT_LATER, language_code
from annotations.parsing import ArticleError
from annotations.places import Places
from annotations.samples import sample_articles_dir
from annotations.sets import ArticleSet, open_paths
from annotations.settings import read_settings, settings_file
from annotations.storage import StoreError
from annotations.store import AnnotationStore
from annotations.user_files import UserFileError
from tui.commands import COMMANDS
from tui.commands.options import CommandParser, add_db_option, fail, tell

if TYPE_CHECKING:
    from tui.app import AnnotatorApp

EXPLICIT_BIDI = "\x1b[8l"
"""Tells a terminal to show characters in the order it is given them (no reordering)."""
IMPLICIT_BIDI = "\x1b[8h"
"""Tells a terminal to reorder right-to-left text itself again (the default of those that do)."""


def default_annotator() -> str:
    """The login name, or "anonymous" where the system cannot say."""
    try:
        return getpass.getuser()
    except Exception:  # getuser raises whatever the platform's lookup raises
        return os.environ.get("USER") or "anonymous"


def annotate_parser() -> argparse.ArgumentParser:
    """The options of `annotator [PATH ...]`."""
    parser = CommandParser(
        prog="annotator",
        description="Read news articles in the terminal and annotate spans of them "
        "(claim, figure, opinion, source), the relations between them, and labels for the "
        "article and its comments. Every change is saved at once to the DB file.",
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
    add_db_option(parser)
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
        help="the labels to use, on keys 1, 2, 3... (default: claim,figure,opinion,source)",
    )
    parser.add_argument(
        "--lang",
        type=_language_option,
        metavar="CODE",
        help="the language of every article (en, th, zh...), over what each file declares or "
        "its text suggests; it sets the rules of sentences",
    )
    parser.add_argument(
        "--no-bidi",
        dest="bidi",
        action="store_false",
        help="draw Arabic, Hebrew and Persian lines in stored order, for a terminal that "
        "reorders right-to-left text itself (Konsole, mlterm, PuTTY, macOS Terminal)",
    )
    parser.add_argument(
        "--theme",
        metavar="NAME",
        help="the colour theme for this run (default: the one last chosen in the command "
        "palette, kept in settings.toml in your config folder)",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    return parser


def _language_option(value: str) -> str:
    code = language_code(value)
    if code is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not a language code (en, th, zh-Hant...)")
    return code


def open_session(
    paths: list[str], db: str, lang: str | None = None, *, detect_later: bool = False
) -> tuple[ArticleSet, AnnotationStore, list[str]]:
    """Read the articles (the samples when `paths` is empty), open the DB and record them.

    `lang`, when given, is every article's language (`--lang`); else, with `detect_later`,
    an article declaring none comes without it, for the session to detect after the first
    frame (`Session.settle_languages`).

    The DB is read and checked before anything is written to it.

    Articles are recorded in the DB as they are first shown (a set of tens of thousands opens
    without writing them all); an article whose text changed is checked then, and the app says
    how many of its annotations moved or were orphaned.

    Returns:
        The articles, the store, and what the user should be told (the files skipped, a DB
        opened read-only).

    Raises:
        ArticleError: no article could be read, or a path is missing.
        StoreError: the DB cannot be used.
    """
    later = DETECT_LATER if detect_later else None
    opened = open_paths(list(paths) or [sample_articles_dir()], lang or later)
    store = AnnotationStore.open(db, autoflush=False, lazy=True)  # the rest: `check_db`
    notices = [f"skipped {error}" for error in opened.errors] + store.take_notices()
    if store.storage.read_only is not None:
        notices.append(f"{db} is open read-only: {store.storage.read_only}")
    return opened, store, notices


def build_app(argv: list[str]) -> tuple[AnnotatorApp, AnnotationStore]:
    """The app `annotator ARGV` runs, and its store; the smoke test of the wheel uses it too.

    Raises:
        ArticleError, StoreError, ConfigError: bad input, to be told in one line.
    """
    options = annotate_parser().parse_args(argv)
    config = choose_config(options.config, options.labels, Path.cwd())
    if options.theme is not None and options.theme not in theme_names():
        raise ConfigError("--theme", f"unknown theme {options.theme!r}; use one of "
                          + ", ".join(theme_names()))
    opened, store, notices = open_session(options.paths, options.db, options.lang,
                                          detect_later=True)
    tell(notices)
    places, resume_at = user_places(options.db, notices)
    settings, theme = user_theme(notices)

    from tui.app import make_app  # Textual loads here, not for `annotator export`

    app = make_app(
        opened.articles, store, options.annotator, config.labels, notices, rules=config.rules,
        relation_types=config.relation_types, choice_sets=config.choice_sets,
        bidi=options.bidi,
        snap_words=config.snap_words, detect_later=True,
        places=places, resume_at=resume_at, theme=options.theme or theme, settings=settings,
    )
    return app, store


@contextmanager
def bidi_left_to_the_app(terminal: TextIO | None, reordering: bool) -> Iterator[None]:
    """While the app reorders right-to-left lines itself, ask the terminal not to reorder them
    again (ECMA-48's BDSM mode: VTE's terminals such as GNOME Terminal follow it; terminals
    that do not know it ignore it), and give the terminal its own reordering back after."""
    asking = reordering and terminal is not None and terminal.isatty()
    if asking:
        assert terminal is not None
        terminal.write(EXPLICIT_BIDI)
        terminal.flush()
    try:
        yield
    finally:
        if asking:
            assert terminal is not None
            terminal.write(IMPLICIT_BIDI)
            terminal.flush()


def theme_names() -> list[str]:
    """The themes `--theme` and the settings may name: Textual's own."""
    from textual.theme import BUILTIN_THEMES

    return sorted(BUILTIN_THEMES)


def user_places(db: str, notices: list[str]) -> tuple[Places | None, str | None]:
    """Where to keep the user's place in the set of DB `db` (None when the places file cannot
    be read: it is never written over then), and the article the user was last on.

    What is wrong with the file is added to `notices`.
    """
    places = Places.of(db)
    try:
        return places, places.last()
    except UserFileError as error:
        notices.append(f"{error}; opening the first article not done")
        return None, None


def user_theme(notices: list[str]) -> tuple[Path | None, str | None]:
    """The settings file to keep the theme chosen in (None when it cannot be read: it is
    never written over then), and the theme it names, if that is one of `theme_names()`.

    What is wrong with the file is added to `notices`.
    """
    path = settings_file()
    try:
        theme = read_settings(path).theme
    except UserFileError as error:
        notices.append(f"{error}; the theme you choose is not kept")
        return None, None
    if theme is not None and theme not in theme_names():
        notices.append(f"{path}: unknown theme {theme!r}; using the default")
        theme = None
    return path, theme


def run_app(argv: list[str]) -> int:
    """Open the articles and the DB, then run the app until the user quits."""
    # The collector is off while the articles and the DB are read: what they make lives as
    # long as the app and holds no cycles, and the full passes it set off as they grew cost
    # 0.3 s of opening a DB of 100,000 annotations (a 47 MB file), and more the larger.
    gc.disable()
    try:
        app, store = build_app(argv)
    except (ArticleError, StoreError, ConfigError) as error:
        return fail(str(error))
    finally:
        # Frozen, what was read is left out of the collector's full passes, each of which
        # stopped the app for about 0.6 s with 100,000 annotations (and came as the review or
        # statistics opened).
        gc.freeze()
        gc.enable()
    with bidi_left_to_the_app(sys.__stdout__, app.bidi):
        app.run()
    try:
        app.session.record_opened()  # an article opened and quit before its first save
        store.close()  # saves, and folds the journal into the DB file
    except StoreError as error:
        return fail(str(error))
    finally:
        # found by the last saves, after the screen
        tell([recovery.message() for recovery in store.take_recoveries()])
        tell(store.take_notices())
    return app.return_code or 0
