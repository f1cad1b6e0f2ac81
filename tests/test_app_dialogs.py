"""Review and statistics while their worker reads the DB: a progress line at once, keys that
have nothing to act on yet do nothing, escape closes, and a late result is dropped."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

import tui.screens.review
import tui.screens.statistics
from tests.test_app import running, settle, stored
from tests.test_app_team import seed_with_disagreements
from tui.screens.review import ReviewScreen
from tui.screens.statistics import StatisticsScreen


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """The seed article's DB with two disagreements and an opinion (see test_app_team)."""
    path = tmp_path / "db.json"
    seed_with_disagreements(path)
    return path


def shown(screen: Any, selector: str) -> str:
    console = Console(width=120, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(screen.query_one(selector).content)
    return console.export_text()


def held(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> threading.Event:
    """Make `module.name` (what the worker calls) wait until the returned event is set."""
    gate = threading.Event()
    original: Callable[..., Any] = getattr(module, name)

    def slow(*args: Any, **kwargs: Any) -> Any:
        assert gate.wait(30), "the test never let the worker go on"
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)
    return gate


async def opened_while_reading(app: Any, pilot: Any, key: str, kind: type, where: str,
                               line: str) -> Any:
    """Press `key` and check the dialog it opens shows `line` while its worker reads."""
    await pilot.press(key)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, kind) and screen.result is None
    assert line in shown(screen, where)
    return screen


async def test_review_shows_progress_at_once_and_acts_only_once_read(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {(a.id, a.label, a.review, a.note) for a in stored(db)}
    gate = held(monkeypatch, tui.screens.review, "Review")
    async with running(db) as (app, pilot):
        screen = await opened_while_reading(app, pilot, "v", ReviewScreen, "#review",
                                            "Reading the annotations…")
        await pilot.press("enter", "1", "x", "e", "right", "f")  # nothing to act on yet
        assert app.screen is screen and screen.review is None
        gate.set()
        await settle(app, pilot)
        review = screen.review
        assert review is not None
        assert (review.filter.name, review.position) == ("disagreements", 0)
        assert [a.text for _, a in review.shown] == ["Lin Jian", "149 suspects"]
        assert "Lin Jian" in shown(screen, "#review")
        assert "1 of 2" in str(screen.query_one("VerticalScroll").border_title)
        await pilot.press("enter")  # now it acts
        assert [a.text for _, a in review.shown] == ["149 suspects"]
        await pilot.press("escape")
        await settle(app, pilot)
    after = {(a.id, a.label, a.review, a.note) for a in stored(db)}
    assert len(before - after) == 1  # only the claim accepted once read


async def test_closing_the_review_while_it_reads_drops_the_late_result(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = held(monkeypatch, tui.screens.review, "Review")
    async with running(db) as (app, pilot):
        article_screen = app.screen
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is article_screen
        gate.set()
        await settle(app, pilot)
        assert app.screen is article_screen and app.is_running
        await pilot.press("v")  # and it opens again, read afresh
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen) and app.screen.review is not None


async def test_statistics_show_progress_at_once_then_the_counts(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = held(monkeypatch, tui.screens.statistics, "count_stored")
    async with running(db) as (app, pilot):
        screen = await opened_while_reading(app, pilot, "t", StatisticsScreen, "Static",
                                            "Counting the annotations…")
        gate.set()
        await settle(app, pilot)
        assert screen.statistics is not None and screen.statistics.annotations == 3
        assert "3 annotations on 1 article " in shown(screen, "Static")
        await pilot.press("t")
        assert not isinstance(app.screen, StatisticsScreen)


async def test_a_failed_read_says_so_in_the_dialog(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OSError("disk on fire [red]")

    monkeypatch.setattr(tui.screens.statistics, "count_stored", broken)
    async with running(db) as (app, pilot):
        await pilot.press("t")
        await settle(app, pilot)
        assert "Could not read the DB: disk on fire [red]" in shown(app.screen, "Static")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, StatisticsScreen)
