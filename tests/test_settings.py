"""The theme chosen in the palette is kept in the user's settings file; --theme overrides it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotations.settings import Settings, read_settings, save_theme, settings_file
from annotations.user_files import UserFileError
from tests.conftest import SEED
from tui.annotate import build_app, run_app


def test_no_file_means_the_defaults(tmp_path: Path) -> None:
    assert read_settings(tmp_path / "settings.toml") == Settings(theme=None)


def test_saving_a_theme_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "settings.toml"
    save_theme(path, "nord")
    assert read_settings(path) == Settings(theme="nord")
    path.write_text('# chosen by hand\ntheme = "nord" # for the evenings\nother = 1\n',
                    encoding="utf-8")
    save_theme(path, "gruvbox")
    assert path.read_text(encoding="utf-8") == (
        '# chosen by hand\ntheme = "gruvbox" # for the evenings\nother = 1\n'
    )


BAD_SETTINGS = [  # the file's bytes, and what the message says after the file's name
    pytest.param(b"theme = ", "not TOML (Invalid value", id="not TOML"),  # then tomllib's words
    pytest.param(b"theme = 3\n", 'theme must be a name in quotes, like theme = "nord"',
                 id="a number"),
    pytest.param(b"theme = '\xff'\n", "not UTF-8 (byte 9)", id="not UTF-8"),
]


@pytest.mark.parametrize(("content", "cause"), BAD_SETTINGS)
def test_a_bad_settings_file_is_named_and_never_written_over(
    tmp_path: Path, content: bytes, cause: str
) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(content)
    for attempt in (read_settings, lambda bad: save_theme(bad, "nord")):
        with pytest.raises(UserFileError, match=f"^{re.escape(f'{path}: {cause}')}"):
            attempt(path)
    assert path.read_bytes() == content  # the theme was not saved over it


def test_the_settings_are_in_the_xdg_config_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert settings_file() == tmp_path / "cfg" / "news-annotator" / "settings.toml"


def args(tmp_path: Path, *more: str) -> list[str]:
    return [str(SEED), "--db", str(tmp_path / "db.json"), *more]


async def test_the_theme_picked_in_the_palette_is_kept_for_the_next_start(
    tmp_path: Path,
) -> None:
    app, _ = build_app(args(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+p", *"theme")
        await pilot.pause()
        await pilot.press("enter")  # the Theme command opens the list of themes
        await pilot.pause()
        await pilot.press(*"gruvbox")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert app.theme == "gruvbox"
    assert read_settings(settings_file()).theme == "gruvbox"
    again, _ = build_app(args(tmp_path))
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.theme == "gruvbox"


async def test_theme_option_overrides_the_settings_without_changing_them(tmp_path: Path) -> None:
    save_theme(settings_file(), "nord")
    app, _ = build_app(args(tmp_path, "--theme", "catppuccin-latte"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert app.theme == "catppuccin-latte"
    assert read_settings(settings_file()).theme == "nord"


def test_an_unknown_theme_option_is_refused_in_one_line(tmp_path: Path, capsys) -> None:
    assert run_app(args(tmp_path, "--theme", "[red]neon")) == 2
    err = capsys.readouterr().err
    assert err.startswith("annotator: --theme: unknown theme '[red]neon'; use one of ")
    assert "nord" in err and err.count("\n") == 1
    assert not (tmp_path / "db.json").exists()  # refused before the DB is opened


@pytest.mark.parametrize(
    ("content", "told"),
    [
        ('theme = "gone-theme"\n', ": unknown theme 'gone-theme'; using the default"),
        ("theme = [", ": not TOML"),
    ],
)
async def test_a_settings_file_the_app_cannot_use_is_told(tmp_path: Path, content, told) -> None:
    path = settings_file()
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    app, _ = build_app(args(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        messages = [n.message for n in app._notifications]
        assert any(m.startswith(str(path)) and told in m for m in messages), messages
        app.theme = "nord"
        await pilot.pause()
        await app.workers.wait_for_complete()
    if told == ": not TOML":
        assert path.read_text(encoding="utf-8") == content  # never written over
