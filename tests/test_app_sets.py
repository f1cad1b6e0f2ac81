"""Working through a set in the app: next and previous, done and skip, the list, resume."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotations.store import AnnotationStore
from tests.test_app import running, settle, view
from tui.screens.articles import ArticleListScreen
from tui.widgets.article_table import ArticleTable


def big_set(tmp_path: Path, count: int = 3000) -> Path:
    path = tmp_path / "set.jsonl"
    path.write_bytes(b"\n".join(
        orjson.dumps({"id": f"n{n}", "title": f"Article number {n}",
                      "text": f"Paragraph one of {n}.\n\nParagraph two says {n * 7} things."})
        for n in range(count)
    ))
    return path


async def test_step_through_a_large_jsonl_set(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db, paths=(big_set(tmp_path),)) as (app, pilot):
        assert app.screen.title == "1/3000 · Article number 0"
        for _ in range(5):
            await pilot.press("right_square_bracket")
        assert app.screen.title == "6/3000 · Article number 5"
        await pilot.press("down", "s", "2")
        await pilot.press("left_square_bracket")
        assert app.screen.title == "5/3000 · Article number 4"
        await settle(app, pilot)
    store = AnnotationStore.open(db)
    assert [a.text for a in store.annotations("n5")] == ["Paragraph one of 5."]
    assert store.statuses()["n5"] == "in_progress"
    assert len(store.articles()) == 6  # only the articles shown were written


async def test_done_and_skip_move_on_and_reopening_resumes(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    path = big_set(tmp_path, 10)
    async with running(db, paths=(path,)) as (app, pilot):
        await pilot.press("d")
        assert app.screen.title.startswith("2/10")
        assert "1/10 done" in app.screen.sub_title
        await pilot.press("p")
        assert app.screen.title.startswith("3/10")
        await pilot.press("d")
        await settle(app, pilot)
    statuses = AnnotationStore.open(db).statuses()
    assert [statuses.get(f"n{n}", "new") for n in range(4)] == ["done", "skipped", "done", "new"]
    async with running(db, paths=(path,)) as (app, pilot):
        assert app.screen.title.startswith("4/10 · Article number 3")


async def test_the_article_list_filters_and_jumps(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db, paths=(big_set(tmp_path, 50),)) as (app, pilot):
        await pilot.press("d", "d", "p")
        await pilot.press("l")
        assert isinstance(app.screen, ArticleListScreen)
        table = app.screen.query_one(ArticleTable)
        assert len(table.rows) == 50 and table.current.position == 3
        progress = str(app.screen.query_one("#progress").render())
        assert "2/50 done" in progress and "1 skipped" in progress
        await pilot.press("d")
        assert [row.position for row in table.rows] == [0, 1]
        await pilot.press("a", "end")
        assert table.current.position == 49
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ArticleListScreen)
        assert app.screen.title.startswith("50/50")


async def test_the_list_of_a_large_set_opens_at_once(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db, paths=(big_set(tmp_path, 20_000),)) as (app, pilot):
        await pilot.press("l")
        await pilot.pause()
        table = app.screen.query_one(ArticleTable)
        assert len(table.rows) == 20_000
        await pilot.press("end")
        assert "20000" in table.render_line(table.cursor - int(table.scroll_y)).text


async def test_a_bad_file_is_listed_and_the_others_open(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "a.txt").write_text("First\nBody.", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\xff\xfe\xfa")
    (folder / "c.md").write_text("# Third\n\nBody.", encoding="utf-8")
    db = tmp_path / "db.json"
    async with running(db, paths=(folder,)) as (app, pilot):
        assert app.screen.title == "1/2 · First"
        assert any("b.txt" in n.message and "not UTF-8" in n.message for n in app._notifications)
        await pilot.press("right_square_bracket")
        assert view(app).article.title == "Third"
