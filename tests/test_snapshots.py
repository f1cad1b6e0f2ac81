"""Pictures of the main screen built from the sample articles (pytest-textual-snapshot).

Update a snapshot only after looking at it: `make test PYTEST_ARGS=--snapshot-update`, then
open `snapshot_report.html` or the SVGs under `tests/__snapshots__/`.
"""

from __future__ import annotations

from pathlib import Path

from annotations.outcome import Outcome
from tests.conftest import SAMPLES, SEED
from tui.annotate import open_session
from tui.app import make_app


def app_for(tmp_path: Path, *paths: Path):
    opened, store, _ = open_session([str(p) for p in paths], str(tmp_path / "db.json"))
    return make_app(opened.articles, store, "tester")


async def suggested(pilot) -> None:
    """Wait for the suggestion rules (a worker) so that their underlines are in the picture."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def tag_seed(pilot) -> None:
    """A claim with a figure inside it, a sentence tagged in a comment, and a note."""
    await pilot.pause()  # the default screen is composed once the app is ready
    view = pilot.app.screen.query_one("#article")
    text = view.article.text
    claim = "which reportedly involved over 10 billion yuan (approximately $1.4 billion)"
    start = text.index(claim)
    view.select(start, start + len(claim))
    await pilot.press("1")
    figure = text.index("over 10 billion yuan")
    view.select(figure, figure + len("over 10 billion yuan"))
    await pilot.press("2", "n", *"amount", "enter")
    await pilot.press("tab", "s", "3")
    await pilot.press("shift+tab")
    await suggested(pilot)


def test_seed_at_80x24(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_for(tmp_path, SEED), terminal_size=(80, 24), run_before=suggested)


def test_seed_annotated_at_160x50(snap_compare, tmp_path: Path) -> None:
    app = app_for(tmp_path, SAMPLES)
    assert snap_compare(app, terminal_size=(160, 50), run_before=tag_seed)


def test_seed_annotated_at_80x24(snap_compare, tmp_path: Path) -> None:
    """The smallest screen: the header keeps status and progress, the key bar ? help and
    q quit, the list its note mark, and the current annotation shows whole under it."""
    app = app_for(tmp_path, SAMPLES)
    assert snap_compare(app, terminal_size=(80, 24), run_before=tag_seed)


def test_seed_annotated_at_200x60(snap_compare, tmp_path: Path) -> None:
    app = app_for(tmp_path, SAMPLES)
    assert snap_compare(app, terminal_size=(200, 60), run_before=tag_seed)


def test_help_screen(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(app_for(tmp_path, SEED), terminal_size=(100, 40), press=["question_mark"],
                        run_before=suggested)


def test_markup_in_an_article_shows_literally(snap_compare, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "[bold red]Not styled[/] title\n"
        "A paragraph with [link=https://example.com]a link[/link], [reverse]reverse[/reverse] "
        "and an escape \x1b[31mred\x1b[0m that must stay plain.\n"
        "1 Comment\n[blink]Author[/blink]\nA comment with :smile: and [b]bold[/b].",
        encoding="utf-8",
    )
    assert snap_compare(app_for(tmp_path, hostile), terminal_size=(100, 24), run_before=suggested)


DATA = SAMPLES.parent / "tests" / "data"


async def select_in_arabic(pilot) -> None:
    """A selection across a Latin name inside an Arabic line, drawn at its cells."""
    await pilot.pause()  # the default screen is composed once the app is ready
    screen = pilot.app.screen
    text = screen.session.article.text
    start = text.index("شركتي Siemens")
    screen.show_outcome(Outcome(select=(start, start + len("شركتي Siemens"))))
    await suggested(pilot)


async def search_in_japanese(pilot) -> None:
    """A half-width search finds the full-width letters; every match is highlighted."""
    await pilot.press("slash", *"ai", "enter")
    await suggested(pilot)


def test_arabic_article_reads_right_to_left(snap_compare, tmp_path: Path) -> None:
    """The SVG holds each line as the terminal is given it (visual order); a browser showing
    the SVG reorders its Arabic runs once more, so read the text of the SVG, not its picture."""
    app = app_for(tmp_path, DATA / "arabic-article.txt")
    assert snap_compare(app, terminal_size=(100, 30), run_before=select_in_arabic)


def test_japanese_article_with_its_search_matches(snap_compare, tmp_path: Path) -> None:
    app = app_for(tmp_path, DATA / "japanese-article.txt")
    assert snap_compare(app, terminal_size=(100, 30), run_before=search_in_japanese)


async def link_and_label_seed(pilot) -> None:
    """A claim linked to its source, a figure supporting it, the article's type and a stance on
    the first comment: what the list, the header and the comments pane show of them."""
    await pilot.pause()  # the default screen is composed once the app is ready
    screen = pilot.app.screen
    view = screen.query_one("#article")
    text = view.article.text
    for quote, key in (("China has announced its unwavering commitment", "1"),
                       ("Foreign Ministry spokesman Lin Jian", "4")):
        start = text.index(quote)
        view.select(start, start + len(quote))
        await pilot.press(key)
    session = screen.session
    claim, source = session.annotations
    session.activate(claim.id)
    screen.show_outcome(session.links.start())
    session.activate(source.id)
    screen.show_outcome(session.links.make("source"))
    screen.show_outcome(session.classifying.choose(None, {"type": ("news",)}))
    screen.show_outcome(session.classifying.choose(0, {"stance": ("agrees",)}))
    await suggested(pilot)


def test_relations_and_labels_at_120x40(snap_compare, tmp_path: Path) -> None:
    app = app_for(tmp_path, SEED)
    assert snap_compare(app, terminal_size=(120, 40), run_before=link_and_label_seed)
