"""Relations and article and comment labels, from the keys and the mouse of the app."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from annotations.store import AnnotationStore
from tests.test_app import running, screen_text, settle, view
from tui.app import AnnotatorApp
from tui.screens.choices import ChoiceDialog
from tui.widgets.annotation_list import AnnotationList

CLAIM = "China has announced its unwavering commitment"
SOURCE = "Foreign Ministry spokesman Lin Jian"
FIGURE = "over 10 billion yuan"
FIGURE_CLAIM = "which reportedly involved over 10 billion yuan (approximately $1.4 billion)"


def links_in(db: Path):
    """The relations and labels a fresh process would read from the DB."""
    store = AnnotationStore.open(db)
    article = store.articles()[0]
    spans = {a.id: a for a in store.annotations(article.id)}
    relations = [(spans[r.head].text, r.type, spans[r.tail].text)
                 for r in store.links.relations(article.id)]
    labels = {(label.comment, label.name): label.choices
              for label in store.links.doc_labels(article.id)}
    return relations, labels


async def tag(app: AnnotatorApp, pilot, quote: str, key: str) -> None:
    """Select `quote` in the article (as a search would) and press a label key."""
    text = view(app).article.text
    start = text.index(quote)
    view(app).select(start, start + len(quote))
    await pilot.press(key)
    await pilot.pause()


async def go_to(app: AnnotatorApp, pilot, quote: str) -> None:
    """Put the cursor inside `quote` in the article pane, with the keys' own messages."""
    pane = view(app)
    pane.focus()
    pane.move_cursor(pane.article.text.index(quote) + 2)
    await pilot.press("left", "right")


def status(app: AnnotatorApp) -> str:
    return str(app.screen.query_one("#status").render())


async def claim_and_source(app: AnnotatorApp, pilot) -> None:
    """Tag the seed's first claim and its source; go to the claim and start a link there."""
    await tag(app, pilot, CLAIM, "1")
    await tag(app, pilot, SOURCE, "4")
    await go_to(app, pilot, CLAIM)
    await pilot.press("greater_than_sign")


async def test_greater_than_then_the_type_key_links_two_annotations(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await claim_and_source(app, pilot)
        assert "linking from claim" in status(app) and "o source" in status(app)
        await go_to(app, pilot, SOURCE)
        assert "linking from claim → source: o source · i supports" in status(app)
        await pilot.press("o")
        await settle(app, pilot)
        listing = app.screen.query_one(AnnotationList)
        rows = [listing.row_text(i) for i in range(listing.row_count)]
        assert rows[1] == f"   └─source→ source “{SOURCE}”"
        await go_to(app, pilot, CLAIM)
        assert "─source→ source “Foreign Ministry spokes…”" in status(app)
        await go_to(app, pilot, SOURCE)
        assert "←source─ claim “China has announced its…”" in status(app)
    assert links_in(db)[0] == [(CLAIM, "source", SOURCE)]


async def test_escape_cancels_a_link_and_a_refused_type_says_why(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await claim_and_source(app, pilot)
        await pilot.press("escape")
        assert app.screen.session.links.pending is None
        await pilot.press("greater_than_sign")
        await go_to(app, pilot, SOURCE)
        await pilot.press("i")  # supports goes from a figure to a claim
        await settle(app, pilot)
        said = [n.message for n in app._notifications]
        assert "supports links figure → claim, not claim → source." in said
    assert links_in(db)[0] == []


async def test_x_on_a_relation_row_deletes_it_and_u_brings_it_back(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await tag(app, pilot, FIGURE_CLAIM, "1")
        await tag(app, pilot, FIGURE, "2")
        await go_to(app, pilot, "10 billion")  # the figure, the innermost
        await pilot.press("greater_than_sign")
        await go_to(app, pilot, "approximately")
        await pilot.press("i")
        await settle(app, pilot)
        assert links_in(db)[0] == [(FIGURE, "supports", FIGURE_CLAIM)]
        listing = app.screen.query_one(AnnotationList)
        listing.focus()
        await pilot.press("home", "down", "down")  # the claim, the figure, its relation
        assert listing.row_text(listing.cursor).startswith("   └─supports→ claim")
        assert "x deletes the relation" in status(app)
        await pilot.press("x")
        await settle(app, pilot)
        assert links_in(db)[0] == []
        assert len(listing.annotations) == 2
        await pilot.press("u")
        await settle(app, pilot)
    assert links_in(db)[0] == [(FIGURE, "supports", FIGURE_CLAIM)]


async def test_deleting_an_annotation_deletes_its_relations_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await claim_and_source(app, pilot)
        await go_to(app, pilot, SOURCE)
        await pilot.press("o")
        await go_to(app, pilot, SOURCE)
        await pilot.press("x")
        await settle(app, pilot)
        said = [n.message for n in app._notifications]
        assert "Deleted source and its 1 relation: u undoes it." in said
        assert links_in(db)[0] == []
        await pilot.press("u")
        await settle(app, pilot)
    assert links_in(db)[0] == [(CLAIM, "source", SOURCE)]


async def test_c_labels_the_comment_under_the_cursor_and_shows_it_by_its_author(
    tmp_path: Path,
) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        comments = view(app, "comments")
        comments.focus()
        await pilot.press("c")
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog) and dialog.prompt_title == (
            "Labels of comment 1 (Eugene Alta)")
        await pilot.press("1")  # agrees: one choice closes the dialog
        await settle(app, pilot)
        assert not isinstance(app.screen, ChoiceDialog)
        assert "Eugene Alta  stance: agrees" in screen_text(comments)
        await pilot.press("c", "1")  # the same choice again takes it away
        await settle(app, pilot)
        assert "stance:" not in screen_text(comments)
        await pilot.press("c", "2")
        await settle(app, pilot)
    assert links_in(db)[1] == {(0, "stance"): ("disagrees",)}


async def test_c_in_the_article_labels_the_article_and_the_header_shows_it(
    tmp_path: Path,
) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await pilot.press("c")
        assert app.screen.prompt_title == "Labels of the article"
        await pilot.press("3")
        await settle(app, pilot)
        assert app.screen.sub_title.startswith("type: analysis · ")
        await pilot.press("u")
        await settle(app, pilot)
        assert "type:" not in app.screen.sub_title
        await pilot.press("c", "escape")
        await settle(app, pilot)
    assert links_in(db)[1] == {}


def cell_of(app: AnnotatorApp, quote: str, name: str = "article") -> tuple[int, int]:
    """Where `quote` starts on screen in a pane, past its border and padding."""
    pane = view(app, name)
    offset = pane.article.text.index(quote)
    layout = pane.layout_lines
    return 2 + layout.col_of(offset) + 1, 1 + layout.line_at(offset) - int(pane.scroll_y)


async def test_right_clicks_link_two_annotations_and_label_a_comment(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await tag(app, pilot, CLAIM, "1")
        await tag(app, pilot, SOURCE, "4")
        await pilot.click("#article", offset=cell_of(app, CLAIM), button=3)
        await settle(app, pilot)
        assert app.screen.session.links.head.text == CLAIM
        await pilot.click("#article", offset=cell_of(app, SOURCE), button=3)
        await settle(app, pilot)
        assert links_in(db)[0] == [(CLAIM, "source", SOURCE)]
        await pilot.click("#comments", offset=cell_of(app, "The executions", "comments"),
                          button=3)
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.click(app.screen.rows[3])  # off topic
        await settle(app, pilot)
    assert links_in(db)[1] == {(0, "stance"): ("off topic",)}


async def test_a_multiple_choice_set_takes_several_and_enter_keeps_them(tmp_path: Path) -> None:
    config = tmp_path / "annotator.toml"
    config.write_text('[[labels]]\nname = "claim"\n[[article_labels]]\nname = "topic"\n'
                      'choices = ["crime", "diplomacy", "economy"]\nmultiple = true\n',
                      encoding="utf-8")
    from annotations.labels import read_config
    from annotations.sets import open_paths
    from tests.conftest import SEED
    from tui.app import make_app

    labels = read_config(config)
    db = tmp_path / "db.json"
    store = AnnotationStore.open(db, autoflush=False)
    app = make_app(open_paths([SEED]).articles, store, "tester", labels.labels,
                   relation_types=labels.relation_types, choice_sets=labels.choice_sets)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("c", "1", "2", "1", "3")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.sub_title.startswith("topic: diplomacy, economy · ")
        await pilot.press("greater_than_sign")  # this label set has no relations
        said = [n.message for n in app._notifications]
        assert "The label set has no relation types (docs/labels.md says how to add them)." \
            in said
    store.flush()
    assert links_in(db)[1] == {(None, "topic"): ("diplomacy", "economy")}


async def test_the_review_screen_decides_relations_and_stances_with_enter_and_x(
    tmp_path: Path,
) -> None:
    """After a merge, the disputed relations and stances are review items: enter keeps one,
    x deletes it; a label key or e on one says what to press instead and changes nothing."""
    from tests.test_link_agreement import CLAIM as MERGED_CLAIM
    from tests.test_link_agreement import FIGURE as MERGED_FIGURE
    from tests.test_link_agreement import merged_for_review
    from tui.screens.review import ReviewScreen

    db = merged_for_review(tmp_path)
    async with running(db) as (app, pilot):
        listing = app.screen.query_one(AnnotationList)
        flagged = [listing.row_text(i) for i in range(listing.row_count)
                   if "⚑ review" in listing.row_text(i)]
        assert len(flagged) == 2 and all("└─supports→ claim" in row for row in flagged)
        await pilot.press("v")
        await settle(app, pilot)  # the review reads the DB in a worker
        screen = app.screen
        assert isinstance(screen, ReviewScreen)

        def shown() -> str:
            console = Console(width=200, record=True, file=io.StringIO())
            console.print(screen.query_one("#review").content)
            return console.export_text()

        assert "Review · disagreements · 1 of 6" in str(screen.query_one("VerticalScroll")
                                                        .border_title)
        first = shown()
        assert " supports relation   by ana  ⚑ marked for review" in first
        assert f"figure “{MERGED_FIGURE}” ─supports→ claim “{MERGED_CLAIM}”" in first
        assert "Other relations of these spans:" in first and "by bo ⚑" in first
        await pilot.press("1", "e")  # neither changes a relation
        said = [n.message for n in app._notifications]
        assert "A label key retags a span; enter keeps this supports relation, x deletes it." \
            in said
        assert "Only a span has a note; enter keeps this supports relation, x deletes it." in said
        await pilot.press("enter", "x")  # keep ana's support, delete bo's
        await settle(app, pilot)
        stance = shown()
        assert " stance label   by ana  ⚑ marked for review" in stance
        assert "On comment 2 by BuggaBoom: Addressing online gambling" in stance
        assert "Also chosen here:" in stance and "disagrees  by bo ⚑" in stance
        await pilot.press("x", "enter", "enter", "x")
        await settle(app, pilot)
        assert "Nothing to review under “disagreements”" in shown()
        comments = app.screen_stack[-2].query_one("#comments")
        assert "BuggaBoom  stance: agrees / disagrees" in screen_text(comments)
        await pilot.press("escape")
        await settle(app, pilot)
        # back on the article, the comment shows the stance decided
        assert "BuggaBoom  stance: disagrees" in screen_text(comments)
    relations, labels = links_in(db)
    assert sorted(r for r in relations if r[1] == "supports") == [
        (MERGED_FIGURE, "supports", MERGED_CLAIM)]
    store = AnnotationStore.open(db)
    article = store.articles()[0]
    stances = sorted((label.comment, label.choices, label.annotator, label.review)
                     for label in store.links.doc_labels(article.id) if label.comment in (1, 5))
    assert stances == [(1, ("disagrees",), "bo", False), (5, ("off topic",), "ana", False)]
    assert not any(r.review for r in store.links.relations(article.id))


async def test_c_and_a_choice_typed_together_label_the_comment_and_retag_nothing(
    tmp_path: Path,
) -> None:
    """A terminal sends a fast `c 1` together: the 1 is the dialog's, even with an opinion
    under the cursor, which it would retag on the screen underneath."""
    from textual import events

    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        comments = view(app, "comments")
        comments.focus()
        comments.select(0, 0)
        text = comments.article.text
        start = text.index("The executions send a clear message.")
        comments.select(start, start + len("The executions send a clear message."))
        await pilot.press("3")  # an opinion in the first comment
        comments.move_cursor(start + 4)
        await pilot.press("right")
        assert app.screen.session.active.label == "opinion"
        for key, character in (("c", "c"), ("1", "1")):
            app.post_message(events.Key(key, character))  # all queued before any is handled
        await settle(app, pilot)
        assert not isinstance(app.screen, ChoiceDialog)
    store = AnnotationStore.open(db)
    [opinion] = store.annotations(store.articles()[0].id)
    assert opinion.label == "opinion"
    assert links_in(db)[1] == {(0, "stance"): ("agrees",)}


async def test_a_search_match_inside_an_annotation_is_the_one_linked(tmp_path: Path) -> None:
    """`/Lin Jian` enter leaves the cursor just past the match; the link still goes to the
    source the match is in, and `>` on a match starts from the claim it is in."""
    db = tmp_path / "db.json"
    async with running(db) as (app, pilot):
        await tag(app, pilot, CLAIM, "1")
        await tag(app, pilot, SOURCE, "4")
        await pilot.press("slash", *"unwavering", "enter", "greater_than_sign")
        await pilot.press("slash", *"Lin Jian", "enter", "o")
        await settle(app, pilot)
        assert "Linked claim" in status(app)
    assert links_in(db)[0] == [(CLAIM, "source", SOURCE)]
