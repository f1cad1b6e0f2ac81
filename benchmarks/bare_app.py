"""The floor of start-up: a bare Textual app that shows one line of text."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("bare app ready")


if __name__ == "__main__":
    Bare().run()
