"""How many keys a span takes, counted from the first screen with the real bindings.

The targets of docs/keys.md: any sentence on screen in 3 keys, a reader comment's sentence in
3, a phrase of N words starting at a search match in N+4 (the text typed into the search
counts as one key, a word typed; its letters are reported apart). Run with `-s` to see the
counts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.test_app import running, settle, stored, view
from tui.screens.hints import HintScreen


class Keys:
    """Presses keys through Pilot, counting them."""

    def __init__(self, pilot) -> None:
        self.pilot = pilot
        self.count = 0
        self.letters = 0

    async def press(self, *keys: str) -> None:
        self.count += len(keys)
        await self.pilot.press(*keys)

    async def type(self, text: str) -> None:
        """Type text into a prompt: one key in the count, its letters counted apart."""
        self.count += 1
        self.letters += len(text)
        await self.pilot.press(*text)


async def sentences_on_screen(app, pilot) -> list[tuple[str, str]]:
    """(letter, sentence) of every sentence `f` shows on the first screen, then closed."""
    await pilot.press("f")
    assert isinstance(app.screen, HintScreen)
    text = app.session.article.text
    found = [(key, text[h.span[0] : h.span[1]]) for key, h in app.screen.hints.items()]
    await pilot.press("escape")
    return found


async def back_to_the_first_screen(app, pilot) -> None:
    """Both panes at their top and the article's cursor at its start (undo scrolled them)."""
    for name in ("comments", "article"):
        pane = view(app, name)
        pane.move_cursor(pane.article.blocks[0].start if name == "article"
                         else pane.article.comments[0].start)
        pane.scroll_to(0, 0, animate=False, immediate=True)
        pane.focus()
    await settle(app, pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_any_sentence_on_screen_is_tagged_in_three_keys(tmp_path: Path, size) -> None:
    db = tmp_path / "db.json"
    counts = []
    async with running(db, size=size) as (app, pilot):
        comments_start = app.session.article.comments[0].start
        on_screen = await sentences_on_screen(app, pilot)
        assert len(on_screen) >= 6
        for letter, sentence in on_screen:
            keys = Keys(pilot)
            label = "3" if app.session.article.text.index(sentence) >= comments_start else "1"
            await keys.press("f", letter, label)
            await settle(app, pilot)
            [made] = app.session.annotations
            assert made.text == sentence
            counts.append(keys.count)
            await pilot.press("u")
            await settle(app, pilot)
            assert app.session.annotations == ()
            await back_to_the_first_screen(app, pilot)
    text = app.session.article.text
    in_comments = sum(1 for _, s in on_screen if text.index(s) >= comments_start)
    print(f"\n{size[0]}x{size[1]}: {len(on_screen)} sentences on screen ({in_comments} in "
          f"comments), each in {max(counts)} keys")
    assert in_comments >= 2 and max(counts) <= 3


@pytest.mark.parametrize(
    ("query", "again", "phrase", "label"),
    [
        ("$20", 0, "$20 billion and $40 billion", "2"),  # the 24 presses of shift+right
        ("5,500", 0, "5,500", "2"),
        ("Ministry", 1, "Ministry of Public Security", "1"),  # "." to the second match
        ("Lin", 0, "Lin Jian", "1"),
        ("Golden", 0, "Golden Triangle Special Economic Zone", "1"),
    ],
)
async def test_a_phrase_at_a_search_match_takes_n_plus_four(
    tmp_path: Path, query: str, again: int, phrase: str, label: str
) -> None:
    db = tmp_path / "db.json"
    words = len(phrase.split())
    async with running(db) as (app, pilot):
        keys = Keys(pilot)
        await keys.press("slash")
        await keys.type(query)
        await keys.press("enter", *["full_stop"] * again)
        await keys.press(*["ctrl+shift+right"] * (words - 1), label)
        await settle(app, pilot)
    assert [a.text for a in stored(db)] == [phrase]
    print(f"\n{phrase!r} ({words} words): {keys.count} keys, with {keys.letters} letters typed")
    assert keys.count <= words + 4


async def test_every_match_of_a_search_in_five_keys(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        keys = Keys(pilot)
        await keys.press("slash")
        await keys.type("Myanmar")
        await keys.press("enter", "asterisk", "1")
        await settle(app, pilot)
    assert [a.text for a in stored(db)] == ["Myanmar"] * 4
    print(f"\nevery 'Myanmar': {keys.count} keys, with {keys.letters} letters typed")
    assert keys.count == 5


async def test_a_comment_sentence_after_the_first_screen(tmp_path: Path) -> None:
    """The first comment's sentence in 3 keys without the letters: tab, s, the label."""
    db = tmp_path / "db.json"
    async with running(db, size=(80, 24)) as (app, pilot):
        keys = Keys(pilot)
        await keys.press("tab", "s", "3")
        await settle(app, pilot)
        assert view(app, "comments").has_focus
    assert [a.text for a in stored(db)] == ["The executions send a clear message."]
    assert keys.count == 3


def test_the_seed_is_the_article_counted() -> None:
    assert SEED.name == "seed-article.txt"
