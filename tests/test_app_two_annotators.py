"""Two annotators on one DB: the app under Pilot, the other annotator in its own process.

Whatever a save or a sync of the app takes in from the other process is on screen soon after,
and acting on an annotation the other annotator deleted is a message, never a crash. Each wait
polls a condition up to a deadline (the deadline only stops a broken build from hanging).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from filelock import FileLock

from annotations.sets import read_article
from tests.conftest import SEED
from tests.test_app import drawn, running, stored, view
from tests.test_durability import ENV
from tui.app import AnnotatorApp
from tui.screens import article as article_module
from tui.screens.prompt import TextPrompt
from tui.screens.review import ReviewScreen
from tui.widgets.annotation_list import AnnotationList

CHILD = [sys.executable, str(Path(__file__).with_name("child_annotator.py"))]

DEADLINE = 20.0
"""Seconds a wait gives up after: far beyond the two-second sync, for a loaded machine."""


class OtherAnnotator:
    """The other annotator: tests/child_annotator.py, one command at a time."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.text = read_article(SEED).text

    async def say(self, command: str) -> str:
        """Send a command; return its answer once the change is on disk (the id, for a tag)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        answer = await asyncio.to_thread(self.process.stdout.readline)
        assert answer.startswith("ok"), f"{command!r} failed: {answer}{self._errors()}"
        return answer[3:].strip()

    async def tag(self, quote: str, label: str = "claim") -> str:
        """Tag the first `quote` of the seed article; the new annotation's id."""
        start = self.text.index(quote)
        return await self.say(f"tag {start} {start + len(quote)} {label}")

    def _errors(self) -> str:
        if self.process.poll() is None:
            return ""
        assert self.process.stderr is not None
        return self.process.stderr.read()


@asynccontextmanager
async def other_annotator(db: Path, name: str = "colleague") -> AsyncIterator[OtherAnnotator]:
    """The other annotator's process on `db`, ready for commands."""
    process = subprocess.Popen(
        [*CHILD, str(db), str(SEED), name], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env=ENV,
    )
    try:
        assert process.stdout is not None
        ready = await asyncio.to_thread(process.stdout.readline)
        assert ready == "ready\n", ready + (process.stderr.read() if process.stderr else "")
        yield OtherAnnotator(process)
    finally:
        process.kill()
        process.wait()


async def until(pilot, condition: Callable[[], bool], what: str) -> None:
    """Let the app run until `condition` holds; fail after `DEADLINE` seconds."""
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {DEADLINE:.0f} s: {what}")
        await pilot.pause(0.05)


def last_message(app: AnnotatorApp) -> str:
    """The latest notification's text."""
    shown = list(app._notifications)
    return shown[-1].message if shown else ""


def rows(app: AnnotatorApp) -> list[str]:
    """The rows the annotation list draws, as text."""
    listing = app.screen.query_one(AnnotationList)
    return [listing.row_text(index) for index in range(listing.row_count)]


def shows(app: AnnotatorApp, quote: str) -> bool:
    """Whether the annotation list shows an annotation of `quote`."""
    return any(f"“{quote}”" in row for row in rows(app))


async def select(app: AnnotatorApp, pilot, quote: str) -> None:
    """Select the first `quote` of the article (as shift+arrows would)."""
    start = view(app).article.text.index(quote)
    view(app).select(start, start + len(quote))
    await pilot.pause()


async def put_cursor_on(app: AnnotatorApp, pilot, quote: str) -> None:
    """Put the cursor inside `quote` with the arrow keys, making its annotation current."""
    view(app).focus()
    view(app).move_cursor(view(app).article.text.index(quote))
    await pilot.press("right")


@pytest.fixture
def no_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    """The two-second sync switched off: only the app's own saves take in the other's work."""
    monkeypatch.setattr(article_module, "SYNC_SECONDS", 3600.0)


async def test_a_save_shows_what_it_took_in_from_the_other_annotator(
    tmp_path: Path, no_sync: None
) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot), other_annotator(db) as other:
        await other.tag("Lin Jian")
        await select(app, pilot, "Beijing")
        await pilot.press("2")  # our save takes the colleague's claim in
        await until(pilot, lambda: shows(app, "Lin Jian"), "the colleague's claim listed")
        assert shows(app, "Beijing")
        await other.say("undo")  # the colleague undoes the claim
        await select(app, pilot, "yuan")
        await pilot.press("3")
        await until(pilot, lambda: not shows(app, "Lin Jian"), "the undone claim gone")
        assert shows(app, "Beijing") and shows(app, "yuan")
        assert f"{len(rows(app))} annotations" in app.screen.sub_title
    assert sorted(a.text for a in stored(db)) == ["Beijing", "yuan"]


async def test_the_sync_shows_the_other_annotators_tags_and_undos(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot), other_annotator(db) as other:
        await other.tag("Lin Jian")
        await until(pilot, lambda: shows(app, "Lin Jian"), "the colleague's claim listed")
        await other.say("undo")
        await until(pilot, lambda: not shows(app, "Lin Jian"), "the undone claim gone")
        assert rows(app) == []


async def test_editing_an_annotation_the_other_annotator_deleted_is_a_message(
    tmp_path: Path, no_sync: None
) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot), other_annotator(db) as other:
        for key in ("2", "x", "n"):  # retag, delete, note
            claim = await other.tag("Lin Jian")
            app.screen.saving.sync()
            await until(pilot, lambda: shows(app, "Lin Jian"), "the colleague's claim listed")
            await put_cursor_on(app, pilot, "Lin Jian")
            assert app.session.active_id == claim
            await other.say(f"delete {claim}")
            # The store takes the deletion in, the screen not yet: the moment between a save
            # (or sync) on its thread and the screen hearing of it.
            app.session.store.sync()
            await pilot.press(key)
            if key == "n":
                await pilot.press(*"too late", "enter")
            await until(pilot, lambda: not shows(app, "Lin Jian"), "the deleted claim gone")
            assert "deleted by another annotator" in last_message(app)
            assert app.is_running
    assert stored(db) == []


async def test_a_note_on_an_annotation_deleted_while_the_dialog_was_open(
    tmp_path: Path,
) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot), other_annotator(db) as other:
        claim = await other.tag("Lin Jian")
        await until(pilot, lambda: shows(app, "Lin Jian"), "the colleague's claim listed")
        await put_cursor_on(app, pilot, "Lin Jian")
        await pilot.press("n")
        assert isinstance(app.screen, TextPrompt)
        await other.say(f"delete {claim}")
        await until(pilot, lambda: not app.session.annotations, "the deletion taken in")
        await pilot.press(*"too late", "enter")
        await until(pilot, lambda: not isinstance(app.screen, TextPrompt), "the dialog closed")
        assert "deleted by another annotator" in last_message(app)
        assert rows(app) == []


async def test_review_of_an_annotation_the_other_annotator_deleted(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot), other_annotator(db) as other:
        claim = await other.tag("Lin Jian")
        await other.tag("yuan", "figure")
        await until(pilot, lambda: len(rows(app)) == 2, "the colleague's tags listed")
        await pilot.press("v")
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.review.current[1].id == claim  # the first in the text
        await other.say(f"delete {claim}")
        await until(pilot, lambda: len(app.session.annotations) == 1, "the deletion taken in")
        await pilot.press("2")  # retag the deleted claim
        await pilot.pause()
        assert "deleted by another annotator" in last_message(app)
        assert [a.text for _, a in app.screen.review.shown] == ["yuan"]
        await pilot.press("escape")
        await until(pilot, lambda: rows(app) and len(rows(app)) == 1, "one annotation listed")
    assert [a.text for a in stored(db)] == ["yuan"]


async def test_three_annotators_each_see_every_annotation(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    quotes = ["Beijing", "Lin Jian", "Myanmar", "Thailand", "Laos", "Cambodia"]
    async with running(db) as (app, pilot), other_annotator(db, "ana") as ana, \
            other_annotator(db, "bo") as bo:
        for number, quote in enumerate(quotes):
            await (ana if number % 2 else bo).tag(quote)
            await select(app, pilot, quote)
            await pilot.press("2")  # each save and sync races the other two processes
        await until(pilot, lambda: len(rows(app)) == 2 * len(quotes), "all twelve listed")
        assert len(stored(db)) == 2 * len(quotes)


async def test_quitting_while_another_process_holds_the_lock(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    lock = FileLock(f"{db}.lock")
    async with running(db, toasts=True) as (app, pilot):
        await select(app, pilot, "Lin Jian")
        await pilot.press("1")
        await app.workers.wait_for_complete()
        lock.acquire()  # another annotator's save, as long as it takes
        try:
            await select(app, pilot, "Beijing")
            await pilot.press("2", "q")
            await until(pilot, lambda: "waiting for" in drawn(app), "the screen saying it waits")
            await pilot.press("question_mark")  # the screen still answers keys
            await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen", "the help")
            assert app.is_running
        finally:
            lock.release()
        await until(pilot, lambda: not app.is_running, "the app quitting once it saved")
    assert sorted(a.text for a in stored(db)) == ["Beijing", "Lin Jian"]
