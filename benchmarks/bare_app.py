"""The floor: a bare Textual app that shows one line of text, and changes it on a key.

Its start-up is the least any Textual app pays; its key-to-screen time is the terminal's own
round trip (tmux, the driver, one repaint), which every key timing here includes.
"""

from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    BINDINGS = [("x", "toggle")]

    def compose(self) -> ComposeResult:
        yield Static("bare app ready")

    def action_toggle(self) -> None:
        static = self.query_one(Static)
        static.update("bare app toggled" if "ready" in str(static.render()) else "bare app ready")


if __name__ == "__main__":
    Bare().run()
