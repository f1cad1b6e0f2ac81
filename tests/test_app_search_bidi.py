"""Search and right-to-left text as a user meets them: keys, what is highlighted, what the status
line says, and where on screen the cursor is drawn."""

from __future__ import annotations

import io
from contextlib import asynccontextmanager
from pathlib import Path

from rich.segment import Segment

from tests.conftest import ROOT
from tui.annotate import (
    EXPLICIT_BIDI,
    IMPLICIT_BIDI,
    annotate_parser,
    bidi_left_to_the_app,
    open_session,
)
from tui.app import AnnotatorApp, make_app
from tui.widgets.annotation_list import AnnotationList, drawn_quote
from tui.widgets.text_view import TextView

DATA = ROOT / "tests" / "data"
CURLY = DATA / "curly-quotes.txt"
ARABIC = DATA / "arabic-article.txt"


@asynccontextmanager
async def running(tmp_path: Path, article: Path, *, bidi: bool = True, size=(100, 30)):
    opened, store, notices = open_session([str(article)], str(tmp_path / "db.json"))
    app = make_app(opened.articles, store, "tester", notices=notices, bidi=bidi)
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


def visible_line(pane: TextView, line: int) -> str:
    return pane.render_line(line - int(pane.scroll_y)).text


async def test_an_arabic_article_reads_right_to_left_and_the_cursor_follows(
    tmp_path: Path,
) -> None:
    async with running(tmp_path, ARABIC) as (app, pilot):
        pane = view(app)
        layout = pane.layout_lines
        assert layout is not None
        title = pane.article.title
        drawn = visible_line(pane, 0).strip()
        assert drawn == "ةيسمشلا ةقاطلل رالود رايلم 2.5 ةميقب ةطخ نلعت ةموكحلا"
        assert drawn != title
        # the cursor starts on the title's first letter: drawn at the right end of the line
        cursor_colour = pane.get_component_rich_style("text-view--cursor").bgcolor
        assert cursor_colour is not None and cursor_colour.triplet is not None
        assert styled_cells(pane, cursor_colour.triplet.hex) == [title[0]]
        row = visible_line(pane, 0)
        assert row.rstrip().endswith(title[0])
        await pilot.press("left", "left")  # on, as Arabic reads: the third letter
        assert pane.cursor == 2
        assert styled_cells(pane, cursor_colour.triplet.hex) == [title[2]]
        assert layout.col_of(2) == layout.col_of(0) - 2


async def test_a_click_on_a_right_to_left_line_puts_the_cursor_on_the_letter_there(
    tmp_path: Path,
) -> None:
    async with running(tmp_path, ARABIC) as (app, pilot):
        pane = view(app)
        width = pane.scrollable_content_region.width
        title = pane.article.title
        # the title is flush right: its first letter in the last cell, its end left of it all
        for col, offset in [(width - 1, 0), (width - 2, 1), (width - len(title) - 1, len(title))]:
            await pilot.click("#article", offset=(2 + col, 1))  # inside the border and padding
            assert pane.cursor == offset


async def test_no_bidi_draws_lines_as_stored_for_terminals_that_reorder(tmp_path: Path) -> None:
    async with running(tmp_path, ARABIC, bidi=False) as (app, pilot):
        pane = view(app)
        assert visible_line(pane, 0).strip() == pane.article.title
        await pilot.press("right")
        assert pane.cursor == 1


def test_no_bidi_is_a_command_line_option() -> None:
    assert annotate_parser().parse_args([]).bidi is True
    assert annotate_parser().parse_args(["--no-bidi"]).bidi is False


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_terminal_is_asked_not_to_reorder_while_the_app_does() -> None:
    terminal = Terminal()
    with bidi_left_to_the_app(terminal, reordering=True):
        assert terminal.getvalue() == EXPLICIT_BIDI
    assert terminal.getvalue() == EXPLICIT_BIDI + IMPLICIT_BIDI
    untouched = Terminal()
    with bidi_left_to_the_app(untouched, reordering=False):
        pass
    piped = io.StringIO()  # output to a file or a pipe: no escape sequences in it
    with bidi_left_to_the_app(piped, reordering=True):
        pass
    assert untouched.getvalue() == piped.getvalue() == ""


TITLE_AS_DRAWN = "ةيسمشلا ةقاطلل رالود رايلم 2.5 ةميقب ةطخ نلعت ةموكحلا"


def listed(app: AnnotatorApp) -> str:
    rows = app.screen.query_one("#annotations", AnnotationList)
    return rows.render_line(0).text


async def test_an_arabic_quote_in_the_annotation_list_reads_right_to_left(
    tmp_path: Path,
) -> None:
    async with running(tmp_path, ARABIC, size=(200, 30)) as (app, pilot):
        await pilot.press("s", "1")
        await pilot.pause()
        assert f"“{TITLE_AS_DRAWN}”" in listed(app)


async def test_no_bidi_lists_an_arabic_quote_as_stored(tmp_path: Path) -> None:
    async with running(tmp_path, ARABIC, bidi=False, size=(200, 30)) as (app, pilot):
        await pilot.press("s", "1")
        await pilot.pause()
        assert f"“{view(app).article.title}”" in listed(app)


def test_a_cut_right_to_left_quote_loses_its_end_as_it_reads() -> None:
    title = "الحكومة تعلن خطة بقيمة 2.5 مليار دولار للطاقة الشمسية"
    shown = drawn_quote(title, 16)
    assert shown.startswith("“…")  # the end, as Arabic reads, is at the left
    assert shown.endswith("ةموكحلا")  # and the first word, drawn rightmost, is kept
