"""The line under the panes: what the screen says there, and the notices the app tells the
user, each kept until it times out.

Notices told here cover nothing: Textual's toasts sat over this line, the key bar and the
lists. A new notice replaces the ones before it, except those meant to last longer than
Textual's usual timeout (an article that changed, a file skipped).
"""

from __future__ import annotations

from functools import partial

from textual.message import Message
from textual.notifications import Notification
from textual.widgets import Static


class StatusBar(Static):
    """A one-line Static that also keeps the notices to show in it (see `notices`)."""

    class Expired(Message):
        """Posted by a StatusBar when one of its notices timed out: draw the line again."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._notices: list[Notification] = []

    def tell(self, notification: Notification) -> None:
        """Keep `notification` (an information or a warning) until it times out."""
        self.drop_passing()
        self._notices = [n for n in self._notices if n.message != notification.message]
        self._notices.append(notification)
        self.set_timer(notification.timeout, partial(self._expire, notification))

    def drop_passing(self) -> None:
        """Forget the notices not meant to last (they were about the article that was shown)."""
        usual = self.app.NOTIFICATION_TIMEOUT
        self._notices = [n for n in self._notices if n.timeout > usual]

    def _expire(self, notification: Notification) -> None:
        if notification in self._notices:
            self._notices.remove(notification)
            self.post_message(self.Expired())

    @property
    def notices(self) -> list[tuple[str, bool]]:
        """The notices to show, newest first, as (text, is a warning)."""
        return [(n.message, n.severity == "warning") for n in reversed(self._notices)]
