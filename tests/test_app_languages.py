"""A saved Thai page in the app: its comments in the comments pane, `s` selecting a Thai unit,
the language in the title bar, and --lang changing the rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.annotate import open_session
from tui.app import make_app
from tui.cli import main
from tui.widgets.text_view import TextView
from tui.widgets.title_bar import TitleBar

THAI_PAGE = Path(__file__).with_name("data") / "custom-cms-thai.html"
FIRST_PARAGRAPH = (
    "อ.สุรชัย นักวิชาการด้านสิ่งแวดล้อม เตือนว่าค่าฝุ่นละอองขนาดเล็กในกรุงเทพมหานครเกินมาตรฐาน"
    "ในห้าสิบเขต ประชาชนควรสวมหน้ากากอนามัยเมื่อออกนอกบ้าน และงดออกกำลังกายกลางแจ้งในช่วงเช้า"
)


async def select_first_unit(tmp_path: Path, lang: str | None) -> tuple[str, str, str]:
    """Open the page, press down then s: the selected text, the title bar, the comments title."""
    opened, store, notices = open_session([str(THAI_PAGE)], str(tmp_path / "db.json"), lang)
    app = make_app(opened.articles, store, "tester", notices=notices)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "s")
        await pilot.pause()
        view = app.screen.query_one("#article", TextView)
        assert view.selection is not None
        start, end = view.selection
        bar = app.screen.query_one(TitleBar).render_line(0).text
        comments = str(app.screen.query_one("#comments", TextView).border_title)
        return view.article.text[start:end], bar, comments


async def test_s_selects_a_thai_unit_and_the_title_bar_says_th(tmp_path: Path) -> None:
    selected, bar, comments = await select_first_unit(tmp_path, None)
    assert selected == "อ.สุรชัย"
    assert bar.rstrip().endswith("· th")
    assert comments == "Comments (4)"


async def test_lang_option_sets_the_rules(tmp_path: Path) -> None:
    selected, bar, _ = await select_first_unit(tmp_path, "en")
    assert selected == FIRST_PARAGRAPH  # no full stop ends a sentence in it
    assert bar.rstrip().endswith("· en")


def test_a_lang_that_is_no_language_code_is_refused(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--lang", "Thai!", str(THAI_PAGE)])
    assert exited.value.code == 2
    assert "argument --lang: 'Thai!' is not a language code" in capsys.readouterr().err
