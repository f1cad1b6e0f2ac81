"""Hostile text on every screen of the app: what is drawn holds no control character and no
markup, whatever the article, the DB, the label set or a file name holds.

Each check looks at the characters the terminal would get (the composed screen, toasts and
borders included), and at the styles: a `@click` action there would make text clickable.
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from textual.app import App, ComposeResult

from annotations.labels import quick_labels
from annotations.model import Article
from annotations.store import AnnotationStore
from tests.test_app import drawn, settle, view
from tui.annotate import open_session
from tui.app import AnnotatorApp, make_app
from tui.screens.prompt import TextPrompt
from tui.widgets.visible_input import VisibleInput

HOSTILE = "[@click=app.quit]x[/x] \x1b]2;pwned\x1b\\ \x1b[2J \x9b31m \x07 \u202eevil \x08"
"""An OSC title change ended by ESC \\ (which Rich lets through), a screen clear, a C1 CSI, a
bell, a right-to-left override, a backspace, and markup that would be a clickable quit."""

SHOWN = "␛]2;pwned␛\\ ␛[2J"
"""How the escape sequences of `HOSTILE` look on screen."""

UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

LABELS = "claim,don't,[/x],[@click=app.quit]"
"""Label names that are markup, or break an action's quoting: text like any other."""


def assert_safe(app: AnnotatorApp, where: str) -> str:
    """The drawn screen holds no control character and no clickable action; return it."""
    screen = app.screen._compositor.render_strips()
    shown = drawn(app)
    found = UNSAFE.search(shown)
    assert found is None, f"{where}: {found.group()!r} drawn in\n{shown}"
    actions = {
        segment.style.meta.get("@click")
        for strip in screen for segment in strip if segment.style is not None
    }
    assert not any("quit" in str(action) for action in actions), f"{where}: {actions}"
    return shown


async def until_drawn(app: AnnotatorApp, pilot, text: str) -> None:
    """Let the app run until `text` is drawn (the palette gathers its commands in a
    worker); fail after 20 seconds."""
    deadline = time.monotonic() + 20
    while text not in drawn(app):
        assert time.monotonic() < deadline, f"{text!r} never drawn in\n{drawn(app)}"
        await pilot.pause(0.05)


@asynccontextmanager
async def hostile_app(tmp_path: Path) -> AsyncIterator[tuple[AnnotatorApp, object]]:
    """The app over a hostile article, a file with a hostile name, hostile labels, and a DB
    whose annotation has a hostile label, annotator and note."""
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "a.txt").write_text(
        f"Title {HOSTILE}\nBody with {HOSTILE} in it.\n1 Comment\nAuthor {HOSTILE}\n"
        f"Comment {HOSTILE}.",
        encoding="utf-8",
    )
    (folder / "b \x1b]2;pwned\x1b\\.txt").write_bytes(b"\x00binary")
    db = tmp_path / "db.json"
    opened, store, notices = open_session([str(folder)], str(db))
    article: Article = opened.articles[0]
    start = article.text.index("Body")
    made = store.tag(article, start, start + 4, HOSTILE, HOSTILE)
    store.set_note(made, f"note {HOSTILE}")
    store.set_review(made, True)
    store.flush()
    labels = quick_labels(LABELS).labels
    app = make_app(opened.articles, store, HOSTILE, labels, notices)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        yield app, pilot


async def test_hostile_text_is_drawn_as_symbols_on_every_screen(tmp_path: Path) -> None:
    async with hostile_app(tmp_path) as (app, pilot):
        shown = assert_safe(app, "article screen")
        assert SHOWN in shown  # the title, the text, the list, the skipped file's notice
        assert "[@click=app.quit]x[/x]" in shown and "[/x]" in shown
        # The cursor on the annotation: the status line names its label.
        view(app).move_cursor(view(app).article.text.index("Body"))
        await pilot.press("right")
        assert app.session.active is not None
        assert_safe(app, "status line")

        await pilot.press("n")  # the note dialog: the value stays the real note
        assert isinstance(app.screen, TextPrompt)
        field = app.screen.query_one(VisibleInput)
        assert field.value == f"note {HOSTILE}"
        assert SHOWN in assert_safe(app, "note dialog")
        await pilot.press("end", "left", "left")  # the cursor moves over the real text
        assert field.cursor_position == len(field.value) - 2
        await pilot.press("escape")

        app.session.last_search = HOSTILE
        await pilot.press("slash")
        assert SHOWN in assert_safe(app, "search prompt")
        await pilot.press("escape")

        for key, where in (("question_mark", "help"), ("l", "article list"),
                           ("t", "statistics")):
            await pilot.press(key)
            await pilot.pause()
            assert_safe(app, where)
            await pilot.press("escape")
            await pilot.pause()

        await pilot.press("v")
        await pilot.pause()
        assert SHOWN in assert_safe(app, "review")
        await pilot.press("e")  # review's note editor
        assert app.screen.query_one(VisibleInput).value == f"note {HOSTILE}"
        assert SHOWN in assert_safe(app, "review's note editor")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f", "f", "f", "f")  # to the filter named by the last label
        await pilot.pause()
        assert "Review · [@click=app.quit]" in assert_safe(app, "review by label")
        await pilot.press("escape")
        await settle(app, pilot)

        await pilot.press("ctrl+p", *"click")  # the label's command: text, not markup
        await until_drawn(app, pilot, "key: 4")
        assert "[@click=app.quit]" in assert_safe(app, "command palette").split("key: 4")[0]
        await pilot.press("escape")
        await pilot.press("ctrl+p", *"x]")
        await until_drawn(app, pilot, "key: 3")
        assert_safe(app, "command palette")
        await pilot.press("escape")
        assert app.is_running


async def test_label_names_are_text_in_keys_bindings_and_actions(tmp_path: Path) -> None:
    async with hostile_app(tmp_path) as (app, pilot):
        shown = assert_safe(app, "article screen")
        assert "2 don't" in shown and "3 [/x]" in shown and "4 [@click=app.quit]" in shown
        text = view(app).article.text
        for key, label in (("2", "don't"), ("4", "[@click=app.quit]")):
            start = text.index("in it")
            view(app).select(start, start + 5)
            await pilot.press(key)
            await settle(app, pilot)
            assert app.session.active is not None and app.session.active.label == label
            await pilot.press("u")
            await settle(app, pilot)
        # A click on the list's border, where the label names are, quits nothing.
        listing = app.screen.query_one("#annotations")
        await pilot.click(listing, offset=(listing.size.width - 5, listing.size.height + 1))
        await pilot.pause()
        assert app.is_running
    with AnnotationStore.open(tmp_path / "db.json") as store:
        [article] = store.articles()
        assert [a.label for a in store.annotations(article.id)] == [HOSTILE]


async def test_an_input_draws_symbols_and_keeps_the_real_text() -> None:
    class OneInput(App[None]):
        def compose(self) -> ComposeResult:
            yield VisibleInput("a\tb\x1bc\x07d")

    app = OneInput()
    async with app.run_test() as pilot:
        field = app.query_one(VisibleInput)
        assert field.render_line(0).text.lstrip().startswith("a␉b␛c␇d")
        inside = field.content_region.x - field.region.x
        await pilot.click(VisibleInput, offset=(inside + 3, 1))  # on the ␛
        assert field.cursor_position == 3
        await pilot.press("delete", "X")  # the escape character replaced, the rest kept
        assert field.value == "a\tbXc\x07d"
        assert field.render_line(0).text.lstrip().startswith("a␉bXc␇d")
