"""The screen's frame at every size: the key bar and the title line keep what matters."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEED
from tui.annotate import open_session
from tui.app import make_app
from tui.widgets.key_bar import KeyBar, fit_hints


@pytest.mark.parametrize(
    ("widths", "essential", "room", "shown"),
    [
        ([5, 5, 5], [False, False, True], 15, [0, 1, 2]),  # everything fits
        ([5, 5, 5], [False, False, True], 14, [0, 2]),  # the last optional one goes first
        ([5, 5, 5, 4], [False, False, True, True], 9, [2, 3]),  # only the essential ones
        ([5, 5, 5, 4], [True, False, False, True], 14, [0, 1, 3]),  # essentials anywhere
        ([9, 2, 2], [False, False, True], 5, [2]),  # dropped whole, never cut
        ([10, 10], [True, True], 12, [0, 1]),  # essentials stay even when too wide
        ([], [], 80, []),
    ],
)
def test_fit_hints_drops_optional_hints_last_first(widths, essential, room, shown) -> None:
    assert fit_hints(widths, essential, room) == shown


def app_for(tmp_path: Path, *paths: Path):
    opened, store, _ = open_session([str(p) for p in paths or [SEED]], str(tmp_path / "db.json"))
    return make_app(opened.articles, store, "tester")


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
async def test_help_and_quit_always_show_in_the_key_bar(tmp_path: Path, width: int) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        line = bar.render_line(0).text
        assert line.rstrip().endswith("? help  q quit")
        assert "1 claim" in line or width < 60
        if width >= 120:
            assert "l articles" in line
        if width <= 80:
            assert "l articles" not in line and "…" not in line  # dropped whole, not cut


async def test_a_click_on_help_in_the_key_bar_opens_help(tmp_path: Path) -> None:
    from tui.screens.help import HelpScreen

    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = app.screen.query_one(KeyBar).render_line(0).text
        await pilot.click(KeyBar, offset=(line.index("? help") + 2, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


LONG = "1/4 · China Reaffirms Commitment to Combat Cross-Border Crime"
STATE = "3 annotations · in progress · 0/4 done"


@pytest.mark.parametrize(
    ("title", "sub_title", "width", "expected"),
    [
        ("1/4 · Short", STATE, 80, ("1/4 · Short", STATE)),
        (LONG, STATE, 80, ("1/4 · China Reaffirms Commitment to…", STATE)),
        (LONG, STATE, 40, ("1/4 · Chi…", "3 annotations · in prog…")),
        (LONG, "", 30, ("1/4 · China Reaffirms Comm…", "")),
        # wide characters count two cells each and are never split
        ("1/2 · 中国重申打击跨境犯罪的承诺", STATE, 60, ("1/2 · 中国重申…", STATE)),
        ("1/2 · ข่าวไทย", STATE, 60, ("1/2 · ข่าวไทย", STATE)),
    ],
)
def test_fit_title_shortens_the_title_first(title, sub_title, width, expected) -> None:
    from rich.cells import cell_len

    from tui.widgets.title_bar import PREFIX, SEPARATOR, fit_title

    fitted = fit_title(title, sub_title, width)
    assert fitted == expected
    used = cell_len(PREFIX) + cell_len(fitted[0]) + (cell_len(SEPARATOR + fitted[1]) if sub_title
                                                      else 0)
    assert used <= width


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_the_header_keeps_status_and_progress_with_a_long_title(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    from tui.widgets.title_bar import TitleBar

    long = tmp_path / "long.txt"
    long.write_text(
        "A very long headline about the regional council's decision on the new tidal power "
        "pilot, the fares, the budget and everything else the city argued over this year\n"
        "A first paragraph.\n",
        encoding="utf-8",
    )
    app = app_for(tmp_path, long)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        line = app.screen.query_one(TitleBar).render_line(0).text
        assert line.startswith(" ✎ 1/1 · A very long headline")
        assert line.rstrip().endswith("— 0 annotations · new · 0/1 done · en")
        assert "…" in line


def status_text(app) -> str:
    from textual.widgets import Static

    return app.screen.query_one("#status", Static).render_line(0).text


def visible_toasts(app) -> list[str]:
    from textual.widgets._toast import Toast

    return [str(toast.render()) for toast in app.screen.query(Toast) if toast.display]


async def test_notices_show_in_the_status_line_and_cover_nothing(tmp_path: Path) -> None:
    third = SEED.parent / "tidal-power-pilot.txt"
    app = app_for(tmp_path, SEED, third, SEED.parent / "transit-fare-vote.txt")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert "saved  Nothing to undo.  Select text" in status_text(app)
        await pilot.press("d", "d")
        await pilot.pause()
        line = status_text(app)
        assert line.count("Marked done.") == 1  # the same notice again replaces itself
        assert "Nothing to undo." not in line  # and a new one the one before
        app.notify("A file was skipped.", severity="warning", timeout=15)
        app.notify("Search wrapped around the article.")
        await pilot.pause()
        # the lasting warning stays beside the newer notice, which comes first
        assert "saved  Search wrapped around the article.  ⚠ A file was skipped." in (
            status_text(app)
        )
        assert visible_toasts(app) == []
        assert app.screen.query_one(KeyBar).render_line(0).text.rstrip().endswith("q quit")


async def test_a_notice_leaves_the_status_line_when_it_times_out(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.notify("Short-lived.", timeout=0.05)
        await pilot.pause()
        assert "Short-lived." in status_text(app)
        await pilot.pause(0.2)  # the notice's own timer has to run out
        assert "Short-lived." not in status_text(app)


async def test_errors_stay_toasts_at_the_top_right(tmp_path: Path) -> None:
    from textual.widgets._toast import Toast

    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.notify("Cannot read the DB: disk on fire", severity="error")
        await pilot.pause()
        await pilot.pause()
        [toast] = [t for t in app.screen.query(Toast) if t.display]
        assert "disk on fire" in str(toast.render())
        assert toast.region.y <= 3 and toast.region.right >= 76  # a scrollbar from the edge
        assert "disk on fire" not in status_text(app)
