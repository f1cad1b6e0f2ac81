"""Moving the cursor and the selection over wrapped text, without a widget."""

from __future__ import annotations

import pytest

from annotations.parsing import parse_text
from annotations.text_units import TextUnits
from tui.widgets.text_cursor import TextCursor, offset_at_point
from tui.widgets.text_layout import TextLayout

# Wrapped at 10 cells: line 0 "Title" (0-5), 2 "One two " (7-14), 3 "three " (15-20),
# 4 "four." (21-26), 6 "Five six." (28-37); lines 1 and 5 are the blank lines between blocks.
ARTICLE = parse_text("Title\nOne two three four.\nFive six.", "cursor.txt")


def layout() -> TextLayout:
    return TextLayout(ARTICLE.text, ARTICLE.blocks, 10, "", eager=True)


@pytest.mark.parametrize(
    ("start", "keys", "offset"),
    [
        (7, ["right"], 8),
        (7, ["left"], 5),  # across the gap between blocks, to the end of the title
        (0, ["left"], 0),
        (9, ["down"], 17),  # the same column on the next line
        (11, ["down", "down"], 25),  # "four." is shorter: its end...
        (11, ["down", "down", "up", "up"], 11),  # ...and back to the column it started from
        (17, ["line_start"], 15),
        (17, ["line_end"], 20),
        (17, ["top"], 0),
        (17, ["bottom"], 37),
        (9, ["page_down"], 23),  # two lines down, same column
    ],
)
def test_moves(start: int, keys: list[str], offset: int) -> None:
    cursor = TextCursor()
    cursor.reset(start)
    for key in keys:
        cursor.move(layout(), key, extend=False, page=2)
    assert (cursor.offset, cursor.selection) == (offset, None)


def test_extending_selects_from_where_the_cursor_was_and_a_move_drops_it() -> None:
    cursor = TextCursor()
    cursor.reset(9)
    cursor.move(layout(), "right", extend=True, page=2)
    cursor.move(layout(), "down", extend=True, page=2)
    assert cursor.selection == (9, 18) and cursor.extent() == (9, 19)
    cursor.move(layout(), "left", extend=False, page=2)
    assert (cursor.offset, cursor.selection) == (17, None)


@pytest.mark.parametrize(
    ("line", "col", "offset"),
    [(2, 4, 11), (1, 3, 5), (-1, 0, 0), (99, 0, 37), (6, 50, 37)],
)
def test_a_click_lands_on_the_nearest_text(line: int, col: int, offset: int) -> None:
    assert offset_at_point(layout(), line, col) == offset


@pytest.mark.parametrize(
    ("start", "where", "extend", "offset", "selection"),
    [
        (7, "word_next", False, 10, None),  # a word's end: extending takes it whole
        (7, "word_next", True, 10, (7, 10)),
        (12, "word_previous", False, 11, None),
        (9, "sentence_next", False, 28, None),  # a jump lands on the next sentence's start...
        (9, "sentence_next", True, 26, (9, 26)),  # ...extending stops at this one's end
        (9, "sentence_previous", True, 7, (7, 9)),
        (0, "paragraph_next", False, 7, None),
        (30, "paragraph_previous", False, 28, None),
    ],
)
def test_moves_by_unit(start, where, extend, offset, selection) -> None:
    cursor = TextCursor()
    cursor.reset(start)
    cursor.move(layout(), where, extend=extend, page=2, units=TextUnits(ARTICLE.text,
                                                                       ARTICLE.blocks))
    assert (cursor.offset, cursor.selection) == (offset, selection)


@pytest.mark.parametrize(
    ("anchor", "offset", "expected"),
    [(8, 12, (7, 14, 14)), (12, 8, (14, 7, 7)), (7, 10, (7, 10, 10)), (9, 9, (9, 9, 9))],
)
def test_a_selection_snaps_to_words_keeping_its_direction(anchor, offset, expected) -> None:
    cursor = TextCursor(offset, anchor)
    returned = cursor.snap(TextUnits(ARTICLE.text, ARTICLE.blocks))
    assert (cursor.anchor, cursor.offset, returned) == expected
