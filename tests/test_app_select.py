"""Selecting by words, sentences and paragraphs from the keyboard and the mouse, in the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.parsing import parse_text
from tests.test_app import running, settle, stored, view

TEXT = (
    "Title\n"
    "Le cafe\u0301 co\u00fbte 5,500 yen. 東京都は新しい条例を発表しました。 Prices rose.\n"
    "A second paragraph, with 中文字符测试 in it.\n"
    "1 Comment\nAna\n"
    "I agree. Fully."
)


def point(app, quote: str, name: str = "article") -> tuple[int, int]:
    """Where the first character of `quote` is drawn in the pane (past its border and padding)."""
    pane = view(app, name)
    layout = pane.layout_lines
    offset = pane.article.text.index(quote)
    return 2 + layout.col_of(offset), 1 + layout.line_at(offset) - int(pane.scroll_y)


def quote(app, name: str = "article") -> str | None:
    pane = view(app, name)
    if pane.selection is None:
        return None
    start, end = pane.selection
    return pane.article.text[start:end]


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "units.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["ctrl+shift+right"] * 2, "Le cafe\u0301"),
        (["ctrl+right", "ctrl+shift+right", "ctrl+shift+right"], " cafe\u0301 co\u00fbte"),
        (["ctrl+right"] * 4 + ["ctrl+shift+right"] * 2, " yen. 東京都"),
        (["ctrl+down", "ctrl+shift+right", "ctrl+shift+right"], "東京都は"),
        (["ctrl+shift+down"], "Le cafe\u0301 co\u00fbte 5,500 yen."),
        (["ctrl+shift+down"] * 2,
         "Le cafe\u0301 co\u00fbte 5,500 yen. 東京都は新しい条例を発表しました。"),
        (["right_parenthesis", "right_parenthesis", "ctrl+shift+down"], "Prices rose."),
        (["ctrl+shift+pagedown"], TEXT.splitlines()[1]),
        (["right_curly_bracket", "ctrl+shift+right", "ctrl+shift+right"], "A second"),
        (["ctrl+pagedown", *["ctrl+right"] * 5, "ctrl+shift+left"], "中文"),
        (["ctrl+end", "ctrl+up", "ctrl+shift+right"], "A"),
    ],
)
async def test_keys_move_and_extend_by_unit(tmp_path: Path, article: Path, keys, expected) -> None:
    async with running(tmp_path / "db.json", paths=(article,)) as (app, pilot):
        await pilot.press("down", *keys)
        assert quote(app) == expected


async def test_a_selection_by_words_is_tagged_whole(tmp_path: Path, article: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db, paths=(article,)) as (app, pilot):
        await pilot.press("down", "ctrl+right", "ctrl+shift+right", "ctrl+shift+right", "1")
        await settle(app, pilot)
    assert [a.text for a in stored(db)] == ["cafe\u0301 co\u00fbte"]


async def test_the_comments_pane_moves_by_its_own_sentences(tmp_path: Path, article: Path) -> None:
    async with running(tmp_path / "db.json", paths=(article,)) as (app, pilot):
        await pilot.press("tab", "ctrl+down", "ctrl+shift+down")
        assert quote(app, "comments") == "Fully."
        await pilot.press("ctrl+up", "ctrl+up", "ctrl+shift+right")
        assert quote(app, "comments") == "I"


async def test_double_click_selects_a_word_and_triple_click_the_sentence(
    tmp_path: Path, article: Path
) -> None:
    async with running(tmp_path / "db.json", paths=(article,)) as (app, pilot):
        await pilot.double_click("#article", offset=point(app, "afe\u0301"))
        assert quote(app) == "cafe\u0301"
        await pilot.triple_click("#article", offset=point(app, "afe\u0301"))
        assert quote(app) == "Le cafe\u0301 co\u00fbte 5,500 yen."
        await pilot.double_click("#article", offset=point(app, "京"))  # wide: two cells each
        assert quote(app) == "東京都"
        await pilot.double_click("#article", offset=point(app, "文字"))
        assert quote(app) == "中文"


async def test_a_mouse_drag_snaps_to_whole_words(tmp_path: Path, article: Path) -> None:
    async with running(tmp_path / "db.json", paths=(article,)) as (app, pilot):
        await pilot.mouse_down("#article", offset=point(app, "afe\u0301"))
        await pilot.hover("#article", offset=point(app, "te 5"))
        await pilot.mouse_up("#article", offset=point(app, "te 5"))
        assert quote(app) == "cafe\u0301 co\u00fbte"
        pane = view(app)
        assert pane.cursor == pane.selection[1]  # the cursor stays at the end dragged to


def test_the_sample_parses_as_the_table_expects() -> None:
    article = parse_text(TEXT, "units.txt")
    assert len(article.body) == 3 and len(article.comments) == 1


async def test_a_label_file_can_switch_snapping_off(tmp_path: Path, article: Path) -> None:
    from tui.annotate import build_app

    config = tmp_path / "annotator.toml"
    config.write_text(
        '[[labels]]\nname = "claim"\n[selection]\nsnap_to_words = false\n', encoding="utf-8"
    )
    db = tmp_path / "db.json"
    app, store = build_app([str(article), "--db", str(db), "--config", str(config)])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.mouse_down("#article", offset=point(app, "afe\u0301"))
        await pilot.hover("#article", offset=point(app, "te 5"))
        await pilot.mouse_up("#article", offset=point(app, "te 5"))
        assert quote(app) == "afe\u0301 co\u00fb"
        await pilot.press("1")
        await settle(app, pilot)
    store.close()
    assert [a.text for a in stored(db)] == ["afe\u0301 co\u00fb"]
