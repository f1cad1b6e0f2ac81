"""Search as a user meets it: keys, what is highlighted, what the status line says."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from rich.segment import Segment

from tests.conftest import ROOT
from tui.annotate import open_session
from tui.app import AnnotatorApp, make_app
from tui.widgets.text_view import TextView

DATA = ROOT / "tests" / "data"
CURLY = DATA / "curly-quotes.txt"


@asynccontextmanager
async def running(tmp_path: Path, article: Path, *, size=(100, 30)):
    opened, store, notices = open_session([str(article)], str(tmp_path / "db.json"))
    app = make_app(opened.articles, store, "tester", notices=notices)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield app, pilot


def view(app: AnnotatorApp) -> TextView:
    return app.screen.query_one("#article", TextView)


def status(app: AnnotatorApp) -> str:
    return str(app.screen.query_one("#status").render())


def styled_cells(widget: TextView, colour: str) -> list[str]:
    """The runs of text drawn on a background of `colour`, top to bottom."""
    runs: list[str] = []
    for y in range(widget.size.height):
        joined = False
        for segment in widget.render_line(y):
            assert isinstance(segment, Segment)
            background = segment.style.bgcolor if segment.style else None
            if background and background.triplet and background.triplet.hex == colour:
                if joined:
                    runs[-1] += segment.text
                else:
                    runs.append(segment.text)
                joined = True
            else:
                joined = False
    return runs


def match_colour(widget: TextView) -> str:
    background = widget.get_component_rich_style("text-view--match").bgcolor
    assert background is not None and background.triplet is not None
    return background.triplet.hex


async def test_a_straight_quote_finds_a_curly_one_and_every_match_is_highlighted(
    tmp_path: Path,
) -> None:
    async with running(tmp_path, CURLY) as (app, pilot):
        await pilot.press("slash", *"trump's", "enter")
        await pilot.pause()
        pane = view(app)
        text = pane.article.text
        first = pane.selection
        assert first and text[first[0] : first[1]] == "Trump’s"  # the text as written
        assert "match 1/4" in status(app)
        # the other three are highlighted; the first is drawn as the selection
        assert styled_cells(pane, match_colour(pane)) == ["Trump’s", "Trump’s", "Trump's"]
        await pilot.press("full_stop", "full_stop", "full_stop")
        last = pane.selection
        assert last and text[last[0] : last[1]] == "Trump's"
        assert "match 4/4" in status(app)
        await pilot.press("full_stop")  # wraps round
        assert pane.selection == first and "match 1/4" in status(app)


async def test_dashes_and_quotes_typed_plainly_find_the_typographic_ones(tmp_path: Path) -> None:
    async with running(tmp_path, CURLY) as (app, pilot):
        await pilot.press("slash", *'"a negotiating tool,"', "enter")
        pane = view(app)
        found = pane.selection
        assert found and pane.article.text[found[0] : found[1]] == "“a negotiating tool,”"
        await pilot.press("slash", *"2025-2026", "enter")
        found = pane.selection
        assert found and pane.article.text[found[0] : found[1]] == "2025–2026"
        assert "match 1/1" in status(app)


async def test_a_new_search_moves_the_highlights_and_an_empty_one_clears_them(
    tmp_path: Path,
) -> None:
    async with running(tmp_path, CURLY) as (app, pilot):
        pane = view(app)
        await pilot.press("slash", *"said", "enter")
        await pilot.pause()
        assert styled_cells(pane, match_colour(pane)) == ["said", "said"]  # and one selected
        await pilot.press("slash", *"prices", "enter")
        await pilot.pause()
        assert styled_cells(pane, match_colour(pane)) == []  # the only match is the selection
        await pilot.press("escape")
        await pilot.pause()
        assert styled_cells(pane, match_colour(pane)) == ["prices"]
        await pilot.press("slash", "backspace", "enter")
        await pilot.pause()
        assert styled_cells(pane, match_colour(pane)) == []
        assert app.screen.session.last_search == ""
