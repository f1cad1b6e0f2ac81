"""ctrl+c and the palette's Copy put the selection on the clipboard and say so, in plain text."""

from __future__ import annotations

from pathlib import Path

from tests.multilingual import ACCENTS, EMOJI, JAPANESE
from tui.annotate import open_session
from tui.app import make_app
from tui.widgets.text_view import TextView


def app_for(tmp_path: Path, text: str):
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    opened, store, _ = open_session([str(path)], str(tmp_path / "db.json"))
    return make_app(opened.articles, store, "tester")


def status(app) -> str:
    return app.screen.query_one("#status").render_line(0).text


async def test_ctrl_c_copies_the_selection_of_wide_and_combining_characters(
    tmp_path: Path,
) -> None:
    app = app_for(tmp_path, f"Title\n{JAPANESE}\n{ACCENTS}")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one("#article", TextView)
        await pilot.press("down", *["shift+right"] * 3, "ctrl+c")
        await pilot.pause()
        assert app.clipboard == "東京都"
        assert "Copied “東京都” to the clipboard." in status(app)
        start = view.article.text.index("Le cafe")
        view.select(start, start + len("Le cafe\u0301"))
        await pilot.press("ctrl+c")
        assert app.clipboard == "Le cafe\u0301"  # the text as written, accent and all


async def test_ctrl_c_with_nothing_selected_copies_the_current_annotation(tmp_path: Path) -> None:
    app = app_for(tmp_path, f"Title\n{EMOJI}")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one("#article", TextView)
        start = view.article.text.index("👨")
        end = start + len("👨‍👩‍👧‍👦")
        view.select(start, end)
        await pilot.press("1")  # tagged: the cursor stays on the new annotation
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.clipboard == "👨‍👩‍👧‍👦"
        assert "Copied “👨‍👩‍👧‍👦” to the clipboard." in status(app)


async def test_ctrl_c_with_nothing_to_copy_says_how_to_quit_without_markup(tmp_path: Path) -> None:
    app = app_for(tmp_path, "Title\nA plain paragraph.")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.clipboard == ""
        assert "Select text to copy it (ctrl+c copies; q quits)." in status(app)
        await app.run_action("help_quit")  # Textual's ctrl+c on a screen that copies nothing
        await pilot.pause()
        told = [n.message for n in app._notifications]
        assert "To quit, press q (ctrl+q in a text field)." in told
        assert not any("[b]" in message for message in told)


async def test_the_palette_copy_command_copies_the_selection(tmp_path: Path) -> None:
    app = app_for(tmp_path, "Title\nThe fare rises to 3.50 in May.")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", *["shift+right"] * 8)
        await pilot.press("ctrl+p", *"copy")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.clipboard == "The fare"
        assert "Copied “The fare”" in status(app)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles.count("Copy selected text") == 1
