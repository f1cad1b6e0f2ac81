"""The user's settings: `settings.toml` in the XDG config folder (see
`annotations.user_files`), for what the user chooses once and keeps. It holds the theme
chosen in the app's command palette:

    theme = "nord"

The app writes the file when the user picks a theme, keeping whatever else is in it (other
keys, comments), and never writes over a file it could not read. `annotator --theme NAME`
uses another theme for one run without changing the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotations.user_files import (
    UserFileError,
    config_folder,
    read_text,
    toml_reader,
    write_text,
)

FILE_NAME = "settings.toml"
"""The settings file's name."""


def settings_file() -> Path:
    """The user's settings file."""
    return config_folder() / FILE_NAME


@dataclass(frozen=True)
class Settings:
    """What the settings file says."""

    theme: str | None = None
    """The name of the theme to start with (None: Textual's default)."""


def read_settings(path: Path) -> Settings:
    """The settings in the file at `path` (the defaults when there is no file).

    Raises:
        UserFileError: it cannot be read, is not TOML, or a setting has the wrong type.
    """
    text = read_text(path)
    if not text:
        return Settings()
    tomllib = toml_reader()
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UserFileError(path, f"not TOML ({error})") from None
    theme = values.get("theme")
    if theme is not None and not isinstance(theme, str):
        raise UserFileError(path, 'theme must be a name in quotes, like theme = "nord"')
    return Settings(theme=theme)


def save_theme(path: Path, theme: str) -> None:
    """Make `theme` the theme in the settings file, keeping the rest of it.

    Raises:
        UserFileError: the file cannot be read (it is then left alone) or written.
    """
    read_settings(path)  # a file that is not ours to read is not ours to write
    import tomlkit  # here: only a change of theme writes the file (7 ms of start-up)

    document = tomlkit.parse(read_text(path) or "")
    document["theme"] = theme
    write_text(path, tomlkit.dumps(document))
