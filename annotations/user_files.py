"""The user's own small files, kept the XDG way: the settings (`$XDG_CONFIG_HOME`, else
`~/.config`) and the places in each set (`$XDG_STATE_HOME`, else `~/.local/state`), each in a
`news-annotator` folder.

They are read whole and written whole (a new file put in place of the old, so that a crash
never leaves half of one), and one that cannot be read is never written over.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import ModuleType

from xdg_base_dirs import xdg_config_home, xdg_state_home

FOLDER = "news-annotator"
"""The folder of the app's files in each XDG base folder."""

MAX_BYTES = 1024 * 1024
"""Larger files are refused unread: these are a few lines."""


class UserFileError(Exception):
    """A settings or state file that cannot be read or written; `str()` names it."""

    def __init__(self, path: Path, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = path
        self.cause = cause


def toml_reader() -> ModuleType:
    """`tomllib` (`tomli` before Python 3.11), imported when a TOML file is first read: a
    start without a label file or settings reads none, and its import is 2 ms of start-up."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib


def config_folder() -> Path:
    """Where the settings are kept."""
    return xdg_config_home() / FOLDER


def state_folder() -> Path:
    """Where what the app remembers between runs (the places in each set) is kept."""
    return xdg_state_home() / FOLDER


def read_text(path: Path) -> str | None:
    """The text of a small UTF-8 file; None when there is no file.

    Raises:
        UserFileError: it cannot be read, is too large, or is not UTF-8.
    """
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise UserFileError(path, f"cannot be read ({error.strerror or error})") from None
    if len(data) > MAX_BYTES:
        raise UserFileError(path, f"larger than {MAX_BYTES // 1024} KB; not read")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserFileError(path, f"not UTF-8 (byte {error.start})") from None


def write_text(path: Path, text: str) -> None:
    """Put `text` in the file at `path` whole, making its folder if need be.

    Raises:
        UserFileError: it could not be written (the old file, if any, is left as it was).
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(text.encode("utf-8"))
        _sync(temporary)  # on disk before it takes the old file's place
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UserFileError(path, f"cannot be written ({error.strerror or error})") from None


def _sync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
