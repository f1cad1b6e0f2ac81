"""Right-to-left lines drawn for the eye: the order a native reader expects, at the cells the
cursor, the selection and the clicks agree on, while every offset stays logical."""

from __future__ import annotations

import pytest
from rich.style import Style

from annotations.parsing import parse_text
from tui.widgets.text_bidi import (
    BidiText,
    embedding_levels,
    reorder,
    right_to_left,
    visual_string,
)
from tui.widgets.text_cursor import TextCursor
from tui.widgets.text_layout import LineKind, TextLayout
from tui.widgets.text_painter import Caret, NoHighlights, TextPainter

SHALOM = "\u05e9\u05dc\u05d5\u05dd"  # שלום, stored ש first
MUHAMMAD = "\u0645\u064f\u062d\u064e\u0645\u0651\u064e\u062f"  # مُحَمَّد, with its vowel marks


def drawn(text: str) -> str:
    """`text` as one line, left to right as the terminal is given it."""
    shown = visual_string(text)
    return shown[0] if shown else text


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        # Hebrew: read from the right
        ("אבג", "גבא"),
        (SHALOM, "\u05dd\u05d5\u05dc\u05e9"),
        # a Latin name keeps its order inside the right-to-left line
        ("אבג abc דה", "הד abc גבא"),
        ("قالت Trump إنها", "اهنإ Trump تلاق"),
        ("قال Trump إن", "نإ Trump لاق"),  # as many letters each way: the first one decides
        ("Trump قال إن", "Trump نإ لاق"),
        # numbers read left to right, with their separators
        ("אבג 123 דה", "הד 123 גבא"),
        ("بقيمة 2.5 مليار", "رايلم 2.5 ةميقب"),
        ("نحو 12,000 فرصة", "ةصرف 12,000 وحن"),
        # after Arabic letters the percent sign goes before the number, as Arabic writes it
        ("بنسبة 25% هذا", "اذه %25 ةبسنب"),
        ("بنسبة ٧٪ هذا", "اذه ٪٧ ةبسنب"),
        # brackets and guillemets are mirrored, so that they still open towards their text
        ("אב (גד) הו", "וה (דג) בא"),
        ("رأى «الخطة» أمس", "سمأ «ةطخلا» ىأر"),
        # a paragraph that opens on a Latin name is still an Arabic paragraph
        ("Siemens قالت إن الشركة ستبني", "ينبتس ةكرشلا نإ تلاق Siemens"),
        # a left-to-right line with a Hebrew word in it
        (f"the word {SHALOM} here", "the word \u05dd\u05d5\u05dc\u05e9 here"),
        ("Good plan, who pays? الشفافية مطلوبة.", "Good plan, who pays? ةبولطم ةيفافشلا."),
        # vowel marks stay after their letter (a terminal draws a mark on the letter before it)
        (MUHAMMAD, "\u062f\u0645\u0651\u064e\u062d\u064e\u0645\u064f"),
        # Persian, with a zero-width non-joiner inside a word
        ("می\u200cخواهم", "مهاوخی\u200cم"),  # the joiner, drawn as nothing, stays with ی
    ],
)
def test_lines_read_as_a_native_reader_expects(stored: str, expected: str) -> None:
    assert drawn(stored) == expected


def test_text_without_right_to_left_letters_is_left_as_stored() -> None:
    assert visual_string("plain English, 中文 and 日本語") is None
    assert BidiText("plain text").line((0, 10), 0, 10) is None


def test_direction_follows_most_letters() -> None:
    assert right_to_left("Siemens قالت إن الشركة")
    assert not right_to_left(f"The word {SHALOM} is Hebrew")
    assert not right_to_left("123 456")


# A right-to-left paragraph of ten characters: "הד abc גבא" on screen. By logical offset, the
# cells (from the text's left edge) are א 9, ב 8, ג 7, space 6, a 3, b 4, c 5, space 2, ד 1, ה 0.
MIXED = "אבג abc דה"
CELLS = [9, 8, 7, 6, 3, 4, 5, 2, 1, 0]


def layout_of(raw: str, width: int, *, bidi: bool = True) -> TextLayout:
    article = parse_text(raw, "rtl.txt")
    return TextLayout(article.text, article.blocks, width, eager=True, bidi=bidi)


def test_a_visual_line_maps_offsets_to_cells_and_back() -> None:
    line = reorder(MIXED, embedding_levels(MIXED, True), 0, len(MIXED), True)
    assert [line.cell_of(offset) for offset in range(len(MIXED))] == CELLS
    assert [line.offset_at(cell, 0, 10) for cell in range(10)] == [
        CELLS.index(cell) for cell in range(10)
    ]
    assert line.cell_of(10) is None
    assert (line.col_of(10, left=30), line.col_of(4, left=30)) == (29, 33)
    assert (line.offset_at(-1, 0, 10), line.offset_at(10, 0, 10)) == (10, 0)


def test_a_mark_shares_its_letter_s_cell() -> None:
    line = reorder(MUHAMMAD, embedding_levels(MUHAMMAD, True), 0, len(MUHAMMAD), True)
    assert line.width == 4
    assert [line.cell_of(offset) for offset in range(len(MUHAMMAD))] == [3, 3, 2, 2, 1, 1, 1, 0]
    assert [line.offset_at(cell, 0, 8) for cell in range(4)] == [7, 4, 2, 0]


def test_the_layout_draws_a_right_to_left_paragraph_flush_right() -> None:
    layout = layout_of(f"Title\n{MIXED}", 40)
    start = layout.blocks[1].start
    line = layout.line_at(start)
    visual = layout.visual(line)
    assert visual is not None and visual.right_to_left
    assert layout.text_left(line, visual) == 30
    assert [layout.col_of(start + i) for i in range(10)] == [30 + cell for cell in CELLS]
    assert layout.col_of(start + 10) == 29  # the line's end is on its left
    assert [layout.offset_at(line, col) for col in (29, 30, 33, 39, 40)] == [
        start + 10, start + 9, start + 4, start, start,
    ]
    assert layout.visual(layout.line_at(0)) is None  # the English title is drawn as stored


def test_the_cursor_moves_logically_and_is_drawn_at_the_visual_cell() -> None:
    """In a right-to-left paragraph, left goes on through the text (as it reads); the offsets
    count up one by one while the cells jump over the Latin word."""
    layout = layout_of(f"Title\n{MIXED}", 40)
    start = layout.blocks[1].start
    cursor = TextCursor()
    cursor.reset(start)
    offsets, cols = [], []
    for _ in range(10):
        offsets.append(cursor.move(layout, "left", extend=False, page=1))
        cols.append(layout.col_of(cursor.offset))
    assert offsets == [start + i for i in range(1, 11)]
    assert cols == [38, 37, 36, 33, 34, 35, 32, 31, 30, 29]
    assert cursor.move(layout, "right", extend=False, page=1) == start + 9
    assert cursor.move(layout, "right", extend=True, page=1) == start + 8
    assert cursor.selection == (start + 8, start + 9)


def test_up_and_down_keep_the_visual_column() -> None:
    text = "ابجد هوز حطي كلمن سعفص قرشت"
    layout = layout_of(f"Title\n{text}", 14)
    first = layout.line_at(layout.blocks[1].start)
    cursor = TextCursor()
    cursor.reset(layout.offset_at(first, 10))
    below = cursor.move(layout, "down", extend=False, page=1)
    assert layout.line_at(below) == first + 1
    assert layout.col_of(below) == 10


def test_without_bidi_lines_are_drawn_as_stored() -> None:
    layout = layout_of(f"Title\n{MIXED}", 40, bidi=False)
    start = layout.blocks[1].start
    assert layout.visual(layout.line_at(start)) is None
    assert [layout.col_of(start + i) for i in range(11)] == list(range(11))


STYLES = {"selection": Style(bgcolor="#d0d0d0"), "cursor": Style(bgcolor="#ffd75f")}


def painted(layout: TextLayout, line: int, caret: Caret) -> list[tuple[str, str]]:
    """Each cell of a drawn line (one character each here): the character, and "S" where it
    is selected, "C" under the cursor, " " elsewhere."""
    painter = TextPainter(lambda name: STYLES.get(name, Style()))
    strip = painter.line(layout, layout.display, line, 40, Style(), "", NoHighlights(), caret)
    # The painter makes each highlight legible on the pane; tell them apart by its own choice.
    marks = {
        painter.highlight("component", name, Style(), NoHighlights()).bgcolor: mark
        for name, mark in (("selection", "S"), ("cursor", "C"))
    }
    assert len(marks) == 2 and None not in marks
    cells = []
    for segment in strip:
        mark = marks.get(segment.style.bgcolor if segment.style else None, " ")
        cells += [(character, mark) for character in segment.text]
    return cells


@pytest.mark.parametrize(
    ("selection", "cells"),
    [
        ((4, 7), [33, 34, 35]),  # "abc"
        ((1, 5), [33, 36, 37, 38]),  # "בג a": two stretches on screen
        ((7, 10), [30, 31, 32]),  # " דה"
    ],
)
def test_a_logical_selection_is_drawn_at_its_visual_cells(selection, cells) -> None:
    layout = layout_of(f"Title\n{MIXED}", 40)
    start = layout.blocks[1].start
    line = layout.line_at(start)
    caret = Caret(start, (start + selection[0], start + selection[1]), focused=False)
    drawn_cells = painted(layout, line, caret)
    assert "".join(character for character, _ in drawn_cells).rstrip() == " " * 30 + "הד abc גבא"
    assert [i for i, (_, mark) in enumerate(drawn_cells) if mark == "S"] == cells


def test_the_cursor_at_the_end_of_a_right_to_left_line_is_drawn_on_its_left() -> None:
    layout = layout_of(f"Title\n{MIXED}", 40)
    start = layout.blocks[1].start
    line = layout.line_at(start)
    for offset, cell in [(start, 39), (start + 4, 33), (start + 10, 29)]:
        cells = painted(layout, line, Caret(offset, None, focused=True))
        assert [i for i, (_, mark) in enumerate(cells) if mark == "C"] == [cell]


def test_a_wrapped_paragraph_keeps_its_direction_on_every_line() -> None:
    """A line that starts with a Latin word is still part of a right-to-left paragraph."""
    text = "قال الوزير إن شركة Siemens Energy ستبني المحطة"
    layout = layout_of(f"Title\n{text}", 22)
    lines = [line for line in range(layout.line_count) if layout.kind(line) == LineKind.TEXT][1:]
    assert len(lines) > 1
    for line in lines:
        visual = layout.visual(line)
        assert visual is not None and visual.right_to_left
        start, end = layout.span(line)
        assert layout.col_of(end) == layout.text_left(line, visual) - 1


@pytest.mark.parametrize("bidi", [True, False])
async def test_the_header_shows_a_right_to_left_title_as_it_reads(tmp_path, bidi) -> None:
    from tests.conftest import ROOT
    from tui.annotate import open_session
    from tui.app import make_app

    opened, store, _ = open_session(
        [str(ROOT / "tests" / "data" / "arabic-article.txt")], str(tmp_path / "db.json")
    )
    title = opened.articles[0].title
    app = make_app(opened.articles, store, "tester", bidi=bidi)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shown = app.screen.title.split(" · ", 1)[1]
    drawn = visual_string(title)
    assert drawn is not None and drawn[1]  # an Arabic title: it reads right to left
    assert shown == (drawn[0] if bidi else title)
    assert shown != title or not bidi
