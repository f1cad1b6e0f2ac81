"""Keys reach the screen they were typed at, in order, however fast they come.

Textual hands each key from the terminal to the focused widget as soon as the app reads it,
without waiting for the keys before it to take effect. In a burst (a fast typist, or keys that
piled up while the UI thread was busy with a save) the app has already handed `2` to the search
prompt's input when the enter before it closes the prompt: the `2` lands in the closing prompt
instead of tagging on the article screen. A bound key is worse: Textual runs the binding only
once the key has bubbled back up to the app, after the keys behind it were typed into the input
(Textual issues #4704 and #6605).

`KeyOrder` holds each key the app reads until the one before it has been dealt with: handled
by the widget it was given to and by every node it bubbled through up to the app (which runs
the bindings), and then whatever messages that posted on the same way (an input's `Submitted`,
a list's selection) handled too, so a dialog the key closed has closed. Only then is the next
key given out, to whatever is focused by then.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.timer import Timer

ROUNDS = 2
"""Times the way from the key's widget to the app is followed: once for the key itself, once
for the messages its handlers and bindings posted there (which close a dialog)."""
PATIENCE = 1.0
"""Seconds a key is held at most: a handler that never finishes does not stop the keyboard."""


class KeyOrder:
    """Gives the keys an app reads to its focused widget one at a time (see the module)."""

    def __init__(self, app: App[Any], give: Callable[[events.Key], Awaitable[None]]) -> None:
        """Create the gate.

        Args:
            app: The app whose keys are ordered.
            give: Hands a key to the app's focused widget the way Textual does (the app's
                own `on_event`).
        """
        self.app = app
        self.give = give
        self._held: deque[events.Key] = deque()
        self._busy = False
        self._trace = 0
        """Which key's trace is current: a late hop of an abandoned trace does nothing."""
        self._patience: Timer | None = None

    @property
    def pending(self) -> int:
        """Keys held or on their way (0 when every key read has taken effect)."""
        return len(self._held) + self._busy

    async def key(self, event: events.Key) -> None:
        """Give `event` out now if no key is on its way, else once those before it are."""
        self._held.append(event)
        if not self._busy:
            await self._give_next()
        elif self._patience is None:
            self._wait_at_most()

    async def _give_next(self) -> None:
        while self._held:
            event = self._held.popleft()
            target: DOMNode = self.app.focused or self.app.screen
            await self.give(event)
            self._trace += 1
            if target.call_later(self._hop, target, target, ROUNDS, self._trace):
                self._busy = True
                if self._held:
                    self._wait_at_most()
                return
        self._busy = False

    def _wait_at_most(self) -> None:
        """Give the keys held out after `PATIENCE` if the one on its way has not taken effect
        by then (no timer while none waits: most keys are typed one at a time)."""
        self._patience = self.app.set_timer(PATIENCE, self._lose_patience)

    async def _hop(self, node: DOMNode, start: DOMNode, rounds: int, trace: int) -> None:
        """Run by `node` once it has handled what was queued before: follow the key up."""
        if trace != self._trace:
            return
        parent = node.parent
        if parent is not None and parent.call_later(self._hop, parent, start, rounds, trace):
            return
        if node is not self.app:  # the way up closed under the key: the app ends the round
            self.app.call_later(self._round_done, start, rounds, trace)
            return
        await self._round_done(start, rounds, trace)

    async def _round_done(self, start: DOMNode, rounds: int, trace: int) -> None:
        """Run by the app when the key's way up has been followed once."""
        if trace != self._trace:
            return
        if rounds > 1 and start.call_later(self._hop, start, start, rounds - 1, trace):
            return
        await self._done()

    async def _lose_patience(self) -> None:
        if self._busy:
            await self._done()

    async def _done(self) -> None:
        if self._patience is not None:
            self._patience.stop()
            self._patience = None
        self._trace += 1
        await self._give_next()
