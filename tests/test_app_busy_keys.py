"""Keys typed in a burst, or while a save runs, reach the screen they were typed at, in order
(issue 16): the keys after the one that closes a dialog go to the screen below it.

A terminal delivers a fast typist's keys together, and keys typed while the UI thread was busy
(a save of a large DB) pile up and arrive together too: the tests post every key of a burst
to the app before any is handled, as the terminal's reader does.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.worker import WorkerState

from tests.test_app import running, settle, stored, view
from tui.screens.article import ArticleScreen

CHARACTERS = {
    "slash": "/", "question_mark": "?", "enter": None, "escape": None, "backspace": None,
}


def burst(app: Any, keys: list[str]) -> None:
    """Queue `keys` on the app all at once, as a terminal hands over keys typed together."""
    for key in keys:
        app.post_message(events.Key(key, CHARACTERS.get(key, key)))


async def keys_taken(app: Any, pilot: Any) -> None:
    """Wait until every key queued on the app has been given out and has taken effect."""
    await pilot.pause()  # the app has read them all
    while app.key_order.pending:
        await pilot.pause()


def slow_saves(app: Any, monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Make every save of the app's store wait (off the UI thread, as saves run) until the
    returned event is set."""
    store = app.session.store
    flush = store.flush
    gate = threading.Event()

    def slow_flush() -> bool:
        assert gate.wait(30), "the test never let the save finish"
        return flush()

    monkeypatch.setattr(store, "flush", slow_flush)
    return gate


def saving(app: Any) -> bool:
    return any(w.group == "save" and w.state == WorkerState.RUNNING for w in app.workers)


def annotations(app: Any) -> list[tuple[str, str, str]]:
    return sorted((a.label, a.text, a.note) for a in app.session.annotations)


async def test_a_search_then_a_label_key_in_one_burst_tags_the_match(tmp_path: Path) -> None:
    """Seen in a terminal: the `2` reached the closing prompt and the query became `1492`."""
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        burst(app, ["slash", "1", "4", "9", "enter", "2"])
        await keys_taken(app, pilot)
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.session.last_search == "149"
    assert [(a.label, a.text) for a in stored(db)] == [("figure", "149")]


async def test_a_bound_key_in_a_burst_acts_where_it_was_typed(tmp_path: Path) -> None:
    """Backspace is one of the input's bindings, which Textual runs once the key has been
    round the app: the 9 typed after it must not be typed before it (Textual issue #6605)."""
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        burst(app, ["slash", "1", "4", "4", "backspace", "9", "enter", "2"])
        await keys_taken(app, pilot)
        await settle(app, pilot)
        assert app.session.last_search == "149"
    assert [(a.label, a.text) for a in stored(db)] == [("figure", "149")]


@pytest.mark.parametrize(
    "keys",
    [
        ["question_mark", "escape", "2"],  # the help
        ["t", "escape", "2"],  # the statistics, closed while they count
        ["l", "escape", "2"],  # the article list
        ["c", "escape", "2"],  # the article's labels
        ["slash", "z", "z", "escape", "2"],  # a search given up
    ],
    ids=["help", "statistics", "articles", "labels", "search"],
)
async def test_keys_after_a_dialog_closes_reach_the_article(
    tmp_path: Path, keys: list[str]
) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await pilot.press("down", "s")
        start, end = view(app).selection or (0, 0)
        sentence = view(app).article.text[start:end]
        burst(app, keys)
        await keys_taken(app, pilot)
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
    assert [(a.label, a.text) for a in stored(db)] == [("figure", sentence)]


async def test_every_key_typed_while_a_save_runs_takes_effect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        gate = slow_saves(app, monkeypatch)
        await pilot.press("down", "s", "1")  # a claim on the sentence: its save starts, and waits
        await pilot.pause()
        assert saving(app)
        [(_, sentence, _)] = annotations(app)
        burst(app, [
            "slash", "1", "4", "9", "enter", "2",  # search, then tag the match a figure
            "n", "o", "k", "enter",  # a note on that figure
            "slash", "c", "h", "i", "n", "a", "enter", "3",  # search, then tag an opinion
        ])
        await keys_taken(app, pilot)
        assert saving(app)  # all of it while the first save still waits
        assert isinstance(app.screen, ArticleScreen)
        assert annotations(app) == sorted([
            ("claim", sentence, ""), ("figure", "149", "ok"), ("opinion", "China", ""),
        ])
        gate.set()
        await settle(app, pilot)
        assert not app.session.store.dirty
    assert sorted((a.label, a.text, a.note) for a in stored(db)) == sorted([
        ("claim", sentence, ""), ("figure", "149", "ok"), ("opinion", "China", ""),
    ])
