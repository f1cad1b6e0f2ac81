"""`KeyOrder` in a small app of its own: keys given out one at a time, in order, and never held
for good by a handler that does not finish."""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.widget import Widget

import tui.screens.key_order
from tui.screens.key_order import KeyOrder


class Recorder(Widget, can_focus=True):
    """Keeps the keys it is given; `m` hands the focus to the other recorder once its handler
    has awaited something; `b` hands it at once and then waits for `release`, which nothing
    sets: a handler that never finishes."""

    def __init__(self, id: str) -> None:
        super().__init__(id=id)
        self.keys: list[str] = []
        self.release = asyncio.Event()
        self.received = asyncio.Event()

    async def on_key(self, event: events.Key) -> None:
        event.stop()
        self.keys.append(event.key)
        self.received.set()
        if event.key == "m":
            await asyncio.sleep(0.01)  # a handler that awaits (a dialog, a save) before
            self.app.set_focus(self.app.query_one("#second"))
        if event.key == "b":
            self.app.set_focus(self.app.query_one("#second"))
            await self.release.wait()


class Ordered(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.key_order = KeyOrder(self, super().on_event)

    def compose(self) -> ComposeResult:
        yield Recorder("first")
        yield Recorder("second")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.key_order.key(event)
        else:
            await super().on_event(event)


def queue(app: App[None], keys: str) -> None:
    for key in keys:
        app.post_message(events.Key(key, key))  # all queued before any is handled


async def test_keys_reach_the_focused_widget_in_order() -> None:
    app = Ordered()
    async with app.run_test() as pilot:
        app.set_focus(app.query_one("#first"))
        await pilot.pause()
        queue(app, "acmdef")
        await pilot.pause()  # the app has read them all
        while app.key_order.pending:
            await pilot.pause()
        # the keys after `m` reach the widget focused once `m` took effect
        assert app.query_one("#first", Recorder).keys == list("acm")
        assert app.query_one("#second", Recorder).keys == list("def")


async def test_a_handler_that_never_finishes_holds_the_next_key_only_a_while(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tui.screens.key_order, "PATIENCE", 0.05)
    app = Ordered()
    async with app.run_test() as pilot:
        first, second = app.query_one("#first", Recorder), app.query_one("#second", Recorder)
        app.set_focus(first)
        await pilot.pause()
        queue(app, "bc")
        try:
            # no pilot.pause: it would wait for the stuck handler
            await asyncio.wait_for(second.received.wait(), 10)
            assert (first.keys, second.keys) == (["b"], ["c"])
        finally:
            first.release.set()  # the app can close
