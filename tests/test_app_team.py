"""Suggestions, custom labels, review and statistics as a user drives them in the app."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from annotations.labels import read_config
from annotations.parsing import parse_text
from annotations.store import AnnotationStore
from tests.conftest import SEED
from tests.test_app import running, settle, stored, view
from tui.annotate import open_session
from tui.app import make_app
from tui.screens.help import HelpScreen
from tui.screens.prompt import TextPrompt
from tui.screens.review import ReviewScreen
from tui.screens.statistics import StatisticsScreen
from tui.widgets.annotation_list import AnnotationList

SEED_ARTICLE = parse_text(SEED.read_text(encoding="utf-8"), source=str(SEED))

# Figures of the seed article's list and the paragraph after it, found by reading it.
SEED_COUNTS = {
    "over 5,500",
    "more than 600 suspects",
    "149 suspects",
    "2,141 suspects",
    "11 individuals",
    "4 leaders",
}


def hint(app) -> str:
    """The status line under the panes, as plain text."""
    return str(app.screen.query_one("#status").content)


async def cursor_on(app, pilot, quote: str, into: int = 2) -> int:
    """Put the article's cursor `into` characters inside the first `quote` (the last step with
    the right arrow key, as a user would)."""
    offset = view(app).article.text.index(quote) + into
    view(app).move_cursor(offset - 1)
    await pilot.press("right")
    assert view(app).cursor == offset
    return offset


async def test_a_accepts_the_suggestion_under_the_cursor(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await settle(app, pilot)  # the rules run in a worker
        offset = await cursor_on(app, pilot, "over 10 billion yuan")
        assert "suggested figure" in hint(app)
        await pilot.press("a")
        await settle(app, pilot)
        assert not [s for s in app.session.suggestions_at(offset) if s.label == "figure"]
    [annotation] = stored(db)
    assert annotation.label == "figure"
    assert annotation.text == "over 10 billion yuan (approximately $1.4 billion)"
    assert annotation.origin == "suggested"
    assert annotation.annotator == "tester"


async def test_suggestions_stay_shown_and_offered_inside_another_labels_span(
    tmp_path: Path,
) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await settle(app, pilot)
        offset = await cursor_on(app, pilot, "4 leaders", into=0)
        await pilot.press("s", "1")  # the sentence holding "11 individuals" and "4 leaders"
        await settle(app, pilot)
        await cursor_on(app, pilot, "4 leaders", into=1)
        assert "suggested figure" in hint(app) and "in claim" in hint(app)
        pane = view(app)
        line = pane.layout_lines.line_at(offset) - int(pane.scroll_y)
        strip = pane.render_line(line)
        segments = [seg for seg in strip if seg.text]
        drawn = next(seg for seg in segments if "leaders" in seg.text)
        text = "".join(seg.text for seg in segments)
        before_at = text.index("4 leaders") - 1  # the claim's own text, before the suggestion
        covered = 0
        for before in segments:
            covered += len(before.text)
            if covered > before_at:
                break
        assert drawn.style.underline and drawn.style.italic
        assert not before.style.italic and before.style.bgcolor is not None
        assert drawn.style.bgcolor == before.style.bgcolor  # on the claim's colour still
        await pilot.press("a")
        await settle(app, pilot)
        assert "suggested figure" not in hint(app)
    assert sorted(a.label for a in stored(db)) == ["claim", "figure"]
    assert [a.text for a in stored(db) if a.label == "figure"] == ["4 leaders"]


async def test_a_rejected_suggestion_does_not_come_back(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await settle(app, pilot)
        offset = await cursor_on(app, pilot, "2,141 suspects")
        await pilot.press("z")
        await settle(app, pilot)
        assert not app.session.suggestions_at(offset)
    assert stored(db) == []
    async with running(db) as (app, pilot):
        await settle(app, pilot)
        assert not app.session.suggestions_at(offset)
        # Only that one: its neighbour in the list is still proposed.
        neighbour = view(app).article.text.index("149 suspects") + 1
        assert [s.label for s in app.session.suggestions_at(neighbour)] == ["figure"]


async def test_capital_a_accepts_every_suggestion_of_that_label(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await settle(app, pilot)
        await cursor_on(app, pilot, "149 suspects")
        await pilot.press("A")
        await settle(app, pilot)
        accepted = stored(db)
        assert {a.label for a in accepted} == {"figure"}
        assert {a.origin for a in accepted} == {"suggested"}
        assert {a.text for a in accepted} >= SEED_COUNTS
        assert "Monday, February 2, 2026" in {a.text for a in accepted}
        # Claims and opinions are still proposed, not accepted.
        comment = view(app, "comments")
        barbaric = comment.article.text.index("barbaric")
        assert [s.label for s in app.session.suggestions_at(barbaric)] == ["opinion"]
        assert len({(a.start, a.end) for a in accepted}) == len(accepted)  # each span once
        # Undo takes them all back at once, redo makes them again.
        await pilot.press("u")
        await settle(app, pilot)
        assert stored(db) == []
        await pilot.press("ctrl+r")
        await settle(app, pilot)
    assert len(stored(db)) == len(accepted)


async def test_a_away_from_any_suggestion_says_where_to_put_the_cursor(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await settle(app, pilot)
        await cursor_on(app, pilot, "Targeting a Regional Scourge")
        await pilot.press("a")
        await settle(app, pilot)
        assert any("Put the cursor on a suggestion" in str(n.message)
                   for n in app._notifications)
    assert stored(db) == []


async def test_switched_off_rules_propose_nothing(tmp_path: Path) -> None:
    opened, store, _ = open_session([str(SEED)], str(tmp_path / "db.json"))
    app = make_app(opened.articles, store, "tester", rules=())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.session.suggestions_at(view(app).article.text.index("149 suspects")) == []


async def test_labels_from_a_config_file_tag_and_show(tmp_path: Path) -> None:
    config = tmp_path / "annotator.toml"
    config.write_text(
        '[[labels]]\nname = "person"\nkey = "w"\ncolour = "#884400"\n'
        'description = "Someone named."\n'
        '[[labels]]\nname = "figure"\nkey = "g"\n'
        "[suggestions]\nfigures = false\n",
        encoding="utf-8",
    )
    labels = read_config(config)
    db = tmp_path / "db.json"
    # An annotation with a label the config does not have: shown, never dropped.
    with AnnotationStore.open(db) as store:
        store.add_articles([SEED_ARTICLE])
        start = SEED_ARTICLE.text.index("Beijing")
        store.tag(SEED_ARTICLE, start, start + len("Beijing"), "place", "ana")
    opened, store, _ = open_session([str(SEED)], str(db))
    app = make_app(opened.articles, store, "tester", labels.labels, rules=labels.rules)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        listing = app.screen.query_one(AnnotationList)
        assert [a.label for a in listing.annotations] == ["place"]
        assert app.screen.query_one("#annotations-pane").border_subtitle == "w person g figure"
        # No figure suggestions: the config switched the rule off.
        assert app.session.suggestions_at(view(app).article.text.index("149 suspects")) == []
        text = view(app).article.text
        start = text.index("Lin Jian")
        view(app).select(start, start + len("Lin Jian"))
        await pilot.press("w")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = [row for _, section in app.screen.sections for row in section]
        shown = "\n".join(f"{keys} {what}" for keys, what in rows)
        assert "w Tag the selection person" in shown and "Someone named." in shown
        await pilot.press("escape")
        await settle(app, pilot)
    assert {(a.label, a.text) for a in stored(db)} == {("place", "Beijing"), ("person", "Lin Jian")}


def seed_with_disagreements(db: Path) -> None:
    """Three annotations on the seed article: a claim and a figure marked for review, and an
    opinion that is not."""
    with AnnotationStore.open(db) as store:
        store.add_articles([SEED_ARTICLE])
        text = SEED_ARTICLE.text

        def tag(quote: str, label: str, who: str):
            start = text.index(quote)
            return store.tag(SEED_ARTICLE, start, start + len(quote), label, who)

        store.set_review(tag("Lin Jian", "claim", "ana"), True)
        store.set_review(tag("149 suspects", "figure", "bo"), True)
        tag("Crime doesn't pay.", "opinion", "ana")


async def test_review_decides_the_disagreements_with_one_key_each(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    seed_with_disagreements(db)
    async with running(db) as (app, pilot):
        await pilot.press("v")
        await settle(app, pilot)  # the review reads the DB in a worker
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        review = screen.review
        assert review.filter.name == "disagreements"
        assert [a.text for _, a in review.shown] == ["Lin Jian", "149 suspects"]
        await pilot.press("enter")  # keep the claim as it is
        assert [a.text for _, a in review.shown] == ["149 suspects"]
        await pilot.press("1")  # the figure is really a claim
        assert review.shown == []
        # f goes through the labels, then every annotation.
        await pilot.press("f")
        assert review.filter.name == "claim"
        assert [a.text for _, a in review.shown] == ["Lin Jian", "149 suspects"]
        await pilot.press("f", "f", "f", "f")
        assert review.filter.name == "all"
        assert review.current[1].text == "Lin Jian"
        await pilot.press("e")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"who said it", "enter")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("right", "right", "x")  # the opinion, deleted
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(app.screen.query_one(AnnotationList).annotations) == 2
    final = {a.text: a for a in stored(db)}
    assert set(final) == {"Lin Jian", "149 suspects"}
    assert not any(a.review for a in final.values())
    assert final["149 suspects"].label == "claim"
    assert final["Lin Jian"].note == "who said it"


async def test_review_shows_the_text_around_and_what_others_made_of_it(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    seed_with_disagreements(db)
    with AnnotationStore.open(db) as store:  # bo read the same words as a figure
        start = SEED_ARTICLE.text.index("spokesman Lin Jian")
        store.tag(SEED_ARTICLE, start, start + len("spokesman Lin Jian"), "figure", "bo")
    async with running(db) as (app, pilot):
        await pilot.press("v")
        await settle(app, pilot)
        console = Console(width=100, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
        console.print(app.screen.query_one("#review").content)
        shown = console.export_text()
        assert "Foreign Ministry spokesman Lin Jian at a press briefing" in shown
        assert "by ana" in shown and "marked for review" in shown
        assert "Also on this text:" in shown
        assert "figure  by bo  “spokesman Lin Jian”" in shown


async def test_statistics_screen_counts_by_label_and_annotator(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    seed_with_disagreements(db)
    async with running(db) as (app, pilot):
        await pilot.press("t")
        await settle(app, pilot)  # counted in a worker
        assert isinstance(app.screen, StatisticsScreen)
        console = Console(width=120, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
        console.print(app.screen.query_one("Static").content)
        shown = console.export_text()
        rows = {line.split()[0]: line.split()[1] for line in shown.splitlines()
                if line.split() and line.split()[0] in ("claim", "figure", "opinion", "ana", "bo")}
        assert rows == {"claim": "1", "figure": "1", "opinion": "1", "ana": "2", "bo": "1"}
        await pilot.press("escape")
        assert not isinstance(app.screen, StatisticsScreen)


async def test_statistics_count_the_articles_of_the_set_not_yet_opened_as_new(
    tmp_path: Path,
) -> None:
    from tests.conftest import SAMPLES

    async with running(tmp_path / "db.json", paths=(SAMPLES,)) as (app, pilot):
        await pilot.press("t")
        await settle(app, pilot)  # counted in a worker
        assert app.screen.statistics.by_status["new"] == 4  # one shown, three not yet opened
        assert app.screen.statistics.articles == 4
