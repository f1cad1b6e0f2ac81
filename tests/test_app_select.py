"""Selecting by words, sentences and paragraphs from the keyboard and the mouse, in the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.parsing import parse_text
from tests.test_app import running, settle, stored, view

TEXT = (
    "Title\n"
    "Le cafe\u0301 co\u00fbte 5,500 yen. 東京都は新しい条例を発表しました。 Prices rose.\n"
    "A second paragraph, with カタカナのテスト in it.\n"
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
        (["ctrl+pagedown", *["ctrl+right"] * 5, "ctrl+shift+left"], "カタカナ"),
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
        await pilot.double_click("#article", offset=point(app, "タカ"))
        assert quote(app) == "カタカナ"


async def test_chinese_words_by_keys_and_double_click(tmp_path: Path) -> None:
    path = tmp_path / "zh.txt"
    path.write_text("外交部\n外交部发言人表示，中国愿与各国加强执法合作。", encoding="utf-8")
    async with running(tmp_path / "db.json", paths=(path,)) as (app, pilot):
        assert view(app).article.lang == "zh"
        await pilot.press("down", "ctrl+shift+right", "ctrl+shift+right")
        assert quote(app) == "外交部发言人"
        await pilot.double_click("#article", offset=point(app, "国愿"))
        assert quote(app) == "中国"


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


async def test_f_letters_every_sentence_on_screen_and_a_letter_selects_it(
    tmp_path: Path, article: Path
) -> None:
    from textual.widgets import Static

    from tui.screens.hints import HintScreen

    db = tmp_path / "db.json"
    async with running(db, paths=(article,)) as (app, pilot):
        text = view(app).article.text
        sentences = [
            "Title", "Le cafe\u0301 co\u00fbte 5,500 yen.", "東京都は新しい条例を発表しました。",
            "Prices rose.", "A second paragraph, with カタカナのテスト in it.", "I agree.",
            "Fully.",
        ]
        cells = {}  # where each sentence's first character is drawn on the screen
        for sentence in sentences:
            pane = "comments" if text.index(sentence) >= text.index("I agree") else "article"
            x, y = point(app, sentence, pane)
            region = view(app, pane).region
            cells[sentence] = (region.x + x, region.y + y)
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, HintScreen)
        assert [text[h.span[0] : h.span[1]] for h in screen.hints.values()] == sentences
        assert list(screen.hints) == list("asdfghj")
        for letter in screen.query(Static):  # each letter sits on its sentence's first cell
            hint = screen.hints[str(letter.render())]
            assert (letter.region.x, letter.region.y) == cells[text[hint.span[0] : hint.span[1]]]
        await pilot.press("d")  # the letter of the third sentence
        assert quote(app) == "東京都は新しい条例を発表しました。"
        await pilot.press("f", "j", "3")  # a comment's sentence: three keys
        await settle(app, pilot)
        await pilot.press("f", "x")  # no such letter: the hints close, nothing is selected
        assert not isinstance(app.screen, HintScreen)
    assert [(a.text, a.label) for a in stored(db)] == [("Fully.", "opinion")]


async def test_w_and_b_move_by_word_unless_a_label_has_the_key(
    tmp_path: Path, article: Path
) -> None:
    async with running(tmp_path / "db.json", paths=(article,)) as (app, pilot):
        await pilot.press("down", "w", "w", "b")
        assert view(app).cursor == view(app).article.text.index("cafe")
    from tui.annotate import build_app

    config = tmp_path / "annotator.toml"
    config.write_text('[[labels]]\nname = "source"\nkey = "w"\n', encoding="utf-8")
    db = tmp_path / "labels.json"
    app, store = build_app([str(article), "--db", str(db), "--config", str(config)])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "ctrl+shift+right", "w")  # w tags: it is the label's key
        await pilot.press("b")
        await settle(app, pilot)
    store.close()
    assert [(a.text, a.label) for a in stored(db)] == [("Le", "source")]


async def test_star_tags_every_match_after_saying_how_many_and_u_undoes_it(
    tmp_path: Path,
) -> None:
    from tests.conftest import SEED
    from tui.screens.label_choice import LabelChoice

    db = tmp_path / "db.json"
    async with running(db, paths=(SEED,)) as (app, pilot):
        await pilot.press("asterisk")
        assert not isinstance(app.screen, LabelChoice)  # nothing searched for yet
        await pilot.press("slash", *"Myanm", "enter", "asterisk")
        assert isinstance(app.screen, LabelChoice)
        shown = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "Tag the 4 matches of “Myanm” with which label?" in shown
        assert "1 claim · 2 figure · 3 opinion" in shown
        await pilot.press("escape")
        await pilot.press("asterisk", "1")
        await settle(app, pilot)
        assert [a.text for a in stored(db)] == ["Myanmar"] * 4  # whole words
        await pilot.press("u")
        await settle(app, pilot)
        assert stored(db) == []
        await pilot.press("ctrl+r")
        await settle(app, pilot)
    assert len(stored(db)) == 4


async def test_a_label_key_typed_together_with_the_letter_tags_the_sentence(
    tmp_path: Path, article: Path
) -> None:
    """In a terminal `f d 1` typed fast reach the letters' screen before it has gone."""
    from textual import events

    from tui.screens.hints import HintScreen

    db = tmp_path / "db.json"
    async with running(db, paths=(article,)) as (app, pilot):
        await pilot.press("f")
        hints = app.screen
        assert isinstance(hints, HintScreen)
        for key in ("d", "1"):  # both queued on the letters' screen at once
            hints.post_message(events.Key(key, key))
        await settle(app, pilot)
    assert [(a.text, a.label) for a in stored(db)] == [
        ("東京都は新しい条例を発表しました。", "claim")
    ]
