"""Wrapping and the offset <-> cell conversion, including wide characters and accents."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from annotations.model import Block
from annotations.parsing import parse_text
from tui.visible import VisibleText, visible
from tui.widgets.line_wrap import wrap
from tui.widgets.text_layout import LineKind, TextLayout


def lines_of(text: str, width: int) -> list[str]:
    return [text[s:e] for s, e in wrap(text, 0, len(text), width)]


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("hello world", 20, ["hello world"]),
        ("hello world", 5, ["hello", "world"]),
        ("hello world again", 11, ["hello world", "again"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
        ("", 10, [""]),
        ("中文字符测试", 5, ["中文", "字符", "测试"]),
        ("e\u0301te\u0301 e\u0301te\u0301", 4, ["e\u0301te\u0301", "e\u0301te\u0301"]),
        ("ab 中文 cd", 6, ["ab", "中文", "cd"]),
    ],
)
def test_wrap(text: str, width: int, expected: list[str]) -> None:
    assert lines_of(text, width) == expected


TEXT = st.text(
    alphabet=st.sampled_from(list("abc xyz,.") + ["中", "日", "\u0301", "é", " "]), max_size=300
)


@settings(max_examples=200, deadline=None)
@given(text=TEXT.filter(lambda t: not t.startswith("\u0301")), width=st.integers(2, 40))
@example(text="aa \u0301 a中", width=2)  # a word carried over left no room for a wide character
def test_wrap_fits_and_loses_nothing_but_break_spaces(text: str, width: int) -> None:
    spans = wrap(text, 0, len(text), width)
    for start, end in spans:
        assert cell_len(text[start:end]) <= width
    rebuilt = text[spans[0][0] : spans[0][1]]
    for (_, previous_end), (start, end) in pairwise(spans):
        assert start - previous_end in (0, 1)
        if start - previous_end == 1:
            assert text[previous_end] == " "
        rebuilt += text[previous_end:start] + text[start:end]
    assert rebuilt == text and spans[0][0] == 0 and spans[-1][1] == len(text)


def layout_for(raw: str, width: int, *, eager: bool = True) -> tuple[TextLayout, str]:
    article = parse_text(raw, "t.txt")
    display = visible(article.text, keep_newlines=True)
    return TextLayout(display, article.body, width, eager=eager), article.text


def kinds(layout: TextLayout) -> list[LineKind]:
    return [layout.kind(line) for line in range(layout.line_count)]


def text_lines(layout: TextLayout) -> list[int]:
    return [line for line in range(layout.line_count) if layout.kind(line) == LineKind.TEXT]


def test_cursor_positions_round_trip_through_cells() -> None:
    raw = "Title\nA body with 中文 and e\u0301 and more words to wrap around."
    layout, text = layout_for(raw, 14)
    for line in text_lines(layout):
        start, end = layout.span(line)
        for offset in range(start, end + 1):
            if offset < len(text) and text[offset] == "\u0301":
                continue
            if layout.line_at(offset) != line:
                continue
            assert layout.offset_at(line, layout.col_of(offset)) == offset


def test_right_and_left_step_over_combining_marks_and_between_blocks() -> None:
    layout, text = layout_for("Te\u0301st\nNext block.", 40)
    positions = [0]
    while True:
        following = layout.next_position(positions[-1])
        if following == positions[-1]:
            break
        positions.append(following)
    assert 2 not in positions  # never between e and its accent
    assert text[positions[1] : positions[2]] == "e\u0301"
    assert len(text) in positions and positions.index(len(text)) == len(positions) - 1
    body = text.index("Next")
    assert positions[positions.index(4) + 1] == 5 and body in positions  # 'Te\u0301st' ends at 5
    back = [positions[-1]]
    while layout.previous_position(back[-1]) != back[-1]:
        back.append(layout.previous_position(back[-1]))
    assert back[::-1] == positions


def test_blank_lines_between_blocks_and_authors_above_comments() -> None:
    article = parse_text("T\nBody.\n1 Comment\nAnn\nNice.", "t.txt")
    display = visible(article.text, keep_newlines=True)
    comments = TextLayout(display, article.comments, 30)
    assert kinds(comments) == [LineKind.AUTHOR, LineKind.TEXT]
    body = TextLayout(display, article.body, 30)
    assert kinds(body) == [LineKind.TEXT, LineKind.BLANK, LineKind.TEXT]
    empty = TextLayout(display, (), 30, "No reader comments.")
    assert kinds(empty) == [LineKind.NOTICE] and empty.first_offset is None


def test_control_characters_take_one_visible_cell() -> None:
    shown = visible("a\x1b[31mb\tc\x07\u202ed")
    assert len(shown) == len("a\x1b[31mb\tc\x07\u202ed")
    assert "\x1b" not in shown and "\t" not in shown and "\u202e" not in shown
    assert shown == "a␛[31mb␉c␇\ufffdd"
    assert visible("x\n\ny", keep_newlines=True) == "x\n\ny"


class SmallPieces(VisibleText):
    PIECE = 4  # so that slices straddle pieces, clean and not


@given(
    st.text(alphabet="ab \n\x1b\t\x85\u202e\u2067漢", max_size=40),
    st.integers(-45, 45),
    st.integers(-45, 45),
)
@example("clean\x1b[31mred\n\u202edone", 2, 14)
def test_text_made_visible_as_read_is_the_whole_made_visible(
    text: str, start: int, end: int
) -> None:
    whole = visible(text, keep_newlines=True)
    shown = SmallPieces(text)
    assert len(shown) == len(whole)
    assert shown[start:end] == whole[start:end]
    assert [shown[i] for i in range(-len(text), len(text))] == list(whole + whole)
    assert shown[:] == whole


def test_a_layout_of_text_made_visible_as_read_wraps_as_the_whole() -> None:
    text = "Title\n\nA \x1b[2Jparagraph with\tcontrols \u202ein it, and 漢字 too."
    whole = TextLayout(visible(text, keep_newlines=True), [Block("title", 0, 5),
                                                          Block("paragraph", 7, len(text))], 12)
    read = TextLayout(SmallPieces(text), whole.blocks, 12)
    whole.wrap_some(None)
    read.wrap_some(None)
    def lines(layout: TextLayout) -> list[tuple[LineKind, tuple[int, int], list[int]]]:
        return [(layout.kind(line), layout.span(line),
                 [layout.col_of(o) for o in range(*layout.span(line))])
                for line in range(layout.line_count)]

    assert lines(read) == lines(whole)
    assert len(lines(read)) > 3


def test_list_items_hang_under_their_bullet() -> None:
    layout, _ = layout_for("T\n- one two three four five six", 12)
    lines = text_lines(layout)
    assert layout.prefix(lines[1]) == "• "
    assert all(layout.prefix(line) == "  " for line in lines[2:])
    assert TextLayout.prefix_width(Block("list_item", 0, 1)) == 2


def test_moving_by_lines_crosses_blocks_and_stops_at_the_ends() -> None:
    layout, _ = layout_for("Title\nOne two three four five six seven.\nShort.", 12)
    lines = text_lines(layout)
    assert layout.text_line_after(lines[0], 1) == lines[1]
    assert layout.text_line_after(lines[0], 100) == lines[-1]
    assert layout.text_line_after(lines[-1], -100) == lines[0]
    assert layout.text_line_after(lines[-1], -1) == lines[-2]


PARAGRAPHS = st.lists(
    st.text(alphabet=st.sampled_from(list("abcde fg.") + ["中", "\u0301", "é"]), min_size=1,
            max_size=200).filter(lambda t: t.strip() and not t.strip().startswith("\u0301")),
    min_size=1, max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(paragraphs=PARAGRAPHS, width=st.integers(6, 60), data=st.data())
def test_lazy_layout_gives_the_same_lines_and_offsets_as_eager(
    paragraphs: list[str], width: int, data: st.DataObject
) -> None:
    raw = "Title\n" + "\n".join(" ".join(p.split()) for p in paragraphs)
    article = parse_text(raw, "t.txt")
    display = visible(article.text, keep_newlines=True)
    eager = TextLayout(display, article.body, width, eager=True)
    lazy = TextLayout(display, article.body, width)
    # touch the lazy layout in a random order, as scrolling and jumping would
    for _ in range(data.draw(st.integers(0, 20))):
        offset = data.draw(st.integers(0, len(article.text)))
        if lazy.holds(offset):
            line = lazy.line_at(offset)
            expected = eager.line_at(offset)
            assert lazy.span(line) == eager.span(expected)
            assert lazy.col_of(offset) == eager.col_of(offset)
            assert lazy.block_index(line) == eager.block_index(expected)
            column = data.draw(st.integers(0, width))
            assert lazy.offset_at(line, column) == eager.offset_at(expected, column)
        lazy.wrap_some(budget=0.0)
    lazy.wrap_some(budget=None)
    assert lazy.complete and lazy.line_count == eager.line_count
    for line in range(eager.line_count):
        assert lazy.kind(line) == eager.kind(line)
        assert lazy.span(line) == eager.span(line)
        if eager.kind(line) == LineKind.TEXT:
            assert lazy.prefix(line) == eager.prefix(line)
