"""A large article in the app: ctrl+end right after opening shows the end at once, and keeps
showing it while the rest of the article is laid out in the background."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.test_app import running, view
from tui.widgets.text_view import TextView

WORDS = ("prices", "rose", "the", "council", "said", "officials", "新闻", "東京", "percent")


def large_article(path: Path, paragraphs: int) -> Path:
    """An article of many paragraphs of varied length (some very long, some in wide
    characters): their line counts differ from the view's first estimates."""
    rng = random.Random(16)
    lines = ["A Large Generated Article"]
    for number in range(paragraphs):
        count = 3000 if number % 300 == 0 else rng.randint(5, 120)
        lines.append(" ".join(rng.choice(WORDS) for _ in range(count)) + ".")
    lines.append("The very last paragraph.")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def cursor_on_screen(widget: TextView) -> bool:
    layout = widget.layout_lines
    assert layout is not None
    line = layout.line_at(widget.cursor)
    top = round(widget.scroll_y)
    return top <= line < top + widget.scrollable_content_region.height


def shown(widget: TextView) -> str:
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


@pytest.mark.parametrize("size", [(120, 40), (60, 20)])
async def test_ctrl_end_right_after_opening_shows_the_end_throughout(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    article = large_article(tmp_path / "large.txt", 40_000)
    async with running(tmp_path / "db.json", paths=(article,), size=size) as (app, pilot):
        await pilot.press("ctrl+end")
        widget = view(app)
        layout = widget.layout_lines
        assert layout is not None and not layout.complete  # still laid out in the background
        assert widget.cursor == len(widget.article.text)
        for pause in range(25):  # slices of background wrapping; it failed at the first
            await pilot.pause(0.01)
            assert cursor_on_screen(widget), f"the cursor left the screen after {pause} pauses"
            assert "The very last paragraph." in shown(widget)
        assert widget.layout_lines is layout and not layout.complete


async def test_a_move_asked_for_before_the_view_is_laid_out_is_made_once_it_is(
    tmp_path: Path,
) -> None:
    article = large_article(tmp_path / "large.txt", 200)
    async with running(tmp_path / "db.json", paths=(article,)) as (app, pilot):
        shown_article = view(app).article
        widget = TextView(id="fresh")
        await app.screen.mount(widget)
        widget.show(shown_article, shown_article.body)
        assert widget.layout_lines is None  # no width yet: nothing to lay the text out at
        widget.action_move("bottom")
        await pilot.pause()
        assert widget.layout_lines is not None
        assert widget.cursor == shown_article.body[-1].end and cursor_on_screen(widget)
